import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { curveAt } from '../../../src/core/evaluate';
import type { Schedule } from '../../../src/core/schedule';
import { huggingfaceDialect } from '../../../src/dialects/huggingface';
import type { AnalysisContext, Diagnostic, InputFacts } from '../../../src/dialects/types';
import { parseDocument } from '../../../src/formats/parse';
import { analyze } from '../../../src/service/analyze';
import { assertLrClose } from '../helpers';

/**
 * Hugging Face TrainingArguments files. Expected values are dialects.md Appendix A.3 (the HF lambdas, rounded to
 * 6 decimals), the golden README's notes, or derived by hand from transformers' optimization.py / Trainer code.
 */

type Versions = AnalysisContext['versions'];

function analyzeHf(text: string, facts: InputFacts = {}, versions: Versions = {}, fileName = 'training_args.json') {
  const language = /\.ya?ml$/.test(fileName) ? 'yaml' : 'json';
  return analyze(text, fileName, language, { overrides: facts, overrideSource: 'context', versions });
}

function hfSchedule(text: string, facts: InputFacts = {}, versions: Versions = {}, fileName?: string): Schedule {
  const analysis = analyzeHf(text, facts, versions, fileName);
  assert.deepEqual(analysis.dialects, ['huggingface']);
  assert.deepEqual(analysis.diagnostics.filter(d => d.severity === 'error').map(d => d.message), []);
  assert.equal(analysis.schedules.length, 1);
  return analysis.schedules[0].schedule;
}

function diagnostic(text: string, code: string, facts: InputFacts = {}, versions: Versions = {}, fileName?: string): Diagnostic {
  const found = analyzeHf(text, facts, versions, fileName).diagnostics.find(d => d.code === code);
  assert.ok(found, `expected diagnostic ${code}`);
  return found;
}

function json(args: Record<string, unknown>): string {
  return JSON.stringify(args, null, 2);
}

/** Appendix A lists λ(t) rounded to 6 decimals (learning_rate 1.0). */
function assertSequence(schedule: Schedule, expected: number[]): void {
  for (let t = 0; t < expected.length; t++) {
    const actual = curveAt(schedule.curve, t);
    assert.ok(Math.abs(actual - expected[t]) <= 5e-7, `t=${t}: got ${actual}, expected ${expected[t]}`);
  }
}

function applyFix(text: string, d: Diagnostic): string {
  const edit = d.fixes![0].edits[0];
  return text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
}

const GOLDEN = path.resolve(__dirname, '../../../../test/fixtures/golden');

