import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { curveAt } from '../../../src/core/evaluate';
import type { Schedule } from '../../../src/core/schedule';
import { pytorchDialect } from '../../../src/dialects/pytorch';
import type { InputFacts } from '../../../src/dialects/types';
import { parseDocument } from '../../../src/formats/parse';
import { analyze } from '../../../src/service/analyze';
import { assertLrClose } from '../helpers';

/**
 * PyTorch schedulers in Hydra and LightningCLI YAML. Expected values come from dialects.md Appendix A.1
 * (rounded to 6 decimals) or are derived by hand from the formulas in §1.2–1.3, in the comments beside them.
 */

/** The golden cases' files (test/fixtures/golden/<framework>/*.json), for detection checks. */
function goldenFiles(): { framework: string; id: string; file: { name: string; language: 'json' | 'yaml'; text: string } }[] {
  const root = path.resolve(__dirname, '../../../../test/fixtures/golden');
  return fs.readdirSync(root).flatMap(framework => fs.statSync(path.join(root, framework)).isDirectory()
    ? fs.readdirSync(path.join(root, framework)).filter(f => f.endsWith('.json'))
      .map(f => JSON.parse(fs.readFileSync(path.join(root, framework, f), 'utf8')))
    : []);
}

function analyzeYaml(text: string, facts: InputFacts = {}, fileName = 'conf/config.yaml') {
  return analyze(text, fileName, 'yaml', { overrides: facts, overrideSource: 'context' });
}

function schedule(text: string, facts: InputFacts = { scheduler_interval: 'step', max_steps: 12 }): Schedule {
  const analysis = analyzeYaml(text, facts);
  assert.deepEqual(analysis.dialects, ['pytorch']);
  assert.deepEqual(analysis.diagnostics.filter(d => d.severity === 'error').map(d => d.message), []);
  assert.equal(analysis.schedules.length, 1);
  return analysis.schedules[0].schedule;
}

function codes(text: string, facts: InputFacts = { scheduler_interval: 'step', max_steps: 12 }): string[] {
  return analyzeYaml(text, facts).diagnostics.map(d => d.code);
}

/** Appendix A lists values rounded to 6 decimals. */
function assertSequence(s: Schedule, expected: number[], updatesPerValue = 1): void {
  for (let i = 0; i < expected.length; i++) {
    const actual = curveAt(s.curve, i * updatesPerValue);
    assert.ok(Math.abs(actual - expected[i]) <= 5e-7, `value ${i}: got ${actual}, expected ${expected[i]}`);
  }
}

/** A Hydra config with SGD at lr 1.0 and the given scheduler node (indented under `lr_scheduler:`). */
function hydra(scheduler: string, extra = ''): string {
  return `optimizer:\n  _target_: torch.optim.SGD\n  lr: 1.0\n  momentum: 0.9\nlr_scheduler:\n${scheduler}\n${extra}`;
}

