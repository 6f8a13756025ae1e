// Zod's configuration for the renderer bundles (staff app and kiosk page). Imported FIRST by
// each entry (main.tsx, kiosk-main.tsx), before any module that builds a schema: zod 4
// decides at schema construction whether to compile object parsers with `new Function`,
// and merely probing for that is an `eval` the page's Content-Security-Policy
// (`script-src 'self'`) blocks and reports. Jitless mode never probes. The main process
// (no CSP) keeps the faster JIT.
import { z } from 'zod';

z.config({ jitless: true });
