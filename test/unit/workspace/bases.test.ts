import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { curveAt } from '../../../src/core/evaluate';
import type { Diagnostic, InputFacts } from '../../../src/dialects/types';
import { languageFromFileName, parseDocument } from '../../../src/formats/parse';
import { analyze, type Analysis } from '../../../src/service/analyze';
import { hoverAt } from '../../../src/service/hover';
import { DETECTION_THRESHOLD, DIALECTS } from '../../../src/dialects';
import { composedDialect, withBases } from '../../../src/workspace/bases';
import { MAX_CHAIN_BYTES, MAX_CHAIN_FILES } from '../../../src/workspace/files';
import { MemoryFiles } from '../../../src/workspace/memoryFiles';
import { assertLrClose } from '../helpers';

/**
 * Base files (issue 12 §4): detectron2 `_BASE_` chains in the shape of detectron2's model-zoo configs, written for
 * these tests (test/fixtures/chains, see README.md), merged by fvcore's load_yaml_with_base rules; MMEngine `_base_` chains merged by
 * Config._file2dict / _merge_a_into_b. Every file is read through the in-memory workspace.
 */

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/chains');

/** Every file under a fixture folder, at the same relative path under /ws. */
function workspaceOf(folder: string, filePath: string, extra: Record<string, string> = {}, options: { symlinks?: Record<string, string>; pending?: string[]; root?: string } = {}) {
  const files: Record<string, string> = {};
  const base = path.join(FIXTURES, folder);
  for (const rel of fs.readdirSync(base, { recursive: true }) as string[]) {
    const full = path.join(base, rel);
    if (fs.statSync(full).isFile()) files[`/ws/${rel.split(path.sep).join('/')}`] = fs.readFileSync(full, 'utf8');
  }
  return new MemoryFiles({ ...files, ...extra }, { root: options.root ?? '/ws', filePath, symlinks: options.symlinks, pending: options.pending });
}

function analyzeIn(files: MemoryFiles, facts: InputFacts = {}): Analysis {
  const text = files.read(files.filePath);
  assert.equal(text.kind, 'text');
  const language = languageFromFileName(files.filePath)!;
  return analyze((text as { text: string }).text, path.posix.basename(files.filePath), language, { files, overrides: facts, overrideSource: 'context' });
}

function analyzeText(text: string, files: MemoryFiles, facts: InputFacts = {}): Analysis {
  return analyze(text, path.posix.basename(files.filePath), languageFromFileName(files.filePath)!, { files, overrides: facts, overrideSource: 'context' });
}

function only(analysis: Analysis, code: string): Diagnostic {
  const found = analysis.diagnostics.filter(d => d.code === code);
  assert.equal(found.length, 1, `one ${code} in ${JSON.stringify(analysis.diagnostics.map(d => `${d.code}: ${d.message}`))}`);
  return found[0];
}

function codes(analysis: Analysis): string[] {
  return analysis.diagnostics.map(d => d.code);
}