describe('Hugging Face dialect', () => {
  describe('detection', () => {
    it('recognises TrainingArguments JSON and YAML by their keys', () => {
      assert.deepEqual(analyzeHf(json({ output_dir: 'out', learning_rate: 3e-5, num_train_epochs: 2, per_device_train_batch_size: 8 }), { steps_per_epoch: 10 }).dialects, ['huggingface']);
      assert.deepEqual(analyzeHf('learning_rate: 2.0e-5\nlr_scheduler_type: cosine\nmax_steps: 100\n', {}, {}, 'sft_config.yaml').dialects, ['huggingface']);
      // The file name alone is not enough.
      assert.deepEqual(analyzeHf(json({ seed: 1 }), {}, {}, 'training_args.json').dialects, []);
    });

    it('stays below 0.5 for every other framework golden file and for LR Lens files', () => {
      for (const framework of fs.readdirSync(GOLDEN).filter(f => f !== 'huggingface' && !f.includes('.'))) {
        for (const file of fs.readdirSync(path.join(GOLDEN, framework))) {
          const c = JSON.parse(fs.readFileSync(path.join(GOLDEN, framework, file), 'utf8'));
          const document = parseDocument(c.file.text, c.file.language);
          for (const root of document.roots) {
            if (!root) continue;
            const score = huggingfaceDialect.detect({ fileName: c.file.name, text: c.file.text, document, root, context: { facts: {}, sources: {}, versions: {} } });
            assert.ok(score < 0.5, `${framework}/${c.id}: ${score}`);
          }
        }
      }
      const lrLens = 'lr: 2.0e-5\nbatch: 32\nepochs: 3\nwarmup: { fraction: 0.1 }\ndecay: { type: linear }\n';
      assert.deepEqual(analyzeHf(lrLens, {}, {}, 'bert.yaml').dialects.includes('huggingface'), false);
    });

    it('does not take a DeepSpeed config for TrainingArguments', () => {
      const ds = json({ train_batch_size: 32, gradient_accumulation_steps: 1, optimizer: { type: 'AdamW', params: { lr: 1e-4 } }, scheduler: { type: 'WarmupLR', params: {} } });
      assert.equal(analyzeHf(ds, {}, {}, 'ds_config.json').dialects.includes('huggingface'), false);
    });
  });

  describe('lr_scheduler_type curves (Appendix A.3, learning_rate 1.0)', () => {
    const curve = (type: string, maxSteps: number, warmupSteps: number, kwargs?: Record<string, unknown>) =>
      hfSchedule(json({ learning_rate: 1.0, lr_scheduler_type: type, max_steps: maxSteps, warmup_steps: warmupSteps, ...(kwargs ? { lr_scheduler_kwargs: kwargs } : {}) }));

    it('linear N=10 W=3: the last update runs at lr / (N − W), 0 only at t = N', () => {
      assertSequence(curve('linear', 10, 3), [0.0, 0.333333, 0.666667, 1.0, 0.857143, 0.714286, 0.571429, 0.428571, 0.285714, 0.142857, 0.0]);
    });
    it('cosine N=10 W=3', () => {
      assertSequence(curve('cosine', 10, 3), [0.0, 0.333333, 0.666667, 1.0, 0.950484, 0.811745, 0.61126, 0.38874, 0.188255, 0.049516, 0.0]);
    });
    it('cosine_with_restarts N=10 W=2 num_cycles=2', () => {
      assertSequence(curve('cosine_with_restarts', 10, 2, { num_cycles: 2 }), [0.0, 0.5, 1.0, 0.853553, 0.5, 0.146447, 1.0, 0.853553, 0.5, 0.146447, 0.0]);
    });
    it('polynomial N=10 W=2 lr_end=0.1 power=2', () => {
      assertSequence(curve('polynomial', 10, 2, { lr_end: 0.1, power: 2 }), [0.0, 0.5, 1.0, 0.789062, 0.60625, 0.451562, 0.325, 0.226562, 0.15625, 0.114063, 0.1]);
    });
    it('constant_with_warmup W=3', () => {
      assertSequence(curve('constant_with_warmup', 7, 3), [0.0, 0.333333, 0.666667, 1.0, 1.0, 1.0, 1.0]);
    });
    it('inverse_sqrt W=3 (timescale = W), counted from update 0', () => {
      assertSequence(curve('inverse_sqrt', 9, 3), [0.0, 0.333333, 0.666667, 1.0, 0.866025, 0.774597, 0.707107, 0.654654, 0.612372]);
    });
    it('cosine_with_min_lr N=10 W=3 min_lr_rate=0.1', () => {
      assertSequence(curve('cosine_with_min_lr', 10, 3, { min_lr_rate: 0.1 }), [0.0, 0.333333, 0.666667, 1.0, 0.955436, 0.83057, 0.650134, 0.449866, 0.26943, 0.144564, 0.1]);
    });
    it('cosine_warmup_with_min_lr: warm-up (t + 1)/W and min_lr at t = N − 1 (its own off-by-one)', () => {
      assertSequence(curve('cosine_warmup_with_min_lr', 10, 3, { min_lr_rate: 0.1 }), [0.333333, 0.666667, 1.0, 0.955436, 0.83057, 0.650134, 0.449866, 0.26943, 0.144564, 0.1, 0.144564]);
    });
    it('warmup_stable_decay N=10 W=2 num_decay_steps=4 (cosine decay)', () => {
      assertSequence(curve('warmup_stable_decay', 10, 2, { num_decay_steps: 4 }), [0.0, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 0.853553, 0.5, 0.146447, 0.0]);
    });
    it('warmup_stable_decay with cosine warm-up and 1-sqrt decay to min_lr_ratio (by hand from get_wsd_schedule)', () => {
      // W=4, S=10−4−4=2, D=4, m=0.1: warm-up m + (1−m)·½(1 − cos(π t/4)); decay m + (1−m)(1 − sqrt((t−6)/4)).
      const s = curve('warmup_stable_decay', 10, 4, { num_decay_steps: 4, warmup_type: 'cosine', decay_type: '1-sqrt', min_lr_ratio: 0.1 });
      const m = 0.1;
      for (let t = 0; t < 4; t++) assertLrClose(curveAt(s.curve, t), m + (1 - m) * 0.5 * (1 - Math.cos(Math.PI * t / 4)), `t=${t}`);
      assertLrClose(curveAt(s.curve, 5), 1, 'stable');
      for (let t = 6; t < 10; t++) assertLrClose(curveAt(s.curve, t), m + (1 - m) * (1 - Math.sqrt((t - 6) / 4)), `t=${t}`);
    });
  });

  describe('N = max_steps or ceil(num_train_epochs × updates per epoch)', () => {
    it('derives updates per epoch from dataset_size (golden hf-linear-default: ceil(1000/16) = 63 → 126)', () => {
      const s = hfSchedule(json({ learning_rate: 5e-5, per_device_train_batch_size: 16, num_train_epochs: 2 }), { dataset_size: 1000 });
      assert.equal(s.totalUpdates, 126);
      assert.equal(s.stepsPerEpoch, 63);
      assertLrClose(curveAt(s.curve, 0), 5e-5, 'no warm-up');
      assertLrClose(curveAt(s.curve, 125), 5e-5 / 126, 'last update');
      assert.deepEqual(s.assumptions.map(a => [a.fact, a.value, a.source]), [['world_size', 1, 'default'], ['dataset_size', 1000, 'context']]);
    });
    it('rounds the last accumulation window up (6000 samples / 16 = 375 batches, GA 2 → 188 updates, 3 epochs → 564)', () => {
      const s = hfSchedule(json({ per_device_train_batch_size: 16, gradient_accumulation_steps: 2, num_train_epochs: 3, max_steps: -1 }), { dataset_size: 6000 });
      assert.equal(s.totalUpdates, 564);
    });
    it('shards batches over world_size processes: ceil(1000 / (16 × 2)) = 32 per epoch', () => {
      assert.equal(hfSchedule(json({ per_device_train_batch_size: 16, num_train_epochs: 2 }), { dataset_size: 1000, world_size: 2 }).totalUpdates, 64);
    });
    it('floors with dataloader_drop_last and allows fractional epochs (floor(1000/16) = 62, × 2.5 → 155)', () => {
      assert.equal(hfSchedule(json({ per_device_train_batch_size: 16, num_train_epochs: 2.5, dataloader_drop_last: true }), { dataset_size: 1000 }).totalUpdates, 155);
      assert.equal(hfSchedule(json({ num_train_epochs: 2.5 }), { steps_per_epoch: 63 }).totalUpdates, 158);
    });
    it('uses TrainingArguments defaults: 3 epochs of batch 8', () => {
      assert.equal(hfSchedule(json({ learning_rate: 1e-4, output_dir: 'x', do_train: true }), { dataset_size: 80 }).totalUpdates, 30);
    });
    it('max_steps wins over epochs (the Trainer cycles the dataloader)', () => {
      assert.equal(hfSchedule(json({ max_steps: 600, num_train_epochs: 1, per_device_train_batch_size: 4 }), { dataset_size: 800 }).totalUpdates, 600);
    });
    it('draws the run over num_train_epochs when the training set size is unknown, without a diagnostic (issue 12 §1)', () => {
      const text = json({ learning_rate: 2e-5, num_train_epochs: 3, lr_scheduler_type: 'cosine', warmup_ratio: 0.1 });
      const analysis = analyzeHf(text, {}, { transformers: '4' });
      assert.deepEqual(analysis.diagnostics.filter(d => d.severity === 'error').map(d => d.code), []);
      assert.ok(!analysis.diagnostics.some(d => /steps-per-epoch|dataset-size/.test(d.code)), 'no diagnostic for the missing fact');
      const s = analysis.schedules[0].schedule;
      assert.equal(s.updatesPerEpochUnknown, true);
      const r = s.stepsPerEpoch!;
      const n = s.totalUpdates;
      assert.equal(n, Math.ceil(3 * r), 'ceil(num_train_epochs × slices per epoch)');
      assert.ok(n >= 1000 && n <= 2000, `${n} slices`);
      const unknown = s.assumptions.find(a => a.fact === 'steps_per_epoch');
      assert.deepEqual(unknown && [unknown.value, unknown.source], ['unknown', 'unknown']);
      assert.match(unknown!.howToSet, /steps_per_epoch=N/);
      // transformers' get_cosine_schedule_with_warmup over the run: a linear warm-up over 10% of it (warmup_ratio),
      // then half a cosine to 0 — the same at every fraction of the run whatever an epoch's length.
      const f = (p: number) => p < 0.1 ? 2e-5 * p / 0.1 : 2e-5 * 0.5 * (1 + Math.cos(Math.PI * (p - 0.1) / 0.9));
      for (const p of [0, 0.05, 0.1, 0.3, 0.55, 0.8, 0.99]) {
        const t = Math.round(p * n);
        const actual = curveAt(s.curve, t);
        assert.ok(Math.abs(actual - f(t / n)) <= 2e-5 * 10 * 2 / n, `at ${p} of the run: got ${actual}, expected ${f(t / n)}`);
      }
    });
    it('draws an absolute warmup_steps at the nominal epoch length and says so in the assumption', () => {
      const s = hfSchedule(json({ learning_rate: 1e-4, num_train_epochs: 2, warmup_steps: 100 }));
      assert.equal(s.updatesPerEpochUnknown, true);
      assert.equal(s.warmupUpdates, 100, 'warmup_steps counts updates: placed as if an epoch had stepsPerEpoch of them');
      const unknown = s.assumptions.find(a => a.fact === 'steps_per_epoch')!;
      assert.equal(unknown.value, 'unknown');
      assert.match(unknown.howToSet, new RegExp(`warmup_steps: 100\`.*as if an epoch had ${s.stepsPerEpoch} updates`));
    });
    it('takes an inferred dataset size with its source', () => {
      const text = json({ per_device_train_batch_size: 16, num_train_epochs: 2 });
      const document = parseDocument(text, 'json');
      const { schedules } = huggingfaceDialect.read({ fileName: 'args.json', text, document, root: document.roots[0]!,
        context: { facts: { dataset_size: 1000 }, sources: { dataset_size: 'inferred' }, versions: {} } });
      const s = schedules[0].schedule;
      assert.equal(s.totalUpdates, 126, 'golden hf-linear-default: ceil(1000 / 16) = 63 per epoch');
      assert.equal(s.updatesPerEpochUnknown, undefined);
      assert.deepEqual(s.assumptions.filter(a => a.fact === 'dataset_size').map(a => [a.value, a.source]), [[1000, 'inferred']]);
    });
    it('rejects zero epochs (hf-no-training-steps) and a float batch size (hf-expected-integer)', () => {
      diagnostic(json({ num_train_epochs: 0, learning_rate: 1e-5 }), 'hf-no-training-steps', { steps_per_epoch: 10 });
      diagnostic(json({ num_train_epochs: 1, per_device_train_batch_size: 8.5 }), 'hf-expected-integer', { dataset_size: 100 });
    });
  });

  describe('warm-up: transformers 4 and 5 differ', () => {
    it('v4: warmup_ratio → ceil(ratio × N) (golden mrpc: ceil(0.1 × 345) = 35; last update lr/310)', () => {
      const s = hfSchedule(json({ learning_rate: 2e-5, per_device_train_batch_size: 32, num_train_epochs: 3, warmup_ratio: 0.1 }), { dataset_size: 3668 }, { transformers: '4' });
      assert.equal(s.totalUpdates, 345);
      assert.equal(s.warmupUpdates, 35);
      assertLrClose(curveAt(s.curve, 1), 2e-5 / 35, 'warm-up');
      assertLrClose(curveAt(s.curve, 344), 2e-5 / 310, 'last update');
    });
    it('v4: warmup_steps > 0 overrides warmup_ratio (hf-warmup-steps-overrides-ratio)', () => {
      const text = json({ max_steps: 100, warmup_steps: 5, warmup_ratio: 0.5 });
      assert.equal(hfSchedule(text, {}, { transformers: '4' }).warmupUpdates, 5);
      assert.equal(diagnostic(text, 'hf-warmup-steps-overrides-ratio', {}, { transformers: '4' }).severity, 'warning');
    });
    it('v4: warmup_ratio outside [0, 1] is a ValueError (hf-warmup-ratio-range)', () => {
      diagnostic(json({ max_steps: 100, warmup_ratio: 1.5 }), 'hf-warmup-ratio-range', {}, { transformers: '4' });
    });
    it('v4: a float warmup_steps is not a ratio (hf-warmup-steps-not-integer; the lambdas get 0.05 steps)', () => {
      const text = json({ learning_rate: 1.0, max_steps: 10, warmup_steps: 0.05 });
      const d = diagnostic(text, 'hf-warmup-steps-not-integer', {}, { transformers: '4' });
      assert.equal(d.severity, 'warning');
      assert.match(applyFix(text, d), /"warmup_ratio": 0.05/);
      const s = hfSchedule(text, {}, { transformers: '4' });
      // λ(0) = 0 / max(1, 0.05) = 0; then (10 − t)/(10 − 0.05).
      assertLrClose(curveAt(s.curve, 0), 0, 't=0');
      assertLrClose(curveAt(s.curve, 1), 9 / 9.95, 't=1');
      assertLrClose(curveAt(s.curve, 9), 1 / 9.95, 't=9');
    });
    it('v5 (the default): a float warmup_steps below 1 is a ratio — ceil(0.05 × 564) = 29', () => {
      const s = hfSchedule('learning_rate: 2.0e-4\nper_device_train_batch_size: 16\ngradient_accumulation_steps: 2\nnum_train_epochs: 3\nwarmup_steps: 0.05\n', { dataset_size: 6000 }, {}, 'train_config.yaml');
      assert.equal(s.warmupUpdates, 29);
      assertLrClose(curveAt(s.curve, 1), 2e-4 / 29, 'warm-up');
    });
    it('v5: warmup_steps ≥ 1 is truncated, and 1.0 is one step (hf-warmup-steps-one)', () => {
      assert.equal(hfSchedule(json({ max_steps: 100, warmup_steps: 2.7 })).warmupUpdates, 2);
      assert.equal(hfSchedule('max_steps: 100\nwarmup_steps: 1.0\n', {}, {}, 'args.yaml').warmupUpdates, 1);
      assert.equal(diagnostic('max_steps: 100\nwarmup_steps: 1.0\n', 'hf-warmup-steps-one', {}, {}, 'args.yaml').severity, 'information');
    });
    it('v5: warmup_ratio was removed — an error with a rename fix, and no warm-up (hf-warmup-ratio-removed)', () => {
      // transformers 5 set: unset, warmup_ratio makes the file a transformers 4 one (test/unit/workspace/versions-hf.test.ts)
      const text = json({ learning_rate: 2e-5, max_steps: 100, warmup_ratio: 0.1 });
      const d = diagnostic(text, 'hf-warmup-ratio-removed', {}, { transformers: '5' });
      assert.equal(d.severity, 'error');
      assert.match(applyFix(text, d), /"warmup_steps": 0.1/);
      const analysis = analyzeHf(text, {}, { transformers: '5' });
      const s = analysis.schedules[0].schedule;
      assert.equal(s.warmupUpdates, 0);
      assertLrClose(curveAt(s.curve, 0), 2e-5, 'first update at the peak: the ratio was dropped');
      assertLrClose(curveAt(s.curve, 99), 2e-5 / 100, 'linear decay over 100 updates');
    });
  });

  describe('quirks', () => {
    it('the first update runs at LR 0 with a warm-up (hf-first-update-zero)', () => {
      assertLrClose(curveAt(hfSchedule(json({ max_steps: 10, warmup_steps: 3 })).curve, 0), 0, 't=0');
      assert.equal(diagnostic(json({ max_steps: 10, warmup_steps: 3 }), 'hf-first-update-zero').severity, 'information');
    });
    it('constant ignores the warm-up (hf-constant-ignores-warmup, fix: constant_with_warmup)', () => {
      const text = json({ learning_rate: 1e-4, lr_scheduler_type: 'constant', warmup_steps: 50, max_steps: 100 });
      assertLrClose(curveAt(hfSchedule(text).curve, 0), 1e-4, 't=0');
      const d = diagnostic(text, 'hf-constant-ignores-warmup');
      assert.equal(d.severity, 'warning');
      assert.match(applyFix(text, d), /"lr_scheduler_type": "constant_with_warmup"/);
    });
    it('inverse_sqrt never receives lr_scheduler_kwargs (hf-scheduler-kwargs-ignored): the timescale stays W', () => {
      const text = json({ learning_rate: 1.0, lr_scheduler_type: 'inverse_sqrt', warmup_steps: 4, max_steps: 20, lr_scheduler_kwargs: { timescale: 100 } });
      assertLrClose(curveAt(hfSchedule(text).curve, 8), 1 / Math.sqrt((8 + 4 - 4) / 4), 't=8 with timescale 4');
      assert.equal(diagnostic(text, 'hf-scheduler-kwargs-ignored').severity, 'warning');
    });
    it('inverse_sqrt without warm-up uses timescale 10000', () => {
      const s = hfSchedule(json({ learning_rate: 1.0, lr_scheduler_type: 'inverse_sqrt', max_steps: 20000 }));
      assertLrClose(curveAt(s.curve, 0), 1, 't=0');
      assertLrClose(curveAt(s.curve, 10000), 1 / Math.sqrt(2), 't=10000');
    });
    it('a warm-up longer than training never reaches the peak (hf-warmup-too-long)', () => {
      const s = hfSchedule(json({ learning_rate: 1.0, max_steps: 10, warmup_steps: 20 }));
      assertLrClose(curveAt(s.curve, 9), 9 / 20, 'last update');
      assert.equal(diagnostic(json({ learning_rate: 1.0, max_steps: 10, warmup_steps: 20 }), 'hf-warmup-too-long').severity, 'warning');
    });
    it('min_lr is divided by learning_rate (cosine_with_min_lr with min_lr 2e-5 of 2e-4 ends at rate 0.1)', () => {
      const s = hfSchedule(json({ learning_rate: 2e-4, lr_scheduler_type: 'cosine_with_min_lr', lr_scheduler_kwargs: { min_lr: 2e-5 }, max_steps: 10, warmup_steps: 3 }));
      assertLrClose(curveAt(s.curve, 10), 2e-5, 't=N');
      // t = 4: p = 1/7, λ = 0.1 + 0.9 · ½(1 + cos(π/7)) (Appendix A.3: 0.955436).
      assertLrClose(curveAt(s.curve, 4), 2e-4 * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI / 7))), 't=4');
    });
    it('reads lr_scheduler_kwargs given as a JSON string, as TrainingArguments does', () => {
      const s = hfSchedule(json({ learning_rate: 1.0, lr_scheduler_type: 'cosine_with_restarts', max_steps: 10, warmup_steps: 2, lr_scheduler_kwargs: '{"num_cycles": "2"}' }));
      assertLrClose(curveAt(s.curve, 6), 1, 'restart at t=6');
    });
    it('reads YAML numbers like PyYAML: 5e-5 is a string (hf-number-as-string, fix 5.0e-5)', () => {
      const text = 'learning_rate: 5e-5\nmax_steps: 100\n';
      const d = diagnostic(text, 'hf-number-as-string', {}, {}, 'train_config.yaml');
      assert.equal(d.severity, 'error');
      assert.equal(applyFix(text, d), 'learning_rate: 5.0e-5\nmax_steps: 100\n');
      // JSON has no such problem.
      assert.equal(hfSchedule(json({ learning_rate: 5e-5, max_steps: 100 })).totalUpdates, 100);
    });
  });

  describe('diagnostics', () => {
    it('an unknown lr_scheduler_type gets "did you mean" (hf-unknown-scheduler)', () => {
      const d = diagnostic(json({ lr_scheduler_type: 'cosine_with_restart', max_steps: 10 }), 'hf-unknown-scheduler');
      assert.match(d.message, /Did you mean `cosine_with_restarts`\?/);
    });
    it('a kwarg the scheduler function does not take is a TypeError (hf-unknown-scheduler-kwarg)', () => {
      const d = diagnostic(json({ lr_scheduler_type: 'cosine', max_steps: 10, lr_scheduler_kwargs: { num_cycle: 1 } }), 'hf-unknown-scheduler-kwarg');
      assert.match(d.message, /Did you mean `num_cycles`\?/);
      diagnostic(json({ lr_scheduler_type: 'linear', max_steps: 10, lr_scheduler_kwargs: { num_training_steps: 5 } }), 'hf-unknown-scheduler-kwarg');
    });
    it('cosine_with_min_lr needs exactly one of min_lr / min_lr_rate (hf-min-lr-missing, hf-min-lr-both)', () => {
      diagnostic(json({ lr_scheduler_type: 'cosine_with_min_lr', max_steps: 10 }), 'hf-min-lr-missing');
      diagnostic(json({ lr_scheduler_type: 'cosine_warmup_with_min_lr', max_steps: 10, lr_scheduler_kwargs: { min_lr: 1e-6, min_lr_rate: 0.1 } }), 'hf-min-lr-both');
    });
    it('polynomial: lr_end must be below learning_rate, and W = N divides by zero (hf-polynomial-lr-end, hf-polynomial-zero-decay)', () => {
      diagnostic(json({ learning_rate: 1e-7, lr_scheduler_type: 'polynomial', max_steps: 10 }), 'hf-polynomial-lr-end');
      diagnostic(json({ learning_rate: 1e-3, lr_scheduler_type: 'polynomial', max_steps: 10, warmup_steps: 10 }), 'hf-polynomial-zero-decay');
    });
    it('warmup_stable_decay needs num_decay_steps (hf-wsd-missing-decay-steps) and warns about num_stable_steps (hf-wsd-stable-steps)', () => {
      diagnostic(json({ lr_scheduler_type: 'warmup_stable_decay', max_steps: 10 }), 'hf-wsd-missing-decay-steps');
      const text = json({ learning_rate: 1.0, lr_scheduler_type: 'warmup_stable_decay', max_steps: 10, warmup_steps: 2, lr_scheduler_kwargs: { num_decay_steps: 2, num_stable_steps: 3 } });
      assert.equal(diagnostic(text, 'hf-wsd-stable-steps').severity, 'warning');
      // W + S + D = 7 < 10: updates 7..9 run at min_lr_ratio × lr = 0.
      assertLrClose(curveAt(hfSchedule(text).curve, 8), 0, 't=8');
      diagnostic(json({ lr_scheduler_type: 'warmup_stable_decay', max_steps: 10, lr_scheduler_kwargs: { num_decay_steps: 2, decay_type: 'exp' } }), 'hf-unknown-value');
      diagnostic(json({ lr_scheduler_type: 'warmup_stable_decay', max_steps: 10, warmup_steps: 4, lr_scheduler_kwargs: { num_decay_steps: 8 } }), 'hf-wsd-decay-too-long');
    });
    it('reduce_lr_on_plateau is explained, not drawn, and needs an eval strategy (hf-reduce-lr-on-plateau, hf-plateau-needs-eval)', () => {
      const analysis = analyzeHf(json({ lr_scheduler_type: 'reduce_lr_on_plateau', max_steps: 10 }));
      assert.equal(analysis.schedules.length, 0);
      assert.ok(analysis.diagnostics.some(d => d.code === 'hf-reduce-lr-on-plateau' && d.severity === 'information'));
      assert.ok(analysis.diagnostics.some(d => d.code === 'hf-plateau-needs-eval' && d.severity === 'error'));
      assert.equal(analyzeHf(json({ lr_scheduler_type: 'reduce_lr_on_plateau', max_steps: 10, eval_strategy: 'steps' })).diagnostics.some(d => d.code === 'hf-plateau-needs-eval'), false);
    });
    it('a DeepSpeed scheduler replaces lr_scheduler_type (hf-deepspeed-scheduler, hf-deepspeed-config)', () => {
      const inline = analyzeHf(json({ learning_rate: 1e-5, max_steps: 10, deepspeed: { scheduler: { type: 'WarmupLR', params: {} } } }));
      assert.equal(inline.schedules.length, 0);
      assert.ok(inline.diagnostics.some(d => d.code === 'hf-deepspeed-scheduler'));
      assert.equal(diagnostic(json({ learning_rate: 1e-5, max_steps: 10, deepspeed: 'ds_config.json' }), 'hf-deepspeed-config').severity, 'information');
    });
  });
});
