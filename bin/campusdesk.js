#!/usr/bin/env node
// Launcher of the `campusdesk` command line (package.json "bin"): the tool is TypeScript run
// by Node's type stripping, which needs Node 24 or newer; older Nodes get one clear line.
const major = Number(process.versions.node.split('.')[0]);
if (!(major >= 24)) {
  process.stderr.write(`campusdesk: needs Node.js 24 or newer, this is ${process.version}; run it as "npx campusdesk" or "npm run cli --" in the project (they use the project's Node 24).\n`);
  process.exit(1);
}
// Node's module compile cache (in the system's temp folder; NODE_COMPILE_CACHE=DIR moves it,
// NODE_DISABLE_COMPILE_CACHE=1 turns it off): a run loads the tool's TypeScript and its
// packages already stripped and compiled by an earlier run, instead of compiling them anew.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
const { run } = await import('../src-main/cli/campusdesk/main.ts');
await run();
