import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { curveAt } from '../../../src/core/evaluate';
import type { Schedule } from '../../../src/core/schedule';
import { mmengineDialect } from '../../../src/dialects/mmengine';
import { stepValue, type MmScheduler } from '../../../src/dialects/mmengine/kinds';
import { buildTimeline, type Run } from '../../../src/dialects/mmengine/timeline';
import type { Diagnostic, InputFacts } from '../../../src/dialects/types';
import { parseDocument } from '../../../src/formats/parse';
import { analyze } from '../../../src/service/analyze';
import { assertLrClose } from '../helpers';

/**
 * MMEngine configs as JSON/YAML. Expected values come from dialects.md Appendix A.6 (MMEngine's own scheduler
 * files run on a stand-in optimizer, 6 decimals), the golden README, or are derived by hand from
 * mmengine/optim/scheduler/param_scheduler.py (v0.10.7) in the comments next to them.
 */

function analyzeMm(text: string, facts: InputFacts = {}, language: 'yaml' | 'json' = 'yaml') {
  return analyze(text, language === 'json' ? 'config.json' : 'config.yaml', language, { overrides: facts, overrideSource: 'context' });
}

function mmSchedule(text: string, facts: InputFacts = {}, language: 'yaml' | 'json' = 'yaml'): Schedule {
  const analysis = analyzeMm(text, facts, language);
  assert.deepEqual(analysis.dialects, ['mmengine']);
  assert.deepEqual(analysis.diagnostics.filter(d => d.severity === 'error').map(d => d.message), []);
  assert.equal(analysis.schedules.length, 1);
  return analysis.schedules[0].schedule;
}

function diagnostic(text: string, code: string, facts: InputFacts = {}): Diagnostic {
  const all = analyzeMm(text, facts).diagnostics;
  const found = all.find(d => d.code === code);
  assert.ok(found, `expected diagnostic ${code}; got ${all.map(d => d.code).join(', ')}`);
  return found;
}

/** Values given to 6 decimals (Appendix A) are compared to 6 decimals. */
function assertSequence(schedule: Schedule, expected: number[], tolerance = 5e-7): void {
  assert.equal(schedule.totalUpdates, expected.length, 'N');
  for (let t = 0; t < expected.length; t++) {
    const actual = curveAt(schedule.curve, t);
    assert.ok(Math.abs(actual - expected[t]) <= tolerance, `t=${t}: got ${actual}, expected ${expected[t]}`);
  }
}

/** An epoch-based run with optimizer lr 1.0 and the given schedulers (YAML list items). */
function epochRun(maxEpochs: number, schedulers: string): string {
  return `train_cfg:\n  type: EpochBasedTrainLoop\n  max_epochs: ${maxEpochs}\noptim_wrapper:\n  optimizer:\n    type: SGD\n    lr: 1.0\nparam_scheduler:\n${schedulers}`;
}

function iterRun(maxIters: number, schedulers: string): string {
  return `train_cfg:\n  type: IterBasedTrainLoop\n  max_iters: ${maxIters}\noptim_wrapper:\n  optimizer:\n    type: SGD\n    lr: 1.0\nparam_scheduler:\n${schedulers}`;
}

const GOLDEN = path.resolve(__dirname, '../../../../test/fixtures/golden');

