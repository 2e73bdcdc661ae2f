#!/usr/bin/env node
// `npm run package` (after a production build): makes lr-lens.vsix holding only what runs (the .vscodeignore
// decides). vsce runs on a staged copy whose package.json has no devDependencies: they play no part in the
// installed extension, and vsce refuses to package when @types/vscode (~1.96, the test host's API) is newer
// than engines.vscode (^1.90.0, the oldest VS Code we support).
//
// The README's links to files of the repository (BENCHMARKS.md): vsce makes relative links absolute from the
// manifest's GitHub/GitLab repository, and refuses to package without one. Ours (repository.url) is not a
// public GitHub/GitLab address, and those files are not in the .vsix either, so no link could take a reader of
// the Marketplace page or of VS Code's extension view to them: the packaged README names them as plain text
// ("BENCHMARKS.md (in the LR Lens source)") instead of carrying a broken link. With a GitHub/GitLab
// repository in the manifest, the links are left to vsce, which points them at the repository. The source
// README keeps its links (they work on a clone and on the repository's own page).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SKIP = new Set(['node_modules', '.git', '.vscode-host', '.vscode-test', 'out', 'test-results', 'test', 'src', 'scripts', 'bench']);

/** The .vsix must stay small: what it holds is the bundle, the webview, the schema and the manifest files. */
export const MAX_VSIX_BYTES = 1024 * 1024;

/** vsce resolves relative README links itself only for a GitHub or GitLab repository. */
export function hasHostedRepository(manifest) {
  const url = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  return typeof url === 'string' && /(^|[/@.:])(github\.com|gitlab\.com)[/:]/i.test(url);
}

/**
 * Markdown with its relative links ([text](path), not images, not #anchors, not URLs) written as plain text
 * that still names the file: "text (path in the LR Lens source)", or "text (in the LR Lens source)" when the
 * text is the path.
 */
export function unlinkRelative(markdown) {
  return markdown.replace(/(?<!!)\[([^\]\n]+)\]\(([^()\s]+)\)/g, (link, text, target) => {
    if (/^([a-z][a-z0-9+.-]*:|#|\/\/)/i.test(target)) return link;
    const file = target.replace(/^\.\//, '');
    return text.replace(/`/g, '') === file ? `${text} (in the LR Lens source)` : `${text} (${file} in the LR Lens source)`;
  });
}

/** Packages the current dist/ as `vsix`; `maxBytes`: fail when the .vsix is larger (the shipped, minified build). */
export function packageVsix(vsix, { maxBytes = Infinity } = {}) {
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
    if (!hasHostedRepository(manifest)) {
      const readme = path.join(stage, 'README.md');
      fs.writeFileSync(readme, unlinkRelative(fs.readFileSync(readme, 'utf8')));
    }
    execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '-o', path.resolve(vsix)],
      { cwd: stage, stdio: ['ignore', 'ignore', 'inherit'] });
    const bytes = fs.statSync(vsix).size;
    if (bytes > maxBytes) throw new Error(`${path.basename(vsix)} is ${(bytes / 1024).toFixed(0)} KB, over the 1 MB budget: check .vscodeignore`);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const vsix = process.argv[2] ?? path.join(ROOT, 'lr-lens.vsix');
  try {
    packageVsix(vsix, { maxBytes: MAX_VSIX_BYTES });
    console.log(`${path.relative(process.cwd(), vsix)}: ${(fs.statSync(vsix).size / 1024).toFixed(1)} KB`);
  } catch (e) {
    console.error(`npm run package: ${e.message}`);
    process.exit(1);
  }
}
