import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { curveAt } from '../../../src/core/evaluate';
import type { Schedule } from '../../../src/core/schedule';
import { deepspeedDialect } from '../../../src/dialects/deepspeed';
import type { InputFacts } from '../../../src/dialects/types';
import { parseDocument } from '../../../src/formats/parse';
import { analyze } from '../../../src/service/analyze';
import { assertLrClose } from '../helpers';

/**
 * DeepSpeed ds_config.json schedulers. Expected values come from dialects.md Appendix A.4 (the real
 * lr_schedules.py on a stand-in optimizer, rounded to 6 decimals), from the golden cases' own LR arrays
 * (DeepSpeed 0.16.5 run unmodified), or are derived by hand from §4.3 in the comments beside them.
 */

interface GoldenFile {
  framework: string;
  id: string;
  reference: string;
  file: { name: string; language: 'json' | 'yaml'; text: string };
  context: Record<string, unknown>;
  total_updates: number;
  lr: number[];
}

function goldenFiles(): GoldenFile[] {
  const root = path.resolve(__dirname, '../../../../test/fixtures/golden');
  return fs.readdirSync(root).flatMap(framework => fs.statSync(path.join(root, framework)).isDirectory()
    ? fs.readdirSync(path.join(root, framework)).filter(f => f.endsWith('.json'))
      .map(f => JSON.parse(fs.readFileSync(path.join(root, framework, f), 'utf8')) as GoldenFile)
    : []);
}

function analyzeJson(config: object | string, facts: InputFacts = { max_steps: 12 }, fileName = 'ds_config.json') {
  const text = typeof config === 'string' ? config : JSON.stringify(config, null, 2);
  return analyze(text, fileName, 'json', { overrides: facts, overrideSource: 'context' });
}

function schedule(config: object, facts: InputFacts = { max_steps: 12 }): Schedule {
  const analysis = analyzeJson(config, facts);
  assert.deepEqual(analysis.dialects, ['deepspeed']);
  assert.deepEqual(analysis.diagnostics.filter(d => d.severity === 'error').map(d => d.message), []);
  assert.equal(analysis.schedules.length, 1);
  return analysis.schedules[0].schedule;
}

function codes(config: object | string, facts: InputFacts = { max_steps: 12 }): string[] {
  return analyzeJson(config, facts).diagnostics.map(d => d.code);
}

function assertSequence(s: Schedule, expected: number[]): void {
  for (let u = 0; u < expected.length; u++) {
    const actual = curveAt(s.curve, u);
    assert.ok(Math.abs(actual - expected[u]) <= 5e-7, `update ${u}: got ${actual}, expected ${expected[u]}`);
  }
}

/** A config with an AdamW at `lr` and the given scheduler. */
function config(type: string, params: object, lr = 1.0): object {
  return { train_micro_batch_size_per_gpu: 8, optimizer: { type: 'AdamW', params: { lr } }, scheduler: { type, params } };
}

