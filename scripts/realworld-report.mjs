#!/usr/bin/env node
// How LR Lens does on the real-config corpus (test/fixtures/realworld, MANIFEST.json), every file as-is: no
// settings, no flags; the file's repository folder in the corpus is its workspace (base files) when the
// compiled code has an in-memory reader. Prints, per framework: files, schedule files drawn without an error,
// errors by code (with files), non-schedule files that got any diagnostic, and for detectron2 how many curves
// equal the merged `_BASE_` chain (computed here by a plain YAML merge and detectron2's formulas, not LR Lens's).
//
// Run after `node scripts/build.mjs --tests` (it reads out/src/…):
//   node scripts/realworld-report.mjs [--files-off] [--json] [--verbose]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);
const args = new Set(process.argv.slice(2));
const corpus = path.resolve(process.env.LR_LENS_REALWORLD ?? path.join(root, 'test/fixtures/realworld'));
const out = path.join(root, 'out/src');
if (!fs.existsSync(path.join(out, 'service/analyze.js'))) {
  console.error('out/src/service/analyze.js is missing: run `node scripts/build.mjs --tests` first');
  process.exit(2);
}
const { analyze } = require(path.join(out, 'service/analyze.js'));
const { languageFromFileName } = require(path.join(out, 'formats/parse.js'));
const { curveAt } = require(path.join(out, 'core/evaluate.js'));
const memoryPath = path.join(out, 'workspace/memoryFiles.js');
const MemoryFiles = !args.has('--files-off') && fs.existsSync(memoryPath) ? require(memoryPath).MemoryFiles : undefined;
const YAML = require('yaml');

if (!fs.existsSync(corpus)) {
  console.error(`the real-config corpus is not at ${corpus}: place the files test/realworld/MANIFEST.json lists there, or set LR_LENS_REALWORLD`);
  process.exit(2);
}
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'test/realworld/MANIFEST.json'), 'utf8'));

// Every file of a repository's corpus folder, under the virtual absolute path /realworld/<owner>+<repo>/…
const repoFiles = new Map();
function filesOf(folder) {
  if (!repoFiles.has(folder)) {
    const files = {};
    for (const rel of fs.readdirSync(path.join(corpus, folder), { recursive: true })) {
      const abs = path.join(corpus, folder, String(rel));
      if (fs.statSync(abs).isFile()) files[`/realworld/${folder}/${String(rel).split(path.sep).join('/')}`] = fs.readFileSync(abs, 'utf8');
    }
    repoFiles.set(folder, files);
  }
  return repoFiles.get(folder);
}

function run(entry) {
  const text = fs.readFileSync(path.join(corpus, entry.file), 'utf8');
  const language = languageFromFileName(entry.file);
  const folder = entry.file.split('/')[0];
  const options = {};
  if (MemoryFiles) {
    options.files = new MemoryFiles(filesOf(folder), { root: `/realworld/${folder}`, filePath: `/realworld/${entry.file}` });
  }
  return analyze(text, path.basename(entry.file), language, options);
}

