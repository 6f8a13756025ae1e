import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

// The renderer: one build serves the Electron window (file://, relative base) and the hub.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/renderer'),
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
