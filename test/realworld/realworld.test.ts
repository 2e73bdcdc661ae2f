import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { curveAt } from '../../src/core/evaluate';
import type { Schedule } from '../../src/core/schedule';
import { languageFromFileName } from '../../src/formats/parse';
import { analyze, type Analysis } from '../../src/service/analyze';
import { MemoryFiles } from '../../src/workspace/memoryFiles';
import { assertLrClose } from '../unit/helpers';

/**
 * Real configs as users have them (issue 12): every file of test/fixtures/realworld is a file of a public
 * repository, byte for byte, listed in MANIFEST.json with its repository, commit and path. Each is analysed as a
 * user opens it: no settings, no flags, no version; its workspace is its repository's folder in the corpus, so
 * base files (`_BASE_`) resolve as they do in the repository.
 *
 * The kind of a file was decided by reading it against its framework's own rules, not by what LR Lens says:
 * 'schedule' (the framework builds an LR schedule from it), 'not-schedule' (a model, tokenizer, dataset, CI,
 * accelerate or DeepSpeed-without-scheduler file…) and 'base' (a detectron2 Base-*.yaml used only as a base).
 */
interface Entry {
  file: string;
  repo: string;
  commit: string;
  path: string;
  framework: string;
  kind: 'schedule' | 'not-schedule' | 'base';
}

/**
 * The files themselves are not in this repository: they come from public repositories, and the tool rules keep
 * fetched content out of our commits (data may live only under the steering repository's shared/). MANIFEST.json
 * (ours: which file, from which repository, commit and path, and its kind) is. Run with the corpus in
 * test/fixtures/realworld (git-ignored) or LR_LENS_REALWORLD=<dir>: `npm run test:realworld`. Without it the run
 * fails, it is never skipped.
 */
const REPO = path.resolve(__dirname, '../../..');
const CORPUS = path.resolve(process.env.LR_LENS_REALWORLD ?? path.join(REPO, 'test/fixtures/realworld'));
const MANIFEST: Entry[] = JSON.parse(fs.readFileSync(path.join(REPO, 'test/realworld/MANIFEST.json'), 'utf8'));
if (!fs.existsSync(CORPUS)) throw new Error(`the real-config corpus is not at ${CORPUS}: place the files MANIFEST.json lists there (or set LR_LENS_REALWORLD)`);

/** Every file of a repository's corpus folder, at the virtual absolute path /realworld/<owner>+<repo>/… */
const folders = new Map<string, Record<string, string>>();
function filesOf(folder: string): Record<string, string> {
  let files = folders.get(folder);
  if (!files) {
    files = {};
    for (const rel of fs.readdirSync(path.join(CORPUS, folder), { recursive: true }).map(String)) {
      const abs = path.join(CORPUS, folder, rel);
      if (fs.statSync(abs).isFile()) files[`/realworld/${folder}/${rel.split(path.sep).join('/')}`] = fs.readFileSync(abs, 'utf8');
    }
    folders.set(folder, files);
  }
  return files;
}

function analyzeAsIs(entry: Entry): Analysis {
  const text = fs.readFileSync(path.join(CORPUS, entry.file), 'utf8');
  const language = languageFromFileName(entry.file);
  assert.ok(language, `${entry.file}: a language LR Lens reads`);
  const folder = entry.file.split('/')[0];
  const files = new MemoryFiles(filesOf(folder), { root: `/realworld/${folder}`, filePath: `/realworld/${entry.file}` });
  return analyze(text, path.basename(entry.file), language, { files });
}

const said = (analysis: Analysis) => JSON.stringify(analysis.diagnostics.map(d => `${d.severity} ${d.code}: ${d.message}`), null, 1);

// ---- detectron2's side, written from its sources (shared/docs/dialects.md §5, yacs, DeepLab's WarmupPolyLR) ----

type Tree = Record<string, unknown>;
const isMap = (v: unknown): v is Tree => v !== null && typeof v === 'object' && !Array.isArray(v);

/** yacs's merge_a_into_b: a mapping merges key by key, anything else replaces. */
function mergeInto(from: Tree, into: Tree): Tree {
  for (const [k, v] of Object.entries(from)) {
    const there = into[k];
    if (isMap(v) && isMap(there)) mergeInto(v, there);
    else into[k] = v;
  }
  return into;
}

/** detectron2's CfgNode.load_yaml_with_base: `_BASE_` relative to the file's folder, the file over its base. */
function mergedChain(abs: string, depth = 0): Tree {
  assert.ok(depth < 32, `${abs}: base chain too deep`);
  const doc = (parseYaml(fs.readFileSync(abs, 'utf8'), { version: '1.1', logLevel: 'error' }) ?? {}) as Tree;
  const base = doc._BASE_;
  delete doc._BASE_;
  return typeof base === 'string' ? mergeInto(doc, mergedChain(path.resolve(path.dirname(abs), base), depth + 1)) : doc;
}