// ---- detectron2: the merged chain and detectron2's own LR formula (shared/docs/dialects.md §5) ----
const isMap = v => v !== null && typeof v === 'object' && !Array.isArray(v);
function mergeInto(from, into) {
  for (const [k, v] of Object.entries(from)) {
    if (isMap(v) && isMap(into[k])) mergeInto(v, into[k]);
    else into[k] = v;
  }
  return into;
}
function loadChain(abs, depth = 0) {
  if (depth > 32) throw new Error('base chain too deep');
  const doc = YAML.parse(fs.readFileSync(abs, 'utf8'), { version: '1.1', logLevel: 'error' }) ?? {};
  const base = doc._BASE_;
  delete doc._BASE_;
  if (typeof base !== 'string') return doc;
  return mergeInto(doc, loadChain(path.resolve(path.dirname(abs), base), depth + 1));
}
const tuple = v => typeof v === 'string' ? v.replace(/[()[\]\s]/g, '').split(',').filter(Boolean).map(Number) : Array.isArray(v) ? v.map(Number) : [Number(v)];
function solverOf(abs) {
  const s = loadChain(abs).SOLVER ?? {};
  const num = (k, d) => (s[k] === undefined ? d : Number(s[k]));
  return {
    name: s.LR_SCHEDULER_NAME ?? 'WarmupMultiStepLR', base: num('BASE_LR', 0.001), baseEnd: num('BASE_LR_END', 0), max: num('MAX_ITER', 40000),
    steps: s.STEPS === undefined ? [30000] : tuple(s.STEPS), gamma: num('GAMMA', 0.1), decays: num('NUM_DECAYS', 3), wf: num('WARMUP_FACTOR', 0.001),
    wi: num('WARMUP_ITERS', 1000), method: s.WARMUP_METHOD ?? 'linear', rescale: s.RESCALE_INTERVAL === true, power: num('POLY_LR_POWER', 0.9),
    ending: num('POLY_LR_CONSTANT_ENDING', 0), reference: num('REFERENCE_WORLD_SIZE', 0),
  };
}
function bisectRight(xs, x) { let i = 0; while (i < xs.length && xs[i] <= x) i++; return i; }
function d2Lr(S, t) {
  if (S.name === 'WarmupPolyLR') { // projects/DeepLab/deeplab/lr_scheduler.py: the pre-fvcore multiplying warm-up
    const wf = t >= S.wi ? 1 : S.method === 'constant' ? S.wf : S.wf * (1 - t / S.wi) + t / S.wi;
    const poly = Math.pow(1 - t / S.max, S.power);
    if (S.ending > 0 && wf === 1 && poly < S.ending) return S.base * S.ending;
    return S.base * wf * poly;
  }
  let M;
  if (S.name === 'WarmupMultiStepLR') { const steps = S.steps.filter(s => s <= S.max); M = w => Math.pow(S.gamma, bisectRight(steps, Math.floor((w + 1e-6) * S.max))); }
  else if (S.name === 'WarmupCosineLR') { const r = S.baseEnd / S.base; M = w => r + 0.5 * (1 - r) * (1 + Math.cos(Math.PI * w)); }
  else if (S.name === 'WarmupStepWithFixedGammaLR') M = w => Math.pow(S.gamma, Math.floor((w + 1e-6) * (S.decays + 1)));
  else return undefined;
  const L = Math.min(S.wi / S.max, 1);
  const w = t / S.max;
  if (L > 0 && w + 1e-6 <= L) {
    const start = S.wf * M(0);
    if (S.method === 'constant') return S.base * start;
    const end = S.rescale ? M(0) : M(L);
    const x = w / L;
    return S.base * (start * (1 - x) + end * x);
  }
  return S.base * (S.rescale ? M((w - L) / (1 - L)) : M(w));
}
function d2Check(entry, schedule) {
  const S = solverOf(path.join(corpus, entry.file));
  if (S.reference !== 0) return `REFERENCE_WORLD_SIZE ${S.reference}: not checked`;
  if (schedule.totalUpdates !== S.max) return `total updates ${schedule.totalUpdates}, chain's MAX_ITER ${S.max}`;
  const ts = new Set([0, 1, S.wi - 1, S.wi, S.wi + 1, Math.floor(S.max / 2), S.max - 1]);
  for (const s of S.steps) for (const d of [-1, 0, 1]) ts.add(s + d);
  for (const t of [...ts].filter(t => t >= 0 && t < S.max).sort((a, b) => a - b)) {
    const want = d2Lr(S, t);
    if (want === undefined) return `scheduler ${S.name}: no reference formula`;
    const got = curveAt(schedule.curve, t);
    if (!(Math.abs(got - want) <= Math.max(1e-9 * Math.abs(want), 1e-15))) return `lr at iteration ${t}: ${got}, chain gives ${want} (${S.name}, BASE_LR ${S.base}, STEPS ${S.steps}, MAX_ITER ${S.max})`;
  }
  return undefined;
}

