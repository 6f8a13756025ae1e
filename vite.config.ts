import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

// The renderer: one build serves the Electron window (file://, relative base) and the hub.
// VITE_REACT_PROFILE=1 (the UI benchmark's --profile) builds a variant into
// dist/renderer-profile with React's profiling bundle, so <Profiler> reports its commits.
const profiling = process.env.VITE_REACT_PROFILE === '1';

export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  ...(profiling ? { resolve: { alias: [{ find: /^react-dom\/client$/, replacement: 'react-dom/profiling' }] } } : {}),
  build: {
    outDir: resolve(import.meta.dirname, profiling ? 'dist/renderer-profile' : 'dist/renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'src-renderer/index.html'),
        kiosk: resolve(import.meta.dirname, 'src-renderer/kiosk.html'),
      },
    },
  },
});
