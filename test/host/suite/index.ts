// The extension-test runner: @vscode/test-electron (and test/host/run.mjs) load this module inside the
// extension host and call run(). It runs every compiled *.test.js next to it with mocha (tdd, spec reporter).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // No colours: the reporter's output travels through the workbench's console to the driver's stdout.
  // LR_LENS_HOST_GREP (in the environment of test/host/run.mjs, which reaches the extension host): only the
  // tests whose title matches, for working on one of them.
  const grep = process.env.LR_LENS_HOST_GREP;
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', color: false, timeout: 60_000, ...(grep ? { grep } : {}) });
  const files = (fs.readdirSync(__dirname, { recursive: true }) as string[])
    .filter(f => f.endsWith('.test.js'))
    .sort();
  if (files.length === 0) return Promise.reject(new Error(`no *.test.js files under ${__dirname}`));
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run(failures => (failures > 0 ? reject(new Error(`${failures} test(s) failed.`)) : resolve()));
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