// ---- the run ----
const stats = new Map();
const statOf = fw => {
  if (!stats.has(fw)) stats.set(fw, { schedule: 0, drawn: 0, notDrawn: [], errors: new Map(), nonSchedule: 0, nonClean: 0, nonCodes: new Map(), base: 0, baseErrors: [], d2: 0, d2Equal: 0, d2Wrong: [] });
  return stats.get(fw);
};
const push = (map, key, file) => { if (!map.has(key)) map.set(key, []); if (!map.get(key).includes(file)) map.get(key).push(file); };
for (const entry of manifest) {
  const s = statOf(entry.framework);
  let analysis;
  try { analysis = run(entry); } catch (e) { analysis = { schedules: [], diagnostics: [{ severity: 'error', code: `THROWS ${e.message}` }] }; }
  const errors = analysis.diagnostics.filter(d => d.severity === 'error');
  if (entry.kind === 'schedule') {
    s.schedule++;
    if (analysis.schedules.length > 0 && errors.length === 0) s.drawn++;
    else s.notDrawn.push(`${entry.file}: ${errors.length ? errors.map(e => e.code).join(', ') : 'no schedule'}`);
    for (const e of errors) push(s.errors, e.code, entry.file);
    if (entry.framework === 'detectron2') {
      s.d2++;
      const why = analysis.schedules.length ? d2Check(entry, analysis.schedules[0].schedule) : 'no schedule';
      if (why === undefined) s.d2Equal++;
      else s.d2Wrong.push(`${entry.file}: ${why}`);
    }
  } else if (entry.kind === 'not-schedule') {
    s.nonSchedule++;
    if (analysis.diagnostics.length === 0) s.nonClean++;
    for (const d of analysis.diagnostics) push(s.nonCodes, `${d.severity} ${d.code}`, entry.file);
  } else {
    s.base++;
    if (errors.length) s.baseErrors.push(`${entry.file}: ${errors.map(e => e.code).join(', ')}`);
  }
}

const verbose = args.has('--verbose');
const list = (files, n = verbose ? Infinity : 4) => files.slice(0, n).join(', ') + (files.length > n ? `, … (${files.length - n} more)` : '');
let total = { schedule: 0, drawn: 0, non: 0, nonClean: 0, d2: 0, d2Equal: 0 };
if (args.has('--json')) {
  const json = {};
  for (const [fw, s] of stats) json[fw] = { ...s, errors: Object.fromEntries(s.errors), nonCodes: Object.fromEntries(s.nonCodes) };
  console.log(JSON.stringify(json, null, 2));
  process.exit(0);
}
console.log(`LR Lens on ${manifest.length} real files (${MemoryFiles ? 'workspace: the repository folder in the corpus' : 'no workspace: each file alone'})\n`);
for (const [fw, s] of [...stats].sort()) {
  const parts = [];
  if (s.schedule) parts.push(`${s.drawn}/${s.schedule} schedule files drawn without an error`);
  if (s.nonSchedule) parts.push(`${s.nonClean}/${s.nonSchedule} non-schedule files without a diagnostic`);
  if (s.base) parts.push(`${s.base} base files${s.baseErrors.length ? `, ${s.baseErrors.length} with an error` : ''}`);
  if (s.d2) parts.push(`${s.d2Equal}/${s.d2} curves equal the merged base chain`);
  console.log(`${fw}: ${parts.join('; ')}`);
  for (const [code, files] of [...s.errors].sort((a, b) => b[1].length - a[1].length)) console.log(`  error ${code} ×${files.length}: ${list(files)}`);
  const noSchedule = s.notDrawn.filter(f => f.endsWith(': no schedule'));
  if (noSchedule.length) console.log(`  no schedule, no error ×${noSchedule.length}: ${list(noSchedule.map(f => f.replace(/: no schedule$/, '')))}`);
  for (const [code, files] of [...s.nonCodes].sort((a, b) => b[1].length - a[1].length)) console.log(`  non-schedule ${code} ×${files.length}: ${list(files)}`);
  for (const f of s.baseErrors) console.log(`  base ${f}`);
  if (s.d2Wrong.length) console.log(`  not the chain's curve ×${s.d2Wrong.length}: ${list(s.d2Wrong, verbose ? Infinity : 6)}`);
  total.schedule += s.schedule; total.drawn += s.drawn; total.non += s.nonSchedule; total.nonClean += s.nonClean; total.d2 += s.d2; total.d2Equal += s.d2Equal;
}
const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : '0');
console.log(`\nall: ${total.drawn}/${total.schedule} schedule files drawn without an error (${pct(total.drawn, total.schedule)}%); ` +
  `${total.nonClean}/${total.non} non-schedule files without a diagnostic; detectron2 ${total.d2Equal}/${total.d2} equal to the merged chain`);
