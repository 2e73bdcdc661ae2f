#!/usr/bin/env node
// `npm start` (after `npm run build` and scripts/host-setup.sh): packages LR Lens as a VSIX, installs it into a
// persistent local VS Code (code-server; extensions and user data under .vscode-host/start/), serves it on
// 127.0.0.1 with examples/ open, and runs until Ctrl-C.
// `npm start -- --smoke` does the same in a throwaway profile, then opens the workbench in headless Chromium,
// opens the seed example and checks that LR Lens is active on it (its CodeLens and its status bar item show
// the seed's numbers), and exits: 0 when it is, 1 otherwise (screenshot in test-results/start-smoke-failure.png).
// CI runs it (.ci/run), so the README's first command is tested as a new user runs it.
// Env: PORT (default 8080; a free port if that one is taken), LR_LENS_HOST_DIR (code-server install).
import { execFileSync } from 'node:child_process';
import { packageVsix } from './package.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ROOT, HOST_DIR, CS_ENTRY, SERVER_ENV, assertHostInstalled, ensureUserSettings, freePort, startServer, stopServer,
} from './host-server.mjs';

const t0 = Date.now();
const shown = p => (p.startsWith(ROOT + path.sep) ? path.relative(ROOT, p) : p);
const say = msg => console.log(`[start +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
const smoke = process.argv.includes('--smoke');
const unknown = process.argv.slice(2).filter(a => a !== '--smoke');
if (unknown.length) { console.error(`npm start: unknown argument ${unknown[0]} (only --smoke)`); process.exit(2); }
// The smoke's throwaway profile (extensions, user data, the packaged .vsix), removed on exit.
const smokeDir = smoke ? fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-start-smoke-')) : undefined;
const removeSmokeDir = () => { if (smokeDir) fs.rmSync(smokeDir, { recursive: true, force: true }); };
const fail = msg => { console.error(`npm start: ${msg}`); removeSmokeDir(); process.exit(1); };

try { assertHostInstalled(); } catch (e) { fail(e.message); }
if (!fs.existsSync(path.join(ROOT, 'dist/extension.js'))) fail('dist/extension.js is missing: run `npm run build` first');

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const id = `${pkg.publisher}.${pkg.name}`;
const state = smokeDir ?? path.join(HOST_DIR, 'start');
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
say(`installing ${shown(vsix)} into ${shown(extensionsDir)}`);
try {
  execFileSync(process.execPath, [CS_ENTRY, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir,
    '--install-extension', vsix, '--force'], { env: SERVER_ENV, stdio: ['ignore', 'ignore', 'inherit'] });
} catch { fail('installing the VSIX into code-server failed (see above)'); }
const installed = fs.readdirSync(extensionsDir).find(d => d.toLowerCase().startsWith(`${id}-${pkg.version}`));
if (!installed) fail(`${id} ${pkg.version} is not in ${extensionsDir} after installing`);

// 3. serve
const wanted = smoke ? undefined : Number(process.env.PORT) || 8080; // the smoke: any free port
const port = await freePort(wanted);
if (wanted && port !== wanted) say(`port ${wanted} is taken; using ${port}`);
const log = path.join(state, 'code-server.log');
let server;
let stopping = false;
const stop = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping VS Code...');
  await stopServer(server);
  removeSmokeDir();
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
say(`code-server is up (pid ${server.pid}, log ${shown(log)})`);
if (smoke) {
  let ok = false;
  try {
    await smokeTest(port);
    ok = true;
  } catch (e) {
    console.error(`npm start --smoke: ${e.message}`);
    fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
    fs.copyFileSync(log, path.join(ROOT, 'test-results', 'start-smoke-code-server.log'));
  }
  say(ok ? 'smoke passed: LR Lens is active on the seed example' : 'smoke FAILED');
  await stop(ok ? 0 : 1);
}
console.log(`\nLR Lens is running in VS Code: http://127.0.0.1:${port}/?folder=${encodeURI(examples)}\n`);
console.log('Open a file in examples/ (e.g. seed/resnet50-step.lrschedule.yaml). Press Ctrl-C to stop.');

/**
 * The smoke: what a new user sees after `npm start`. Headless Chromium (test/host/driver.mjs: no request leaves
 * 127.0.0.1) opens the workbench on examples/, Quick Open opens the seed example, and LR Lens, installed from
 * the .vsix, shows its CodeLens (the lr-lens reader's summary) and its status bar item (the seed's peak LR
 * 0.1 × 1024 / 256 = 0.4). Throws with what was missing.
 */
async function smokeTest(port) {
  const { launchBrowser } = await import('../test/host/driver.mjs');
  const results = path.join(ROOT, 'test-results');
  fs.mkdirSync(results, { recursive: true });
  const ctx = await launchBrowser(path.join(smokeDir, 'chromium'));
  const page = ctx.pages()[0] || await ctx.newPage();
  try {
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(examples)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    say('workbench up');
    const seed = 'resnet50-step.lrschedule.yaml';
    // the UI scripts' own user steps, so the smoke opens a file exactly as they do
    const { userSteps } = await import('../test/host/ui-harness.mjs');
    await userSteps(page).openFile(seed);
    say(`opened examples/seed/${seed}`);
    const lens = page.locator('.codelens-decoration', { hasText: /^lr-lens · 90 epochs/ }).first();
    await lens.waitFor({ timeout: 60_000 });
    say(`CodeLens: ${(await lens.textContent()).trim()}`);
    const status = page.locator('.statusbar-item', { hasText: /LR 0\.4 · 90 ep · lr-lens/ }).first();
    await status.waitFor({ timeout: 30_000 });
    say(`status bar: ${(await status.textContent()).trim()}`);
    const blocked = [...new Set(ctx.blocked)];
    if (blocked.length) throw new Error(`requests left 127.0.0.1: ${blocked.join(', ')}`);
  } catch (e) {
    await page.screenshot({ path: path.join(results, 'start-smoke-failure.png') }).catch(() => {});
    throw e;
  } finally {
    await ctx.close().catch(() => {});
  }
}
