import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { curveAt } from '../../../src/core/evaluate';
import type { Schedule } from '../../../src/core/schedule';
import { detectron2Dialect } from '../../../src/dialects/detectron2';
import { autoScale, roundHalfEven } from '../../../src/dialects/detectron2/solverSchedule';
import { literalEval, yacsAccepts } from '../../../src/dialects/detectron2/yacsValues';
import type { Diagnostic, InputFacts } from '../../../src/dialects/types';
import { parseDocument } from '../../../src/formats/parse';
import { analyze } from '../../../src/service/analyze';
import { assertLrClose } from '../helpers';

/**
 * detectron2 yacs configs. Expected values are dialects.md Appendix A.5 (detectron2 + fvcore run on a stand-in
 * optimizer, 6 decimals), the golden README, or derived by hand from build_lr_scheduler / fvcore / yacs.
 */

function analyzeD2(text: string, facts: InputFacts = {}, fileName = 'config.yaml') {
  return analyze(text, fileName, 'yaml', { overrides: facts, overrideSource: 'context' });
}

function d2Schedule(text: string, facts: InputFacts = {}): Schedule {
  const analysis = analyzeD2(text, facts);
  assert.deepEqual(analysis.dialects, ['detectron2']);
  assert.deepEqual(analysis.diagnostics.filter(d => d.severity === 'error').map(d => d.message), []);
  assert.equal(analysis.schedules.length, 1);
  return analysis.schedules[0].schedule;
}

function diagnostic(text: string, code: string, facts: InputFacts = {}): Diagnostic {
  const found = analyzeD2(text, facts).diagnostics.find(d => d.code === code);
  assert.ok(found, `expected diagnostic ${code}; got ${analyzeD2(text, facts).diagnostics.map(d => d.code).join(', ')}`);
  return found;
}

function assertSequence(schedule: Schedule, expected: number[]): void {
  assert.equal(schedule.totalUpdates, expected.length);
  for (let t = 0; t < expected.length; t++) {
    const actual = curveAt(schedule.curve, t);
    assert.ok(Math.abs(actual - expected[t]) <= 5e-7, `t=${t}: got ${actual}, expected ${expected[t]}`);
  }
}

function applyFix(text: string, d: Diagnostic): string {
  const edit = d.fixes![0].edits[0];
  return text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
}

/** Appendix A.5: MAX_ITER 20, BASE_LR 1, WARMUP_ITERS 5, WARMUP_FACTOR 0.1. */
function a5(extra: string): string {
  return `MODEL:\n  META_ARCHITECTURE: "GeneralizedRCNN"\nSOLVER:\n  BASE_LR: 1.0\n  MAX_ITER: 20\n  WARMUP_ITERS: 5\n  WARMUP_FACTOR: 0.1\n${extra}`;
}

const GOLDEN = path.resolve(__dirname, '../../../../test/fixtures/golden');