interface Solver {
  name: string; base: number; baseEnd: number; max: number; steps: number[]; gamma: number; decays: number;
  wf: number; wi: number; method: string; rescale: boolean; power: number; ending: number; reference: number;
}

/** yacs reads `STEPS: (210000, 250000)` as a string and literal_evals it. */
function tuple(v: unknown): number[] {
  if (typeof v === 'string') return v.replace(/[()[\]\s]/g, '').split(',').filter(Boolean).map(Number);
  if (Array.isArray(v)) return v.map(Number);
  return [Number(v)];
}

/** The chain's SOLVER over detectron2's defaults (detectron2/config/defaults.py; DeepLab's add_deeplab_config). */
function solverOf(file: string): Solver {
  const s = (mergedChain(path.join(CORPUS, file)).SOLVER ?? {}) as Tree;
  const num = (key: string, fallback: number) => (s[key] === undefined ? fallback : Number(s[key]));
  return {
    name: typeof s.LR_SCHEDULER_NAME === 'string' ? s.LR_SCHEDULER_NAME : 'WarmupMultiStepLR',
    base: num('BASE_LR', 0.001), baseEnd: num('BASE_LR_END', 0), max: num('MAX_ITER', 40000),
    steps: s.STEPS === undefined ? [30000] : tuple(s.STEPS), gamma: num('GAMMA', 0.1), decays: num('NUM_DECAYS', 3),
    wf: num('WARMUP_FACTOR', 0.001), wi: num('WARMUP_ITERS', 1000), method: typeof s.WARMUP_METHOD === 'string' ? s.WARMUP_METHOD : 'linear',
    rescale: s.RESCALE_INTERVAL === true, power: num('POLY_LR_POWER', 0.9), ending: num('POLY_LR_CONSTANT_ENDING', 0),
    reference: num('REFERENCE_WORLD_SIZE', 0),
  };
}

const bisectRight = (xs: number[], x: number) => xs.filter(v => v <= x).length;

/** The LR of iteration t (0-based) as detectron2 ≥ v0.4 sets it (fvcore's composite warm-up schedule). */
function detectron2Lr(S: Solver, t: number): number {
  if (S.name === 'WarmupPolyLR') {
    // projects/DeepLab/deeplab/lr_scheduler.py: _get_warmup_factor_at_iter × (1 − t/max)^power
    const wf = t >= S.wi ? 1 : S.method === 'constant' ? S.wf : S.wf * (1 - t / S.wi) + t / S.wi;
    const poly = Math.pow(1 - t / S.max, S.power);
    if (S.ending > 0 && wf === 1 && poly < S.ending) return S.base * S.ending;
    return S.base * wf * poly;
  }
  let M: (w: number) => number;
  if (S.name === 'WarmupMultiStepLR') {
    const steps = S.steps.filter(s => s <= S.max);
    M = w => Math.pow(S.gamma, bisectRight(steps, Math.floor((w + 1e-6) * S.max)));
  } else if (S.name === 'WarmupCosineLR') {
    const r = S.baseEnd / S.base;
    M = w => r + 0.5 * (1 - r) * (1 + Math.cos(Math.PI * w));
  } else if (S.name === 'WarmupStepWithFixedGammaLR') {
    M = w => Math.pow(S.gamma, Math.floor((w + 1e-6) * (S.decays + 1)));
  } else {
    assert.fail(`no reference formula for ${S.name}`);
  }
  const L = Math.min(S.wi / S.max, 1);
  const w = t / S.max;
  if (L > 0 && w + 1e-6 <= L) {
    const start = S.wf * M(0);
    if (S.method === 'constant') return S.base * start;
    const x = w / L;
    return S.base * (start * (1 - x) + (S.rescale ? M(0) : M(L)) * x);
  }
  return S.base * (S.rescale ? M((w - L) / (1 - L)) : M(w));
}

/** Iterations where a detectron2 curve turns: the ends, around the warm-up's end and around every step. */
function probes(S: Solver): number[] {
  const ts = new Set([0, 1, S.wi - 1, S.wi, S.wi + 1, Math.floor(S.max / 2), S.max - 1]);
  for (const s of S.steps) for (const d of [-1, 0, 1]) ts.add(s + d);
  return [...ts].filter(t => t >= 0 && t < S.max).sort((a, b) => a - b);
}