/** The 0-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const line = text.split('\n').findIndex(l => l.includes(needle));
  assert.ok(line >= 0, `${needle} in the text`);
  return line;
}

const D2 = '/ws/configs';
const fixture = (rel: string) => fs.readFileSync(path.join(FIXTURES, rel), 'utf8');

describe('base files', () => {
  describe('detectron2 _BASE_ chains (model-zoo-shaped configs, fvcore load_yaml_with_base)', () => {
    it('a 3x child: the base\'s BASE_LR 0.02 with the file\'s STEPS (210000, 250000) and MAX_ITER 270000', () => {
      const a = analyzeIn(workspaceOf('detectron2', `${D2}/detection/detector_R50_3x.yaml`));
      assert.deepEqual(a.diagnostics.filter(d => d.severity !== 'information').map(d => d.code), []);
      assert.equal(a.schedules.length, 1);
      const { schedule } = a.schedules[0];
      assert.equal(schedule.totalUpdates, 270000);
      // detectron2 defaults: linear warm-up over 1000 iterations from 0.001 × BASE_LR; GAMMA 0.1 at each step
      assertLrClose(curveAt(schedule.curve, 0), 0.02 * 0.001, 'LR');
      assertLrClose(curveAt(schedule.curve, 1000), 0.02, 'LR');
      assertLrClose(curveAt(schedule.curve, 209999), 0.02, 'LR');
      assertLrClose(curveAt(schedule.curve, 210000), 0.002, 'LR');
      assertLrClose(curveAt(schedule.curve, 249999), 0.002, 'LR');
      assertLrClose(curveAt(schedule.curve, 250000), 0.0002, 'LR');
      assertLrClose(curveAt(schedule.curve, 269999), 0.0002, 'LR');
      assert.deepEqual(a.read, [`${D2}/Base-Detector.yaml`]);
      assert.equal(a.pending, false);
    });

    it('every *_3x config of the fixtures peaks at its base\'s BASE_LR (the RetinaNet-style base\'s own 0.01)', () => {
      for (const [file, peak] of [['detection/single_stage_R50_3x.yaml', 0.01], ['keypoints/keypoints_R50_3x.yaml', 0.02]] as const) {
        const a = analyzeIn(workspaceOf('detectron2', `${D2}/${file}`));
        const { schedule } = a.schedules[0];
        assert.equal(schedule.totalUpdates, 270000, file);
        assertLrClose(curveAt(schedule.curve, 100000), peak, 'LR');
        assertLrClose(curveAt(schedule.curve, 260000), peak * 0.01, 'LR');
      }
    });

    it('a chain of two bases (keypoints_R50_3x → Base-Keypoints → Base-Detector) reads both, depth first', () => {
      const a = analyzeIn(workspaceOf('detectron2', `${D2}/keypoints/keypoints_R50_3x.yaml`));
      assert.deepEqual([...a.read].sort(), [`${D2}/Base-Detector.yaml`, `${D2}/keypoints/Base-Keypoints.yaml`]);
      assert.ok(!codes(a).some(c => c.startsWith('d2-base')), codes(a).join());
    });

    it('the file\'s keys override the chain: a smoke run\'s BASE_LR 0.004, STEPS (35,), MAX_ITER 50 over two bases', () => {
      const a = analyzeIn(workspaceOf('detectron2', `${D2}/smoke/proposals_R50_smoke.yaml`));
      const { schedule } = a.schedules[0];
      assert.equal(schedule.totalUpdates, 50);
      assert.equal(a.read.length, 2);
      // WARMUP_ITERS 1000 (default) ≥ MAX_ITER 50: fvcore's WarmupParamScheduler warms up over the whole run
      // (warmup_length = min(1000 / 50, 1)), linearly from 0.001 × s(0) to s(1.0) = 0.1 (past the step at 35)
      assertLrClose(curveAt(schedule.curve, 34), 0.004 * (0.001 + (0.1 - 0.001) * 34 / 50), 'iteration 34');
      assertLrClose(curveAt(schedule.curve, 49), 0.004 * (0.001 + (0.1 - 0.001) * 49 / 50), 'iteration 49');
    });

    it('settings from a base are inherited, with the file and line that set them; the file\'s own stay settings', () => {
      const a = analyzeIn(workspaceOf('detectron2', `${D2}/detection/detector_R50_3x.yaml`));
      const read = a.schedules[0];
      const baseLr = read.inherited?.find(s => s.path === 'SOLVER.BASE_LR');
      assert.ok(baseLr?.origin, 'BASE_LR inherited');
      assert.equal(baseLr.origin.path, `${D2}/Base-Detector.yaml`);
      const baseText = fixture('detectron2/configs/Base-Detector.yaml');
      assert.equal(baseLr.origin.start.line, lineOf(baseText, 'BASE_LR: 0.02'));
      assert.equal(baseText.slice(baseLr.origin.range.start, baseLr.origin.range.end), '0.02');
      // its range in the analysed file is the name of the base, never an offset into the base's text
      const child = fixture('detectron2/configs/detection/detector_R50_3x.yaml');
      assert.equal(child.slice(baseLr.range.start, baseLr.range.end), '"../Base-Detector.yaml"');
      const steps = read.settings.find(s => s.path === 'SOLVER.STEPS');
      assert.ok(steps && !steps.origin);
      assert.equal(child.slice(steps.range.start, steps.range.end), '(210000, 250000)');
      assert.ok(!read.settings.some(s => s.path === 'SOLVER.BASE_LR'));
    });

    it('the hover of `_BASE_` says which file set each value, and at which line', () => {
      const files = workspaceOf('detectron2', `${D2}/detection/detector_R50_3x.yaml`);
      const a = analyzeIn(files);
      const child = fixture('detectron2/configs/detection/detector_R50_3x.yaml');
      const hover = hoverAt(a, child, child.indexOf('Base-Detector'));
      assert.ok(hover);
      const line = lineOf(fixture('detectron2/configs/Base-Detector.yaml'), 'BASE_LR: 0.02') + 1;
      const shown = hover.markdown.replace(/\\(.)/g, '$1');
      assert.ok(shown.includes(`SOLVER.BASE_LR = 0.02 · Base-Detector.yaml line ${line}`), shown);
      // the file's own STEPS keep their own hover
      assert.doesNotMatch(hoverAt(a, child, child.indexOf('210000'))!.markdown, /Set by base files/);
    });

    it('a diagnostic about a base\'s value sits on `_BASE_`, points at the base (related), and has no quick fix there', () => {
      const files = new MemoryFiles({
        '/ws/base.yaml': 'SOLVER:\n  BASE_LR: 1\n  MAX_ITER: 1000\n',
        '/ws/child.yaml': '_BASE_: base.yaml\nSOLVER:\n  STEPS: (500,)\n',
      }, { root: '/ws', filePath: '/ws/child.yaml' });
      const a = analyzeIn(files);
      const d = only(a, 'd2-type-mismatch');
      assert.deepEqual(d.fixes, []);
      // the message quotes the value as the base writes it, not the text of the `_BASE_` entry it sits on
      assert.match(d.message, /`SOLVER\.BASE_LR: 1`/);
      assert.equal(d.range.start, '_BASE_: '.length);
      assert.equal(d.related?.length, 1);
      assert.equal(d.related![0].path, '/ws/base.yaml');
      assert.deepEqual(d.related![0].start, { line: 1, character: '  BASE_LR: '.length });
      // the same value written in the file itself gets its fix
      const own = analyzeText('SOLVER:\n  BASE_LR: 1\n  MAX_ITER: 1000\n  STEPS: (500,)\n', files);
      assert.ok(only(own, 'd2-type-mismatch').fixes?.length);
    });

    it('a missing base is a warning on `_BASE_` naming the file; the file\'s keys and detectron2\'s defaults are drawn', () => {
      const files = new MemoryFiles({ '/ws/c/child.yaml': '_BASE_: "../Base-Missing.yaml"\nSOLVER:\n  BASE_LR: 0.01\n' }, { root: '/ws', filePath: '/ws/c/child.yaml' });
      const a = analyzeIn(files);
      const d = only(a, 'd2-base-missing');
      assert.equal(d.severity, 'warning');
      assert.match(d.message, /Base-Missing\.yaml/);
      assert.match(only(a, 'd2-base-not-read').message, /could not read/);
      assert.equal(a.schedules[0].schedule.totalUpdates, 40000);
      assertLrClose(curveAt(a.schedules[0].schedule.curve, 5000), 0.01, 'LR');
      // a base created later re-analyses this file: its path is among those read
      assert.deepEqual(a.read, ['/ws/Base-Missing.yaml']);
    });

    it('without a workspace the file is read alone, and says so', () => {
      const a = analyze('_BASE_: "../Base-Detector.yaml"\nSOLVER:\n  MAX_ITER: 100\n', 'child.yaml', 'yaml');
      assert.match(only(a, 'd2-base-not-read').message, /only with the workspace/);
      assert.deepEqual(a.read, []);
    });

    it('a base outside the workspace through `..` is not read', () => {
      const files = new MemoryFiles({ '/ws/child.yaml': '_BASE_: "../outside/Base.yaml"\nSOLVER:\n  MAX_ITER: 40000\n', '/outside/Base.yaml': 'SOLVER:\n  BASE_LR: 0.5\n' }, { root: '/ws', filePath: '/ws/child.yaml' });
      const a = analyzeIn(files);
      assert.match(only(a, 'd2-base-outside').message, /outside the workspace/);
      assert.deepEqual(a.read, []);
      assertLrClose(curveAt(a.schedules[0].schedule.curve, 5000), 0.001, 'LR');
    });

    it('a base that is a symlink to a file outside the workspace is not read', () => {
      const files = new MemoryFiles({ '/ws/child.yaml': '_BASE_: "link.yaml"\nSOLVER:\n  MAX_ITER: 40000\n', '/outside/Base.yaml': 'SOLVER:\n  BASE_LR: 0.5\n' },
        { root: '/ws', filePath: '/ws/child.yaml', symlinks: { '/ws/link.yaml': '/outside/Base.yaml' } });
      const a = analyzeIn(files);
      only(a, 'd2-base-outside');
      assertLrClose(curveAt(a.schedules[0].schedule.curve, 5000), 0.001, 'LR');
    });

    it('`~` and URLs are not followed (home directory, network)', () => {
      const files = new MemoryFiles({}, { root: '/ws', filePath: '/ws/child.yaml' });
      assert.match(only(analyzeText('_BASE_: "~/Base.yaml"\nSOLVER:\n  MAX_ITER: 10\n', files), 'd2-base-not-followed').message, /home directory/);
      assert.match(only(analyzeText('_BASE_: "https://example.com/Base.yaml"\nSOLVER:\n  MAX_ITER: 10\n', files), 'd2-base-not-followed').message, /network/);
    });

    it('an absolute `_BASE_` inside the workspace is read', () => {
      const files = new MemoryFiles({ '/ws/configs/Base.yaml': 'SOLVER:\n  BASE_LR: 0.5\n' }, { root: '/ws', filePath: '/ws/x/child.yaml' });
      const a = analyzeText('_BASE_: /ws/configs/Base.yaml\nSOLVER:\n  MAX_ITER: 100\n  WARMUP_ITERS: 0\n  STEPS: (50,)\n', files);
      assertLrClose(curveAt(a.schedules[0].schedule.curve, 10), 0.5, 'LR');
    });

    it('a cycle (a → b → a) and a file naming itself are warnings, and the analysis ends', () => {
      const files = new MemoryFiles({
        '/ws/a.yaml': '_BASE_: b.yaml\nSOLVER:\n  MAX_ITER: 100\n',
        '/ws/b.yaml': '_BASE_: a.yaml\nSOLVER:\n  BASE_LR: 0.3\n',
      }, { root: '/ws', filePath: '/ws/a.yaml' });
      const d = only(analyzeIn(files), 'd2-base-cycle');
      assert.equal(d.severity, 'warning');
      assert.match(d.message, /`a\.yaml` → `b\.yaml` → `a\.yaml`/);
      const self = new MemoryFiles({ '/ws/a.yaml': '_BASE_: ./a.yaml\nSOLVER:\n  MAX_ITER: 100\n' }, { root: '/ws', filePath: '/ws/a.yaml' });
      only(analyzeIn(self), 'd2-base-cycle');
    });

    it(`at most ${MAX_CHAIN_FILES} base files are read for one config`, () => {
      const chain: Record<string, string> = {};
      for (let i = 0; i < 40; i++) chain[`/ws/f${i}.yaml`] = `_BASE_: f${i + 1}.yaml\nSOLVER:\n  MAX_ITER: ${1000 + i}\n`;
      chain['/ws/f40.yaml'] = 'SOLVER:\n  BASE_LR: 0.7\n';
      const a = analyzeIn(new MemoryFiles(chain, { root: '/ws', filePath: '/ws/f0.yaml' }));
      only(a, 'd2-base-limit');
      assert.equal(a.read.length, MAX_CHAIN_FILES);
      assert.equal(a.schedules[0].schedule.totalUpdates, 1000);
    });

    it('a list of thousands of missing bases is looked up a bounded number of times', () => {
      const names = Array.from({ length: 5000 }, (_, i) => `m${i}.yaml`);
      const files = new MemoryFiles({}, { root: '/ws', filePath: '/ws/c.yaml' });
      const text = `_base_: [${names.join(', ')}]\ntrain_cfg:\n  type: IterBasedTrainLoop\n  max_iters: 100\n`;
      const document = parseDocument(text, 'yaml');
      const based = withBases('mmengine', { fileName: 'c.yaml', text, document, root: document.roots[0]!, context: { facts: {}, sources: {}, versions: {} } }, files);
      assert.ok(files.asked.length <= 4 * MAX_CHAIN_FILES, `${files.asked.length} look-ups`);
      assert.equal(based.diagnostics.filter(d => d.code === 'mm-base-limit').length, 1);
      assert.equal(based.input.bases?.state, 'partial');
    });

    it(`at most ${MAX_CHAIN_BYTES.toLocaleString('en-US')} bytes of base files are read for one config`, () => {
      // 20 bases of 60 KB each (under YAML's own 64 KB limit): the chain passes 1 MB at the 18th
      const padding = `#${'x'.repeat(99)}\n`.repeat(600);
      const chain: Record<string, string> = {};
      for (let i = 1; i <= 20; i++) chain[`/ws/f${i}.yaml`] = `${i < 20 ? `_BASE_: f${i + 1}.yaml\n` : ''}SOLVER:\n  WARMUP_ITERS: ${i}\n${padding}`;
      chain['/ws/f0.yaml'] = '_BASE_: f1.yaml\nSOLVER:\n  MAX_ITER: 100\n';
      const a = analyzeIn(new MemoryFiles(chain, { root: '/ws', filePath: '/ws/f0.yaml' }));
      only(a, 'd2-base-too-large');
      assert.ok(a.read.length <= Math.ceil(MAX_CHAIN_BYTES / padding.length) + 1, `${a.read.length} files read`);
      // one file over the limit is refused by its size, unread
      const big = new MemoryFiles({ '/ws/big.yaml': 'x'.repeat(MAX_CHAIN_BYTES + 1) }, { root: '/ws', filePath: '/ws/child.yaml' });
      assert.match(only(analyzeText('_BASE_: big.yaml\nSOLVER:\n  MAX_ITER: 100\n', big), 'd2-base-too-large').message, /1,048,577 bytes/);
    });

    it('an unparsable base is a warning pointing at its syntax error', () => {
      const files = new MemoryFiles({ '/ws/base.yaml': 'SOLVER:\n  BASE_LR: [0.1\n' }, { root: '/ws', filePath: '/ws/child.yaml' });
      const d = only(analyzeText('_BASE_: base.yaml\nSOLVER:\n  MAX_ITER: 100\n', files), 'd2-base-unparsable');
      assert.equal(d.related?.[0].path, '/ws/base.yaml');
      assert.match(d.message, /base\.yaml/);
    });

    it('a mapping over a base value that is not one fails as fvcore asserts ("Cannot inherit key")', () => {
      const files = new MemoryFiles({ '/ws/base.yaml': 'SOLVER: 5\n' }, { root: '/ws', filePath: '/ws/child.yaml' });
      const d = only(analyzeText('_BASE_: base.yaml\nSOLVER:\n  MAX_ITER: 100\n', files), 'd2-base-cannot-inherit');
      assert.equal(d.severity, 'error');
      assert.match(d.message, /Cannot inherit key 'SOLVER'/);
    });

    it('a list in `_BASE_` is what fvcore fails on', () => {
      const files = new MemoryFiles({}, { root: '/ws', filePath: '/ws/child.yaml' });
      only(analyzeText('_BASE_: [a.yaml, b.yaml]\nSOLVER:\n  MAX_ITER: 100\n', files), 'd2-base-not-a-name');
    });

    it('a file still loading makes the analysis pending, with no diagnostic about it; loaded, it is merged', () => {
      const files = new MemoryFiles({ '/ws/base.yaml': 'SOLVER:\n  BASE_LR: 0.5\n' }, { root: '/ws', filePath: '/ws/child.yaml', pending: ['/ws/base.yaml'] });
      const text = '_BASE_: base.yaml\nSOLVER:\n  MAX_ITER: 100\n  WARMUP_ITERS: 0\n  STEPS: (50,)\n';
      const first = analyzeText(text, files);
      assert.equal(first.pending, true);
      assert.ok(!codes(first).some(c => c.startsWith('d2-base-') && c !== 'd2-base-not-read'), codes(first).join());
      files.load('/ws/base.yaml');
      const second = analyzeText(text, files);
      assert.equal(second.pending, false);
      assertLrClose(curveAt(second.schedules[0].schedule.curve, 10), 0.5, 'LR');
    });

    it('keys named like Object.prototype members merge as plain keys', () => {
      const files = new MemoryFiles({ '/ws/base.yaml': '__proto__:\n  x: 1\nconstructor: 2\nSOLVER:\n  BASE_LR: 0.5\n  toString: 3\n' }, { root: '/ws', filePath: '/ws/child.yaml' });
      const a = analyzeText('_BASE_: base.yaml\n__proto__:\n  y: 2\nconstructor:\n  z: 1\nSOLVER:\n  MAX_ITER: 100\n  WARMUP_ITERS: 0\n  STEPS: (50,)\n', files);
      assertLrClose(curveAt(a.schedules[0].schedule.curve, 10), 0.5, 'LR');
      only(a, 'd2-base-cannot-inherit');
    });
  });

  describe('MMEngine _base_ (JSON and YAML)', () => {
    const golden = JSON.parse(fs.readFileSync(path.resolve(FIXTURES, '../golden/mmengine/mm-iter-based-linear-warmup-poly.json'), 'utf8')) as { lr: number[]; context: { steps_per_epoch: number; world_size: number } };

    it('a golden config split into a JSON and a YAML base merges back to the golden curve (mmengine 0.10.7)', () => {
      const files = workspaceOf('mmengine', '/ws/configs/segformer/segformer_mit-b0_8xb2-2k_ade20k.json');
      const a = analyzeIn(files, { steps_per_epoch: golden.context.steps_per_epoch, world_size: golden.context.world_size });
      assert.ok(!a.diagnostics.some(d => d.severity === 'error' || d.severity === 'warning'), JSON.stringify(a.diagnostics));
      assert.equal(a.read.length, 2);
      const { schedule } = a.schedules[0];
      assert.equal(schedule.totalUpdates, golden.lr.length);
      for (let i = 0; i < golden.lr.length; i += 37) assertLrClose(curveAt(schedule.curve, i), golden.lr[i], 'LR');
      assertLrClose(curveAt(schedule.curve, golden.lr.length - 1), golden.lr[golden.lr.length - 1], 'LR');
    });

    it('nested dicts merge key by key: the file\'s lr over the base\'s optimizer', () => {
      const files = new MemoryFiles({
        '/ws/_base_/schedule.yaml': 'optim_wrapper:\n  optimizer:\n    type: SGD\n    lr: 0.02\n    momentum: 0.9\nparam_scheduler:\n  type: MultiStepLR\n  by_epoch: false\n  milestones: [50]\n  gamma: 0.1\ntrain_cfg:\n  type: IterBasedTrainLoop\n  max_iters: 100\n',
      }, { root: '/ws', filePath: '/ws/c.yaml' });
      const a = analyzeText('_base_: ./_base_/schedule.yaml\noptim_wrapper:\n  optimizer:\n    lr: 0.04\n', files);
      const { schedule } = a.schedules[0];
      assertLrClose(curveAt(schedule.curve, 10), 0.04, 'LR');
      assertLrClose(curveAt(schedule.curve, 60), 0.004, 'LR');
      assert.ok(a.schedules[0].inherited?.some(s => s.path === 'param_scheduler' && s.origin?.path === '/ws/_base_/schedule.yaml'));
    });

    it('`_delete_: true` replaces the base\'s dict: its lr is gone', () => {
      const files = new MemoryFiles({
        '/ws/base.json': '{"optim_wrapper": {"optimizer": {"type": "SGD", "lr": 0.02}}, "train_cfg": {"type": "IterBasedTrainLoop", "max_iters": 100}}',
      }, { root: '/ws', filePath: '/ws/c.json' });
      const merged = analyzeText('{"_base_": "base.json", "optim_wrapper": {"optimizer": {"type": "AdamW"}}}', files);
      assertLrClose(curveAt(merged.schedules[0].schedule.curve, 10), 0.02, 'LR');
      const deleted = analyzeText('{"_base_": "base.json", "optim_wrapper": {"_delete_": true, "optimizer": {"type": "AdamW"}}}', files);
      assert.equal(only(deleted, 'mm-missing-lr').severity, 'error');
      assert.equal(deleted.schedules.length, 0);
    });

    it('a key set by two bases is MMEngine\'s KeyError "Duplicate key is not allowed among bases"', () => {
      const files = new MemoryFiles({
        '/ws/a.yaml': 'train_cfg:\n  type: IterBasedTrainLoop\n  max_iters: 100\noptim_wrapper:\n  optimizer:\n    lr: 0.1\n',
        '/ws/b.yaml': 'train_cfg:\n  type: IterBasedTrainLoop\n  max_iters: 200\n',
      }, { root: '/ws', filePath: '/ws/c.yaml' });
      const a = analyzeText('_base_: [a.yaml, b.yaml]\nparam_scheduler:\n  type: ConstantLR\n  factor: 1.0\n  by_epoch: false\n', files);
      const d = only(a, 'mm-base-duplicate-key');
      assert.equal(d.severity, 'error');
      assert.match(d.message, /train_cfg/);
      assert.equal(d.related?.[0].path, '/ws/b.yaml');
    });

    it('a Python base is an information (a later version reads it); a key it may set is no error', () => {
      const files = new MemoryFiles({}, { root: '/ws', filePath: '/ws/c.yaml' });
      const a = analyzeText("_base_: ['../_base_/schedules/schedule_1x.py']\ntrain_cfg:\n  type: IterBasedTrainLoop\n  max_iters: 100\n", files);
      assert.equal(only(a, 'mm-base-not-followed').severity, 'information');
      assert.ok(!a.diagnostics.some(d => d.severity === 'error'), JSON.stringify(a.diagnostics));
      assert.match(only(a, 'mm-missing-optimizer').message, /could not read/);
    });

    it('with the whole chain read, a key no file sets is an error again', () => {
      const files = new MemoryFiles({ '/ws/a.yaml': 'train_cfg:\n  type: IterBasedTrainLoop\n  max_iters: 100\n' }, { root: '/ws', filePath: '/ws/c.yaml' });
      const a = analyzeText('_base_: a.yaml\nparam_scheduler:\n  type: ConstantLR\n  by_epoch: false\n', files);
      assert.equal(only(a, 'mm-missing-optimizer').severity, 'error');
    });
  });
});

describe('Hydra defaults lists (PyTorch dialect)', () => {
  const SGD = '_target_: torch.optim.SGD\nlr: 1.0\nmomentum: 0.9\n';
  const STEP = 'lr_scheduler:\n  _target_: torch.optim.lr_scheduler.StepLR\n  step_size: 3\n  gamma: 0.5\n';
  const facts: InputFacts = { scheduler_interval: 'step', max_steps: 12 };
  /** dialects.md Appendix A: StepLR(step_size=3, gamma=0.5) on SGD at lr 1.0 */
  const STEP_VALUES = [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25];
  const values = (a: Analysis, n: number) => Array.from({ length: n }, (_, i) => curveAt(a.schedules[0].schedule.curve, i));

  it('`- group: option` puts conf/group/option.yaml under `group`: the optimizer\'s lr comes from the group file', () => {
    const files = new MemoryFiles({ '/ws/conf/optimizer/sgd.yaml': SGD }, { root: '/ws', filePath: '/ws/conf/config.yaml' });
    const a = analyzeText(`defaults:\n  - optimizer: sgd\n  - _self_\n${STEP}`, files, facts);
    assert.deepEqual(a.dialects, ['pytorch']);
    assert.deepEqual(values(a, 8), STEP_VALUES);
    assert.deepEqual(a.read, ['/ws/conf/optimizer/sgd.yaml']);
  });

  it('`_self_` decides who wins: last by default (Hydra 1.1), first lets the group override the file', () => {
    const files = new MemoryFiles({ '/ws/conf/optimizer/sgd.yaml': SGD }, { root: '/ws', filePath: '/ws/conf/config.yaml' });
    const own = 'optimizer:\n  lr: 2.0\n';
    assertLrClose(values(analyzeText(`defaults:\n  - optimizer: sgd\n${own}${STEP}`, files, facts), 1)[0], 2.0, 'no _self_: the file last');
    assertLrClose(values(analyzeText(`defaults:\n  - _self_\n  - optimizer: sgd\n${own}${STEP}`, files, facts), 1)[0], 1.0, '_self_ first: the group file last');
  });

  it('`# @package _global_` puts a group file at the root; `override` in the primary picks another option for a nested list', () => {
    const files = new MemoryFiles({
      '/ws/conf/schedule/step.yaml': `# @package _global_\n${STEP}`,
      '/ws/conf/base_train.yaml': 'defaults:\n  - optimizer: sgd\n',
      '/ws/conf/optimizer/sgd.yaml': SGD,
      '/ws/conf/optimizer/fast.yaml': '_target_: torch.optim.SGD\nlr: 4.0\n',
    }, { root: '/ws', filePath: '/ws/conf/config.yaml' });
    const a = analyzeText('defaults:\n  - base_train\n  - schedule: step\n  - override optimizer: fast\n  - _self_\nlr_scheduler:\n  _target_: torch.optim.lr_scheduler.StepLR\n', files, facts);
    assert.deepEqual(values(a, 8), STEP_VALUES.map(v => v * 4));
    assert.ok(!a.read.includes('/ws/conf/optimizer/sgd.yaml'));
  });

  it('`/group: option` is found from the config directory above an experiment file', () => {
    const files = new MemoryFiles({ '/ws/conf/optimizer/sgd.yaml': SGD }, { root: '/ws', filePath: '/ws/conf/experiment/exp.yaml' });
    const a = analyzeText(`# @package _global_\ndefaults:\n  - /optimizer: sgd\n${STEP}`, files, facts);
    assert.deepEqual(values(a, 8), STEP_VALUES);
  });

  it('a missing option is a warning naming it; `optional`, `null` and Hydra\'s own `hydra/` groups are not', () => {
    const files = new MemoryFiles({ '/ws/conf/optimizer/sgd.yaml': SGD }, { root: '/ws', filePath: '/ws/conf/config.yaml' });
    const quiet = analyzeText(`defaults:\n  - optimizer: sgd\n  - optional local: default\n  - logger: null\n  - hydra: default\n  - override hydra/launcher: submitit\n  - _self_\n${STEP}`, files, facts);
    assert.ok(!quiet.diagnostics.some(d => d.code.startsWith('pt-base') || d.code.startsWith('pt-hydra')), JSON.stringify(quiet.diagnostics));
    const missing = analyzeText(`defaults:\n  - optimizer: adamw\n  - _self_\n${STEP}`, files, facts);
    const d = only(missing, 'pt-base-missing');
    assert.match(d.message, /optimizer: adamw/);
    assert.match(d.message, /conf\/optimizer\/adamw\.yaml/);
  });
});

