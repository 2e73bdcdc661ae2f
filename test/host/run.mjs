#!/usr/bin/env node
// `npm run test:host`: the extension tests (test/host/suite, compiled to out/test/host/suite) inside a real
// VS Code, through @vscode/test-electron's runTests with code-shim.mjs as the VS Code executable: code-server
// 4.96.4 + headless Chromium instead of a downloaded desktop build (see test/host/driver.mjs).
// Needs: `npm run build && npm run compile-tests` and `bash scripts/host-setup.sh` (npm run test:host does the
// latter).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const { runTests } = createRequire(import.meta.url)('@vscode/test-electron');

const shim = path.join(here, 'code-shim.mjs');
// LR_LENS_HOST_SUITE=bench runs the bench's in-host half (test/host/bench, for `npm run bench`) instead.
const suite = process.env.LR_LENS_HOST_SUITE === 'bench' ? 'bench' : 'suite';
const extensionTestsPath = path.join(root, `out/test/host/${suite}/index.js`);
const workspace = path.join(root, 'examples');

for (const [file, how] of [[path.join(root, 'dist/extension.js'), 'npm run build'], [extensionTestsPath, 'npm run compile-tests']]) {
  if (!fs.existsSync(file)) { console.error(`${path.relative(root, file)} is missing: run \`${how}\` first`); process.exit(1); }
}
// runTests spawns the executable directly: it needs its exec bit (a checkout or an unzip may have dropped it).
if (!(fs.statSync(shim).mode & 0o100)) fs.chmodSync(shim, 0o755);

// A fresh profile per run (runTests would otherwise reuse .vscode-test/user-data and restore its editors).
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-runtests-'));
const t0 = Date.now();
let code = 0;
try {
  await runTests({
    vscodeExecutablePath: shim,
    extensionDevelopmentPath: root,
    extensionTestsPath,
    launchArgs: [workspace, `--extensions-dir=${path.join(tmp, 'extensions')}`, `--user-data-dir=${path.join(tmp, 'user-data')}`],
  });
} catch (err) {
  console.error(`Extension tests failed: ${err && err.message || err}`);
  code = typeof err?.code === 'number' && err.code !== 0 ? err.code : 1;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`${suite === 'bench' ? 'host bench' : 'test:host'} ${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(code);