describe('real configs as users have them (test/fixtures/realworld)', () => {
  it('the corpus: 300+ schedule configs across the frameworks, each file with its repository, commit and path', () => {
    const listed = new Set(MANIFEST.map(e => e.file));
    assert.equal(listed.size, MANIFEST.length, 'each file listed once');
    for (const e of MANIFEST) {
      assert.match(e.repo, /^[\w.-]+\/[\w.-]+$/, `${e.file}: repository`);
      assert.match(e.commit, /^[0-9a-f]{40}$/, `${e.file}: commit`);
      assert.equal(e.file, `${e.repo.replace('/', '+')}/${e.path}`, `${e.file}: kept at its repository's path`);
      assert.ok(['schedule', 'not-schedule', 'base'].includes(e.kind), `${e.file}: kind ${e.kind}`);
      assert.ok(fs.statSync(path.join(CORPUS, e.file)).isFile(), `${e.file} is in the corpus`);
    }
    // nothing in the corpus that the manifest does not account for
    for (const rel of fs.readdirSync(CORPUS, { recursive: true }).map(String)) {
      const file = rel.split(path.sep).join('/');
      if (file !== 'MANIFEST.json' && fs.statSync(path.join(CORPUS, rel)).isFile()) assert.ok(listed.has(file), `${file} is listed`);
    }
    const schedules = MANIFEST.filter(e => e.kind === 'schedule');
    assert.ok(schedules.length >= 300, `${schedules.length} schedule configs`);
    const frameworks = new Set(schedules.map(e => e.framework));
    for (const f of ['timm', 'huggingface', 'deepspeed', 'detectron2', 'pytorch', 'paddleclas', 'ultralytics']) assert.ok(frameworks.has(f), `a ${f} schedule config`);
    assert.ok(MANIFEST.filter(e => e.kind === 'not-schedule').length >= 100, 'non-schedule files');
  });

  describe('every schedule config is drawn, with no error', () => {
    for (const entry of MANIFEST.filter(e => e.kind === 'schedule')) {
      it(entry.file, () => {
        const analysis = analyzeAsIs(entry);
        const errors = analysis.diagnostics.filter(d => d.severity === 'error');
        assert.deepEqual(errors.map(e => e.code), [], `errors: ${said(analysis)}`);
        assert.ok(analysis.schedules.length >= 1, `no schedule drawn; diagnostics: ${said(analysis)}`);
      });
    }
  });

  describe('a base file opened on its own gets no error', () => {
    for (const entry of MANIFEST.filter(e => e.kind === 'base')) {
      it(entry.file, () => {
        const analysis = analyzeAsIs(entry);
        assert.deepEqual(analysis.diagnostics.filter(d => d.severity === 'error').map(e => e.code), [], said(analysis));
      });
    }
  });

  describe('a file that is no schedule gets no diagnostic at all', () => {
    for (const entry of MANIFEST.filter(e => e.kind === 'not-schedule')) {
      it(entry.file, () => {
        const analysis = analyzeAsIs(entry);
        assert.equal(analysis.diagnostics.length, 0, said(analysis));
      });
    }
  });

  describe('detectron2: the curve is the merged _BASE_ chain\'s', () => {
    it('the reference merge itself: faster_rcnn_R_50_FPN_3x over Base-RCNN-FPN', () => {
      // Base-RCNN-FPN.yaml sets BASE_LR 0.02, STEPS (60000, 80000), MAX_ITER 90000; the _3x file STEPS and MAX_ITER
      const S = solverOf('facebookresearch+detectron2/configs/COCO-Detection/faster_rcnn_R_50_FPN_3x.yaml');
      assert.deepEqual([S.name, S.base, S.steps, S.max, S.gamma, S.wi, S.wf], ['WarmupMultiStepLR', 0.02, [210000, 250000], 270000, 0.1, 1000, 0.001]);
    });
    for (const entry of MANIFEST.filter(e => e.kind === 'schedule' && e.framework === 'detectron2')) {
      it(entry.file, () => {
        const analysis = analyzeAsIs(entry);
        assert.ok(analysis.schedules.length >= 1, `no schedule drawn; diagnostics: ${said(analysis)}`);
        const schedule: Schedule = analysis.schedules[0].schedule;
        const S = solverOf(entry.file);
        assert.equal(S.reference, 0, 'no auto-scaling in the chain (REFERENCE_WORLD_SIZE 0)');
        assert.equal(schedule.totalUpdates, S.max, 'total updates = the chain\'s MAX_ITER');
        for (const t of probes(S)) assertLrClose(curveAt(schedule.curve, t), detectron2Lr(S, t), `lr at iteration ${t}`);
      });
    }
  });
});
