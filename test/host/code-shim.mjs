#!/usr/bin/env node
// A "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }): takes the desktop CLI
// flags runTests passes (--extensionDevelopmentPath, --extensionTestsPath, --extensions-dir, --user-data-dir,
// a folder to open) and runs the tests in code-server + headless Chromium (driver.mjs) instead, exiting with
// the test runner's exit code.
import path from 'node:path';
import { runExtensionTests } from './driver.mjs';

const dev = [], positional = [];
let tests, extensionsDir, userDataDir;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const eq = a.startsWith('--') ? a.indexOf('=') : -1;
  const [k, v] = eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
  const val = () => (v !== undefined ? v : argv[++i]);
  if (k === '--extensionDevelopmentPath') dev.push(val());
  else if (k === '--extensionTestsPath') tests = val();
  else if (k === '--extensions-dir') extensionsDir = val();
  else if (k === '--user-data-dir') userDataDir = val();
  else if (a.startsWith('-')) { /* --no-sandbox, --disable-updates, --skip-welcome, ...: nothing to do here */ }
  else positional.push(a);
}
if (!tests || !dev.length) {
  console.error('code-shim: needs --extensionTestsPath and --extensionDevelopmentPath (it only runs extension tests)');
  process.exit(2);
}
let code;
try {
  code = await runExtensionTests({
    extensionDevelopmentPath: dev.map(p => path.resolve(p)), extensionTestsPath: path.resolve(tests),
    folder: positional[0] ? path.resolve(positional[0]) : null, extensionsDir, userDataDir,
  });
} catch (e) {
  console.error('code-shim:', e && e.stack || e);
  code = 1;
}
process.exit(code);
