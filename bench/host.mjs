#!/usr/bin/env node
// The host half of `npm run bench`, run by bench/run.mjs under `flock /tmp/lr-lens-host.lock` (it rebuilds
// dist/, which the host tests of other runs read): the production build and its sizes, then the in-host
// bench (test/host/bench) in code-server: one full run and more launches for the activation time alone.
// Finally dist/ is rebuilt as `npm run build` leaves it, so `npm test` and `npm start` find what they expect.
//   node bench/host.mjs <out-dir>   → <out-dir>/sizes.json, <out-dir>/host-<k>.json
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(process.argv[2] || path.join(root, 'test-results/bench'));
const launches = Math.max(1, Number(process.env.LR_LENS_BENCH_ACTIVATIONS) || 3);
fs.mkdirSync(outDir, { recursive: true });

const node = (args, env = {}) => execFileSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } }).toString();

try {
  process.stdout.write(node(['scripts/build.mjs', '--production']));
  const sizes = {};
  for (const [name, file] of [['extension', 'dist/extension.js'], ['webview', 'dist/webview/webview.js'], ['cli', 'dist/cli.js']]) {
    const bytes = fs.readFileSync(path.join(root, file));
    sizes[name] = { file, bytes: bytes.length, gzipBytes: zlib.gzipSync(bytes).length };
  }
  fs.writeFileSync(path.join(outDir, 'sizes.json'), JSON.stringify(sizes, null, 1));
  for (let k = 1; k <= launches; k++) {
    const out = path.join(outDir, `host-${k}.json`);
    fs.rmSync(out, { force: true });
    // Its own log folder: test-results/host belongs to the host tests that other runs may start.
    // LR_LENS_BENCH=1 reaches the extension host (code-server hands it its environment): only then does the
    // extension's API carry the bench probe (src/vscode/timing.ts).
    const env = { ...process.env, LR_LENS_BENCH: '1', LR_LENS_HOST_SUITE: 'bench', LR_LENS_BENCH_OUT: out, LR_LENS_HOST_OUT: path.join(outDir, `host-${k}-logs`),
      ...(k > 1 ? { LR_LENS_BENCH_ONLY: 'activation' } : {}) };
    const run = spawnSync(process.execPath, ['test/host/run.mjs'], { cwd: root, env, encoding: 'utf8' });
    const output = `${run.stdout}${run.stderr}`;
    if (run.status !== 0 || !fs.existsSync(out)) {
      process.stdout.write(output);
      throw new Error(`the host bench failed (exit ${run.status}); logs in ${env.LR_LENS_HOST_OUT}`);
    }
    for (const line of output.split('\n')) if (/^bench:|host bench/.test(line)) console.log(line);
  }
} finally {
  process.stdout.write(node(['scripts/build.mjs']));
}