describe('DeepSpeed dialect', () => {
  describe('detection', () => {
    it('recognises ds_config.json files, with or without a scheduler', () => {
      assert.deepEqual(analyzeJson(config('WarmupLR', { warmup_num_steps: 5 })).dialects, ['deepspeed']);
      assert.deepEqual(analyzeJson({ scheduler: { type: 'WarmupLR', params: {} } }, {}, 'config.json').dialects, ['deepspeed']);
      assert.deepEqual(analyzeJson({ train_batch_size: 64, zero_optimization: { stage: 2 }, fp16: { enabled: true } }, {}, 'config.json').dialects, ['deepspeed']);
    });

    it('stays below 0.5 on every other framework\'s golden file and on HF TrainingArguments', () => {
      for (const c of goldenFiles().filter(g => g.framework !== 'deepspeed')) {
        const document = parseDocument(c.file.text, c.file.language);
        for (const root of document.roots) {
          if (!root) continue;
          const score = deepspeedDialect.detect({ fileName: c.file.name, text: c.file.text, document, root, context: { facts: {}, sources: {}, versions: {} } });
          assert.ok(score < 0.5, `${c.framework}/${c.id}: ${score}`);
        }
      }
      const hf = { learning_rate: 2e-5, gradient_accumulation_steps: 4, bf16: true, fp16: false, deepspeed: 'ds_config.json', lr_scheduler_type: 'linear' };
      assert.ok(!analyzeJson(hf, {}, 'deepspeed_training_args.json').dialects.includes('deepspeed'));
    });
  });

  describe('schedules (Appendix A.4, optimizer lr = 1)', () => {
    it('WarmupLR, log warmup: updates 0 and 1 share warmup_min_lr, the peak at u = W', () => {
      assertSequence(schedule(config('WarmupLR', { warmup_min_lr: 0, warmup_max_lr: 1, warmup_num_steps: 5, warmup_type: 'log' })),
        [0.0, 0.0, 0.430677, 0.682606, 0.861353, 1.0, 1.0, 1.0]);
    });

    it('WarmupLR, linear warmup: the peak at u = W + 1', () => {
      const s = schedule(config('WarmupLR', { warmup_min_lr: 0, warmup_max_lr: 1, warmup_num_steps: 5, warmup_type: 'linear' }));
      assertSequence(s, [0.0, 0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.0]);
      assert.equal(s.warmupUpdates, 6);
    });

    it('WarmupDecayLR decays linearly to warmup_min_lr at total_num_steps and stays there', () => {
      const params = { total_num_steps: 10, warmup_min_lr: 0, warmup_max_lr: 1, warmup_num_steps: 4, warmup_type: 'linear' };
      assertSequence(schedule(config('WarmupDecayLR', params), { max_steps: 14 }),
        [0.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.833333, 0.666667, 0.5, 0.333333, 0.166667, 0.0, 0.0, 0.0]);
      assert.ok(codes(config('WarmupDecayLR', params), { max_steps: 14 }).includes('ds-decay-ended'));
    });

    it('WarmupCosineLR: lr[0] = 0 whatever warmup_min_ratio, then clamped at cos_min_ratio', () => {
      const params = { total_num_steps: 10, warmup_min_ratio: 0, warmup_num_steps: 4, cos_min_ratio: 0.1, warmup_type: 'linear' };
      assertSequence(schedule(config('WarmupCosineLR', params)), [0.0, 0.0, 0.25, 0.5, 0.75, 0.939711, 0.775, 0.55, 0.325, 0.160289, 0.1, 0.1]);
      assertSequence(schedule(config('WarmupCosineLR', { ...params, warmup_type: 'log' })), [0.0, 0.0, 0.5, 0.792481, 1.0, 0.939711, 0.775, 0.55, 0.325, 0.160289, 0.1, 0.1]);
      // warmup_min_ratio 0.5, lr 2: the constructor writes 0, update 1 runs at iteration 0 = 0.5 × 2, update 2 at (0.5 + 0.25·0.5) × 2.
      const s = schedule(config('WarmupCosineLR', { ...params, warmup_min_ratio: 0.5 }, 2));
      assertSequence(s, [0, 1, 1.25]);
      assert.ok(codes(config('WarmupCosineLR', params)).includes('ds-cosine-starts-at-zero'));
    });

    it('OneCycle: no lag, triangle then cycle_min_lr / (1 + rate·(u − total)/decay_step_size)', () => {
      assertSequence(schedule(config('OneCycle', { cycle_min_lr: 0.1, cycle_max_lr: 1, cycle_first_step_size: 4, decay_lr_rate: 0.5, decay_step_size: 2 }), { max_steps: 13 }),
        [0.1, 0.325, 0.55, 0.775, 1.0, 0.775, 0.55, 0.325, 0.1, 0.08, 0.066667, 0.057143, 0.05]);
    });

    it('OneCycle stair counts hold the LR on stairs (v0.19.4)', () => {
      // first = second = 4, 2 stairs: position = ⌊u·2/4⌋/2 up, ⌊(8 − u)·2/4⌋/2 down.
      const cfg = config('OneCycle', { cycle_min_lr: 0, cycle_max_lr: 1, cycle_first_step_size: 4, cycle_first_stair_count: 2 });
      assertSequence(schedule(cfg, { max_steps: 9 }), [0, 0, 0.5, 0.5, 1, 0.5, 0.5, 0, 0]);
      assert.ok(codes(cfg, { max_steps: 9 }).includes('ds-onecycle-stairs'));
    });

    it('LRRangeTest grows by step_rate every step_size updates', () => {
      assertSequence(schedule(config('LRRangeTest', { lr_range_test_min_lr: 0.1, lr_range_test_step_size: 2, lr_range_test_step_rate: 1 })), [0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
      assertSequence(schedule(config('LRRangeTest', { lr_range_test_min_lr: 0.1, lr_range_test_step_size: 2, lr_range_test_staircase: true })), [0.1, 0.1, 0.2, 0.2, 0.3]);
    });

    it('a torch.optim.lr_scheduler class named by `type` is stepped per update, with the optimizer LR as base', () => {
      const cfg = config('StepLR', { step_size: 3, gamma: 0.5 }, 0.4);
      assertSequence(schedule(cfg), [0.4, 0.4, 0.4, 0.2, 0.2, 0.2, 0.1]);
      assert.ok(codes(cfg).includes('ds-torch-per-update'));
      // SequentialLR needs scheduler objects, which JSON cannot hold.
      assert.ok(codes(config('SequentialLR', { schedulers: [{ type: 'LinearLR' }], milestones: [] })).includes('pt-nested-unsupported'));
    });
  });

  describe('golden cases, driven with the number of updates their training loop ran', () => {
    for (const c of goldenFiles().filter(g => g.framework === 'deepspeed')) {
      it(c.id, () => {
        const runLength = c.context.total_updates_run_by_training_loop as number;
        // The reference names its release ("DeepSpeed 0.16.5 (...)"), as a user would pick it in the settings.
        const release = /^DeepSpeed (\d+\.\d+\.\d+)/.exec(c.reference)?.[1];
        const analysis = analyze(c.file.text, c.file.name, c.file.language, { overrides: { max_steps: runLength }, overrideSource: 'context', versions: { deepspeed: release } });
        assert.deepEqual(analysis.dialects, ['deepspeed']);
        const s = analysis.schedules[0].schedule;
        assert.equal(s.totalUpdates, c.total_updates);
        for (let u = 0; u < c.lr.length; u++) assertLrClose(curveAt(s.curve, u), c.lr[u], `lr[${u}]`);
      });
    }
  });

  describe('releases (versions.deepspeed)', () => {
    const release = (config: object, version: string, facts: InputFacts = { max_steps: 14 }) => {
      const analysis = analyze(JSON.stringify(config), 'ds_config.json', 'json', { overrides: facts, overrideSource: 'context', versions: { deepspeed: version } });
      return { analysis, schedule: analysis.schedules[0]?.schedule };
    };

    it('before 0.19.3 WarmupCosineLR is not clamped: the LR rises again after total_num_steps', () => {
      // s = k − 3, D = 6: k = 10 gives q = 7/6, the mirror image of k = 8 (update 9, 0.160289).
      const cfg = config('WarmupCosineLR', { total_num_steps: 10, warmup_num_steps: 4, cos_min_ratio: 0.1, warmup_type: 'linear' });
      assertSequence(release(cfg, '0.16.5').schedule, [0.0, 0.0, 0.25, 0.5, 0.75, 0.939711, 0.775, 0.55, 0.325, 0.160289, 0.1, 0.160289, 0.325]);
      assertSequence(release(cfg, '0.19.5').schedule, [0.0, 0.0, 0.25, 0.5, 0.75, 0.939711, 0.775, 0.55, 0.325, 0.160289, 0.1, 0.1, 0.1]);
      assert.ok(release(config('WarmupCosineLR', { total_num_steps: 4, warmup_num_steps: 4 }), '0.16.5').analysis.diagnostics.some(d => d.code === 'ds-cosine-zero-span'));
    });

    it('before 0.17.2 WarmupLR without warmup_max_lr peaks at 0.001, not at the optimizer LR', () => {
      const cfg = config('WarmupLR', { warmup_num_steps: 2, warmup_type: 'linear' }, 0.5);
      assertLrClose(curveAt(release(cfg, '0.16.5').schedule.curve, 3), 0.001, 'peak in 0.16.5');
      assertLrClose(curveAt(release(cfg, '0.17.2').schedule.curve, 3), 0.5, 'peak in 0.17.2');
    });

    it('before 0.19.3 warmup_num_steps 0 silently becomes 2; before 0.19.4 stair counts are ignored', () => {
      const zero = release(config('WarmupLR', { warmup_min_lr: 0, warmup_max_lr: 1, warmup_num_steps: 0, warmup_type: 'linear' }), '0.16.5');
      assertSequence(zero.schedule, [0, 0, 0.5, 1]);
      assert.ok(zero.analysis.diagnostics.some(d => d.code === 'ds-warmup-min-two'));
      const stairs = config('OneCycle', { cycle_min_lr: 0, cycle_max_lr: 1, cycle_first_step_size: 4, cycle_first_stair_count: 2 });
      assertSequence(release(stairs, '0.16.5', { max_steps: 9 }).schedule, [0, 0.25, 0.5, 0.75, 1, 0.75, 0.5, 0.25, 0]);
    });

    it('before 0.15.3 the first update runs at the optimizer LR (accelerate#2124)', () => {
      const old = release(config('WarmupLR', { warmup_min_lr: 0, warmup_max_lr: 1, warmup_num_steps: 5, warmup_type: 'linear' }, 1), '0.14.0');
      assertSequence(old.schedule, [1.0, 0.0, 0.2, 0.4]);
      assert.ok(old.analysis.diagnostics.some(d => d.code === 'ds-first-update-at-peak'));
    });
  });

  describe('run length', () => {
    it('takes max_steps, else epochs × updates per epoch, else total_num_steps as an assumption', () => {
      const decay = config('WarmupDecayLR', { total_num_steps: 100, warmup_num_steps: 10, warmup_type: 'linear', warmup_max_lr: 1 });
      assert.equal(schedule(decay, { max_steps: 50 }).totalUpdates, 50);
      assert.equal(schedule(decay, { epochs: 3, steps_per_epoch: 7 }).totalUpdates, 21);
      // ceil(1000 / (8 micro × 1 accumulation × 4 ranks)) = 32 updates per epoch.
      assert.equal(schedule(decay, { epochs: 2, dataset_size: 1000, world_size: 4 }).totalUpdates, 64);
      const fromFile = schedule(decay, {});
      assert.equal(fromFile.totalUpdates, 100);
      assert.ok(fromFile.assumptions.some(a => a.fact === 'max_steps' && a.value === 100 && a.source === 'file'));
    });

    it('says how to set the length when nothing gives it', () => {
      assert.ok(codes(config('StepLR', { step_size: 10 }), {}).includes('ds-missing-length'));
    });

    it('draws WarmupLR without a run length: it holds warmup_max_lr after the warm-up (issue 12)', () => {
      const analysis = analyzeJson(config('WarmupLR', { warmup_min_lr: 0, warmup_max_lr: 1, warmup_num_steps: 10, warmup_type: 'linear' }), {});
      assert.deepEqual(analysis.diagnostics.filter(d => d.severity === 'error').map(d => d.code), []);
      const s = analysis.schedules[0].schedule;
      assert.ok(s.totalUpdates > s.warmupUpdates, 'past the warm-up');
      const length = s.assumptions.find(a => a.fact === 'max_steps');
      assert.deepEqual(length && [length.value, length.source], ['unknown', 'unknown']);
      assert.match(length!.howToSet, /max_steps=N/);
      // lr_schedules.py WarmupLR: warmup_max_lr once the warm-up is over, for every later update
      for (let u = s.warmupUpdates; u < s.totalUpdates; u += 7) assertLrClose(curveAt(s.curve, u), 1, `update ${u}`);
    });
  });

  describe('diagnostics (dialects.md §4.4, §13)', () => {
    it('unknown scheduler types get a "did you mean" over DeepSpeed and torch names', () => {
      const analysis = analyzeJson(config('WarmUpLR', {}));
      assert.ok(analysis.diagnostics.some(d => d.code === 'ds-unknown-scheduler' && d.message.includes('Did you mean `WarmupLR`?')));
      const torch = analyzeJson(config('CosineAnnealingLr', { T_max: 10 }));
      assert.ok(torch.diagnostics.some(d => d.code === 'ds-unknown-scheduler' && d.message.includes('`CosineAnnealingLR`')));
    });

    it('structural errors: missing type, params, required params, unexpected params', () => {
      assert.ok(codes({ train_micro_batch_size_per_gpu: 8, optimizer: { type: 'Adam', params: { lr: 1 } }, scheduler: { params: {} } }).includes('ds-missing-type'));
      assert.ok(codes({ optimizer: { type: 'Adam', params: { lr: 1 } }, scheduler: { type: 'WarmupLR' } }).includes('ds-missing-params'));
      assert.ok(codes(config('WarmupDecayLR', { warmup_num_steps: 10 })).includes('ds-missing-param'));
      const unexpected = analyzeJson(config('WarmupLR', { warmup_num_step: 10 }));
      assert.ok(unexpected.diagnostics.some(d => d.code === 'ds-unexpected-param' && d.message.includes('`warmup_num_steps`')));
    });

    it('warmup_num_steps must be a positive integer (v0.19.3); 1 becomes 2', () => {
      assert.ok(codes(config('WarmupLR', { warmup_num_steps: 0 })).includes('ds-warmup-steps'));
      assert.ok(codes('{"optimizer": {"type": "Adam", "params": {"lr": 1}}, "scheduler": {"type": "WarmupLR", "params": {"warmup_num_steps": 100.0}}}').includes('ds-warmup-steps'));
      const one = config('WarmupLR', { warmup_min_lr: 0, warmup_max_lr: 1, warmup_num_steps: 1, warmup_type: 'linear' });
      // W' = max(2, 1) = 2: 0, 0, 0.5, 1.
      assertSequence(schedule(one), [0, 0, 0.5, 1, 1]);
      assert.ok(codes(one).includes('ds-warmup-min-two'));
    });

    it('silent surprises: default log warmup, the one-update lag, WarmupDecayLR\'s default peak, short total_num_steps', () => {
      const logDefault = codes(config('WarmupLR', { warmup_num_steps: 10 }));
      assert.ok(logDefault.includes('ds-log-warmup'));
      assert.ok(logDefault.includes('ds-warmup-lag'));
      assert.ok(codes(config('WarmupLR', { warmup_num_steps: 10, warmup_type: 'cosine' })).includes('ds-unknown-warmup-type'));
      const decay = config('WarmupDecayLR', { total_num_steps: 5, warmup_num_steps: 10, warmup_type: 'linear' });
      assert.ok(codes(decay).includes('ds-warmup-max-default'));
      assert.ok(codes(decay).includes('ds-total-less-than-warmup'));
      // Without warmup_max_lr WarmupDecayLR peaks at 0.001 even with an optimizer LR of 1.
      assertLrClose(curveAt(schedule(config('WarmupDecayLR', { total_num_steps: 100, warmup_num_steps: 2, warmup_type: 'linear' })).curve, 3), 0.001, 'peak');
      // WarmupLR without warmup_max_lr takes the optimizer's LR.
      assertLrClose(curveAt(schedule(config('WarmupLR', { warmup_num_steps: 2, warmup_type: 'linear' }, 0.5)).curve, 3), 0.5, 'peak');
    });

    it('parameter checks: OneCycle and LRRangeTest step sizes, per-group lists, a missing optimizer LR', () => {
      assert.ok(codes(config('OneCycle', { cycle_min_lr: 0.1, cycle_max_lr: 1, cycle_first_step_size: 0 })).includes('ds-onecycle-step-size'));
      assert.ok(codes(config('LRRangeTest', { lr_range_test_step_size: 2.5 })).includes('ds-rangetest-step-size'));
      assert.ok(codes(config('LRRangeTest', { lr_range_test_step_size: 2 })).includes('ds-range-test'));
      assert.ok(codes(config('WarmupLR', { warmup_min_lr: [0, 0], warmup_max_lr: [1, 2], warmup_num_steps: 2, warmup_type: 'linear' })).includes('ds-per-group'));
      assert.ok(codes({ scheduler: { type: 'WarmupCosineLR', params: { total_num_steps: 10 } } }).includes('ds-missing-optimizer-lr'));
      // no `scheduler` section: the schedule is not this file's (the HF Trainer's, or the script's), so nothing is said (issue 12)
      assert.deepEqual(codes({ train_batch_size: 8, optimizer: { type: 'Adam', params: { lr: 1 } } }), []);
    });
  });

  /**
   * "auto" values, which the Hugging Face Trainer writes before DeepSpeed reads the file (transformers
   * src/transformers/integrations/deepspeed.py, HfTrainerDeepSpeedConfig): trainer_config_process fills
   * `optimizer.params.lr` and `scheduler.params.warmup_max_lr` with args.learning_rate and warmup_min_lr with 0
   * (fill_only), trainer_config_finalize fills total_num_steps with num_training_steps and warmup_num_steps with
   * args.get_warmup_steps(num_training_steps). TrainingArguments' defaults (training_args.py, dialects.md §3.1):
   * learning_rate 5e-5, warmup_steps 0 / warmup_ratio 0.0 (so get_warmup_steps(N) = 0), max_steps -1 and
   * num_train_epochs 3.0 (so N = ceil(3 × updates per epoch), §3.2).
   */
  describe('"auto" values the Hugging Face Trainer fills (issue 12)', () => {
    const TRANSFORMERS_LEARNING_RATE = 5e-5;
    const TRANSFORMERS_EPOCHS = 3;
    /** A ZeRO stage 2 config for the Hugging Face Trainer, written for this test: every number the Trainer knows is
     *  "auto" (the optimizer's lr, betas, eps, weight_decay, the four WarmupDecayLR params, the batch sizes), stage 2
     *  with CPU optimizer offload, gradient accumulation 2 written as a number. */
    const TRAINER_ZERO2 = `{
  "bf16": { "enabled": "auto" },
  "optimizer": {
    "type": "AdamW",
    "params": { "lr": "auto", "betas": "auto", "eps": "auto", "weight_decay": "auto" }
  },
  "scheduler": {
    "type": "WarmupDecayLR",
    "params": {
      "total_num_steps": "auto",
      "warmup_min_lr": "auto",
      "warmup_max_lr": "auto",
      "warmup_num_steps": "auto"
    }
  },
  "zero_optimization": {
    "stage": 2,
    "offload_optimizer": { "device": "cpu", "pin_memory": true },
    "overlap_comm": true,
    "contiguous_gradients": true,
    "reduce_bucket_size": 3e8,
    "allgather_bucket_size": 3e8
  },
  "gradient_accumulation_steps": 2,
  "gradient_clipping": "auto",
  "train_batch_size": "auto",
  "train_micro_batch_size_per_gpu": "auto",
  "steps_per_print": 250
}`;
    /** A second one, written for this test: WarmupLR with "auto" bounds and warm-up, stage 2, gradient accumulation 1. */
    const TRAINER_WARMUP = `{
  "train_batch_size": "auto",
  "train_micro_batch_size_per_gpu": "auto",
  "gradient_accumulation_steps": 1,
  "fp16": { "enabled": "auto", "initial_scale_power": 12 },
  "zero_optimization": { "stage": 2, "overlap_comm": false },
  "optimizer": {
    "type": "AdamW",
    "params": { "lr": "auto", "weight_decay": "auto" }
  },
  "scheduler": {
    "type": "WarmupLR",
    "params": { "warmup_num_steps": "auto", "warmup_max_lr": "auto", "warmup_min_lr": "auto" }
  }
}`;

    /** WarmupDecayLR (§4.3, newest release) with warmup_min_lr 0, peak P, warmup_num_steps W, total_num_steps T, log warm-up:
     *  update 0 at the constructor's 0, update u ≥ 1 at iteration k = u − 1: P·ln(k + 1)/ln(W') for k < W' = max(2, W),
     *  then P·max(0, (T − k) / max(1, T − W')). */
    const warmupDecay = (u: number, peak: number, warmup: number, total: number): number => {
      if (u === 0) return 0;
      const k = u - 1;
      const w = Math.max(2, warmup);
      return k < w ? peak * Math.log(k + 1) / Math.log(w) : peak * Math.max(0, (total - k) / Math.max(1, total - w));
    };

    it('a ZeRO-2 config with every Trainer number "auto" is drawn with TrainingArguments\' defaults over 3 epochs of unknown length, with no warning or error', () => {
      const analysis = analyze(TRAINER_ZERO2, 'ds_zero2_auto.json', 'json');
      assert.deepEqual(analysis.dialects, ['deepspeed']);
      assert.deepEqual(analysis.diagnostics.filter(d => d.severity !== 'information').map(d => `${d.code}: ${d.message}`), []);
      assert.equal(analysis.schedules.length, 1);
      const s = analysis.schedules[0].schedule;
      // the run is num_train_epochs' default in epochs, its updates per epoch unknown (issue 12's convention)
      assert.equal(s.updatesPerEpochUnknown, true);
      assert.equal(s.totalUpdates / s.stepsPerEpoch!, TRANSFORMERS_EPOCHS);
      const unknown = s.assumptions.find(a => a.fact === 'steps_per_epoch');
      assert.equal(unknown?.source, 'unknown');
      // the curve: WarmupDecayLR with 0 → 5e-5, warmup_num_steps 0 (run as max(2, 0)), total_num_steps = the run
      for (const u of [0, 1, 2, 3, 10, Math.floor(s.totalUpdates / 2), s.totalUpdates - 2, s.totalUpdates - 1]) {
        assertLrClose(curveAt(s.curve, u), warmupDecay(u, TRANSFORMERS_LEARNING_RATE, 0, s.totalUpdates), `update ${u}`);
      }
      assertLrClose(curveAt(s.curve, 2), TRANSFORMERS_LEARNING_RATE, 'peak');
      // one information per "auto" the Trainer fills, each naming the Trainer and the plain-DeepSpeed failure
      const auto = analysis.diagnostics.filter(d => d.code === 'ds-auto-value');
      assert.equal(auto.length, 4);
      for (const d of auto) {
        assert.equal(d.severity, 'information');
        assert.match(d.message, /Hugging Face Trainer/);
        assert.match(d.message, /plain DeepSpeed.*fails on the string/);
        assert.equal(TRAINER_ZERO2.slice(d.range.start, d.range.end), '"auto"');
      }
    });

    it('the assumptions are transformers\' defaults, each saying the Trainer fills it and how to set it', () => {
      const s = analyze(TRAINER_ZERO2, 'ds_zero2_auto.json', 'json').schedules[0].schedule;
      const of = (fact: string) => {
        const found = s.assumptions.filter(a => a.fact === fact);
        assert.equal(found.length, 1, `${fact}: ${JSON.stringify(s.assumptions)}`);
        return found[0];
      };
      const expected: [string, number | string, string][] = [
        ['warmup_max_lr', TRANSFORMERS_LEARNING_RATE, 'TrainingArguments.learning_rate'],
        ['warmup_min_lr', 0, 'Hugging Face Trainer'],
        ['warmup_num_steps', 0, 'TrainingArguments.get_warmup_steps'],
        ['epochs', TRANSFORMERS_EPOCHS, 'TrainingArguments.num_train_epochs'],
        ['total_num_steps', `${TRANSFORMERS_EPOCHS} epochs`, 'num_training_steps'],
      ];
      for (const [fact, value, names] of expected) {
        const a = of(fact);
        assert.equal(a.value, value, fact);
        assert.equal(a.source, 'default', fact);
        assert.ok(a.howToSet.includes(names), `${fact}: ${a.howToSet}`);
        assert.ok(a.origin, fact);
      }
      // WarmupDecayLR takes warmup_max_lr, so the optimizer's "auto" LR plays no part and is not an assumption
      assert.equal(s.assumptions.filter(a => a.fact === 'lr').length, 0);
    });

    it('a WarmupLR config with "auto" bounds is drawn to m1\'s nominal span, peaking at the default learning_rate', () => {
      const analysis = analyze(TRAINER_WARMUP, 'ds_warmup_auto.json', 'json');
      assert.deepEqual(analysis.diagnostics.filter(d => d.severity !== 'information').map(d => d.code), []);
      const s = analysis.schedules[0].schedule;
      // WarmupLR holds its peak: no run length is needed, the span is the existing WarmupLR one (2 × W', at least 100)
      assert.equal(s.totalUpdates, 100);
      assert.deepEqual(s.assumptions.filter(a => a.source === 'unknown').map(a => a.fact), ['max_steps']);
      assertLrClose(curveAt(s.curve, 1), 0, 'update 1');
      assertLrClose(curveAt(s.curve, 2), TRANSFORMERS_LEARNING_RATE, 'peak');
      assertLrClose(curveAt(s.curve, 99), TRANSFORMERS_LEARNING_RATE, 'held');
    });

    it('a stated run length is the Trainer\'s num_training_steps: total_num_steps "auto" = max_steps', () => {
      const analysis = analyze(TRAINER_ZERO2, 'ds_zero2_auto.json', 'json', { overrides: { max_steps: 40 }, overrideSource: 'flag' });
      const s = analysis.schedules[0].schedule;
      assert.equal(s.totalUpdates, 40);
      assert.equal(s.updatesPerEpochUnknown, undefined);
      for (let u = 0; u < 40; u++) assertLrClose(curveAt(s.curve, u), warmupDecay(u, TRANSFORMERS_LEARNING_RATE, 0, 40), `update ${u}`);
      assert.equal(s.assumptions.find(a => a.fact === 'total_num_steps')?.value, 40);
      assert.equal(s.assumptions.find(a => a.fact === 'max_steps')?.source, 'flag');
    });

    it('stated updates per epoch give num_training_steps = ceil(num_train_epochs × updates per epoch); stated epochs alone keep them unknown', () => {
      const perEpoch = analyze(TRAINER_ZERO2, 'ds_zero2_auto.json', 'json', { overrides: { steps_per_epoch: 50 }, overrideSource: 'context' }).schedules[0].schedule;
      assert.equal(perEpoch.totalUpdates, TRANSFORMERS_EPOCHS * 50);
      assert.equal(perEpoch.stepsPerEpoch, 50);
      assert.equal(perEpoch.updatesPerEpochUnknown, undefined);
      assert.equal(perEpoch.assumptions.find(a => a.fact === 'steps_per_epoch')?.source, 'context');
      assertLrClose(curveAt(perEpoch.curve, 75), warmupDecay(75, TRANSFORMERS_LEARNING_RATE, 0, 150), 'update 75');
      // a dataset size over the file's "auto" batch: TrainingArguments.per_device_train_batch_size (default 8) on one
      // process, a DataLoader without drop_last: ceil(1001 / 8) = 126 batches; gradient_accumulation_steps 2 (the
      // file's): 126 / 2 = 63 updates per epoch (Trainer.set_initial_training_values rounds up, older releases'
      // _inner_training_loop down: an even count of batches makes both 63, dialects.md §3.2)
      const dataset = analyze(TRAINER_ZERO2, 'ds_zero2_auto.json', 'json', { overrides: { dataset_size: 1001 }, overrideSource: 'context' }).schedules[0].schedule;
      assert.equal(dataset.stepsPerEpoch, 63);
      assert.equal(dataset.totalUpdates, TRANSFORMERS_EPOCHS * 63);
      assert.equal(dataset.assumptions.find(a => a.fact === 'per_device_train_batch_size')?.value, 8);
      const epochs = analyze(TRAINER_ZERO2, 'ds_zero2_auto.json', 'json', { overrides: { epochs: 2 }, overrideSource: 'flag' }).schedules[0].schedule;
      assert.equal(epochs.updatesPerEpochUnknown, true);
      assert.equal(epochs.totalUpdates / epochs.stepsPerEpoch!, 2);
      assert.equal(epochs.assumptions.find(a => a.fact === 'epochs')?.source, 'flag');
    });

    it('the same config with numbers instead of "auto" is read as before: no Trainer assumption, no ds-auto-value, its own checks', () => {
      const withNumbers = config('WarmupDecayLR', { warmup_min_lr: 0, warmup_max_lr: TRANSFORMERS_LEARNING_RATE, warmup_num_steps: 2, total_num_steps: 40 });
      const withAuto = config('WarmupDecayLR', { warmup_min_lr: 'auto', warmup_max_lr: 'auto', warmup_num_steps: 'auto', total_num_steps: 'auto' }, 'auto' as unknown as number);
      const numbers = analyzeJson(withNumbers, {});
      assert.deepEqual(numbers.diagnostics.filter(d => d.code === 'ds-auto-value'), []);
      const n = numbers.schedules[0].schedule;
      assert.deepEqual(n.assumptions.map(a => a.fact), ['max_steps']);
      assert.equal(n.assumptions[0].source, 'file');
      // "auto" with the same run stated draws the same curve (warmup_num_steps 0 runs as 2)
      const a = schedule(withAuto, { max_steps: 40 });
      for (let u = 0; u < 40; u++) assert.equal(curveAt(a.curve, u), curveAt(n.curve, u), `update ${u}`);
      // a written 0 is still DeepSpeed's ValueError (v0.19.3), and 1 still becomes 2: only the Trainer's assumed 0 is spared
      assert.ok(codes(config('WarmupDecayLR', { warmup_max_lr: 1, warmup_num_steps: 0, total_num_steps: 40 }), {}).includes('ds-warmup-steps'));
      assert.ok(codes(config('WarmupDecayLR', { warmup_max_lr: 1, warmup_num_steps: 1, total_num_steps: 40, warmup_type: 'linear' }), {}).includes('ds-warmup-min-two'));
      // the log warm-up of a written warmup_num_steps is still a warning
      assert.equal(analyzeJson(config('WarmupDecayLR', { warmup_max_lr: 1, warmup_num_steps: 10, total_num_steps: 40 }), {}).diagnostics.find(d => d.code === 'ds-log-warmup')?.severity, 'warning');
    });

    it('an explicit LR elsewhere is the learning_rate the Trainer\'s mismatch check demands (CarperAI/trlx reward-model config)', () => {
      // CarperAI/trlx examples/summarize_rlhf/reward_model/ds_config_gpt_j.json: warmup_max_lr "auto", optimizer lr 1e-05
      const s = schedule({ train_batch_size: 32, optimizer: { type: 'AdamW', params: { lr: 1e-5, betas: [0.9, 0.999], eps: 1e-8 } },
        scheduler: { type: 'WarmupLR', params: { warmup_min_lr: 0, warmup_max_lr: 'auto', warmup_num_steps: 100 } } }, {});
      const lr = s.assumptions.find(a => a.fact === 'warmup_max_lr');
      assert.equal(lr?.value, 1e-5);
      assert.equal(lr?.source, 'inferred');
      assert.match(lr?.origin ?? '', /optimizer\.params\.lr/);
      assertLrClose(curveAt(s.curve, 150), 1e-5, 'held peak');
    });

    it('optimizer.params.lr "auto" is the default learning_rate where the schedule uses it (WarmupCosineLR)', () => {
      const analysis = analyzeJson({ optimizer: { type: 'AdamW', params: { lr: 'auto' } }, scheduler: { type: 'WarmupCosineLR', params: { total_num_steps: 100, warmup_num_steps: 10, warmup_type: 'linear' } } }, {});
      assert.deepEqual(analysis.diagnostics.filter(d => d.severity === 'error'), []);
      const d = analysis.diagnostics.find(x => x.code === 'ds-auto-value');
      assert.equal(d?.severity, 'information');
      assert.match(d?.message ?? '', /optimizer\.params\.lr/);
      const s = analysis.schedules[0].schedule;
      assert.equal(s.assumptions.find(a => a.fact === 'lr')?.value, TRANSFORMERS_LEARNING_RATE);
      // linear warm-up (§4.3): update u runs iteration k = u − 1 at lr·(warmup_min_ratio + (k / W)(1 − warmup_min_ratio)), here lr·k/10
      assertLrClose(curveAt(s.curve, 6), TRANSFORMERS_LEARNING_RATE * 5 / 10, 'half-way up');
    });

    it('an "auto" the Trainer does not fill reaches DeepSpeed as the string, and says so', () => {
      const analysis = analyzeJson(config('WarmupCosineLR', { total_num_steps: 100, warmup_num_steps: 10, cos_min_ratio: 'auto' }), {});
      const d = analysis.diagnostics.find(x => x.code === 'ds-auto-value');
      assert.match(d?.message ?? '', /not a key the Hugging Face Trainer fills.*receives the string/);
      assert.ok(analysis.diagnostics.some(x => x.code === 'ds-expected-number'), JSON.stringify(analysis.diagnostics.map(x => x.code)));
    });
  });
});
