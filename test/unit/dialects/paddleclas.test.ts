import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { curveAt } from '../../../src/core/evaluate';
import type { Schedule } from '../../../src/core/schedule';
import { paddleclasDialect } from '../../../src/dialects/paddleclas';
import { literalEvalNumber, pyRound } from '../../../src/dialects/paddleclas/python';
import type { Diagnostic, InputFacts } from '../../../src/dialects/types';
import { parseDocument } from '../../../src/formats/parse';
import { analyze } from '../../../src/service/analyze';
import { assertLrClose } from '../helpers';

/**
 * PaddleClas `Optimizer.lr` blocks. No golden cases exist (PaddlePaddle could not be installed to run them), so
 * expected values come from dialects.md Appendix A.7 (ppcls/optimizer/learning_rate.py run on a stand-in
 * paddle, 6 decimals) or are derived by hand from learning_rate.py and paddle/optimizer/lr.py in the comments.
 */

function analyzePd(text: string, facts: InputFacts = {}) {
  return analyze(text, 'ResNet50.yaml', 'yaml', { overrides: facts, overrideSource: 'context' });
}

function pdSchedule(text: string, facts: InputFacts = {}): Schedule {
  const analysis = analyzePd(text, facts);
  assert.deepEqual(analysis.dialects, ['paddleclas']);
  assert.deepEqual(analysis.diagnostics.filter(d => d.severity === 'error').map(d => d.message), []);
  assert.equal(analysis.schedules.length, 1);
  return analysis.schedules[0].schedule;
}

function diagnostic(text: string, code: string, facts: InputFacts = { steps_per_epoch: 2 }): Diagnostic {
  const all = analyzePd(text, facts).diagnostics;
  const found = all.find(d => d.code === code);
  assert.ok(found, `expected diagnostic ${code}; got ${all.map(d => d.code).join(', ')}`);
  return found;
}

function assertSequence(schedule: Schedule, expected: number[], tolerance = 5e-7): void {
  assert.equal(schedule.totalUpdates, expected.length, 'N');
  for (let t = 0; t < expected.length; t++) {
    const actual = curveAt(schedule.curve, t);
    assert.ok(Math.abs(actual - expected[t]) <= tolerance, `t=${t}: got ${actual}, expected ${expected[t]}`);
  }
}

/** A config with Global.epochs and an `Optimizer.lr` block given as indented YAML lines. */
function config(epochs: number, lr: string): string {
  return `Global:\n  epochs: ${epochs}\nArch:\n  name: ResNet50\nOptimizer:\n  name: Momentum\n  momentum: 0.9\n  lr:\n${lr}`;
}

const GOLDEN = path.resolve(__dirname, '../../../../test/fixtures/golden');