describe('composedDialect: a Hydra primary config that names its scheduler only in `defaults`', () => {
  it('is the PyTorch dialect once composed, and Hydra\'s own `hydra` node is left out', () => {
    const files = new MemoryFiles({
      '/ws/conf/optimizer/sgd.yaml': '# @package _group_\n_target_: torch.optim.SGD\nlr: 0.1\n',
      '/ws/conf/scheduler/cosine.yaml': '# @package _group_\n_target_: torch.optim.lr_scheduler.CosineAnnealingLR\nT_max: 90\n',
    }, { root: '/ws', filePath: '/ws/conf/config.yaml' });
    const text = 'defaults:\n  - optimizer: sgd\n  - scheduler: cosine\nhydra:\n  run:\n    dir: ${now:%Y}\ntrainer:\n  max_epochs: 90\n';
    const document = parseDocument(text, 'yaml');
    const input = { fileName: 'config.yaml', text, document, root: document.roots[0]!, context: { facts: {}, sources: {}, versions: {} } };
    // alone, no dialect takes it
    assert.deepEqual(analyze(text, 'config.yaml', 'yaml').dialects, []);
    const seen: string[][] = [];
    const composed = composedDialect(input, files, i => {
      seen.push(i.root.kind === 'object' ? i.root.entries.map(e => e.key) : []);
      return DIALECTS.find(d => d.detect(i) >= DETECTION_THRESHOLD)?.id;
    });
    assert.equal(composed.dialect, 'pytorch');
    assert.deepEqual([...composed.read].sort(), ['/ws/conf/optimizer/sgd.yaml', '/ws/conf/scheduler/cosine.yaml']);
    assert.deepEqual(seen[0].sort(), ['optimizer', 'scheduler', 'trainer']);
  });
});
