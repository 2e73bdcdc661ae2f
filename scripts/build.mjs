#!/usr/bin/env node
// One esbuild call per bundle: the extension (node, cjs, `vscode` external), the CLI (node, cjs) and the
// webview (browser). `--tests` instead transpiles src/, test/ and bench/ file by file into out/ for mocha
// and the extension-host runner. Type checking is separate (`npm run typecheck`).
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = new Set(process.argv.slice(2));
const production = args.has('--production');

function listTs(dir) {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { recursive: true })
    .filter(f => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map(f => path.join(full, f));
}

if (args.has('--tests')) {
  // out/ is overwritten, not wiped: several test runs may share it.
  await esbuild.build({
    entryPoints: [...listTs('src'), ...listTs('test'), ...listTs('bench')],
    outdir: path.join(root, 'out'), outbase: root, bundle: false, platform: 'node', format: 'cjs',
    target: 'node20', sourcemap: 'inline', logLevel: 'warning',
  });
  process.exit(0);
}

// vega-canvas's Node build loads the optional `canvas` package with a top-level await (not allowed in cjs);
// LR Lens renders SVG only, so the CLI takes the build that simply reports "no canvas".
const noNodeCanvas = {
  name: 'no-node-canvas',
  setup(build) {
    build.onResolve({ filter: /^vega-canvas$/ }, () => ({ path: path.join(root, 'node_modules/vega-canvas/build/vega-canvas.browser.js') }));
  },
};

// jsonc-parser's `main` is a UMD build that requires its parts at run time; its ESM build bundles cleanly.
const common = { bundle: true, mainFields: ['module', 'main'], minify: production, sourcemap: !production, logLevel: 'warning', metafile: true };
const builds = [
  { ...common, entryPoints: [path.join(root, 'src/vscode/extension.ts')], outfile: path.join(root, 'dist/extension.js'),
    platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
  { ...common, entryPoints: [path.join(root, 'src/cli/main.ts')], outfile: path.join(root, 'dist/cli.js'),
    platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' }, plugins: [noNodeCanvas] },
];
if (fs.existsSync(path.join(root, 'src/webview/main.ts'))) {
  builds.push({ ...common, entryPoints: [path.join(root, 'src/webview/main.ts')], outfile: path.join(root, 'dist/webview/webview.js'),
    platform: 'browser', format: 'iife', target: 'es2022' });
}
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
const results = await Promise.all(builds.map(b => esbuild.build(b)));
for (const [i, r] of results.entries()) {
  const out = Object.entries(r.metafile.outputs).find(([f]) => f.endsWith('.js'));
  console.log(`${path.relative(root, builds[i].outfile)}: ${(out[1].bytes / 1024).toFixed(1)} KB${production ? ' (minified)' : ''}`);
}
fs.chmodSync(path.join(root, 'dist/cli.js'), 0o755);