describe('PyTorch dialect (Hydra, LightningCLI)', () => {
  describe('detection', () => {
    it('recognises Hydra `_target_` schedulers, LightningCLI `class_path` and a Hydra config-group file', () => {
      assert.deepEqual(analyzeYaml(hydra('  _target_: torch.optim.lr_scheduler.StepLR\n  step_size: 3')).dialects, ['pytorch']);
      assert.deepEqual(analyzeYaml('optimizer:\n  class_path: torch.optim.Adam\n  init_args: {lr: 0.001}\nlr_scheduler:\n  class_path: ExponentialLR\n  init_args: {gamma: 0.9}\n', {}, 'config.yaml').dialects, ['pytorch']);
      assert.deepEqual(analyzeYaml('_target_: torch.optim.lr_scheduler.CosineAnnealingLR\n_partial_: true\nT_max: 100\n', {}, 'conf/scheduler/cosine.yaml').dialects, ['pytorch']);
    });

    it('stays below 0.5 on every other framework\'s golden file and on LR Lens files', () => {
      for (const c of goldenFiles().filter(g => g.framework !== 'pytorch')) {
        const document = parseDocument(c.file.text, c.file.language);
        for (const root of document.roots) {
          if (!root) continue;
          const score = pytorchDialect.detect({ fileName: c.file.name, text: c.file.text, document, root, context: { facts: {}, sources: {}, versions: {} } });
          assert.ok(score < 0.5, `${c.framework}/${c.id}: ${score}`);
        }
      }
      const lrLens = fs.readFileSync(path.resolve(__dirname, '../../../../examples/seed/resnet50-step.lrschedule.yaml'), 'utf8');
      assert.ok(!analyzeYaml(lrLens, {}, 'resnet50-step.lrschedule.yaml').dialects.includes('pytorch'));
      // MMEngine names torch-like classes with `type:`, not `_target_`.
      assert.ok(!analyzeYaml('param_scheduler:\n  type: CosineAnnealingLR\n  T_max: 10\noptim_wrapper:\n  optimizer: {type: SGD, lr: 0.1}\n').dialects.includes('pytorch'));
    });
  });

  describe('every class, per scheduler step (Appendix A.1, base LR 1.0)', () => {
    const cases: [string, string, number[]][] = [
      ['LinearLR', '  _target_: torch.optim.lr_scheduler.LinearLR\n  start_factor: 0.25\n  total_iters: 4', [0.25, 0.4375, 0.625, 0.8125, 1.0, 1.0, 1.0]],
      ['ConstantLR', '  _target_: torch.optim.lr_scheduler.ConstantLR\n  factor: 0.5\n  total_iters: 3', [0.5, 0.5, 0.5, 1.0, 1.0, 1.0]],
      ['StepLR', '  _target_: torch.optim.lr_scheduler.StepLR\n  step_size: 3\n  gamma: 0.5', [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25]],
      ['MultiStepLR', '  _target_: torch.optim.lr_scheduler.MultiStepLR\n  milestones: [2, 5]\n  gamma: 0.1', [1.0, 1.0, 0.1, 0.1, 0.1, 0.01, 0.01]],
      ['ExponentialLR', '  _target_: torch.optim.lr_scheduler.ExponentialLR\n  gamma: 0.5', [1.0, 0.5, 0.25, 0.125, 0.0625]],
      ['PolynomialLR', '  _target_: torch.optim.lr_scheduler.PolynomialLR\n  total_iters: 4\n  power: 2', [1.0, 0.5625, 0.25, 0.0625, 0.0, 0.0]],
      ['CosineAnnealingWarmRestarts', '  _target_: torch.optim.lr_scheduler.CosineAnnealingWarmRestarts\n  T_0: 3\n  T_mult: 2',
        [1.0, 0.75, 0.25, 1.0, 0.933013, 0.75, 0.5, 0.25, 0.066987, 1.0]],
      ['OneCycleLR (cos)', '  _target_: torch.optim.lr_scheduler.OneCycleLR\n  max_lr: 1.0\n  total_steps: 10',
        [0.04, 0.52, 1.0, 0.950485, 0.811746, 0.611262, 0.388742, 0.188258, 0.049519, 4e-06]],
      ['OneCycleLR (linear)', '  _target_: torch.optim.lr_scheduler.OneCycleLR\n  max_lr: 1.0\n  total_steps: 10\n  anneal_strategy: linear',
        [0.04, 0.52, 1.0, 0.857143, 0.714287, 0.57143, 0.428574, 0.285717, 0.142861, 4e-06]],
      ['OneCycleLR (three-phase)', '  _target_: torch.optim.lr_scheduler.OneCycleLR\n  max_lr: 1.0\n  total_steps: 10\n  three_phase: true\n  anneal_strategy: linear',
        [0.04, 0.52, 1.0, 0.52, 0.04, 0.032001, 0.024002, 0.016002, 0.008003, 4e-06]],
      ['ChainedScheduler', '  _target_: torch.optim.lr_scheduler.ChainedScheduler\n  schedulers:\n    - {_target_: torch.optim.lr_scheduler.ConstantLR, factor: 0.1, total_iters: 2}\n    - {_target_: torch.optim.lr_scheduler.ExponentialLR, gamma: 0.9}',
        [0.1, 0.09, 0.81, 0.729, 0.6561]],
      // CyclicLR(base 0.1, max 1, up 2, down 2): 0.1 + 0.9·x/ratio up, back down; triangular2 halves the second cycle.
      ['CyclicLR (triangular2)', '  _target_: torch.optim.lr_scheduler.CyclicLR\n  base_lr: 0.1\n  max_lr: 1.0\n  step_size_up: 2\n  mode: triangular2',
        [0.1, 0.55, 1.0, 0.55, 0.1, 0.325, 0.55, 0.325, 0.1]],
    ];
    for (const [name, node, expected] of cases) {
      it(name, () => assertSequence(schedule(hydra(node), { scheduler_interval: 'step', max_steps: expected.length }), expected));
    }

    it('CosineAnnealingLR is not clamped past T_max: the LR rises again (warning pt-cosine-rises)', () => {
      const text = hydra('  _target_: torch.optim.lr_scheduler.CosineAnnealingLR\n  T_max: 4\n  eta_min: 0.1');
      assertSequence(schedule(text, { scheduler_interval: 'step', max_steps: 10 }),
        [1.0, 0.868198, 0.55, 0.231802, 0.1, 0.231802, 0.55, 0.868198, 1.0, 0.868198]);
      assert.ok(codes(text, { scheduler_interval: 'step', max_steps: 10 }).includes('pt-cosine-rises'));
      assert.ok(codes(text, { scheduler_interval: 'step', max_steps: 2 }).includes('pt-cosine-truncated'));
    });
  });

  describe('SequentialLR', () => {
    it('restarts the counter of the scheduler it switches to (Appendix A.1 row)', () => {
      const s = schedule(hydra(`  _target_: torch.optim.lr_scheduler.SequentialLR
  schedulers:
    - {_target_: torch.optim.lr_scheduler.LinearLR, start_factor: 0.25, total_iters: 3}
    - {_target_: torch.optim.lr_scheduler.CosineAnnealingLR, T_max: 5}
  milestones: [3]`));
      assertSequence(s, [0.25, 0.5, 0.75, 1.0, 0.904508, 0.654508, 0.345492, 0.095492, 0.0, 0.095492]);
      assert.equal(s.warmupUpdates, 3);
    });

    it('counts MultiStepLR milestones from the switch, not from the start of training (milestones shifted)', () => {
      // LinearLR for epochs 0–4 (0.1 → 0.34 at lr 0.4), then MultiStepLR([30]) decays at epoch 5 + 30 = 35, not 30.
      const text = `trainer:\n  max_epochs: 40\noptimizer:\n  _target_: torch.optim.SGD\n  lr: 0.4\nlr_scheduler:
  _target_: torch.optim.lr_scheduler.SequentialLR
  schedulers:
    - {_target_: torch.optim.lr_scheduler.LinearLR, start_factor: 0.25, total_iters: 5}
    - {_target_: torch.optim.lr_scheduler.MultiStepLR, milestones: [30], gamma: 0.1}
  milestones: [5]\n`;
      const s = schedule(text, { scheduler_interval: 'epoch', steps_per_epoch: 10 });
      assert.equal(s.totalUpdates, 400);
      assertLrClose(curveAt(s.curve, 0), 0.1, 'epoch 0');
      assertLrClose(curveAt(s.curve, 49), 0.4 * (0.25 + 0.75 * 4 / 5), 'last update of epoch 4');
      assertLrClose(curveAt(s.curve, 50), 0.4, 'epoch 5');
      assertLrClose(curveAt(s.curve, 349), 0.4, 'epoch 34');
      assertLrClose(curveAt(s.curve, 350), 0.04, 'epoch 35');
    });

    it('reports a wrong milestone count, a milestone at 0 and nested composites', () => {
      const two = '    - {_target_: torch.optim.lr_scheduler.ConstantLR}\n    - {_target_: torch.optim.lr_scheduler.ExponentialLR, gamma: 0.9}';
      assert.ok(codes(hydra(`  _target_: torch.optim.lr_scheduler.SequentialLR\n  schedulers:\n${two}\n  milestones: [2, 4]`)).includes('pt-sequential-milestones'));
      assert.ok(codes(hydra(`  _target_: torch.optim.lr_scheduler.SequentialLR\n  schedulers:\n${two}\n  milestones: [0]`)).includes('pt-sequential-milestone-zero'));
      assert.ok(codes(hydra(`  _target_: torch.optim.lr_scheduler.SequentialLR\n  schedulers:
    - _target_: torch.optim.lr_scheduler.SequentialLR
      schedulers:\n${two.replace(/^ {4}/gm, '        ')}
      milestones: [2]
    - {_target_: torch.optim.lr_scheduler.ExponentialLR, gamma: 0.9}\n  milestones: [4]`)).includes('pt-nested-composite'));
      assert.ok(codes(hydra('  _target_: torch.optim.lr_scheduler.SequentialLR\n  schedulers:\n    - {_target_: my.Warmup}\n    - {_target_: torch.optim.lr_scheduler.ExponentialLR, gamma: 0.9}\n  milestones: [4]')).includes('pt-not-a-scheduler'));
      assert.ok(codes(hydra('  _target_: torch.optim.lr_scheduler.SequentialLR\n  schedulers:\n    - {_target_: torch.optim.lr_scheduler.ReduceLROnPlateau}\n    - {_target_: torch.optim.lr_scheduler.ExponentialLR, gamma: 0.9}\n  milestones: [4]')).includes('pt-plateau-nested'));
    });
  });

  describe('chainable-form quirks', () => {
    it('LinearLR with a fractional total_iters stops at its last whole step, below end_factor', () => {
      // Recursive form: 0.5 → 0.5·(1 + 0.5/1.25) = 0.7 → 0.7·(1 + 0.5/1.75) = 0.9, then `last_epoch > 2.5` leaves 0.9.
      assertSequence(schedule(hydra('  _target_: torch.optim.lr_scheduler.LinearLR\n  start_factor: 0.5\n  total_iters: 2.5')), [0.5, 0.7, 0.9, 0.9, 0.9]);
    });

    it('MultiStepLR counts a duplicated milestone twice and never reaches a fractional one', () => {
      assertSequence(schedule(hydra('  _target_: torch.optim.lr_scheduler.MultiStepLR\n  milestones: [2, 2]\n  gamma: 0.5')), [1, 1, 0.25, 0.25]);
      const text = hydra('  _target_: torch.optim.lr_scheduler.MultiStepLR\n  milestones: [2.5]\n  gamma: 0.5');
      assertSequence(schedule(text), [1, 1, 1, 1, 1]);
      assert.ok(codes(text).includes('pt-not-integer'));
    });

    it('LinearLR with total_iters 0 keeps start_factor for ever (pt-zero-length)', () => {
      const text = hydra('  _target_: torch.optim.lr_scheduler.LinearLR\n  start_factor: 0.5\n  total_iters: 0');
      assertSequence(schedule(text), [0.5, 0.5, 0.5]);
      assert.ok(codes(text).includes('pt-zero-length'));
    });

    it('OneCycleLR and CyclicLR ignore the optimizer LR', () => {
      const s = schedule(`optimizer:\n  _target_: torch.optim.AdamW\n  lr: 0.5\nlr_scheduler:\n  _target_: torch.optim.lr_scheduler.OneCycleLR\n  max_lr: 0.01\n  total_steps: 100\n`, { scheduler_interval: 'step' });
      assertLrClose(curveAt(s.curve, 0), 0.01 / 25, 'initial_lr = max_lr / div_factor');
      assert.equal(s.totalUpdates, 100, 'total_steps is the run length when nothing else says');
    });
  });

  describe('stepping and run length', () => {
    const cli = (scheduler: string, trainer = 'trainer:\n  max_epochs: 4\n') =>
      `${trainer}optimizer:\n  class_path: torch.optim.SGD\n  init_args:\n    lr: 1.0\nlr_scheduler:\n${scheduler}`;

    it('LightningCLI steps once per epoch: lengths count epochs, the LR is constant within an epoch', () => {
      const text = cli('  class_path: torch.optim.lr_scheduler.StepLR\n  init_args:\n    step_size: 2\n    gamma: 0.5\n');
      const analysis = analyzeYaml(text, { steps_per_epoch: 3 }, 'config.yaml');
      const s = analysis.schedules[0].schedule;
      assert.equal(s.totalUpdates, 12);
      assert.equal(s.changes, 'epoch');
      assertSequence(s, [1, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
      assert.ok(analysis.diagnostics.some(d => d.code === 'pt-lightningcli-per-epoch' && d.severity === 'information'));
      const stepFact = analyzeYaml(text, { steps_per_epoch: 3, scheduler_interval: 'step' }, 'config.yaml');
      assert.equal(stepFact.schedules[0].schedule.changes, 'epoch');
      assert.ok(stepFact.diagnostics.some(d => d.code === 'pt-lightningcli-per-epoch' && d.severity === 'warning'));
    });

    it('LightningCLI with neither max_epochs nor max_steps runs Lightning\'s default 1000 epochs', () => {
      const s = analyzeYaml(cli('  class_path: ExponentialLR\n  init_args: {gamma: 0.99}\n', ''), { steps_per_epoch: 2 }, 'config.yaml').schedules[0].schedule;
      assert.equal(s.totalUpdates, 2000);
      assert.ok(s.assumptions.some(a => a.fact === 'epochs' && a.value === 1000 && a.source === 'default'));
    });

    it('Hydra without scheduler_interval assumes per epoch (per update for OneCycleLR), as an Assumption', () => {
      const step = `trainer:\n  max_epochs: 3\n${hydra('  _target_: torch.optim.lr_scheduler.StepLR\n  step_size: 1')}`;
      const analysis = analyzeYaml(step, { steps_per_epoch: 2 });
      const s = analysis.schedules[0].schedule;
      assert.ok(s.assumptions.some(a => a.fact === 'scheduler_interval' && a.value === 'epoch' && a.source === 'default'));
      assertSequence(s, [1, 1, 0.1, 0.1, 0.01, 0.01]);
      assert.ok(analysis.diagnostics.some(d => d.code === 'pt-assumed-interval'));
      const oneCycle = analyzeYaml(hydra('  _target_: torch.optim.lr_scheduler.OneCycleLR\n  max_lr: 1.0\n  total_steps: 10')).schedules[0].schedule;
      assert.ok(oneCycle.assumptions.some(a => a.fact === 'scheduler_interval' && a.value === 'step'));
    });

    it('reads `interval`/`frequency` written beside the scheduler, Lightning style', () => {
      const text = `trainer:\n  max_epochs: 4\noptimizer:\n  _target_: torch.optim.SGD\n  lr: 1.0\nlr_scheduler:
  scheduler:\n    _target_: torch.optim.lr_scheduler.ExponentialLR\n    gamma: 0.5\n  interval: epoch\n  frequency: 2\n`;
      const s = schedule(text, { steps_per_epoch: 1 });
      assert.ok(!s.assumptions.some(a => a.fact === 'scheduler_interval'));
      assertSequence(s, [1, 1, 0.5, 0.5]);
      assert.ok(codes(text.replace('interval: epoch', 'interval: step'), { steps_per_epoch: 1 }).includes('pt-frequency'));
    });

    it('computes updates per epoch from dataset_size, batch size and devices', () => {
      // ceil(1000 / (32 × 2)) = 16 batches, ceil(16 / 4) = 4 updates per epoch, × 3 epochs.
      const text = `trainer:\n  max_epochs: 3\n  devices: 2\n  accumulate_grad_batches: 4\ndata:\n  batch_size: 32\n${hydra('  _target_: torch.optim.lr_scheduler.ExponentialLR\n  gamma: 0.5')}`;
      const s = schedule(text, { dataset_size: 1000, scheduler_interval: 'epoch' });
      assert.equal(s.stepsPerEpoch, 4);
      assert.equal(s.totalUpdates, 12);
    });

    it('says which fact is missing when the length is unknown', () => {
      const text = hydra('  _target_: torch.optim.lr_scheduler.StepLR\n  step_size: 3');
      assert.ok(codes(text, { scheduler_interval: 'step' }).includes('pt-missing-length'));
    });

    it('draws a per-epoch scheduler exactly in epochs when the updates per epoch are unknown (issue 12 §1)', () => {
      const text = `trainer:\n  max_epochs: 6\n${hydra('  _target_: torch.optim.lr_scheduler.StepLR\n  step_size: 2\n  gamma: 0.5')}`;
      const analysis = analyzeYaml(text, { scheduler_interval: 'epoch' });
      assert.deepEqual(analysis.diagnostics.filter(d => d.severity === 'error').map(d => d.code), []);
      assert.ok(!analysis.diagnostics.some(d => /steps-per-epoch/.test(d.code)), 'no diagnostic for the missing fact');
      const s = analysis.schedules[0].schedule;
      assert.equal(s.updatesPerEpochUnknown, true);
      assert.equal(s.stepsPerEpoch, 1);
      assert.equal(s.totalUpdates, 6, 'max_epochs');
      // torch StepLR stepped at each epoch end: epoch e runs at lr × gamma ** (e // step_size)
      assertSequence(s, [1, 1, 0.5, 0.5, 0.25, 0.25]);
      const unknown = s.assumptions.find(a => a.fact === 'steps_per_epoch');
      assert.deepEqual(unknown && [unknown.value, unknown.source], ['unknown', 'unknown']);
      assert.match(unknown!.howToSet, /lrLens\.stepsPerEpoch/);
    });

    it('draws a per-update scheduler over max_epochs at nominal slices per epoch and says its lengths count updates', () => {
      const text = `trainer:\n  max_epochs: 10\n${hydra('  _target_: torch.optim.lr_scheduler.CosineAnnealingLR\n  T_max: 500')}`;
      const s = schedule(text, { scheduler_interval: 'step' });
      assert.equal(s.updatesPerEpochUnknown, true);
      const r = s.stepsPerEpoch!;
      assert.equal(s.totalUpdates, 10 * r);
      assert.match(s.assumptions.find(a => a.fact === 'steps_per_epoch')!.howToSet, new RegExp(`lengths count updates.*as if an epoch had ${r} updates`));
      // T_max 500 counts updates: 0.5 (1 + cos(π t / 500)) at update t, wherever that falls in epochs
      assertLrClose(curveAt(s.curve, 250), 0.5, 'T_max / 2');
      // whether T_max outlasts the run depends on the real run: no pt-cosine-rises claim (500 < the nominal slices)
      assert.ok(!codes(text, { scheduler_interval: 'step' }).some(c => c.startsWith('pt-cosine')));
      assert.ok(codes(text, { scheduler_interval: 'step', steps_per_epoch: 100 }).includes('pt-cosine-rises'), '1,000 updates use T_max 500 twice over');
    });

    it('OneCycleLR stepped more than total_steps times raises (pt-onecycle-overstep)', () => {
      const text = hydra('  _target_: torch.optim.lr_scheduler.OneCycleLR\n  max_lr: 1.0\n  total_steps: 10');
      assert.ok(!codes(text, { scheduler_interval: 'step', max_steps: 10 }).includes('pt-onecycle-overstep'));
      assert.ok(codes(text, { scheduler_interval: 'step', max_steps: 11 }).includes('pt-onecycle-overstep'));
    });
  });

  describe('interpolations', () => {
    it('resolves absolute and relative `${...}` references inside the file', () => {
      // `..` is the node above the one holding the key (here the root), as in OmegaConf.
      const text = `trainer:\n  max_epochs: 6\n  warmup_epochs: 2\nwarmup_start: 0.5\noptimizer:\n  _target_: torch.optim.SGD\n  lr: 1.0\nlr_scheduler:
  _target_: torch.optim.lr_scheduler.LinearLR\n  start_factor: \${..warmup_start}\n  total_iters: \${trainer.warmup_epochs}\n`;
      const s = schedule(text, { scheduler_interval: 'epoch', steps_per_epoch: 1 });
      assert.equal(s.totalUpdates, 6);
      assertSequence(s, [0.5, 0.75, 1, 1, 1, 1]);
    });

    it('reports resolvers, missing keys and `???` instead of guessing', () => {
      const env = hydra('  _target_: torch.optim.lr_scheduler.StepLR\n  step_size: ${oc.env:STEP}');
      const analysis = analyzeYaml(env);
      assert.equal(analysis.schedules.length, 0);
      assert.ok(analysis.diagnostics.some(d => d.code === 'pt-unresolved-interpolation' && /oc\.env/.test(d.message)));
      assert.ok(codes(hydra('  _target_: torch.optim.lr_scheduler.StepLR\n  step_size: ${trainer.nope}')).includes('pt-unresolved-interpolation'));
      assert.ok(codes(hydra('  _target_: torch.optim.lr_scheduler.StepLR\n  step_size: ???')).includes('pt-unresolved-interpolation'));
    });
  });

  describe('diagnostics (dialects.md §1.5, §13)', () => {
    const has = (node: string, code: string, facts?: InputFacts) =>
      assert.ok(codes(hydra(node), facts).includes(code), `${code} for\n${node}\ngot ${codes(hydra(node), facts).join(', ')}`);

    it('unknown classes and arguments get a "did you mean"', () => {
      const unknown = analyzeYaml(hydra('  _target_: torch.optim.lr_scheduler.CosineAnnealingLr\n  T_max: 10'));
      assert.ok(unknown.diagnostics.some(d => d.code === 'pt-unknown-scheduler' && d.message.includes('Did you mean `CosineAnnealingLR`?')));
      const argument = analyzeYaml(hydra('  _target_: torch.optim.lr_scheduler.CosineAnnealingLR\n  T_Max: 10'));
      assert.ok(argument.diagnostics.some(d => d.code === 'pt-unexpected-argument' && d.message.includes('`T_max`')));
      has('  _target_: torch.optim.lr_scheduler.StepLR\n  gamma: 0.5', 'pt-missing-argument');
    });

    it('the hard errors PyTorch raises', () => {
      has('  _target_: torch.optim.lr_scheduler.LinearLR\n  start_factor: 0', 'pt-factor-out-of-range');
      has('  _target_: torch.optim.lr_scheduler.ConstantLR\n  factor: 1.5', 'pt-factor-out-of-range');
      has('  _target_: torch.optim.lr_scheduler.CosineAnnealingLR\n  T_max: 0', 'pt-zero-length');
      has('  _target_: torch.optim.lr_scheduler.CosineAnnealingWarmRestarts\n  T_0: 10\n  T_mult: 1.5', 'pt-restarts-int');
      has('  _target_: torch.optim.lr_scheduler.CosineAnnealingWarmRestarts\n  T_0: 10.0', 'pt-restarts-int');
      has('  _target_: torch.optim.lr_scheduler.OneCycleLR\n  max_lr: 0.1\n  total_steps: 100\n  pct_start: 1', 'pt-onecycle-pct-start');
      has('  _target_: torch.optim.lr_scheduler.OneCycleLR\n  max_lr: 0.1', 'pt-onecycle-total-steps');
      has('  _target_: torch.optim.lr_scheduler.OneCycleLR\n  max_lr: 0.1\n  epochs: 10.0\n  steps_per_epoch: 5', 'pt-onecycle-total-steps');
      has('  _target_: torch.optim.lr_scheduler.OneCycleLR\n  max_lr: 0.1\n  total_steps: 10\n  pct_start: 0.1', 'pt-onecycle-zero-phase');
      has('  _target_: torch.optim.lr_scheduler.CyclicLR\n  base_lr: 0.1\n  max_lr: 1.0\n  mode: triangle', 'pt-cyclic-mode');
      has('  _target_: torch.optim.lr_scheduler.ReduceLROnPlateau\n  factor: 2.0', 'pt-plateau-factor');
      const anneal = analyzeYaml(hydra('  _target_: torch.optim.lr_scheduler.OneCycleLR\n  max_lr: 0.1\n  total_steps: 10\n  anneal_strategy: cosine'));
      assert.ok(anneal.diagnostics.some(d => d.code === 'pt-onecycle-anneal-strategy' && d.message.includes('`cos`')));
      const adagrad = `optimizer:\n  _target_: torch.optim.Adagrad\n  lr: 0.1\nlr_scheduler:\n  _target_: torch.optim.lr_scheduler.OneCycleLR\n  max_lr: 0.1\n  total_steps: 10\n`;
      assert.ok(codes(adagrad).includes('pt-momentum-required'));
    });

    it('classes without a knowable curve are explained, not plotted', () => {
      const lambda = analyzeYaml(hydra('  _target_: torch.optim.lr_scheduler.LambdaLR\n  lr_lambda: ${fn}', 'fn: 1\n'));
      assert.equal(lambda.schedules.length, 0);
      assert.ok(lambda.diagnostics.some(d => d.code === 'pt-not-plottable'));
      assert.ok(codes('optimizer:\n  class_path: torch.optim.Adam\nlr_scheduler:\n  class_path: my_project.WarmupCosine\n').includes('pt-custom-scheduler'));
      assert.ok(codes('optimizer:\n  class_path: torch.optim.Adam\nlr_scheduler:\n  class_path: my_project.WarmupCosine\n').includes('pt-custom-scheduler'));
      assert.ok(codes(hydra('  _target_: torch.optim.lr_scheduler.ChainedScheduler\n  schedulers:\n    - {_target_: torch.optim.lr_scheduler.OneCycleLR, max_lr: 1.0, total_steps: 10}')).includes('pt-chained-unsupported'));
    });

    it('ReduceLROnPlateau is drawn as its upper bound: the optimizer LR until the metric first stalls (issue 12)', () => {
      // torch.optim.lr_scheduler.ReduceLROnPlateau only ever multiplies the LR by factor < 1, and only after
      // `patience` epochs without improvement: the run where the metric keeps improving keeps the optimizer's LR.
      const hydraPlateau = analyzeYaml(hydra('  _target_: torch.optim.lr_scheduler.ReduceLROnPlateau\n  patience: 5\n  factor: 0.5'), { scheduler_interval: 'epoch', epochs: 12 });
      assert.equal(hydraPlateau.schedules.length, 1);
      const drawn = hydraPlateau.schedules[0].schedule;
      const optimizerLr = 1.0; // hydra()'s optimizer
      for (let t = 0; t < drawn.totalUpdates; t++) assert.equal(curveAt(drawn.curve, t), optimizerLr, `update ${t}`);
      const info = hydraPlateau.diagnostics.find(d => d.code === 'pt-plateau-upper-bound');
      assert.ok(info && info.severity === 'information' && /factor.*0\.5.*patience.*5/.test(info.message), info?.message);
      assert.ok(!hydraPlateau.diagnostics.some(d => d.severity === 'error'));
      // LightningCLI's subclass, Adam with its default lr 0.001 (torch.optim.Adam)
      const plateau = analyzeYaml('optimizer:\n  class_path: torch.optim.Adam\nlr_scheduler:\n  class_path: lightning.pytorch.cli.ReduceLROnPlateau\n  init_args: {monitor: val_loss}\ntrainer:\n  max_epochs: 20\n', {}, 'config.yaml');
      assert.deepEqual(plateau.dialects, ['pytorch']);
      assert.equal(plateau.schedules.length, 1);
      assert.equal(curveAt(plateau.schedules[0].schedule.curve, 0), 0.001);
      assert.equal(curveAt(plateau.schedules[0].schedule.curve, plateau.schedules[0].schedule.totalUpdates - 1), 0.001);
      assert.ok(plateau.diagnostics.some(d => d.code === 'pt-plateau-upper-bound'));
      // factor >= 1 is still PyTorch's ValueError
      assert.ok(codes(hydra('  _target_: torch.optim.lr_scheduler.ReduceLROnPlateau\n  factor: 1.5')).includes('pt-plateau-factor'));
    });

    it('the optimizer LR: missing, defaulted, per group', () => {
      assert.ok(codes('lr_scheduler:\n  _target_: torch.optim.lr_scheduler.StepLR\n  step_size: 3\n').includes('pt-missing-lr'));
      const defaulted = analyzeYaml('optimizer:\n  _target_: torch.optim.Adam\nlr_scheduler:\n  _target_: torch.optim.lr_scheduler.StepLR\n  step_size: 3\n', { scheduler_interval: 'step', max_steps: 3 });
      assert.ok(defaulted.diagnostics.some(d => d.code === 'pt-default-lr'));
      assertLrClose(curveAt(defaulted.schedules[0].schedule.curve, 0), 0.001, 'Adam default lr');
      has('  _target_: torch.optim.lr_scheduler.CyclicLR\n  base_lr: [0.1, 0.2]\n  max_lr: 1.0', 'pt-per-group-list');
      // jsonargparse's short form names the class alone: Adam's default lr 0.001, StepLR ×0.1 per epoch.
      const short = analyzeYaml('trainer:\n  max_epochs: 2\noptimizer: Adam\nlr_scheduler:\n  class_path: StepLR\n  init_args: {step_size: 1}\n', { steps_per_epoch: 1 }, 'config.yaml');
      assertSequence(short.schedules[0].schedule, [0.001, 0.0001]);
    });

    it('argument notes: last_epoch resumes, verbose is deprecated', () => {
      has('  _target_: torch.optim.lr_scheduler.StepLR\n  step_size: 3\n  last_epoch: 5', 'pt-resume');
      has('  _target_: torch.optim.lr_scheduler.StepLR\n  step_size: 3\n  verbose: true', 'pt-verbose-deprecated');
    });
  });
});