describe('mmengine dialect', () => {
  describe('detection', () => {
    it('recognises param_scheduler, optim_wrapper or an MMEngine train loop', () => {
      assert.deepEqual(analyzeMm(epochRun(2, '  - type: StepLR\n    step_size: 1\n'), { steps_per_epoch: 2 }).dialects, ['mmengine']);
      assert.deepEqual(analyzeMm('optim_wrapper:\n  optimizer:\n    type: AdamW\n    lr: 0.001\n').dialects, ['mmengine']);
      assert.deepEqual(analyzeMm('train_cfg:\n  type: IterBasedTrainLoop\n  max_iters: 100\n').dialects, ['mmengine']);
    });

    it('scores below 0.5 for every other framework\'s golden file', () => {
      for (const framework of fs.readdirSync(GOLDEN)) {
        if (framework === 'mmengine' || !fs.statSync(path.join(GOLDEN, framework)).isDirectory()) continue;
        for (const file of fs.readdirSync(path.join(GOLDEN, framework))) {
          const c = JSON.parse(fs.readFileSync(path.join(GOLDEN, framework, file), 'utf8'));
          const document = parseDocument(c.file.text, c.file.language);
          for (const root of document.roots) {
            if (!root) continue;
            const score = mmengineDialect.detect({ fileName: c.file.name, text: c.file.text, document, root, context: { facts: {}, sources: {}, versions: {} } });
            assert.ok(score < 0.5, `${framework}/${file}: ${score}`);
          }
        }
      }
    });

    it('scores below 0.5 for LR Lens files and unrelated configs', () => {
      for (const text of ['lr: 0.1\nepochs: 90\nwarmup:\n  epochs: 5\ndecay:\n  type: cosine\n', 'optimizer:\n  lr: 0.1\nscheduler:\n  type: cosine\n']) {
        const document = parseDocument(text, 'yaml');
        const score = mmengineDialect.detect({ fileName: 'x.yaml', text, document, root: document.roots[0]!, context: { facts: {}, sources: {}, versions: {} } });
        assert.ok(score < 0.5);
      }
    });
  });

  describe('Appendix A.6 vectors', () => {
    it('iteration LinearLR warmup chained with an epoch MultiStepLR (4 epochs × 3 iterations)', () => {
      const s = mmSchedule(epochRun(4, '  - type: LinearLR\n    start_factor: 0.1\n    by_epoch: false\n    begin: 0\n    end: 4\n  - type: MultiStepLR\n    by_epoch: true\n    begin: 0\n    end: 4\n    milestones: [2, 3]\n    gamma: 0.1\n'), { steps_per_epoch: 3 });
      assertSequence(s, [0.1, 0.4, 0.7, 1.0, 1.0, 1.0, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01]);
    });

    it('quirk: convert_to_iter_based multiplies begin/end by len(train_dataloader) (LinearLR then CosineAnnealingLR eta_min_ratio)', () => {
      const s = mmSchedule(epochRun(5, '  - type: LinearLR\n    start_factor: 0.1\n    begin: 0\n    end: 2\n    by_epoch: true\n    convert_to_iter_based: true\n  - type: CosineAnnealingLR\n    eta_min_ratio: 0.1\n    begin: 2\n    end: 5\n    by_epoch: true\n    convert_to_iter_based: true\n'), { steps_per_epoch: 2 });
      assertSequence(s, [0.1, 0.4, 0.7, 1.0, 1.0, 0.939711, 0.775, 0.55, 0.325, 0.160289]);
    });

    it('quirk: ConstantLR removes its factor at end − 1', () => {
      const s = mmSchedule(epochRun(5, '  - type: ConstantLR\n    factor: 0.5\n    begin: 0\n    end: 3\n'), { steps_per_epoch: 1 });
      assertSequence(s, [0.5, 0.5, 1.0, 1.0, 1.0]);
    });

    it('quirk: PolyLR reaches eta_min at end − 1', () => {
      const s = mmSchedule(epochRun(6, '  - type: PolyLR\n    eta_min: 0.1\n    power: 1\n    begin: 0\n    end: 5\n'), { steps_per_epoch: 1 });
      assertSequence(s, [1.0, 0.775, 0.55, 0.325, 0.1, 0.1]);
    });

    it('quirk: MultiStepLR milestones count from begin (milestone 2 with begin 3 decays at epoch 5)', () => {
      const s = mmSchedule(epochRun(7, '  - type: MultiStepLR\n    milestones: [2]\n    begin: 3\n    end: 10\n'), { steps_per_epoch: 1 });
      assertSequence(s, [1, 1, 1, 1, 1, 0.1, 0.1]);
    });

    it('OneCycleLR with total_steps = end − begin, per iteration', () => {
      const s = mmSchedule(iterRun(10, '  - type: OneCycleLR\n    eta_max: 1.0\n    begin: 0\n    end: 10\n    by_epoch: false\n'));
      assertSequence(s, [0.04, 0.52, 1.0, 0.950485, 0.811746, 0.611262, 0.388742, 0.188258, 0.049519, 4e-06]);
    });

    it('CosineRestartLR restarts at base × weight and freezes after the last period', () => {
      const s = mmSchedule(iterRun(9, '  - type: CosineRestartLR\n    periods: [3, 4]\n    restart_weights: [1, 0.5]\n    eta_min: 0\n    by_epoch: false\n'));
      assertSequence(s, [1.0, 0.75, 0.25, 0.5, 0.426777, 0.25, 0.073223, 0.073223, 0.073223]);
    });
  });

  describe('Runner behaviour', () => {
    it('quirk: a missing end defaults to max_epochs (CosineAnnealingLR spans the run, T_max = end − begin)', () => {
      const s = mmSchedule(epochRun(10, '  - type: CosineAnnealingLR\n    by_epoch: true\n'), { steps_per_epoch: 2 });
      assert.equal(s.totalUpdates, 20);
      // epoch 9: ½(1 + cos(9π/10)) = 0.0244717…, constant within the epoch
      assertLrClose(curveAt(s.curve, 18), 0.5 * (1 + Math.cos(0.9 * Math.PI)), 'epoch 9');
      assertLrClose(curveAt(s.curve, 19), 0.5 * (1 + Math.cos(0.9 * Math.PI)), 'epoch 9, 2nd iteration');
      assert.equal(s.changes, 'epoch');
    });

    it('quirk: auto_scale_lr scales lr × world_size × batch_size / base_batch_size only with enable: true', () => {
      const config = (enable: string) => `train_cfg:\n  by_epoch: true\n  max_epochs: 2\ntrain_dataloader:\n  batch_size: 32\noptim_wrapper:\n  optimizer:\n    type: SGD\n    lr: 0.1\nauto_scale_lr:\n${enable}  base_batch_size: 256\n`;
      // 0.1 × (4 × 32 / 256) = 0.05
      assertLrClose(curveAt(mmSchedule(config('  enable: true\n'), { steps_per_epoch: 5, world_size: 4 }).curve, 0), 0.05, 'enabled');
      assertLrClose(curveAt(mmSchedule(config(''), { steps_per_epoch: 5, world_size: 4 }).curve, 0), 0.1, 'no enable key');
      assert.equal(diagnostic(config(''), 'mm-auto-scale-lr-disabled', { steps_per_epoch: 5 }).severity, 'warning');
    });

    it('quirk: an iteration-based loop never steps epoch-based schedulers (only their construction step applies)', () => {
      const text = iterRun(50, '  - type: LinearLR\n    start_factor: 0.25\n');
      const s = mmSchedule(text);
      // LinearLR defaults to by_epoch=True and end = max_epochs = 1: lr × 0.25 forever
      assertLrClose(curveAt(s.curve, 0), 0.25, 'first iteration');
      assertLrClose(curveAt(s.curve, 49), 0.25, 'last iteration');
      diagnostic(text, 'mm-epoch-scheduler-in-iter-loop');
    });

    it('quirk: schedulers act on the same LR in list order, each from the LR the previous left (LinearLR then PolyLR with eta_min)', () => {
      // s=0: 1 × 0.5 = 0.5, PolyLR keeps it; s=1: 0.5 × (1 + 0.5/1) = 0.75, then (0.75 − 0.1)(1 − 1/4) + 0.1 = 0.5875;
      // s=2: 0.5875 × (1 + 0.5/1.5) = 0.78333…, then (0.68333…)(2/3) + 0.1 = 0.55555…; s=3: LinearLR has ended,
      // (0.45555…)(1/2) + 0.1 = 0.32777…; s=4: eta_min.
      const s = mmSchedule(iterRun(6, '  - type: LinearLR\n    start_factor: 0.5\n    by_epoch: false\n    end: 3\n  - type: PolyLR\n    eta_min: 0.1\n    power: 1.0\n    by_epoch: false\n    end: 5\n'));
      const linearAt2 = 0.5875 * (1 + 0.5 / 1.5);
      const polyAt2 = (linearAt2 - 0.1) * (1 - 1 / 3) + 0.1;
      const polyAt3 = (polyAt2 - 0.1) * (1 - 1 / 2) + 0.1;
      const expected = [0.5, 0.5875, polyAt2, polyAt3, 0.1, 0.1];
      for (let t = 0; t < expected.length; t++) assertLrClose(curveAt(s.curve, t), expected[t], `iteration ${t}`);
    });

    it('quirk: CosineAnnealingLR past T_max follows MMEngine\'s recursion (increment from base_value one step after T_max)', () => {
      // T_max 2, eta_min 0: 1, ½, 0, then 0 + (1 − 0)(1 − cos(π/2))/2 = ½, then 2/1 × ½ = 1, then ½
      const s = mmSchedule(iterRun(6, '  - type: CosineAnnealingLR\n    T_max: 2\n    by_epoch: false\n'));
      assertSequence(s, [1, 0.5, 0, 0.5, 1, 0.5], 1e-12);
    });

    it('the mmdet 1x recipe: 500-iteration warmup, then ×0.1 after epochs 8 and 11 (dialects.md §6.3)', () => {
      const text = fs.readFileSync(path.join(GOLDEN, 'mmengine/mm-mmdet-1x-linear-warmup-multistep.json'), 'utf8');
      const c = JSON.parse(text);
      const s = mmSchedule(c.file.text, { steps_per_epoch: 200 });
      // 0.02 · (0.001 + 0.999 · min(i, 499)/499) · 0.1^(#{8, 11} ≤ e)
      for (const i of [0, 1, 250, 499, 500, 1599, 1600, 2199, 2200, 2399]) {
        const e = Math.floor(i / 200);
        assertLrClose(curveAt(s.curve, i), 0.02 * (0.001 + 0.999 * Math.min(i, 499) / 499) * Math.pow(0.1, (e >= 8 ? 1 : 0) + (e >= 11 ? 1 : 0)), `iteration ${i}`);
      }
      assert.equal(s.warmupUpdates, 499);
    });

    it('derives len(train_dataloader) from dataset_size: ceil(ceil(dataset / world_size) / batch_size)', () => {
      // ceil(ceil(1000 / 3) / 32) = ceil(334 / 32) = 11 iterations per epoch, 2 epochs
      const s = mmSchedule('train_cfg:\n  type: EpochBasedTrainLoop\n  max_epochs: 2\ntrain_dataloader:\n  batch_size: 32\noptim_wrapper:\n  optimizer:\n    lr: 0.1\n', { dataset_size: 1000, world_size: 3 });
      assert.equal(s.totalUpdates, 22);
    });

    it('replays step by step where closed forms cannot chain, and matches a naive replay of the hook', () => {
      const sched = (params: MmScheduler['params'], byEpoch: boolean, begin: number, end: number, index: number): MmScheduler =>
        ({ type: params.kind, index, byEpoch, begin, end, base: 0.1, params, range: { start: 0, end: 0 } });
      const run: Run = { loop: 'epoch', totalIters: 60, itersPerEpoch: 6, baseLr: 0.1, schedulers: [
        sched({ kind: 'linear', startFactor: 0.2, endFactor: 1, totalIters: 14 }, false, 0, 15, 0),
        sched({ kind: 'cosine', tMax: 10, etaMin: 0.01 }, true, 0, 10, 1),
        sched({ kind: 'multistep', milestones: [5, 7], gamma: 0.5 }, true, 0, 10, 2),
      ] };
      const replay: number[] = [];
      let lr = run.baseLr;
      const steps = new Map<MmScheduler, number>();
      const step = (s: MmScheduler) => {
        const g = (steps.get(s) ?? -1) + 1;
        steps.set(s, g);
        if (s.begin <= g && g < s.end) lr = stepValue(s, g - s.begin, lr);
      };
      run.schedulers.forEach(step);
      for (let i = 0; i < run.totalIters; i++) {
        replay.push(lr);
        run.schedulers.filter(s => !s.byEpoch).forEach(step);
        if ((i + 1) % run.itersPerEpoch === 0) run.schedulers.filter(s => s.byEpoch).forEach(step);
      }
      const { curve } = buildTimeline(run);
      replay.forEach((v, i) => assertLrClose(curveAt(curve, i), v, `iteration ${i}`));
    });
  });

  describe('diagnostics', () => {
    const one = (scheduler: string, facts: InputFacts = { steps_per_epoch: 2 }, epochs = 4) => (code: string) => diagnostic(epochRun(epochs, scheduler), code, facts);

    it('reports what MMEngine raises', () => {
      one('  - type: StepLR\n    step_size: 1\n    begin: 3\n    end: 3\n')('mm-end-before-begin');
      one('  - type: LinearLR\n    start_factor: 1.5\n')('mm-factor-out-of-range');
      one('  - type: CosineAnnealingLR\n    eta_min: 0\n    eta_min_ratio: 0.1\n')('mm-eta-min-conflict');
      one('  - type: CosineRestartLR\n    periods: [2]\n')('mm-restart-eta-min');
      one('  - type: CosineRestartLR\n    periods: [2, 2]\n    restart_weights: [1]\n    eta_min: 0\n')('mm-restart-weights-length');
      one('  - type: LinearLR\n    by_epoch: false\n    convert_to_iter_based: true\n')('mm-convert-needs-by-epoch');
      one('  - type: OneCycleLR\n    eta_max: 0.1\n    total_steps: 3\n    by_epoch: false\n')('mm-onecycle-overrun');
      one('  - type: OneCycleLR\n    eta_max: 0.1\n    total_steps: 3.0\n')('mm-onecycle-total-steps');
      // isinstance(pct_start, float): the int 0 is rejected
      one('  - type: OneCycleLR\n    eta_max: 0.1\n    pct_start: 0\n')('mm-onecycle-pct-start');
      assert.match(one('  - type: OneCycleLR\n    eta_max: 0.1\n    anneal_strategy: coss\n')('mm-onecycle-anneal').message, /Did you mean `cos`\?/);
      one('  - type: LinearLR\n    start_factor: 0\n    by_epoch: false\n    end: 5\n')('mm-zero-division');
      one('  - type: StepLR\n')('mm-missing-argument');
      one('  - type: StepLR\n    step_size: 1.5\n')('mm-fractional-step-size');
      one('  - gamma: 0.1\n')('mm-missing-type');
      one('  - LinearLR\n')('mm-scheduler-not-a-mapping');
      const unknown = one('  - type: CosineAnealingLR\n')('mm-unknown-scheduler');
      assert.match(unknown.message, /Did you mean `CosineAnnealingLR`\?/);
    });

    it('explains schedulers it does not draw', () => {
      one('  - type: ReduceOnPlateauLR\n    monitor: loss\n')('mm-reduce-on-plateau');
      one('  - type: CosineAnnealingMomentum\n')('mm-momentum-scheduler');
      one('  - type: CosineAnnealingParamScheduler\n    param_name: weight_decay\n')('mm-not-lr');
      one('  - type: QuadraticWarmupLR\n    end: 5\n')('mm-unsupported-scheduler');
      diagnostic('train_cfg:\n  type: EpochBasedTrainLoop\n  max_epochs: 2\noptim_wrapper:\n  optimizer:\n    lr: 0.1\nparam_scheduler:\n  generator:\n    - type: LinearLR\n', 'mm-per-optimizer-schedulers', { steps_per_epoch: 2 });
      // LinearLR + PolyLR with eta_min stepping together over 5 million iterations would need a 5M-entry table
      diagnostic(iterRun(5_000_000, '  - type: LinearLR\n    by_epoch: false\n  - type: PolyLR\n    eta_min: 0.001\n    by_epoch: false\n'), 'mm-too-complex');
    });

    it('warns about the silent surprises of dialects.md §6.5', () => {
      one('  - type: LinearLR\n    start_factor: 0.001\n    end: 500\n')('mm-by-epoch-default');
      assert.match(one('  - type: MultiStepLR\n    milestones: [2]\n    begin: 1\n')('mm-milestones-relative').message, /epoch 3/);
      one('  - type: LinearLR\n    by_epoch: false\n    end: 5\n')('mm-target-at-end-minus-one');
      one('  - type: CosineAnnealingLR\n    T_max: 2\n')('mm-cosine-period');
      one('  - type: StepLR\n    step_size: 1\n    begin: 9\n    end: 12\n')('mm-never-active');
      diagnostic('train_cfg:\n  type: EpochBasedTrainLoop\n  max_epochs: 2\noptim_wrapper:\n  optimizer:\n    lr: 0.1\n', 'mm-no-param-scheduler', { steps_per_epoch: 2 });
    });

    it('draws epoch-based schedulers exactly in epochs when the iterations per epoch are unknown (issue 12 §1)', () => {
      const analysis = analyzeMm(epochRun(4, '  - type: StepLR\n    step_size: 1\n    gamma: 0.5\n'));
      assert.deepEqual(analysis.diagnostics.filter(d => d.severity === 'error').map(d => d.code), []);
      assert.ok(!analysis.diagnostics.some(d => /steps-per-epoch/.test(d.code)), 'no diagnostic for the missing fact');
      const s = analysis.schedules[0].schedule;
      assert.equal(s.updatesPerEpochUnknown, true);
      assert.equal(s.stepsPerEpoch, 1);
      assert.equal(s.totalUpdates, 4, 'max_epochs');
      assert.equal(s.changes, 'epoch');
      // StepLR by epoch: base × gamma ** (epoch // step_size)
      for (let e = 0; e < 4; e++) assertLrClose(curveAt(s.curve, e), 0.5 ** e, `epoch ${e}`);
      const unknown = s.assumptions.find(a => a.fact === 'steps_per_epoch');
      assert.deepEqual(unknown && [unknown.value, unknown.source], ['unknown', 'unknown']);
      assert.match(unknown!.howToSet, /lrLens\.stepsPerEpoch/);
    });

    it('places an iteration warm-up (by_epoch: false) at nominal iterations per epoch and says so', () => {
      const text = epochRun(12, '  - type: LinearLR\n    start_factor: 0.001\n    by_epoch: false\n    begin: 0\n    end: 50\n  - type: MultiStepLR\n    milestones: [8, 11]\n    gamma: 0.1\n');
      const s = mmSchedule(text);
      assert.equal(s.updatesPerEpochUnknown, true);
      const r = s.stepsPerEpoch!;
      assert.equal(s.totalUpdates, 12 * r);
      assert.ok(s.totalUpdates >= 1000 && s.totalUpdates <= 2000);
      assertLrClose(curveAt(s.curve, 0), 0.001, 'start_factor');
      assertLrClose(curveAt(s.curve, 8 * r - 1), 1, 'before the first milestone');
      assertLrClose(curveAt(s.curve, 8 * r), 0.1, 'epoch 8');
      assertLrClose(curveAt(s.curve, 11 * r), 0.01, 'epoch 11');
      const unknown = s.assumptions.find(a => a.fact === 'steps_per_epoch')!;
      assert.match(unknown.howToSet, new RegExp(`by_epoch: false.*as if an epoch had ${r} iterations`));
    });

    it('makes no claim about an iteration window against nominal iterations (mm-never-active only with a real length)', () => {
      const text = epochRun(12, '  - type: LinearLR\n    start_factor: 0.001\n    by_epoch: false\n    begin: 2000\n    end: 2500\n');
      // 12 epochs of 100 iterations end at iteration 1200, before begin 2000; of an unknown length they may not
      assert.ok(analyzeMm(text, { steps_per_epoch: 100 }).diagnostics.some(d => d.code === 'mm-never-active'));
      assert.ok(!analyzeMm(text).diagnostics.some(d => d.code === 'mm-never-active'));
    });

    it('convert_to_iter_based with unknown iterations per epoch: the curve at fractions of an epoch within one iteration', () => {
      const text = epochRun(10, '  - type: LinearLR\n    start_factor: 0.1\n    convert_to_iter_based: true\n    end: 2\n  - type: CosineAnnealingLR\n    begin: 2\n    end: 10\n    T_max: 8\n    convert_to_iter_based: true\n');
      const nominal = mmSchedule(text);
      const known = mmSchedule(text, { steps_per_epoch: 50 });
      assert.equal(nominal.updatesPerEpochUnknown, true);
      const r = nominal.stepsPerEpoch!;
      assert.equal(r, 100);
      assert.equal(nominal.totalUpdates, 1000);
      // LinearLR's total_iters = end − begin − 1 (param_scheduler.py) makes the ramp a step shorter than its span,
      // so two epoch lengths agree up to one iteration of each: the steepest slope (0.45 per epoch) × (1/100 + 1/50).
      for (const x of [0, 0.5, 1, 1.5, 2, 3.5, 6, 9.5]) {
        const a = curveAt(nominal.curve, x * r);
        const b = curveAt(known.curve, x * 50);
        assert.ok(Math.abs(a - b) <= 0.45 * (1 / r + 1 / 50), `epoch ${x}: ${a} vs ${b}`);
      }
      assertLrClose(curveAt(nominal.curve, 0), 0.1, 'start_factor');
      assertLrClose(curveAt(nominal.curve, 2 * r), 1, 'the cosine starts at epoch 2 at the peak');
      assertLrClose(curveAt(nominal.curve, 6 * r), 0.5, 'half-way through the 8-epoch cosine');
    });

    it('reports missing settings and facts with where to set them', () => {
      diagnostic('train_cfg:\n  type: EpochBasedTrainLoop\n  max_epochs: 2\noptim_wrapper:\n  type: OptimWrapper\n', 'mm-missing-optimizer');
      diagnostic('train_cfg:\n  type: EpochBasedTrainLoop\n  max_epochs: 2\noptim_wrapper:\n  optimizer:\n    type: SGD\n', 'mm-missing-lr');
      diagnostic('optim_wrapper:\n  optimizer:\n    lr: 0.1\nparam_scheduler:\n  type: StepLR\n  step_size: 1\n', 'mm-missing-train-cfg');
      diagnostic('train_cfg:\n  type: EpochBasedTrainLoop\n  by_epoch: true\n  max_epochs: 2\noptim_wrapper:\n  optimizer:\n    lr: 0.1\n', 'mm-loop-type-and-by-epoch');
      diagnostic('train_cfg:\n  max_epochs: 2\noptim_wrapper:\n  optimizer:\n    lr: 0.1\n', 'mm-loop-kind');
      diagnostic('train_cfg:\n  type: mmdet.MyTrainLoop\n  max_iters: 20\noptim_wrapper:\n  optimizer:\n    lr: 0.1\n', 'mm-custom-loop');
      diagnostic('train_cfg:\n  type: EpochBasedTrainLoop\noptim_wrapper:\n  optimizer:\n    lr: 0.1\n', 'mm-missing-max-epochs');
      diagnostic('train_cfg:\n  type: IterBasedTrainLoop\noptim_wrapper:\n  optimizer:\n    lr: 0.1\n', 'mm-missing-max-iters');
      const autoScale = 'train_cfg:\n  type: EpochBasedTrainLoop\n  max_epochs: 2\noptim_wrapper:\n  optimizer:\n    lr: 0.1\nauto_scale_lr:\n  enable: true\n';
      diagnostic(autoScale, 'mm-auto-scale-lr-base-batch', { steps_per_epoch: 2 });
      diagnostic(`${autoScale}  base_batch_size: 16\n`, 'mm-missing-batch-size', { steps_per_epoch: 2 });
      diagnostic('train_cfg:\n  type: EpochBasedTrainLoop\n  max_epochs: 2\noptim_wrapper:\n  accumulative_counts: 4\n  optimizer:\n    lr: 0.1\n', 'mm-accumulative-counts', { steps_per_epoch: 2 });
    });

    it('quirk: MMEngine loads YAML with PyYAML, which keeps `1e-3` a string', () => {
      const d = diagnostic('train_cfg:\n  type: IterBasedTrainLoop\n  max_iters: 10\noptim_wrapper:\n  optimizer:\n    lr: 1e-3\n', 'mm-number-as-string');
      assert.equal(d.fixes?.[0].edits[0].newText, '1.0e-3');
      // JSON has no such problem
      mmSchedule('{"train_cfg": {"type": "IterBasedTrainLoop", "max_iters": 10}, "optim_wrapper": {"optimizer": {"lr": 1e-3}}}', {}, 'json');
    });
  });
});
