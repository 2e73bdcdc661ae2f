import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { curveAt } from '../../../src/core/evaluate';
import type { Schedule } from '../../../src/core/schedule';
import type { InputFacts } from '../../../src/dialects/types';
import { analyze, type Analysis } from '../../../src/service/analyze';
import { MemoryFiles } from '../../../src/workspace/memoryFiles';
import { assertLrClose } from '../helpers';

/**
 * Hydra configs laid out as projects lay them out (issue 12 §1, §4), on the config trees in test/fixtures/hydra
 * (written for these tests, see its README.md): a config-group option read on its own (`conf/scheduler/cosine.yaml`)
 * is drawn inside the primary config that selects it, or relative to the optimizer's LR when none does; the
 * `class_name`/`params`/`step` convention (as pytorch_tempest uses it); a primary config that names its scheduler
 * only in `defaults`. Expected values: PyTorch's scheduler formulas (torch/optim/lr_scheduler.py closed forms,
 * dialects.md §1.2) with the numbers the files hold.
 */

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/hydra');

/** One project folder of the fixtures as the workspace. */
function workspace(file: string, extra: Record<string, string> = {}): MemoryFiles {
  const folder = file.split('/')[0];
  const files: Record<string, string> = {};
  for (const rel of fs.readdirSync(path.join(FIXTURES, folder), { recursive: true }) as string[]) {
    const abs = path.join(FIXTURES, folder, rel);
    if (fs.statSync(abs).isFile()) files[`/hydra/${folder}/${rel.split(path.sep).join('/')}`] = fs.readFileSync(abs, 'utf8');
  }
  return new MemoryFiles({ ...files, ...extra }, { root: `/hydra/${folder}`, filePath: `/hydra/${file}` });
}

function run(file: string, options: { alone?: boolean; facts?: InputFacts; extra?: Record<string, string>; text?: string } = {}): Analysis {
  const text = options.text ?? fs.readFileSync(path.join(FIXTURES, file), 'utf8');
  return analyze(text, path.basename(file), 'yaml', {
    ...(options.alone ? {} : { files: workspace(file, options.extra) }),
    ...(options.facts && { overrides: options.facts, overrideSource: 'context' as const }),
  });
}

function errors(analysis: Analysis): string[] {
  return analysis.diagnostics.filter(d => d.severity === 'error').map(d => `${d.code}: ${d.message}`);
}

function only(analysis: Analysis): Schedule {
  assert.deepEqual(errors(analysis), []);
  assert.equal(analysis.schedules.length, 1, JSON.stringify(analysis.diagnostics.map(d => d.code)));
  return analysis.schedules[0].schedule;
}

/** CosineAnnealingLR's closed form: eta_min + (base − eta_min)(1 + cos(π t / T_max)) / 2. */
const cosine = (base: number, tMax: number, etaMin = 0) => (t: number) => etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * t / tMax)) / 2;
/** StepLR: base · gamma^⌊t / step_size⌋. */
const step = (base: number, stepSize: number, gamma: number) => (t: number) => base * gamma ** Math.floor(t / stepSize);

function assertCurve(s: Schedule, expected: (epoch: number) => number, epochs: number[], what: string): void {
  // per epoch: update t of epoch e runs with the LR after e scheduler steps
  for (const e of epochs) assertLrClose(curveAt(s.curve, e * (s.stepsPerEpoch ?? 1)), expected(e), `${what}, epoch ${e}`);
}

