#!/usr/bin/env node
// Launcher of the `campusdesk` command line (package.json "bin"): the tool is TypeScript run
// by Node's type stripping, which needs Node 24 or newer; older Nodes get one clear line.
const major = Number(process.versions.node.split('.')[0]);
if (!(major >= 24)) {
  process.stderr.write(`campusdesk: needs Node.js 24 or newer, this is ${process.version}; run it as "npx campusdesk" or "npm run cli --" in the project (they use the project's Node 24).\n`);
  process.exit(1);
}
const { run } = await import('../src-main/cli/campusdesk/main.ts');
await run();
