#!/usr/bin/env node
// `npm run bench`: compiles the bench, runs its in-process half (bench/node.ts: analysis per keystroke, scale)
// and its host half (bench/host.mjs under the host lock: bundle sizes, activation, edit to redraw, memory),
// prints one table and writes it to BENCHMARKS.md with the machine and the date.
// Env: LR_LENS_BENCH_QUICK=1 (fewer samples, for trying the bench out), LR_LENS_BENCH_SKIP_HOST=1 (no host half),
//      LR_LENS_BENCH_ACTIVATIONS (host launches for the activation time, default 3).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable, tableRows } from './report.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'test-results/bench');
const t0 = Date.now();
const load = os.loadavg()[0];
fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

// What a fresh clone lacks, as `npm test` sets it up: the local VS Code (code-server) for the host half
// (scripts/host-setup.sh: about 2 minutes the first time, under a second after), then the compiled bench
// (bench/host.mjs makes the production build itself).
const host = process.env.LR_LENS_BENCH_SKIP_HOST !== '1';
if (host) run('bash', ['scripts/host-setup.sh']);
run(process.execPath, ['scripts/build.mjs', '--tests']);
console.log('bench: analysis per keystroke and scale (in process)…');
run(process.execPath, ['--expose-gc', 'out/bench/node.js', path.join(outDir, 'node.json')]);
const node = JSON.parse(fs.readFileSync(path.join(outDir, 'node.json'), 'utf8'));

let sizes, hosts;
if (host) {
  console.log('bench: bundle sizes and the host (waiting for /tmp/lr-lens-host.lock)…');
  run('flock', ['/tmp/lr-lens-host.lock', process.execPath, 'bench/host.mjs', outDir]);
  sizes = JSON.parse(fs.readFileSync(path.join(outDir, 'sizes.json'), 'utf8'));
  hosts = fs.readdirSync(outDir).filter(f => /^host-\d+\.json$/.test(f)).sort()
    .map(f => JSON.parse(fs.readFileSync(path.join(outDir, f), 'utf8')));
}

// A separate step, printed only: the hostile sweep through the CLI, each run's wall time and peak memory.
console.log('bench: the hostile sweep through the CLI (bench/hostile.mjs)…');
run(process.execPath, ['bench/hostile.mjs', path.join(outDir, 'hostile.json')]);

const cpus = os.cpus();
const vscodeVersion = hosts?.[0]?.vscode;
const machine = `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM, `
  + `Node ${process.version}${vscodeVersion ? `, VS Code ${vscodeVersion} (code-server)` : ''}, ${os.type()} ${os.release()}`;
const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const table = markdownTable(tableRows({ node, sizes, hosts }));
const quick = process.env.LR_LENS_BENCH_QUICK === '1' ? ' **Quick run (LR_LENS_BENCH_QUICK=1): fewer samples.**' : '';
const header = `Machine: ${machine}. Date: ${date}. Load average at the start: ${load.toFixed(2)}.${quick}`;
console.log(`\n${header}\n\n${table}\n`);

const doc = `# Benchmarks

The latest \`npm run bench\` (bench/run.mjs). ${header}

Every time is a median over many samples after a warm-up; every ratio is the median of per-round ratios of
two functions sampled in alternation in the same process. "Keystroke analysis" is what one edit of a config
costs LR Lens in the editor: \`analyze()\` (parse, detect, read, evaluate, diagnostics and checks), the
CodeLens summary line of each schedule and the inlay hints. The bare parse is the library our parser wraps:
\`jsonc-parser\` \`parseTree\` for JSON, \`yaml\` \`parseAllDocuments\` for YAML, and for TypeScript (which
LR Lens reads with its own small parser) the TypeScript compiler's \`createSourceFile\`, the parse VS Code's
TypeScript service runs on each keystroke. The JSON language service is \`vscode-json-languageservice\`
configured as VS Code's JSON server is: \`parseJSONDocument\` + \`doValidation\` on each keystroke, with
schemas/lrschedule.schema.json for \`*.lrschedule.json\` files and, for other JSON files, a small generic schema
(any JSON value under every key). The plot data are what the preview computes on each redraw:
\`chartSeries\` (which samples every schedule) and \`chartData\`, for a fresh analysis each time. Host figures
come from the extension's own timestamps in code-server's extension host (\`performance.now()\`), not from
polling.

${table}
`;
fs.writeFileSync(path.join(root, 'BENCHMARKS.md'), doc);
console.log(`bench: wrote BENCHMARKS.md in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
