import assert from 'node:assert/strict';
import { curveAt } from '../../../src/core/evaluate';
import type { Schedule } from '../../../src/core/schedule';
import type { InputFacts } from '../../../src/dialects/types';
import { timmDialect } from '../../../src/dialects/timm';
import { parseDocument } from '../../../src/formats/parse';
import { analyze } from '../../../src/service/analyze';
import { assertLrClose } from '../helpers';

/**
 * timm train.py configs. Expected values come from dialects.md Appendix A.2 (the real timm scheduler files run
 * on a stand-in optimizer, rounded to 6 decimals) or are derived by hand from the formulas in §2.
 */

function analyzeTimm(text: string, facts: InputFacts = {}, fileName = 'config.yaml') {
  return analyze(text, fileName, 'yaml', { overrides: facts, overrideSource: 'context' });
}

function timmSchedule(text: string, facts: InputFacts = { steps_per_epoch: 1 }): Schedule {
  const analysis = analyzeTimm(text, facts);
  assert.deepEqual(analysis.dialects, ['timm']);
  assert.deepEqual(analysis.diagnostics.filter(d => d.severity === 'error').map(d => d.message), []);
  assert.equal(analysis.schedules.length, 1);
  return analysis.schedules[0].schedule;
}

function codes(text: string, facts: InputFacts = { steps_per_epoch: 1 }): string[] {
  return analyzeTimm(text, facts).diagnostics.map(d => d.code);
}

/** Appendix A lists values rounded to 6 decimals. */
function assertSequence(schedule: Schedule, expected: number[], stepsPerUnit = 1): void {
  for (let i = 0; i < expected.length; i++) {
    const actual = curveAt(schedule.curve, i * stepsPerUnit);
    assert.ok(Math.abs(actual - expected[i]) <= 5e-7, `unit ${i}: got ${actual}, expected ${expected[i]}`);
  }
}

const COSINE_WARMUP = `
sched: cosine
lr: 1.0
epochs: 10
warmup_epochs: 3
warmup_lr: 0.001
min_lr: 0.01
`;