describe('PyTorch / Hydra configs as projects have them (issue 12)', () => {
  describe('a config-group option read inside the primary that selects it', () => {
    it('conf/scheduler/cosine.yaml: lr 0.2 from conf/optim/sgd.yaml, 60 epochs from pl_trainer.max_epochs, via conf/config.yaml', () => {
      const analysis = run('image-classifier/conf/scheduler/cosine.yaml');
      const s = only(analysis);
      // config.yaml: `- optim: sgd` (lr: 0.2), `- scheduler: cosine` (T_max: 60), pl_trainer.max_epochs: 60
      assert.equal(s.totalUpdates / (s.stepsPerEpoch ?? 1), 60);
      assert.equal(s.updatesPerEpochUnknown, true);
      assertCurve(s, cosine(0.2, 60), [0, 1, 20, 30, 59], 'CosineAnnealingLR(T_max=60) over SGD lr 0.2');
      const lr = s.assumptions.find(a => a.fact === 'lr');
      assert.ok(lr, 'the LR is an assumption with its origin');
      assert.equal(lr.source, 'inferred');
      assert.equal(lr.value, 0.2);
      assert.match(lr.origin ?? '', /conf\/optim\/sgd\.yaml/);
      assert.match(lr.origin ?? '', /conf\/config\.yaml/);
      assert.doesNotMatch(lr.origin ?? '', /in place of/);
      assert.ok(analysis.read.includes('/hydra/image-classifier/conf/config.yaml'), 'an edit of the primary re-analyses the option');
    });

    it('conf/scheduler/step.yaml, which the primary does not select, stands in for its scheduler option', () => {
      const s = only(run('image-classifier/conf/scheduler/step.yaml'));
      assert.equal(s.totalUpdates / (s.stepsPerEpoch ?? 1), 60);
      assertCurve(s, step(0.2, 20, 0.5), [0, 19, 20, 39, 40, 59], 'StepLR(step_size=20, gamma=0.5) over lr 0.2');
      assert.match(s.assumptions.find(a => a.fact === 'lr')?.origin ?? '', /in place of/);
    });

    it('step-budget conf/scheduler/steplr.yaml: Adam lr 0.004; the trainer stops at max_steps 6, so at most 6 epochs (epochs unknown, no error)', () => {
      const analysis = run('step-budget/conf/scheduler/steplr.yaml');
      const s = only(analysis);
      assert.equal(s.totalUpdates / (s.stepsPerEpoch ?? 1), 6);
      assertCurve(s, step(0.004, 4, 0.25), [0, 3, 4, 5], 'StepLR(step_size=4, gamma=0.25) over Adam lr 0.004');
      const epochs = s.assumptions.find(a => a.fact === 'epochs');
      assert.equal(epochs?.source, 'unknown');
      assert.match(epochs?.howToSet ?? '', /max_steps 6/);
      // the options config.yaml selects but the project lacks (encoder: graph_net, objective: contrastive) are
      // warnings on the option, not errors
      const missing = analysis.diagnostics.filter(d => d.code === 'pt-base-missing');
      assert.ok(missing.length > 0 && missing.every(d => d.severity === 'warning'), JSON.stringify(missing));
    });

    it('a primary whose optimizer sets no lr: PyTorch\'s default lr of that optimizer', () => {
      const files = {
        '/ws/conf/config.yaml': 'defaults:\n  - optimizer: adam\n  - scheduler: cosine\ntrainer:\n  max_epochs: 20\n',
        '/ws/conf/optimizer/adam.yaml': '_target_: torch.optim.Adam\n_partial_: true\n',
        '/ws/conf/scheduler/cosine.yaml': '_target_: torch.optim.lr_scheduler.CosineAnnealingLR\nT_max: 20\n',
      };
      const memory = new MemoryFiles(files, { root: '/ws', filePath: '/ws/conf/scheduler/cosine.yaml' });
      const analysis = analyze(files['/ws/conf/scheduler/cosine.yaml'], 'cosine.yaml', 'yaml', { files: memory });
      const s = only(analysis);
      // Adam without lr: PyTorch's default 0.001 (torch.optim.Adam lr=1e-3)
      assertCurve(s, cosine(0.001, 20), [0, 10, 19], 'CosineAnnealingLR over Adam\'s default lr');
      assert.equal(s.totalUpdates / (s.stepsPerEpoch ?? 1), 20);
    });
  });

  describe('a config-group option with no primary: never an error', () => {
    it('read alone, CosineAnnealingLR is drawn as multiples of the optimizer\'s LR over its T_max epochs', () => {
      const s = only(run('image-classifier/conf/scheduler/cosine.yaml', { alone: true }));
      assertCurve(s, cosine(1, 60), [0, 30, 59], 'multiples of the optimizer LR');
      const lr = s.assumptions.find(a => a.fact === 'lr');
      assert.equal(lr?.source, 'unknown');
      assert.equal(lr?.value, 1);
      assert.match(lr?.howToSet ?? '', /multiples of the optimizer's LR/);
      const epochs = s.assumptions.find(a => a.fact === 'epochs');
      assert.equal(epochs?.source, 'unknown');
      assert.equal(s.totalUpdates / (s.stepsPerEpoch ?? 1), 60);
    });

    it('a project with scheduler options and no primary config anywhere: the same, with the workspace read', () => {
      const analysis = run('options-only/conf/scheduler/cosine.yaml');
      const s = only(analysis);
      assertCurve(s, cosine(1, 40), [0, 10, 20, 39], 'CosineAnnealingLR(T_max=40) multiples');
      assert.equal(s.totalUpdates / (s.stepsPerEpoch ?? 1), 40);
      assert.equal(s.assumptions.find(a => a.fact === 'lr')?.source, 'unknown');
      assert.equal(s.assumptions.find(a => a.fact === 'epochs')?.source, 'unknown');
      // its sibling is not mistaken for a primary: StepLR(step_size=15, gamma=0.3) stays in multiples too
      const stepped = only(run('options-only/conf/scheduler/step.yaml', { facts: { epochs: 45 } }));
      assertCurve(stepped, step(1, 15, 0.3), [0, 14, 15, 30, 44], 'StepLR multiples');
      assert.equal(stepped.assumptions.find(a => a.fact === 'lr')?.source, 'unknown');
    });

    it('a stated run length is used over the span', () => {
      const s = only(run('image-classifier/conf/scheduler/step.yaml', { alone: true, facts: { epochs: 70 } }));
      assert.equal(s.totalUpdates / (s.stepsPerEpoch ?? 1), 70);
      assertCurve(s, step(1, 20, 0.5), [0, 20, 40, 60, 69], 'StepLR multiples');
      assert.ok(!s.assumptions.some(a => a.fact === 'epochs' && a.source === 'unknown'));
    });

    it('a full config (the scheduler under a key) with no optimizer still says the LR is missing', () => {
      const analysis = analyze('lr_scheduler:\n  _target_: torch.optim.lr_scheduler.StepLR\n  step_size: 3\n', 'config.yaml', 'yaml', { overrides: { scheduler_interval: 'step', max_steps: 12 } });
      assert.ok(analysis.diagnostics.some(d => d.code === 'pt-missing-lr'));
    });
  });

  describe('class_name, params, step (the pytorch_tempest convention)', () => {
    it('step.yaml: StepLR(step_size=6, gamma=0.7) stepped per epoch as `step: epoch` says (no assumed interval)', () => {
      const analysis = run('class-name-params/conf/scheduler/step.yaml');
      const s = only(analysis);
      assert.ok(!analysis.diagnostics.some(d => d.code === 'pt-assumed-interval'));
      assert.ok(!s.assumptions.some(a => a.fact === 'scheduler_interval'));
      assertCurve(s, step(1, 6, 0.7), [0, 5, 6, 13, 20], 'StepLR multiples');
    });

    it('cosinewarm.yaml: `step: step` steps CosineAnnealingWarmRestarts(T_0=120, T_mult=2) per update', () => {
      const s = only(run('class-name-params/conf/scheduler/cosinewarm.yaml'));
      assert.ok(!s.updatesPerEpochUnknown || s.stepsPerEpoch !== 1);
      // T_cur restarts at 120; the second cycle is 240 long: at update 200, T_cur = 80 of 240.
      assertLrClose(curveAt(s.curve, 0), 1, 'start');
      assertLrClose(curveAt(s.curve, 60), (1 + Math.cos(Math.PI * 60 / 120)) / 2, 'half the first cycle');
      assertLrClose(curveAt(s.curve, 120), 1, 'restart');
      assertLrClose(curveAt(s.curve, 200), (1 + Math.cos(Math.PI * 80 / 240)) / 2, 'a third into the second cycle');
    });

    it('cyclic.yaml: `base_lr: ${training.lr}` from conf/training/base_training.yaml, the only option of its group (inferred)', () => {
      const s = only(run('class-name-params/conf/scheduler/cyclic.yaml'));
      // CyclicLR triangular, step_size_up = step_size_down = 2000 (PyTorch defaults), base_lr 0.0005, max_lr 0.02
      const base = 0.0005;
      const max = 0.02;
      const triangular = (t: number) => { const x = Math.abs(t / 2000 - 2 * Math.floor(1 + t / 4000) + 1); return base + (max - base) * Math.max(0, 1 - x); };
      for (const t of [0, 1, 1000, 2000, 3000, 4000, 5000]) assertLrClose(curveAt(s.curve, t), triangular(t), `CyclicLR at update ${t}`);
      const option = s.assumptions.find(a => a.fact === 'hydra_option');
      assert.equal(option?.source, 'inferred');
      assert.match(option?.origin ?? '', /conf\/training\/base_training\.yaml/);
      // a group with several options (optimizer: adam, adamw, sgd) is not guessed
      assert.ok(!s.assumptions.some(a => a.fact === 'hydra_option' && /optimizer/.test(String(a.value))));
    });

    it('cosine.yaml refers to training only in `monitor`, which sets no LR: no assumption about it', () => {
      const s = only(run('class-name-params/conf/scheduler/cosine.yaml'));
      assert.ok(!s.assumptions.some(a => a.fact === 'hydra_option'));
      assertCurve(s, cosine(1, 16), [0, 4, 8, 15], 'CosineAnnealingLR(T_max=16) multiples');
    });

    it('an optimizer option (`class_name: torch.optim.SGD`, `params.lr`) is no schedule and gets no diagnostic', () => {
      const analysis = run('class-name-params/conf/optimizer/sgd.yaml');
      assert.deepEqual(analysis.dialects, []);
      assert.deepEqual(analysis.diagnostics, []);
    });

    it('a class_name scheduler beside a class_name optimizer takes its params.lr', () => {
      const text = 'optimizer:\n  class_name: torch.optim.SGD\n  params:\n    lr: 0.5\nscheduler:\n  class_name: torch.optim.lr_scheduler.StepLR\n  step: epoch\n  monitor: val_loss\n  params:\n    step_size: 2\n    gamma: 0.5\ntrainer:\n  max_epochs: 6\n';
      const s = only(analyze(text, 'config.yaml', 'yaml'));
      assertCurve(s, step(0.5, 2, 0.5), [0, 1, 2, 4, 5], 'StepLR over SGD lr 0.5');
    });
  });

  describe('Hydra primary configs', () => {
    it('image-classifier conf/config.yaml (no scheduler of its own) is detected on its composition and drawn', () => {
      const analysis = run('image-classifier/conf/config.yaml');
      assert.deepEqual(analysis.dialects, ['pytorch']);
      const s = only(analysis);
      assertCurve(s, cosine(0.2, 60), [0, 30, 59], 'the composed CosineAnnealingLR');
    });

    it('step-budget conf/config.yaml is drawn with no error (its `${now:…}` run directory is not read)', () => {
      const analysis = run('step-budget/conf/config.yaml');
      const s = only(analysis);
      assertCurve(s, step(0.004, 4, 0.25), [0, 3, 4, 5], 'StepLR over Adam lr 0.004');
    });

    it('only the unresolved interpolations the reader reads are errors', () => {
      const text = 'logger:\n  save_dir: ${oc.env:HOME}/logs\noptimizer:\n  _target_: torch.optim.SGD\n  lr: 0.1\nscheduler:\n  _target_: torch.optim.lr_scheduler.StepLR\n  step_size: 2\ntrainer:\n  max_epochs: 4\n';
      assert.deepEqual(errors(analyze(text, 'config.yaml', 'yaml', { overrides: { steps_per_epoch: 1 } })), []);
      const unread = analyze(text.replace('lr: 0.1', 'lr: ${oc.env:LR}'), 'config.yaml', 'yaml', { overrides: { steps_per_epoch: 1 } });
      const said = unread.diagnostics.filter(d => d.code === 'pt-unresolved-interpolation');
      assert.equal(said.length, 1, 'the lr one, not the logger one');
      assert.match(said[0].message, /oc\.env/);
      assert.ok(text.replace('lr: 0.1', 'lr: ${oc.env:LR}').slice(said[0].range.start, said[0].range.end).includes('LR}'));
    });

    it('a lightning-hydra-template-style configs/train.yaml: composed, no error for the interpolations it does not read', () => {
      // `${paths.output_dir}`, `${oc.env:TILES_HOME}`, `${hydra:runtime.output_dir}`, `${now:…}` sit in the trainer,
      // paths, data, callbacks and hydra options; none of them sets the LR or the run length
      const analysis = run('lightning-style/configs/train.yaml');
      assert.deepEqual(analysis.dialects, ['pytorch']);
      assert.deepEqual(errors(analysis), []);
      // model/tile_classifier.yaml's ReduceLROnPlateau is drawn as its upper bound (torch.optim.lr_scheduler:
      // it only ever multiplies the LR by factor < 1, after `patience` epochs without improvement): Adam's lr
      // 0.0025 over trainer.max_epochs 25, with the information naming factor and patience
      const s = only(analysis);
      assert.equal(s.totalUpdates / (s.stepsPerEpoch ?? 1), 25);
      assertCurve(s, () => 0.0025, [0, 1, 12, 24], 'the plateau\'s upper bound');
      const info = analysis.diagnostics.find(d => d.code === 'pt-plateau-upper-bound');
      assert.ok(info && info.severity === 'information' && /factor.*0\.3.*patience.*4/.test(info.message), info?.message);
    });
  });
});
