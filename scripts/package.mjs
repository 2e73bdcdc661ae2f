#!/usr/bin/env node
// `npm run package` (after a production build): makes lr-lens.vsix holding only what runs (the .vscodeignore
// decides). vsce runs on a staged copy whose package.json has no devDependencies: they play no part in the
// installed extension, and vsce refuses to package when @types/vscode (~1.96, the test host's API) is newer
// than engines.vscode (^1.90.0, the oldest VS Code we support).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SKIP = new Set(['node_modules', '.git', '.vscode-host', '.vscode-test', 'out', 'test-results', 'test', 'src', 'scripts', 'bench']);

export function packageVsix(vsix) {
  const vsce = path.join(ROOT, 'node_modules/@vscode/vsce/vsce');
  if (!fs.existsSync(vsce)) throw new Error('@vscode/vsce is not installed: run `npm ci`');
  if (!fs.existsSync(path.join(ROOT, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-stage-'));
  try {
    fs.cpSync(ROOT, stage, {
      recursive: true, dereference: true,
      filter: src => !(path.dirname(src) === ROOT && (SKIP.has(path.basename(src)) || src.endsWith('.vsix'))),
    });
    const { devDependencies, scripts, ...manifest } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
    execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '-o', path.resolve(vsix)],
      { cwd: stage, stdio: ['ignore', 'ignore', 'inherit'] });
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const vsix = process.argv[2] ?? path.join(ROOT, 'lr-lens.vsix');
  try {
    packageVsix(vsix);
    console.log(`${path.relative(process.cwd(), vsix)}: ${(fs.statSync(vsix).size / 1024).toFixed(1)} KB`);
  } catch (e) {
    console.error(`npm run package: ${e.message}`);
    process.exit(1);
  }
}
