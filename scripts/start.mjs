#!/usr/bin/env node
// `npm start` (after `npm run build` and scripts/host-setup.sh): packages LR Lens as a VSIX, installs it into a
// persistent local VS Code (code-server; extensions and user data under .vscode-host/start/), serves it on
// 127.0.0.1 with examples/ open, and runs until Ctrl-C.
// Env: PORT (default 8080; a free port if that one is taken), LR_LENS_HOST_DIR (code-server install).
import { execFileSync } from 'node:child_process';
import { packageVsix } from './package.mjs';
import fs from 'node:fs';
import path from 'node:path';
import {
  ROOT, HOST_DIR, CS_ENTRY, SERVER_ENV, assertHostInstalled, ensureUserSettings, freePort, startServer, stopServer,
} from './host-server.mjs';

const t0 = Date.now();
const say = msg => console.log(`[start +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
const fail = msg => { console.error(`npm start: ${msg}`); process.exit(1); };

try { assertHostInstalled(); } catch (e) { fail(e.message); }
if (!fs.existsSync(path.join(ROOT, 'dist/extension.js'))) fail('dist/extension.js is missing: run `npm run build` first');

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const id = `${pkg.publisher}.${pkg.name}`;
const state = path.join(HOST_DIR, 'start');
const extensionsDir = path.join(state, 'extensions');
const userDataDir = path.join(state, 'user-data');
const vsix = path.join(state, `${pkg.name}-${pkg.version}.vsix`);
const examples = path.join(ROOT, 'examples');
fs.mkdirSync(extensionsDir, { recursive: true });
ensureUserSettings(userDataDir, { 'workbench.startupEditor': 'none' });

// 1. package what `npm run build` just made, as `npm run package` does
say(`packaging ${id} ${pkg.version}`);
try { packageVsix(vsix); } catch (e) { fail(`packaging failed: ${e.message}`); }

// 2. install it into the local VS Code (--force: replace the copy an earlier `npm start` installed)
say(`installing ${path.relative(ROOT, vsix)} into ${path.relative(ROOT, extensionsDir)}`);
try {
  execFileSync(process.execPath, [CS_ENTRY, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir,
    '--install-extension', vsix, '--force'], { env: SERVER_ENV, stdio: ['ignore', 'ignore', 'inherit'] });
} catch { fail('installing the VSIX into code-server failed (see above)'); }
const installed = fs.readdirSync(extensionsDir).find(d => d.toLowerCase().startsWith(`${id}-${pkg.version}`));
if (!installed) fail(`${id} ${pkg.version} is not in ${extensionsDir} after installing`);

// 3. serve
const wanted = Number(process.env.PORT) || 8080;
const port = await freePort(wanted);
if (port !== wanted) say(`port ${wanted} is taken; using ${port}`);
const log = path.join(state, 'code-server.log');
let server;
let stopping = false;
const stop = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping VS Code...');
  await stopServer(server);
  process.exit(code);
};
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void stop(0));
try {
  server = await startServer({ port, extensionsDir, userDataDir, folder: examples, log });
} catch (e) { fail(e.message); }
server.on('exit', (code, sig) => {
  if (stopping) return;
  console.error(`code-server exited (${code ?? sig}); see ${log}`);
  void stop(1);
});
say(`code-server is up (pid ${server.pid}, log ${path.relative(ROOT, log)})`);
console.log(`\nLR Lens is running in VS Code: http://127.0.0.1:${port}/?folder=${encodeURI(examples)}\n`);
console.log('Open a file in examples/ (e.g. seed/resnet50-step.lrschedule.yaml). Press Ctrl-C to stop.');