describe('timm dialect', () => {
  describe('detection', () => {
    it('recognises a train.py --config YAML and a saved args.yaml', () => {
      assert.deepEqual(analyzeTimm('model: resnet50\nsched: cosine\nlr_base: 0.1\nepochs: 90\n', { steps_per_epoch: 10 }).dialects, ['timm']);
      assert.deepEqual(analyzeTimm('epochs: 30\nopt: adamw\nwarmup_lr: 1.0e-6\nsched_on_updates: true\n', { steps_per_epoch: 10 }, 'args.yaml').dialects, ['timm']);
    });

    it('leaves Ultralytics, Hugging Face, PyTorch and LR Lens files alone', () => {
      const dialects = (text: string, name = 'config.yaml') => analyzeTimm(text, {}, name).dialects;
      assert.ok(!dialects('epochs: 30\nbatch: 16\nlr0: 0.01\nlrf: 0.01\nwarmup_epochs: 3.0\n').includes('timm'));
      assert.ok(!dialects('learning_rate: 2.0e-5\nlr_scheduler_type: cosine\nwarmup_steps: 10\nnum_train_epochs: 3\n').includes('timm'));
      assert.ok(!dialects('optimizer:\n  class_path: torch.optim.SGD\nlr_scheduler:\n  class_path: torch.optim.lr_scheduler.StepLR\n').includes('timm'));
      assert.ok(!dialects('lr: 0.1\nbatch: 256\nepochs: 90\nwarmup:\n  epochs: 5\ndecay:\n  type: cosine\n', 'x.lrschedule.yaml').includes('timm'));
    });
  });

  describe('LR from lr_base (train.py, only when lr is unset)', () => {
    it('scales linearly for SGD: 0.1 × 128 × 8 / 256 = 0.4', () => {
      const s = timmSchedule('sched: step\ndecay_epochs: 30\nepochs: 90\nwarmup_epochs: 0\nopt: sgd\nbatch_size: 128\nlr_base: 0.1\n', { steps_per_epoch: 10, world_size: 8 });
      assertLrClose(curveAt(s.curve, 0), 0.4, 'lr');
    });

    it('scales by the square root for optimizers containing "ada" or "lamb": 0.1 × √4 = 0.2', () => {
      const s = timmSchedule('sched: step\ndecay_epochs: 30\nepochs: 90\nwarmup_epochs: 0\nopt: adamw\nbatch_size: 128\nlr_base: 0.1\n', { steps_per_epoch: 10, world_size: 8 });
      assertLrClose(curveAt(s.curve, 0), 0.2, 'lr');
      const lamb = timmSchedule('sched: step\ndecay_epochs: 30\nepochs: 90\nwarmup_epochs: 0\nopt: lamb\nbatch_size: 256\nlr_base: 0.1\nlr_base_size: 1024\n', { steps_per_epoch: 10 });
      assertLrClose(curveAt(lamb.curve, 0), 0.05, 'lamb, 256 / 1024 → √0.25');
    });

    it('counts gradient accumulation in the global batch and assumes one device when world_size is unknown', () => {
      const s = timmSchedule('sched: step\ndecay_epochs: 30\nepochs: 90\nwarmup_epochs: 0\nbatch_size: 64\ngrad_accum_steps: 4\nlr_base: 0.1\n', { steps_per_epoch: 10 });
      assertLrClose(curveAt(s.curve, 0), 0.1, '64 × 1 × 4 / 256 = 1');
      assert.deepEqual(s.assumptions.map(a => [a.fact, a.value, a.source]), [['world_size', 1, 'default'], ['steps_per_epoch', 10, 'context']]);
    });

    it('quirk: `lr: 0` is falsy, so train.py derives the LR from lr_base (timm-lr-zero)', () => {
      const text = 'sched: step\ndecay_epochs: 30\nepochs: 90\nwarmup_epochs: 0\nlr: 0\nbatch_size: 512\nlr_base: 0.1\n';
      assertLrClose(curveAt(timmSchedule(text).curve, 0), 0.2, 'lr');
      assert.ok(codes(text).includes('timm-lr-zero'));
      assert.ok(codes(text).includes('timm-lr-from-lr-base'));
    });

    it('an explicit lr is used as is, even as a string argparse converts', () => {
      assertLrClose(curveAt(timmSchedule('sched: step\nepochs: 9\nwarmup_epochs: 0\nlr: 1e-3\n').curve, 0), 0.001, 'lr: 1e-3');
      assertLrClose(curveAt(timmSchedule('sched: step\nepochs: 9\nwarmup_epochs: 0\nlr: "2.5e-4"\n').curve, 0), 0.00025, 'quoted');
      assert.ok(codes('sched: step\nepochs: 9\nwarmup_epochs: 0\nlr: fast\n').includes('timm-invalid-value'));
    });

    it('reports an unknown lr_base_scale (timm-unknown-lr-base-scale)', () => {
      assert.ok(codes('sched: step\nepochs: 9\nlr_base_scale: sqr\n').includes('timm-unknown-lr-base-scale'));
    });
  });

  describe('cosine', () => {
    it('quirk: without warmup_prefix the warmup eats into the cosine, which resumes below the peak (A.2)', () => {
      const s = timmSchedule(`${COSINE_WARMUP}cooldown_epochs: 2\n`);
      assertSequence(s, [0.001, 0.334, 0.667, 0.795954, 0.657963, 0.505, 0.352037, 0.214046, 0.104537, 0.034227, 0.01, 0.01]);
      assert.equal(s.totalUpdates, 12, '10 epochs + 2 cooldown epochs');
      assert.ok(codes(COSINE_WARMUP).includes('timm-warmup-kink'));
    });

    it('warmup_prefix starts the cosine at the peak after the warmup and makes the run longer (A.2)', () => {
      const s = timmSchedule(`${COSINE_WARMUP}warmup_prefix: true\ncooldown_epochs: 1\n`);
      assertSequence(s, [0.001, 0.334, 0.667, 1.0, 0.975773, 0.905463, 0.795954, 0.657963, 0.505, 0.352037, 0.214046, 0.104537, 0.034227, 0.01]);
      assert.equal(s.totalUpdates, 14, 'get_cycle_length adds the 3 warmup epochs: 10 + 3 + 1 cooldown');
      assert.equal(s.warmupUpdates, 3);
    });

    it('restarts with lr_cycle_mul, lr_cycle_decay and lr_cycle_limit (A.2)', () => {
      const s = timmSchedule('sched: cosine\nlr: 1.0\nepochs: 3\nwarmup_epochs: 0\nlr_cycle_mul: 2\nlr_cycle_decay: 0.5\nlr_cycle_limit: 3\ncooldown_epochs: 1\n');
      assertSequence(s, [1.0, 0.75, 0.25, 0.5, 0.466506, 0.375, 0.25, 0.125, 0.033494, 0.25, 0.245741, 0.233253, 0.213388, 0.1875, 0.157352, 0.125, 0.092648, 0.0625, 0.036612, 0.016747, 0.004259, 0.0]);
      assert.equal(s.totalUpdates, 22, 'cycles 3 + 6 + 12 = 21 epochs, + 1 cooldown');
    });

    it('restarts with cycle_mul 1: three cycles of 4 epochs, each peak halved', () => {
      const s = timmSchedule('sched: cosine\nlr: 1.0\nepochs: 4\nwarmup_epochs: 0\nlr_cycle_limit: 3\n');
      assert.equal(s.totalUpdates, 12);
      assertLrClose(curveAt(s.curve, 4), 0.5, 'second cycle peak: lr_cycle_decay 0.5 (train.py default)');
      assertLrClose(curveAt(s.curve, 8), 0.25, 'third cycle peak');
      assertLrClose(curveAt(s.curve, 6), 0.25, 'half-way through the second cycle: 0.5 × ½(1 + cos(π/2))');
    });

    it('steps per update with sched_on_updates: t_initial and warmup_t in updates (A.2 create_scheduler_v2 row)', () => {
      const s = timmSchedule('sched: cosine\nlr: 1.0\nepochs: 4\nwarmup_epochs: 1\nwarmup_lr: 0.1\nsched_on_updates: true\n', { steps_per_epoch: 3 });
      assertSequence(s, [0.1, 0.4, 0.7, 0.853553, 0.75, 0.62941, 0.5, 0.37059, 0.25, 0.146447, 0.066987, 0.017037]);
      assert.equal(s.totalUpdates, 12);
      assert.equal(s.changes, 'update');
    });

    it('steps per epoch by default: the LR is constant within an epoch', () => {
      const s = timmSchedule(COSINE_WARMUP, { steps_per_epoch: 5 });
      assert.equal(s.totalUpdates, 50);
      assert.equal(s.changes, 'epoch');
      assertLrClose(curveAt(s.curve, 15), curveAt(s.curve, 19), 'epoch 3');
      assertLrClose(curveAt(s.curve, 15), 0.01 + 0.5 * 0.99 * (1 + Math.cos(Math.PI * 3 / 10)), 'epoch 3 = cosine at t = 3');
    });

    it('applies k_decay: cos(π t^k / T^k)', () => {
      const s = timmSchedule('sched: cosine\nlr: 1.0\nepochs: 10\nwarmup_epochs: 0\nlr_k_decay: 2\n');
      assertLrClose(curveAt(s.curve, 5), 0.5 * (1 + Math.cos(Math.PI * 25 / 100)), 'epoch 5');
    });
  });

  describe('other schedulers', () => {
    it('step: lr × decay_rate ** (t // decay_epochs) (A.2)', () => {
      const s = timmSchedule('sched: step\nlr: 1.0\nepochs: 8\nwarmup_epochs: 0\ndecay_epochs: 3\ndecay_rate: 0.5\n');
      assertSequence(s, [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25]);
    });

    it('quirk: multistep decays one epoch before each milestone, bisect_right(milestones, t + 1) (A.2)', () => {
      const text = 'sched: multistep\nlr: 1.0\nepochs: 8\nwarmup_epochs: 0\ndecay_milestones: [3, 6]\ndecay_rate: 0.1\n';
      assertSequence(timmSchedule(text), [1.0, 1.0, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01]);
      assert.ok(codes(text).includes('timm-multistep-early'));
      assert.ok(codes('sched: multistep\nlr: 1.0\nepochs: 8\ndecay_milestones: [6, 3]\n').includes('timm-milestones-unsorted'));
    });

    it('quirk: multistep per update decays one update before the milestone', () => {
      const s = timmSchedule('sched: multistep\nlr: 1.0\nepochs: 8\nwarmup_epochs: 0\ndecay_milestones: [3]\nsched_on_updates: true\n', { steps_per_epoch: 10 });
      assertLrClose(curveAt(s.curve, 28), 1.0, 'update 28');
      assertLrClose(curveAt(s.curve, 29), 0.1, 'update 29, one before milestone 3 × 10');
    });

    it('quirk: step and multistep with warmup_prefix run warmup_epochs more epochs', () => {
      const s = timmSchedule('sched: step\nlr: 1.0\nepochs: 8\nwarmup_epochs: 2\nwarmup_prefix: true\ndecay_epochs: 3\n');
      assert.equal(s.totalUpdates, 10);
      assertLrClose(curveAt(s.curve, 2), 1.0, 'decay counts from the warmup end');
      assertLrClose(curveAt(s.curve, 5), 0.1, '3 epochs after the warmup');
    });

    it('quirk: poly uses decay_rate as its power; the default 0.1 is almost flat (A.2)', () => {
      const text = 'sched: poly\nlr: 1.0\nepochs: 10\nwarmup_epochs: 0\ncooldown_epochs: 1\n';
      assertSequence(timmSchedule(text), [1.0, 0.989519, 0.977933, 0.964961, 0.9502, 0.933033, 0.912444, 0.886568, 0.85134, 0.794328, 0.0]);
      assert.ok(analyzeTimm(text, { steps_per_epoch: 1 }).diagnostics.some(d => d.code === 'timm-poly-power' && d.severity === 'warning'));
    });

    it('quirk: tanh without warmup keeps the constructor LR in epoch 0 (its _get_lr(0) is 0.999999 · lr)', () => {
      const s = timmSchedule('sched: tanh\nlr: 1.0\nepochs: 10\nwarmup_epochs: 0\n');
      assert.equal(curveAt(s.curve, 0), 1.0);
      // epoch 1: tr = 0.1, ½(1 − tanh(−7 · 0.9 + 3 · 0.1)) = ½(1 + tanh 6)
      assertLrClose(curveAt(s.curve, 1), 0.5 * (1 + Math.tanh(6)), 'epoch 1');
      assertLrClose(curveAt(s.curve, 9), 0.5 * (1 - Math.tanh(-7 * 0.1 + 3 * 0.9)), 'epoch 9');
    });

    it('tanh without warmup_prefix warms up to the tanh value at the warmup end', () => {
      const s = timmSchedule('sched: tanh\nlr: 1.0\nepochs: 10\nwarmup_epochs: 2\nwarmup_lr: 0.0\n');
      const atTwo = 0.5 * (1 - Math.tanh(-7 * 0.8 + 3 * 0.2));
      assertLrClose(curveAt(s.curve, 1), atTwo / 2, 'half-way to _get_lr(2)');
      assertLrClose(curveAt(s.curve, 2), atTwo, 'epoch 2');
    });
  });

  describe('run length and updates per epoch', () => {
    it('quirk: derives updates per epoch from dataset_size with the last partial batch dropped', () => {
      // 1000 images on 2 devices: DistributedSampler gives 500 each; 500 // 64 = 7 batches; ceil(7 / 2) = 4 updates.
      const s = timmSchedule('sched: step\nlr: 0.1\nepochs: 10\nbatch_size: 64\ngrad_accum_steps: 2\n', { dataset_size: 1000, world_size: 2 });
      assert.equal(s.stepsPerEpoch, 4);
      assert.equal(s.totalUpdates, 40);
    });

    it('draws a per-epoch schedule exactly in epochs when neither steps per epoch nor dataset_size is known (issue 12 §1)', () => {
      const analysis = analyzeTimm(COSINE_WARMUP, {});
      assert.deepEqual(analysis.diagnostics.filter(d => d.severity === 'error').map(d => d.code), []);
      assert.ok(!analysis.diagnostics.some(d => /steps-per-epoch/.test(d.code)), 'no diagnostic for the missing fact');
      assert.equal(analysis.schedules.length, 1);
      const s = analysis.schedules[0].schedule;
      assert.equal(s.updatesPerEpochUnknown, true);
      assert.equal(s.stepsPerEpoch, 1, 'one counter step per epoch');
      assert.equal(s.totalUpdates, 10, 'the 10 epochs train.py runs');
      assert.equal(s.changes, 'epoch');
      const unknown = s.assumptions.find(a => a.fact === 'steps_per_epoch');
      assert.deepEqual(unknown && [unknown.value, unknown.source], ['unknown', 'unknown']);
      assert.match(unknown!.howToSet, /lrLens\.stepsPerEpoch/);
      // the same file with any real epoch length gives the same LR at every epoch start
      const known = timmSchedule(COSINE_WARMUP, { steps_per_epoch: 7 });
      for (let e = 0; e < 10; e++) assertLrClose(curveAt(s.curve, e), curveAt(known.curve, e * 7), `epoch ${e}`);
      assert.ok(codes(COSINE_WARMUP, { steps_per_epoch: 0 }).includes('timm-no-updates-per-epoch'));
    });

    it('issue 12 example: args.yaml with epochs 100, sched cosine, warmup_epochs 5 is a 100-epoch curve matching CosineLRScheduler', () => {
      // train.py's defaults for the rest: lr from lr_base 0.1 × 128 / 256 (one device), warmup_lr 1e-5, min_lr 0,
      // warmup_prefix False. timm/scheduler/cosine_lr.py _get_lr(t): a linear warm-up from warmup_lr_init while
      // t < warmup_t, then lr_min + ½(base − lr_min)(1 + cos(π t / t_initial)) with t not shifted (no prefix);
      // epoch 0 runs at the constructor's warmup_lr_init, epoch e ≥ 1 at _get_lr(e) (step(epoch + 1) after each).
      const analysis = analyze('epochs: 100\nsched: cosine\nwarmup_epochs: 5\n', 'args.yaml', 'yaml', { overrides: {}, overrideSource: 'context' });
      assert.deepEqual(analysis.dialects, ['timm']);
      assert.deepEqual(analysis.diagnostics.filter(d => d.severity === 'error').map(d => d.message), []);
      const s = analysis.schedules[0].schedule;
      assert.equal(s.updatesPerEpochUnknown, true);
      assert.equal(s.stepsPerEpoch, 1);
      assert.equal(s.totalUpdates, 100);
      const base = 0.1 * 128 / 256;
      const warmupLr = 1e-5;
      const getLr = (t: number) => t < 5 ? warmupLr + t * (base - warmupLr) / 5 : 0.5 * base * (1 + Math.cos(Math.PI * t / 100));
      for (let e = 0; e < 100; e++) assertLrClose(curveAt(s.curve, e), e === 0 ? warmupLr : getLr(e), `epoch ${e}`);
      assert.deepEqual(s.markers.filter(m => m.kind === 'warmupEnd').map(m => m.update), [5], 'warm-up ends at epoch 5');
      assert.equal(s.warmupUpdates, 5);
    });

    it('draws sched_on_updates over the run in epochs at nominal slices per epoch when updates per epoch are unknown', () => {
      // create_scheduler_v2 multiplies t_initial and warmup_t by updates_per_epoch: the curve at a fraction of the
      // run is the same for any epoch length, here the warm-up's end at epoch 2 and the cosine's middle at epoch 5.
      const text = 'sched: cosine\nsched_on_updates: true\nlr: 1.0\nepochs: 10\nwarmup_epochs: 2\nwarmup_lr: 0.0\nwarmup_prefix: true\nmin_lr: 0\n';
      const s = timmSchedule(text, {});
      assert.equal(s.updatesPerEpochUnknown, true);
      const r = s.stepsPerEpoch!;
      assert.ok(Number.isInteger(r) && r >= 1);
      assert.ok(s.totalUpdates >= 1000 && s.totalUpdates <= 2000, `${s.totalUpdates} slices`);
      assert.equal(s.totalUpdates, 12 * r, '10 epochs + 2 warm-up epochs (warmup_prefix)');
      assert.equal(s.changes, 'update');
      assertLrClose(curveAt(s.curve, r), 0.5, 'half-way through the warm-up (epoch 1)');
      assertLrClose(curveAt(s.curve, 2 * r), 1.0, 'warm-up end');
      assertLrClose(curveAt(s.curve, 7 * r), 0.5, 'cosine half-way (epoch 2 + 5)');
      const known = timmSchedule(text, { steps_per_epoch: 37 });
      for (const e of [0.5, 1, 3, 6.5, 11]) assertLrClose(curveAt(s.curve, e * r), curveAt(known.curve, e * 37), `epoch ${e}`);
    });

    it('takes an inferred dataset size into the assumptions with its source', () => {
      const text = 'sched: step\nlr: 0.1\nepochs: 10\nbatch_size: 64\n';
      const document = parseDocument(text, 'yaml');
      const { schedules } = timmDialect.read({ fileName: 'config.yaml', text, document, root: document.roots[0]!,
        context: { facts: { dataset_size: 1000 }, sources: { dataset_size: 'inferred' }, versions: {} } });
      const s = schedules[0].schedule;
      assert.equal(s.stepsPerEpoch, 15, 'floor(1000 / 64)');
      assert.equal(s.updatesPerEpochUnknown, undefined);
      assert.deepEqual(s.assumptions.filter(a => a.fact === 'dataset_size').map(a => [a.value, a.source]), [[1000, 'inferred']]);
    });

    it('uses train.py defaults: cosine, 300 epochs, 5 warmup epochs from 1e-5', () => {
      const s = timmSchedule('model: resnet50\nopt: sgd\nlr: 0.5\nsched_on_updates: false\n');
      assert.equal(s.totalUpdates, 300);
      assertLrClose(curveAt(s.curve, 0), 1e-5, 'warmup_lr');
    });
  });

  describe('diagnostics', () => {
    it('draws plateau as its upper bound (warm-up, then lr), explains it, and rejects it per update', () => {
      // timm/scheduler/plateau_lr.py: step(epoch) sets warmup_lr_init + epoch·(lr − warmup_lr_init)/warmup_t while
      // epoch <= warmup_t (train.py: warmup_epochs 5, warmup_lr 1e-5 by default), then torch's ReduceLROnPlateau,
      // which keeps lr until the metric stalls; train.py steps it with epoch + 1 after each epoch.
      const plateau = analyzeTimm('sched: plateau\nlr: 0.1\nepochs: 10\ndecay_rate: 0.5\npatience_epochs: 3\n', { steps_per_epoch: 4 });
      assert.equal(plateau.schedules.length, 1);
      const s = plateau.schedules[0].schedule;
      assert.equal(s.totalUpdates, 40);
      for (let epoch = 0; epoch < 10; epoch++) {
        const expected = epoch <= 5 ? 1e-5 + epoch * (0.1 - 1e-5) / 5 : 0.1;
        for (const within of [0, 3]) assertLrClose(curveAt(s.curve, epoch * 4 + within), expected, `epoch ${epoch}, update ${within} of it`);
      }
      const info = plateau.diagnostics.find(d => d.code === 'timm-plateau');
      assert.ok(info && info.severity === 'information' && /decay_rate \(0\.5\).*patience_epochs \(3\)/.test(info.message), info?.message);
      assert.ok(!plateau.diagnostics.some(d => d.severity === 'error'));
      // no warm-up, and the epochs known without updates per epoch: exact in epochs
      const flat = analyzeTimm('sched: plateau\nlr: 0.05\nepochs: 7\nwarmup_epochs: 0\n');
      assert.equal(flat.schedules[0].schedule.totalUpdates, 7);
      assert.equal(flat.schedules[0].schedule.updatesPerEpochUnknown, true);
      for (let epoch = 0; epoch < 7; epoch++) assert.equal(curveAt(flat.schedules[0].schedule.curve, epoch), 0.05);
      assert.ok(codes('sched: plateau\nlr: 0.1\nsched_on_updates: true\n').includes('timm-plateau-on-updates'));
    });

    it('an unknown sched gets a "did you mean" and a constant LR, as the factory returns no scheduler', () => {
      const analysis = analyzeTimm('sched: cosin\nlr: 0.1\nepochs: 10\nlr_base: 0.1\n', { steps_per_epoch: 1 });
      const warning = analysis.diagnostics.find(d => d.code === 'timm-unknown-sched');
      assert.ok(warning && /Did you mean `cosine`/.test(warning.message));
      assertLrClose(curveAt(analysis.schedules[0].schedule.curve, 7), 0.1, 'constant');
    });

    it('flags noise, a warmup longer than the run, and the scheduler asserts', () => {
      assert.ok(codes(`${COSINE_WARMUP}lr_noise: 0.5\n`).includes('timm-lr-noise'));
      assert.ok(codes('sched: cosine\nlr: 1\nepochs: 4\nwarmup_epochs: 5\n').includes('timm-warmup-too-long'));
      assert.ok(codes('sched: cosine\nlr: 1\nepochs: 0\n').includes('timm-epochs-not-positive'));
      assert.ok(codes('sched: cosine\nlr: 1\nepochs: 10\nmin_lr: -0.1\n').includes('timm-negative-min-lr'));
      assert.ok(codes('sched: step\nlr: 1\nepochs: 0\nwarmup_epochs: 0\n').includes('timm-no-epochs'));
      // cycle_mul 0.5: log(1 − t/10 · 0.5) fails from t = 20; 3 cycles end at 17, + 5 cooldown epochs reach 21.
      assert.ok(codes('sched: cosine\nlr: 1\nepochs: 10\nwarmup_epochs: 0\nlr_cycle_mul: 0.5\nlr_cycle_limit: 3\ncooldown_epochs: 5\n').includes('timm-cycle-mul-domain'));
    });
  });
});