describe('detectron2 dialect', () => {
  describe('detection', () => {
    it('recognises a yacs config by its SOLVER block, or MODEL with _BASE_', () => {
      assert.deepEqual(analyzeD2('SOLVER:\n  BASE_LR: 0.02\n  MAX_ITER: 1000\n').dialects, ['detectron2']);
      assert.deepEqual(analyzeD2('_BASE_: "../Base-RCNN-FPN.yaml"\nMODEL:\n  WEIGHTS: "detectron2://ImageNetPretrained/MSRA/R-50.pkl"\n').dialects, ['detectron2']);
    });

    it('stays below 0.5 for every other framework golden file and for LR Lens files', () => {
      for (const framework of fs.readdirSync(GOLDEN).filter(f => f !== 'detectron2' && !f.includes('.'))) {
        for (const file of fs.readdirSync(path.join(GOLDEN, framework))) {
          const c = JSON.parse(fs.readFileSync(path.join(GOLDEN, framework, file), 'utf8'));
          const document = parseDocument(c.file.text, c.file.language);
          for (const root of document.roots) {
            if (!root) continue;
            const score = detectron2Dialect.detect({ fileName: c.file.name, text: c.file.text, document, root, context: { facts: {}, sources: {}, versions: {} } });
            assert.ok(score < 0.5, `${framework}/${c.id}: ${score}`);
          }
        }
      }
      assert.equal(analyzeD2('lr: 0.1\nbatch: 256\nepochs: 90\ndecay: { type: cosine }\n', {}, 'r50.lrschedule.yaml').dialects.includes('detectron2'), false);
      assert.equal(analyzeD2('model: { META_ARCHITECTURE: x }\nlearning_rate: 0.1\nmax_steps: 10\n').dialects.includes('detectron2'), false);
    });
  });

  describe('schedules (Appendix A.5)', () => {
    it('WarmupMultiStepLR: linear warm-up from WARMUP_FACTOR, decays at each STEP', () => {
      assertSequence(d2Schedule(a5('  STEPS: (10, 15)\n  GAMMA: 0.1\n')),
        [0.1, 0.28, 0.46, 0.64, 0.82, 1.0, 1.0, 1.0, 1.0, 1.0, 0.1, 0.1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.01, 0.01]);
    });
    it('WarmupCosineLR: the warm-up ends on the cosine (0.868 at t = 5), the last iteration above BASE_LR_END', () => {
      assertSequence(d2Schedule(a5('  LR_SCHEDULER_NAME: "WarmupCosineLR"\n  BASE_LR_END: 0.1\n')),
        [0.1, 0.25364, 0.407279, 0.560919, 0.714558, 0.868198, 0.814503, 0.754296, 0.689058, 0.620396, 0.55, 0.479604, 0.410942, 0.345704, 0.285497, 0.231802, 0.185942, 0.149047, 0.122025, 0.10554]);
    });
    it('WarmupCosineLR with RESCALE_INTERVAL: the cosine starts at BASE_LR after the warm-up', () => {
      assertSequence(d2Schedule(a5('  LR_SCHEDULER_NAME: WarmupCosineLR\n  BASE_LR_END: 0.1\n  RESCALE_INTERVAL: True\n')),
        [0.1, 0.28, 0.46, 0.64, 0.82, 1.0, 0.990166, 0.961095, 0.914058, 0.851109, 0.775, 0.689058, 0.597038, 0.502962, 0.410942, 0.325, 0.248891, 0.185942, 0.138905, 0.109834]);
    });
    it('WarmupStepWithFixedGammaLR without RESCALE_INTERVAL: the warm-up swallows the first stage', () => {
      assertSequence(d2Schedule(a5('  LR_SCHEDULER_NAME: WarmupStepWithFixedGammaLR\n  NUM_DECAYS: 3\n  GAMMA: 0.5\n')),
        [0.1, 0.18, 0.26, 0.34, 0.42, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125, 0.125, 0.125]);
    });
    it('WARMUP_METHOD constant holds BASE_LR × WARMUP_FACTOR', () => {
      assertSequence(d2Schedule(a5('  STEPS: (10, 15)\n  WARMUP_METHOD: constant\n')),
        [0.1, 0.1, 0.1, 0.1, 0.1, 1.0, 1.0, 1.0, 1.0, 1.0, 0.1, 0.1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.01, 0.01]);
    });
    it('unset keys take defaults.py values (golden d2-multistep-default-warmup: 1000 warm-up iterations from 0.001)', () => {
      const s = d2Schedule('SOLVER:\n  BASE_LR: 0.02\n  STEPS: (2000, 2600)\n  MAX_ITER: 3000\n');
      assert.equal(s.totalUpdates, 3000);
      assertLrClose(curveAt(s.curve, 0), 0.02 * 0.001, 't=0');
      assertLrClose(curveAt(s.curve, 1), 0.02 * (0.001 * (1 - 1 / 1000) + 1 / 1000), 't=1');
      assertLrClose(curveAt(s.curve, 1000), 0.02, 'warm-up end');
      assertLrClose(curveAt(s.curve, 2000), 0.002, 'first step');
      assertLrClose(curveAt(s.curve, 2999), 0.0002, 'last iteration');
      assert.equal(d2Schedule('MODEL:\n  META_ARCHITECTURE: "GeneralizedRCNN"\nSOLVER:\n  IMS_PER_BATCH: 16\n').totalUpdates, 40000);
    });
  });

  describe('quirks', () => {
    it('yacs literal_evals strings: STEPS "(2000, 2600)" is a tuple, BASE_LR 1e-3 (a PyYAML string) is 0.001', () => {
      const s = d2Schedule('SOLVER:\n  BASE_LR: 1e-3\n  STEPS: (200, 260)\n  MAX_ITER: 300\n  WARMUP_ITERS: 0\n');
      assertLrClose(curveAt(s.curve, 0), 0.001, 't=0');
      assertLrClose(curveAt(s.curve, 260), 0.00001, 't=260');
      assert.deepEqual(literalEval('(30000,)'), { type: 'tuple', items: [{ type: 'int', value: 30000 }] });
      assert.deepEqual(literalEval('60000, 80000'), { type: 'tuple', items: [{ type: 'int', value: 60000 }, { type: 'int', value: 80000 }] });
      assert.deepEqual(literalEval('1e-3'), { type: 'float', value: 0.001 });
      assert.equal(literalEval('WarmupCosineLR'), undefined);
      assert.equal(literalEval('010'), undefined);
    });
    it('yacs type check: an int where the default is a float is a Type mismatch (d2-type-mismatch, fix 1.0)', () => {
      const text = 'SOLVER:\n  BASE_LR: 1\n  MAX_ITER: 100\n';
      const d = diagnostic(text, 'd2-type-mismatch');
      assert.equal(d.severity, 'error');
      assert.equal(applyFix(text, d), 'SOLVER:\n  BASE_LR: 1.0\n  MAX_ITER: 100\n');
      // yacs stops there, but the reader goes on with the value the fix writes: the curve is the fixed file's
      const [read] = analyzeD2(text).schedules;
      const [fixed] = analyzeD2(applyFix(text, d)).schedules;
      assert.ok(d.recoverable && read && fixed);
      assert.deepEqual(read.schedule.curve, fixed.schedule.curve);
      // PyYAML reads 1e4 as a string, literal_eval makes it the float 10000.0: MAX_ITER wants an int.
      diagnostic('SOLVER:\n  MAX_ITER: 1e4\n', 'd2-type-mismatch');
      assert.equal(applyFix('SOLVER:\n  MAX_ITER: 3000.0\n', diagnostic('SOLVER:\n  MAX_ITER: 3000.0\n', 'd2-type-mismatch')), 'SOLVER:\n  MAX_ITER: 3000\n');
      assert.equal(applyFix('SOLVER:\n  STEPS: 500\n', diagnostic('SOLVER:\n  STEPS: 500\n', 'd2-type-mismatch')), 'SOLVER:\n  STEPS: (500,)\n');
      assert.equal(yacsAccepts('list', 'tuple'), true);
      assert.equal(yacsAccepts('none', 'float'), true);
      assert.equal(yacsAccepts('int', 'float'), false);
    });
    it('a list item is not literal_eval\'d: STEPS [1e4] holds a string (d2-steps-not-numbers)', () => {
      diagnostic('SOLVER:\n  STEPS: [1e4]\n  MAX_ITER: 20000\n', 'd2-steps-not-numbers');
      assertLrClose(curveAt(d2Schedule('SOLVER:\n  STEPS: [100, 150]\n  MAX_ITER: 200\n  WARMUP_ITERS: 0\n  BASE_LR: 0.1\n').curve, 150), 0.001, 'list STEPS');
    });
    it('REFERENCE_WORLD_SIZE auto-scaling rounds halves to even, as Python does', () => {
      assert.deepEqual([roundHalfEven(2.5), roundHalfEven(3.5), roundHalfEven(250.5), roundHalfEven(2499.5), roundHalfEven(-0.5)], [2, 4, 250, 2500, 0]);
      assert.deepEqual(autoScale({ imsPerBatch: 16, baseLr: 0.02, maxIter: 4999, warmupIters: 501, steps: [3001, 4001] }, 8, 16),
        { scale: 2, imsPerBatch: 32, baseLr: 0.04, maxIter: 2500, warmupIters: 250, steps: [1500, 2000] });
      const s = d2Schedule('SOLVER:\n  IMS_PER_BATCH: 16\n  BASE_LR: 0.02\n  STEPS: (3001, 4001)\n  MAX_ITER: 4999\n  WARMUP_ITERS: 501\n  REFERENCE_WORLD_SIZE: 8\n', { world_size: 16 });
      assert.equal(s.totalUpdates, 2500);
      assertLrClose(curveAt(s.curve, 0), 0.04 * 0.001, 't=0');
      assertLrClose(curveAt(s.curve, 250), 0.04, 'warm-up end at 250');
      assertLrClose(curveAt(s.curve, 1499), 0.04, 't=1499');
      assertLrClose(curveAt(s.curve, 1500), 0.004, 'step 1500');
      assertLrClose(curveAt(s.curve, 2000), 0.0004, 'step 2000');
      assert.equal(diagnostic('SOLVER:\n  IMS_PER_BATCH: 16\n  REFERENCE_WORLD_SIZE: 8\n', 'd2-auto-scale', { world_size: 4 }).severity, 'information');
    });
    it('without a world_size fact the config runs at its REFERENCE_WORLD_SIZE (an assumption)', () => {
      const s = d2Schedule('SOLVER:\n  BASE_LR: 0.02\n  MAX_ITER: 6000\n  STEPS: (4000, 5000)\n  REFERENCE_WORLD_SIZE: 8\n');
      assert.equal(s.totalUpdates, 6000);
      assert.deepEqual(s.assumptions.map(a => [a.fact, a.value, a.source]), [['world_size', 8, 'default']]);
    });
    it('fvcore\'s WHERE_EPSILON moves a step 2 iterations earlier when MAX_ITER = 2,000,000', () => {
      // int((t / 2e6 + 1e-6) × 2e6) is 1000000 already at t = 999998 (evaluated in Python).
      const s = d2Schedule('SOLVER:\n  BASE_LR: 1.0\n  MAX_ITER: 2000000\n  STEPS: (1000000,)\n  WARMUP_ITERS: 0\n');
      assertLrClose(curveAt(s.curve, 999997), 1, 't=999997');
      assertLrClose(curveAt(s.curve, 999998), 0.1, 't=999998');
    });
    it('STEPS beyond MAX_ITER are dropped with a warning (d2-steps-dropped)', () => {
      const text = 'SOLVER:\n  BASE_LR: 1.0\n  MAX_ITER: 100\n  STEPS: (50, 150)\n  WARMUP_ITERS: 0\n';
      assert.equal(diagnostic(text, 'd2-steps-dropped').severity, 'warning');
      assertLrClose(curveAt(d2Schedule(text).curve, 99), 0.1, 'only one decay');
    });
    it('a step equal to MAX_ITER fails in fvcore (d2-milestone-at-max-iter); steps must increase (d2-steps-order)', () => {
      diagnostic(a5('  STEPS: (10, 20)\n'), 'd2-milestone-at-max-iter');
      diagnostic(a5('  STEPS: (15, 10)\n'), 'd2-steps-order');
      diagnostic(a5('  STEPS: (0, 10)\n'), 'd2-steps-order');
    });
    it('WarmupStepWithFixedGammaLR ends training with IndexError (d2-fixed-gamma-index-error) and swallows its first stage (d2-warmup-swallows-stage)', () => {
      const text = a5('  LR_SCHEDULER_NAME: WarmupStepWithFixedGammaLR\n  NUM_DECAYS: 3\n  GAMMA: 0.5\n');
      assert.equal(diagnostic(text, 'd2-fixed-gamma-index-error').severity, 'warning');
      assert.equal(diagnostic(text, 'd2-warmup-swallows-stage').severity, 'warning');
      diagnostic(a5('  LR_SCHEDULER_NAME: WarmupStepWithFixedGammaLR\n  GAMMA: 0.0\n'), 'd2-fixed-gamma-args');
    });
    it('the cosine warm-up ends below BASE_LR (d2-cosine-warmup-below-peak) and the last iteration stays above BASE_LR_END (d2-last-iter-above-end)', () => {
      const text = a5('  LR_SCHEDULER_NAME: WarmupCosineLR\n  BASE_LR_END: 0.1\n');
      assert.match(diagnostic(text, 'd2-cosine-warmup-below-peak').message, /0\.868198/);
      assert.equal(diagnostic(text, 'd2-last-iter-above-end').severity, 'information');
      assert.equal(diagnostic(text, 'd2-post-v06').severity, 'information');
    });
  });

  describe('diagnostics', () => {
    it('unknown LR_SCHEDULER_NAME and WARMUP_METHOD get "did you mean"', () => {
      assert.match(diagnostic('SOLVER:\n  LR_SCHEDULER_NAME: WarmupCosineLr\n', 'd2-unknown-scheduler').message, /Did you mean `WarmupCosineLR`\?/);
      assert.match(diagnostic('SOLVER:\n  WARMUP_METHOD: linaer\n', 'd2-unknown-warmup-method').message, /Did you mean `linear`\?/);
    });
    it('an unknown SOLVER key is a yacs KeyError unless a project adds it (d2-unknown-key)', () => {
      const d = diagnostic('SOLVER:\n  MAX_ITER: 5000\n  WARMUP_ITER: 100\n', 'd2-unknown-key');
      assert.equal(d.severity, 'warning');
      assert.match(d.message, /Did you mean `WARMUP_ITERS`\?/);
    });
    it('_BASE_ is not read: keys missing here are shown with defaults (d2-base-not-read)', () => {
      const d = diagnostic('_BASE_: "../Base-RCNN-FPN.yaml"\nSOLVER:\n  BASE_LR: 0.01\n', 'd2-base-not-read');
      assert.equal(d.severity, 'warning');
      assert.match(d.message, /MAX_ITER/);
    });
    it('rejects what build_lr_scheduler rejects: BASE_LR_END/BASE_LR outside [0, 1], MAX_ITER ≤ 0, a bad REFERENCE_WORLD_SIZE', () => {
      diagnostic('SOLVER:\n  LR_SCHEDULER_NAME: WarmupCosineLR\n  BASE_LR: 0.1\n  BASE_LR_END: 0.2\n', 'd2-base-lr-end-range');
      diagnostic('SOLVER:\n  MAX_ITER: 0\n', 'd2-max-iter');
      diagnostic('SOLVER:\n  IMS_PER_BATCH: 10\n  REFERENCE_WORLD_SIZE: 4\n', 'd2-reference-world-size', { world_size: 8 });
      diagnostic('SOLVER:\n  BASE_LR: ~\n', 'd2-not-set');
      diagnostic('SOLVER:\n  IMS_PER_BATCH: 12\n', 'd2-batch-not-divisible', { world_size: 8 });
      diagnostic('SOLVER: 5\nMODEL:\n  META_ARCHITECTURE: "GeneralizedRCNN"\nDATASETS:\n  TRAIN: ("coco_2017_train",)\nINPUT:\n  FORMAT: BGR\n', 'd2-solver-not-a-mapping');
    });
    it('notes over-long warm-ups and a bias LR factor (d2-warmup-too-long, d2-bias-lr-factor)', () => {
      assert.equal(diagnostic('SOLVER:\n  MAX_ITER: 500\n', 'd2-warmup-too-long').severity, 'warning');
      assert.equal(diagnostic('SOLVER:\n  BIAS_LR_FACTOR: 2.0\n', 'd2-bias-lr-factor').severity, 'information');
    });
  });
});