describe('paddleclas dialect', () => {
  describe('detection', () => {
    it('recognises an Optimizer.lr block (ResNet50.yaml, dialects.md §8.1), also in the per-module list form', () => {
      const resnet = 'Global:\n  epochs: 120\nOptimizer:\n  name: Momentum\n  momentum: 0.9\n  lr:\n    name: Piecewise\n    learning_rate: 0.1\n    decay_epochs: [30, 60, 90]\n    values: [0.1, 0.01, 0.001, 0.0001]\n  regularizer:\n    name: \'L2\'\n    coeff: 0.0001\n';
      assert.deepEqual(analyzePd(resnet, { steps_per_epoch: 10 }).dialects, ['paddleclas']);
      const list = 'Global:\n  epochs: 2\nOptimizer:\n  - Momentum:\n      scope: backbone\n      lr:\n        name: ConstLR\n        learning_rate: 0.1\n  - SGD:\n      scope: CenterLoss\n      lr:\n        name: ConstLR\n        learning_rate: 0.5\n';
      const analysis = analyzePd(list, { steps_per_epoch: 3 });
      assert.deepEqual(analysis.dialects, ['paddleclas']);
      assert.deepEqual(analysis.schedules.map(s => curveAt(s.schedule.curve, 0)), [0.1, 0.5]);
    });

    it('scores below 0.5 for every other framework\'s golden file and for LR Lens files', () => {
      for (const framework of fs.readdirSync(GOLDEN)) {
        if (!fs.statSync(path.join(GOLDEN, framework)).isDirectory()) continue;
        for (const file of fs.readdirSync(path.join(GOLDEN, framework))) {
          const c = JSON.parse(fs.readFileSync(path.join(GOLDEN, framework, file), 'utf8'));
          const document = parseDocument(c.file.text, c.file.language);
          for (const root of document.roots) {
            if (!root) continue;
            const score = paddleclasDialect.detect({ fileName: c.file.name, text: c.file.text, document, root, context: { facts: {}, sources: {}, versions: {} } });
            assert.ok(score < 0.5, `${framework}/${file}: ${score}`);
          }
        }
      }
      const text = 'lr: 0.1\nepochs: 90\nwarmup:\n  epochs: 5\ndecay:\n  type: cosine\n';
      const document = parseDocument(text, 'yaml');
      assert.ok(paddleclasDialect.detect({ fileName: 'x.lrschedule.yaml', text, document, root: document.roots[0]!, context: { facts: {}, sources: {}, versions: {} } }) < 0.5);
    });
  });

  describe('Appendix A.7 vectors', () => {
    it('Cosine with a LinearWarmup prefix (epochs 3, 4 updates per epoch, warmup 1 epoch from 0.01)', () => {
      const s = pdSchedule(config(3, '    name: Cosine\n    learning_rate: 0.1\n    warmup_epoch: 1\n    warmup_start_lr: 0.01\n'), { steps_per_epoch: 4 });
      assertSequence(s, [0.01, 0.0325, 0.055, 0.0775, 0.1, 0.096194, 0.085355, 0.069134, 0.05, 0.030866, 0.014645, 0.003806]);
      assert.equal(s.warmupUpdates, 4);
    });

    it('quirk: Piecewise with learning_rate set replaces decay_epochs/values by ×0.1 every 30 epochs', () => {
      const text = config(100, '    name: Piecewise\n    learning_rate: 0.2\n    decay_epochs: [5, 7]\n    values: [0.1, 0.01, 0.001]\n');
      const s = pdSchedule(text, { steps_per_epoch: 1 });
      // used: boundaries [30, 60, 90], values [0.2, 0.02, 0.002, 0.0002]
      for (const [epoch, lr] of [[0, 0.2], [7, 0.2], [29, 0.2], [30, 0.02], [59, 0.02], [60, 0.002], [90, 0.0002], [99, 0.0002]]) {
        assertLrClose(curveAt(s.curve, epoch), lr, `epoch ${epoch}`);
      }
      assert.match(diagnostic(text, 'pd-piecewise-learning-rate', { steps_per_epoch: 1 }).message, /\[30, 60, 90\]/);
    });

    it('Linear decay to end_lr 0 (epochs 2, 3 updates per epoch)', () => {
      const s = pdSchedule(config(2, '    name: Linear\n    learning_rate: 0.1\n    end_lr: 0.0\n    power: 1\n'), { steps_per_epoch: 3 });
      assertSequence(s, [0.1, 0.083333, 0.066667, 0.05, 0.033333, 0.016667]);
    });

    it('Step with step_size in epochs × step_each_epoch (epochs 4, 2 updates per epoch)', () => {
      const s = pdSchedule(config(4, '    name: Step\n    learning_rate: 0.1\n    step_size: 1\n    gamma: 0.5\n'), { steps_per_epoch: 2 });
      assertSequence(s, [0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125, 0.0125]);
    });
  });

  describe('quirks', () => {
    it('quirk: warmup_steps = round(warmup_epoch × step_each_epoch) with Python\'s half-to-even round', () => {
      assert.deepEqual([0.5, 1.5, 2.5, 3.5, 2.4, 2.6].map(pyRound), [0, 2, 2, 4, 2, 3]);
      // 0.5 epoch × 5 updates = 2.5 → 2 warmup updates: 0, 0.05, then 0.1
      const s = pdSchedule(config(2, '    name: ConstLR\n    learning_rate: 0.1\n    warmup_epoch: 0.5\n'), { steps_per_epoch: 5 });
      assertSequence(s, [0, 0.05, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], 1e-12);
      // 1.5 × 5 = 7.5 → 8
      assert.equal(pdSchedule(config(3, '    name: ConstLR\n    learning_rate: 0.1\n    warmup_epoch: 1.5\n'), { steps_per_epoch: 5 }).warmupUpdates, 8);
    });

    it('quirk: by_epoch: true steps the LR once per epoch (warmup and decay counted in epochs)', () => {
      // Step by epoch, step_size 1: epoch e uses 0.1 × 0.5^e, repeated for its 2 updates
      const s = pdSchedule(config(3, '    name: Step\n    learning_rate: 0.1\n    step_size: 1\n    gamma: 0.5\n    by_epoch: true\n'), { steps_per_epoch: 2 });
      assertSequence(s, [0.1, 0.1, 0.05, 0.05, 0.025, 0.025], 1e-12);
      assert.equal(s.changes, 'epoch');
    });

    it('quirk: Linear counts its warmup in iterations even with by_epoch, so it lasts that many epochs', () => {
      // warmup_epoch 1, 3 updates per epoch: warmup_steps = round(1 × 3) = 3 scheduler steps = 3 epochs;
      // decay_steps = epochs − warmup_epoch = 5: epochs 0–2 ramp 0 → 0.1 by thirds, epoch 3 = 0.1, 4 = 0.08, 5 = 0.06
      const text = config(6, '    name: Linear\n    learning_rate: 0.1\n    warmup_epoch: 1\n    by_epoch: true\n');
      const s = pdSchedule(text, { steps_per_epoch: 3 });
      const perEpoch = [0, 0.1 / 3, 0.2 / 3, 0.1, 0.08, 0.06];
      assertSequence(s, perEpoch.flatMap(v => [v, v, v]), 1e-12);
      diagnostic(text, 'pd-linear-warmup-by-epoch', { steps_per_epoch: 3 });
    });

    it('quirk: Piecewise uses the last of `values` after the last boundary, even when the list is longer', () => {
      // get_lr: values[i] for the first boundary with t < boundaries[i], else values[len(values) − 1]
      const s = pdSchedule(config(3, '    name: Piecewise\n    decay_epochs: [1]\n    values: [1.0, 0.5, 0.25]\n'), { steps_per_epoch: 1 });
      assertSequence(s, [1.0, 0.25, 0.25], 1e-12);
    });

    it('quirk: warmup_epoch not below Global.epochs is clamped to epochs (the run never leaves warmup)', () => {
      const text = config(2, '    name: ConstLR\n    learning_rate: 0.1\n    warmup_epoch: 5\n');
      // warmup = 2 epochs × 2 = 4 updates: 0, 0.025, 0.05, 0.075
      assertSequence(pdSchedule(text, { steps_per_epoch: 2 }), [0, 0.025, 0.05, 0.075], 1e-12);
      diagnostic(text, 'pd-warmup-clamped');
    });

    it('quirk: mapping values are literal_eval-ed (quoted "0.1", PyYAML\'s 1e-3 string) but list items are not', () => {
      assertLrClose(curveAt(pdSchedule(config(1, '    name: ConstLR\n    learning_rate: "0.1"\n'), { steps_per_epoch: 2 }).curve, 0), 0.1, 'quoted');
      assertLrClose(curveAt(pdSchedule(config(1, '    name: ConstLR\n    learning_rate: 1e-3\n'), { steps_per_epoch: 2 }).curve, 0), 0.001, '1e-3');
      assert.deepEqual([literalEvalNumber('1e-3'), literalEvalNumber('30'), literalEvalNumber('abc')], [{ value: 0.001, isInt: false }, { value: 30, isInt: true }, undefined]);
      diagnostic(config(4, '    name: Piecewise\n    decay_epochs: [1, 2]\n    values: [1e-1, 0.01, 0.001]\n'), 'pd-list-string');
    });

    it('Cyclic (triangular) after no warmup: base → max over step_size_up updates and back', () => {
      // amplitude 0.9, cycle of 4 updates: 0.1, 0.55, 1.0, 0.55, 0.1, 0.55
      const s = pdSchedule(config(3, '    name: Cyclic\n    base_learning_rate: 0.1\n    max_learning_rate: 1.0\n    warmup_epoch: 0\n    warmup_start_lr: 0.0\n    step_size_up: 2\n'), { steps_per_epoch: 2 });
      assertSequence(s, [0.1, 0.55, 1.0, 0.55, 0.1, 0.55], 1e-12);
    });

    it('OneCycleLR over epochs × step_each_epoch updates (same phases as PyTorch\'s, Appendix A.1)', () => {
      const s = pdSchedule(config(10, '    name: OneCycleLR\n    max_learning_rate: 1.0\n    end_learning_rate: 0.000004\n'), { steps_per_epoch: 1 });
      assertSequence(s, [0.04, 0.52, 1.0, 0.950485, 0.811746, 0.611262, 0.388742, 0.188258, 0.049519, 4e-06], 1e-6);
    });

    it('CosineFixmatch: linear warmup over num_warmup_steps, then lr·cos(π·7/16·progress)', () => {
      const s = pdSchedule(config(1, '    name: CosineFixmatch\n    learning_rate: 0.1\n    num_warmup_steps: 2\n'), { steps_per_epoch: 6 });
      // decay over 6 − 2 = 4 updates
      const expected = [0, 0.05, 0.1, 0.1 * Math.cos(Math.PI * 7 / 16 / 4), 0.1 * Math.cos(Math.PI * 7 / 16 * 2 / 4), 0.1 * Math.cos(Math.PI * 7 / 16 * 3 / 4)];
      expected.forEach((v, t) => assertLrClose(curveAt(s.curve, t), v, `update ${t}`));
    });

    it('step_each_epoch = iterations per epoch // update_freq, iterations from dataset_size when not given', () => {
      const text = 'Global:\n  epochs: 2\n  update_freq: 3\nDataLoader:\n  Train:\n    sampler:\n      batch_size: 64\nOptimizer:\n  name: Momentum\n  lr:\n    name: ConstLR\n    learning_rate: 0.1\n';
      // ceil(ceil(1000 / 2) / 64) = 8 iterations → 8 // 3 × 3 = 6 → 6 // 3 = 2 updates per epoch
      assert.equal(pdSchedule(text, { dataset_size: 1000, world_size: 2 }).totalUpdates, 4);
      diagnostic(text, 'pd-windows-iterations', { dataset_size: 1000, world_size: 2 });
      // Global.iter_per_epoch overrides the dataloader length
      assert.equal(pdSchedule(text.replace('  update_freq: 3\n', '  update_freq: 3\n  iter_per_epoch: 30\n')).totalUpdates, 20);
    });

    it('without `name` the LR is the plain learning_rate', () => {
      assertLrClose(curveAt(pdSchedule(config(2, '    learning_rate: 0.05\n'), { steps_per_epoch: 2 }).curve, 3), 0.05, 'constant');
    });
  });

  describe('diagnostics', () => {
    it('reports what PaddleClas and Paddle raise', () => {
      assert.match(diagnostic(config(5, '    name: Cosin\n    learning_rate: 0.1\n'), 'pd-unknown-lr').message, /Did you mean `Cosine`\?/);
      diagnostic(config(5, '    name: Step\n    learning_rate: 0.1\n    step_size: 1\n'), 'pd-missing-argument');
      diagnostic(config(5, '    name: OneCycleLR\n    max_learning_rate: 0.1\n    learning_rate: 0.1\n'), 'pd-unexpected-argument');
      diagnostic(config(5, '    name: Cosine\n    learning_rate: 0.1\n    warmup_epoch: 1\n    warmup_start_lr: 0.2\n'), 'pd-warmup-start-above-lr');
      // T_max = (5 − 0.5) × 2 = 9.0 is a float: CosineAnnealingDecay raises TypeError
      diagnostic(config(5, '    name: Cosine\n    learning_rate: 0.1\n    warmup_epoch: 0.5\n'), 'pd-not-int');
      diagnostic(config(5, '    name: Step\n    learning_rate: 0.1\n    step_size: 1\n    gamma: 1.0\n'), 'pd-gamma');
      diagnostic(config(5, '    name: Step\n    learning_rate: 0.1\n    step_size: 0.1\n    gamma: 0.5\n'), 'pd-zero-step-size');
      diagnostic(config(5, '    name: MultiStepDecay\n    learning_rate: 0.1\n    milestones: [3, 2]\n'), 'pd-milestones-order');
      diagnostic(config(5, '    name: Piecewise\n    decay_epochs: [1, 2]\n    values: [0.1, 0.01]\n'), 'pd-piecewise-values');
      diagnostic(config(5, '    name: Linear\n    learning_rate: 0.1\n    power: 0\n'), 'pd-power');
      diagnostic(config(5, '    name: OneCycleLR\n    max_learning_rate: 0.1\n    phase_pct: 1\n'), 'pd-onecycle-phase-pct');
      diagnostic(config(5, '    name: OneCycleLR\n    max_learning_rate: 0.1\n    anneal_strategy: cosine\n'), 'pd-onecycle-anneal');
      // phase_pct × total = 0.1 × 10 = 1: the first phase has length 0
      diagnostic(config(5, '    name: OneCycleLR\n    max_learning_rate: 0.1\n    phase_pct: 0.1\n'), 'pd-zero-division');
      const cyclic = '    name: Cyclic\n    base_learning_rate: 0.1\n    max_learning_rate: 1.0\n    warmup_epoch: 0\n    warmup_start_lr: 0.0\n    step_size_up: 2\n';
      diagnostic(config(5, `${cyclic}    exp_gamma: 1\n`), 'pd-not-float');
      diagnostic(config(5, `${cyclic}    mode: triangle\n`), 'pd-cyclic-mode');
      diagnostic(config(5, '    name: Piecewise\n    decay_epochs: 30\n    values: [0.1, 0.01]\n'), 'pd-expected-list');
      diagnostic(config(5, '    name: ConstLR\n    learning_rate: fast\n'), 'pd-expected-number');
      diagnostic(config(5, '    name: [Cosine]\n    learning_rate: 0.1\n'), 'pd-expected-string');
    });

    it('explains what it does not draw and the silent surprises', () => {
      diagnostic(config(5, '    name: ReduceOnPlateau\n    learning_rate: 0.1\n'), 'pd-reduce-on-plateau');
      diagnostic(config(5, '    name: Constant\n    learning_rate: 0.1\n    warmup_epoch: 1\n'), 'pd-constant-ignores-warmup');
      diagnostic(config(5, '    name: OneCycleLR\n    max_learning_rate: 0.1\n    by_epoch: true\n'), 'pd-onecycle-by-epoch');
      assert.equal(diagnostic(config(5, '    name: Cosine\n    learning_rate: 0.1\n    warmup_epoch: 1\n'), 'pd-by-epoch-default').severity, 'hint');
      diagnostic('Global:\n  epochs: 5\n  update_freq: 4\n  iter_per_epoch: 3\nOptimizer:\n  name: Momentum\n  lr:\n    name: ConstLR\n    learning_rate: 0.1\n', 'pd-update-freq');
      diagnostic('Global:\n  epochs: 5\nArch:\n  name: ResNet50\nOptimizer:\n  name: Momentum\n', 'pd-no-lr');
    });

    it('draws a per-update block over the epochs at nominal slices per epoch when step_each_epoch is unknown (issue 12 §1)', () => {
      // ppcls/optimizer/learning_rate.py Cosine: LinearWarmup(CosineAnnealingDecay(lr, T_max = (epochs − warmup_epoch)
      // × step_each_epoch), warmup_steps = round(warmup_epoch × step_each_epoch), start 0.0): every length is a
      // multiple of step_each_epoch, so the LR at epoch x is the same for any epoch length.
      const text = config(200, '    name: Cosine\n    learning_rate: 0.1\n    warmup_epoch: 5\n');
      const analysis = analyzePd(text);
      assert.deepEqual(analysis.diagnostics.filter(d => d.severity === 'error').map(d => d.code), []);
      assert.ok(!analysis.diagnostics.some(d => /steps-per-epoch/.test(d.code)), 'no diagnostic for the missing fact');
      const s = analysis.schedules[0].schedule;
      assert.equal(s.updatesPerEpochUnknown, true);
      const r = s.stepsPerEpoch!;
      assert.equal(s.totalUpdates, 200 * r);
      assert.ok(s.totalUpdates >= 1000 && s.totalUpdates <= 2000);
      const unknown = s.assumptions.find(a => a.fact === 'steps_per_epoch');
      assert.deepEqual(unknown && [unknown.value, unknown.source], ['unknown', 'unknown']);
      assert.match(unknown!.howToSet, /lrLens\.stepsPerEpoch/);
      const lr = (x: number) => x < 5 ? 0.1 * x / 5 : 0.05 * (1 + Math.cos(Math.PI * (x - 5) / 195));
      for (const x of [0, 1, 2.4, 5, 6, 50, 102.5, 150, 199.8]) assertLrClose(curveAt(s.curve, x * r), lr(x), `epoch ${x}`);
      assert.equal(s.warmupUpdates, 5 * r);
    });

    it('draws a by_epoch block exactly in epochs when step_each_epoch is unknown', () => {
      // Step with by_epoch: StepDecay(lr, step_size, gamma) stepped once per epoch: lr × gamma ** (epoch // step_size)
      const s = pdSchedule(config(120, '    name: Step\n    learning_rate: 0.1\n    step_size: 30\n    gamma: 0.1\n    by_epoch: true\n'));
      assert.equal(s.updatesPerEpochUnknown, true);
      assert.equal(s.stepsPerEpoch, 1);
      assert.equal(s.totalUpdates, 120);
      assert.equal(s.changes, 'epoch');
      for (const e of [0, 29, 30, 59, 60, 119]) assertLrClose(curveAt(s.curve, e), 0.1 * 0.1 ** Math.floor(e / 30), `epoch ${e}`);
      // Linear.__init__ recomputes warmup_steps = round(warmup_epoch × step_each_epoch) even with by_epoch: unknown
      // here, so the assumption says the drawn warm-up took one update per epoch
      const linear = pdSchedule(config(10, '    name: Linear\n    learning_rate: 0.1\n    warmup_epoch: 2\n    by_epoch: true\n'));
      assert.match(linear.assumptions.find(a => a.fact === 'steps_per_epoch')!.howToSet, /round\(warmup_epoch × step_each_epoch\).*as if an epoch had one update/);
    });

    it('an inferred dataset size gives the iterations per epoch with its source, and without a batch size no error', () => {
      const read = (text: string) => {
        const document = parseDocument(text, 'yaml');
        return paddleclasDialect.read({ fileName: 'ResNet50.yaml', text, document, root: document.roots[0]!,
          context: { facts: { dataset_size: 1000 }, sources: { dataset_size: 'inferred' }, versions: {} } });
      };
      const withBatch = 'Global:\n  epochs: 2\nDataLoader:\n  Train:\n    sampler:\n      batch_size: 64\nOptimizer:\n  name: Momentum\n  lr:\n    name: ConstLR\n    learning_rate: 0.1\n';
      const s = read(withBatch).schedules[0].schedule;
      assert.equal(s.stepsPerEpoch, 16, 'ceil(1000 / 64)');
      assert.deepEqual(s.assumptions.filter(a => a.fact === 'dataset_size').map(a => [a.value, a.source]), [[1000, 'inferred']]);
      const without = read(config(5, '    name: ConstLR\n    learning_rate: 0.1\n'));
      assert.deepEqual(without.diagnostics.filter(d => d.severity === 'error').map(d => d.code), []);
      assert.equal(without.schedules[0].schedule.updatesPerEpochUnknown, true);
    });

    it('reports missing facts and settings with where to set them', () => {
      diagnostic('Global:\n  device: gpu\nOptimizer:\n  name: Momentum\n  lr:\n    name: ConstLR\n    learning_rate: 0.1\n', 'pd-missing-epochs');
      diagnostic(config(2.5, '    name: ConstLR\n    learning_rate: 0.1\n'), 'pd-expected-integer');
      diagnostic(config(5, '    name: ConstLR\n    learning_rate: 0.1\n'), 'pd-missing-batch-size', { dataset_size: 100 });
    });
  });
});
