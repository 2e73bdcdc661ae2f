import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { curveAt } from '../../../src/core/evaluate';
import type { Assumption } from '../../../src/core/schedule';
import type { AnalysisContext, Diagnostic, InputFacts } from '../../../src/dialects/types';
import { analyze } from '../../../src/service/analyze';
import type { WorkspaceFiles } from '../../../src/workspace/files';
import { assertLrClose } from '../helpers';
import { fixtureWorkspace, MemoryFiles, PINS } from './versionsMemoryFiles';

/**
 * The transformers version a Trainer file is read as (issue 12 §3): pinned or set, it rules; without a pin the
 * file's own warm-up keys imply it and a warning names what the other version does. Truth: the golden cases
 * (hf-linear-warmup-ratio-glue-mrpc run with transformers 4.57.6, hf-cosine-min-lr-warmup-float-yaml with the real
 * 5.18.0 Trainer), and transformers 4's `get_warmup_steps` (v4.57.6 training_args.py: warmup_steps if > 0 else
 * ceil(N × warmup_ratio)) with `get_cosine_schedule_with_warmup` (optimization.py: λ(t) = t / max(1, W) during the
 * warm-up, then ½(1 + cos(π (t − W) / (N − W)))).
 */

const GOLDEN = path.resolve(__dirname, '../../../../test/fixtures/golden/huggingface');
interface Golden { file: { name: string; language: 'json' | 'yaml'; text: string }; context: { dataset_size: number }; total_updates: number; lr: number[] }
const golden = (id: string) => JSON.parse(fs.readFileSync(path.join(GOLDEN, `${id}.json`), 'utf8')) as Golden;

function run(text: string, fileName: string, options: { facts?: InputFacts; versions?: AnalysisContext['versions']; files?: WorkspaceFiles } = {}) {
  const language = /\.ya?ml$/.test(fileName) ? 'yaml' : 'json';
  return analyze(text, fileName, language, { overrides: options.facts, overrideSource: 'context', versions: options.versions, files: options.files });
}
const find = (diagnostics: Diagnostic[], code: string) => diagnostics.find(d => d.code === code);
const errors = (diagnostics: Diagnostic[]) => diagnostics.filter(d => d.severity === 'error').map(d => `${d.code}: ${d.message}`);
const versionOf = (assumptions: Assumption[]) => assumptions.find(a => a.fact === 'transformers');
function workspace(pins: Record<string, string>, config = '/repo/train/training_args.json'): MemoryFiles {
  return new MemoryFiles('/repo', config, pins);
}

describe('transformers version of a Trainer file', () => {
  describe('without a pin, the keys imply it', () => {
    it('warmup_ratio → transformers 4: the golden mrpc curve (4.57.6), and a warning naming what 5 does', () => {
      const g = golden('hf-linear-warmup-ratio-glue-mrpc');
      const a = run(g.file.text, g.file.name, { facts: { dataset_size: g.context.dataset_size } });
      assert.deepEqual(errors(a.diagnostics), []);
      const s = a.schedules[0].schedule;
      assert.equal(s.totalUpdates, g.total_updates);
      for (let t = 0; t < g.total_updates; t++) assertLrClose(curveAt(s.curve, t), g.lr[t], `t=${t}`);
      const w = find(a.diagnostics, 'hf-warmup-ratio-v4')!;
      assert.equal(w.severity, 'warning');
      assert.match(w.message, /^No transformers version is pinned, and `warmup_ratio` is a transformers 4 key, so LR Lens reads the file as transformers 4: the warm-up is ceil\(0\.1 × N\)/);
      assert.match(w.message, /transformers 5\.2 and later HfArgumentParser stops with "Some keys are not used by the HfArgumentParser: \['warmup_ratio'\]"/);
      assert.match(w.message, /5\.0–5\.1 still copy it into `warmup_steps`/);
      assert.equal(w.fixes?.length, 1);
      assert.equal(w.fixes![0].preferred, undefined, 'renaming is right for transformers 5 only: not the preferred fix');
      assert.deepEqual(versionOf(s.assumptions), { fact: 'transformers', value: '4', source: 'inferred', origin: '`warmup_ratio`, a transformers 4 key (no version pinned)', howToSet: versionOf(s.assumptions)!.howToSet });
      assert.match(versionOf(s.assumptions)!.howToSet, /lrLens\.versions\.transformers.*--framework-version transformers=4\|5/);
      assert.equal(find(a.diagnostics, 'hf-warmup-ratio-removed'), undefined);
    });
    it('a float warmup_steps below 1 → transformers 5: the golden 5.18.0 curve, and a warning naming what 4 does', () => {
      const g = golden('hf-cosine-min-lr-warmup-float-yaml');
      const a = run(g.file.text, g.file.name, { facts: { dataset_size: g.context.dataset_size } });
      assert.deepEqual(errors(a.diagnostics), []);
      const s = a.schedules[0].schedule;
      for (let t = 0; t < g.total_updates; t++) assertLrClose(curveAt(s.curve, t), g.lr[t], `t=${t}`);
      const w = find(a.diagnostics, 'hf-warmup-steps-ratio-v5')!;
      assert.equal(w.severity, 'warning');
      assert.match(w.message, /a ratio only in transformers 5, so LR Lens reads the file as transformers 5/);
      assert.match(w.message, /transformers 4 declares `warmup_steps` an int: its command line rejects 0\.05, and from a file the scheduler gets 0\.05 warm-up steps/);
      assert.equal(versionOf(s.assumptions)?.value, '5');
    });
    it('a file whose warm-up reads the same in both gets no warning and no version assumption', () => {
      const a = run(JSON.stringify({ learning_rate: 1e-4, max_steps: 100, lr_scheduler_type: 'cosine' }), 'training_args.json');
      assert.ok(!a.diagnostics.some(d => /-v[45]$/.test(d.code)));
      assert.equal(versionOf(a.schedules[0].schedule.assumptions), undefined);
      const steps = run(JSON.stringify({ learning_rate: 1e-4, max_steps: 100, warmup_steps: 10 }), 'training_args.json');
      assert.ok(!steps.diagnostics.some(d => /-v[45]$/.test(d.code)));
      assert.equal(versionOf(steps.schedules[0].schedule.assumptions), undefined, 'an int warmup_steps: both read 10 steps');
      // 2.5: transformers 5 takes int(2.5) = 2 steps, transformers 4 hands 2.5 to the scheduler: the newest is shown as the default
      const fractional = run(JSON.stringify({ learning_rate: 1e-4, max_steps: 100, warmup_steps: 2.5 }), 'training_args.json');
      assert.equal(fractional.schedules[0].schedule.warmupUpdates, 2);
      assert.deepEqual(versionOf(fractional.schedules[0].schedule.assumptions)?.source, 'default');
    });
    it('v4 implied, both keys: warmup_steps wins in 4 (as the golden notes say), the message says the ratio wins in 5.0–5.1', () => {
      const a = run(JSON.stringify({ learning_rate: 1.0, max_steps: 100, warmup_steps: 5, warmup_ratio: 0.5 }), 'training_args.json');
      assert.equal(a.schedules[0].schedule.warmupUpdates, 5);
      const w = find(a.diagnostics, 'hf-warmup-ratio-v4')!;
      assert.match(w.message, /`warmup_steps: 5` wins over it/);
      assert.match(w.message, /so the ratio wins there/);
      assert.equal(w.fixes, undefined, 'no rename: the file already has warmup_steps');
    });
    it('a warmup_ratio that is no number is still a transformers 4 key; the message gives no number for it', () => {
      const a = run('learning_rate: 1.0e-4\nmax_steps: 100\nwarmup_ratio: ten percent\n', 'train_config.yaml');
      const w = find(a.diagnostics, 'hf-warmup-ratio-v4')!;
      assert.match(w.message, /the warm-up is ceil\(warmup_ratio × N\) of the run's N updates\. /);
      assert.equal(w.fixes, undefined);
    });
  });

  describe('a pin or a setting rules', () => {
    const ratioFile = JSON.stringify({ learning_rate: 2e-5, max_steps: 100, warmup_ratio: 0.1 });
    it('transformers 5 pinned: warmup_ratio is an error naming the pin, and the curve has no warm-up', () => {
      const a = run(ratioFile, 'training_args.json', { files: workspace({ '/repo/requirements.txt': 'transformers==5.3.0\n' }) });
      const e = find(a.diagnostics, 'hf-warmup-ratio-removed')!;
      assert.equal(e.severity, 'error');
      assert.match(e.message, /LR Lens reads transformers 5 \(pinned: transformers==5\.3\.0 in requirements\.txt\)/);
      assert.equal(find(a.diagnostics, 'hf-warmup-ratio-v4'), undefined);
      const s = a.schedules[0].schedule;
      assert.equal(s.warmupUpdates, 0);
      assertLrClose(curveAt(s.curve, 0), 2e-5, 'no warm-up in transformers 5.2+');
      assert.deepEqual(versionOf(s.assumptions), { fact: 'transformers', value: '5', source: 'inferred', origin: 'transformers==5.3.0 in requirements.txt', howToSet: versionOf(s.assumptions)!.howToSet });
      assert.deepEqual(a.read, ['/repo/requirements.txt']);
    });
    it('transformers 4 pinned: no warning, the v4 warm-up ceil(0.1 × 100) = 10, the pin in the assumption', () => {
      const a = run(ratioFile, 'training_args.json', { files: workspace({ '/repo/pyproject.toml': '[project]\ndependencies = ["transformers>=4.40,<5"]\n' }) });
      assert.ok(!a.diagnostics.some(d => d.severity !== 'information'), JSON.stringify(a.diagnostics.map(d => d.code)));
      const s = a.schedules[0].schedule;
      assert.equal(s.warmupUpdates, 10);
      assert.equal(versionOf(s.assumptions)?.origin, 'transformers>=4.40,<5 in pyproject.toml');
    });
    it('the user\'s setting or flag beats the pin', () => {
      const a = run(ratioFile, 'training_args.json', { versions: { transformers: '4' }, files: workspace({ '/repo/requirements.txt': 'transformers==5.3.0\n' }) });
      assert.equal(find(a.diagnostics, 'hf-warmup-ratio-removed'), undefined);
      assert.equal(find(a.diagnostics, 'hf-warmup-ratio-v4'), undefined);
      assert.equal(a.schedules[0].schedule.warmupUpdates, 10);
      assert.equal(versionOf(a.schedules[0].schedule.assumptions)?.source, 'setting');
    });
    it('a pin to transformers 5.0–5.1 (warmup_ratio deprecated, still copied into warmup_steps) is no error: the ratio warms up', () => {
      const a = run(ratioFile, 'training_args.json', { files: workspace({ '/repo/requirements.txt': 'transformers==5.1.0\n' }) });
      assert.deepEqual(errors(a.diagnostics), []);
      assert.match(find(a.diagnostics, 'hf-warmup-ratio-v4')!.message, /^The pin transformers==5\.1\.0 in requirements\.txt is transformers 5\.0–5\.1/);
      // 5.0–5.1: warmup_steps = warmup_ratio = 0.1, a float below 1: ceil(0.1 × 100) = 10, as transformers 4 reads warmup_ratio
      assert.equal(a.schedules[0].schedule.warmupUpdates, 10);
    });
    it('a pin that decides nothing leaves it to the keys, and the warning names the pin', () => {
      const a = run(ratioFile, 'training_args.json', { files: workspace({ '/repo/requirements.txt': 'transformers>=4.40\n' }) });
      const w = find(a.diagnostics, 'hf-warmup-ratio-v4')!;
      assert.match(w.message, /^The pin transformers>=4\.40 in requirements\.txt allows transformers 4 and 5, and `warmup_ratio` is a transformers 4 key/);
      assert.equal(a.schedules[0].schedule.warmupUpdates, 10);
    });
  });

  describe('recipes in a project (test/fixtures/pin-files)', () => {
    it('a TRL-style SFT recipe whose setup.py pins nothing readable: transformers 4\'s warm-up, and a warning naming 4 and 5', () => {
      const files = fixtureWorkspace('setup-by-code', 'recipes/chat/sft/config.yaml');
      const text = fs.readFileSync(path.join(PINS, 'setup-by-code/recipes/chat/sft/config.yaml'), 'utf8');
      // the recipe trains 2 epochs; give the epoch 1,000 updates so the run has N = 2,000
      const a = run(text, 'config.yaml', { facts: { steps_per_epoch: 1000 }, files });
      assert.deepEqual(errors(a.diagnostics), []);
      const w = find(a.diagnostics, 'hf-warmup-ratio-v4')!;
      assert.match(w.message, /^No transformers version is pinned/);
      assert.match(w.message, /transformers 4/);
      assert.match(w.message, /transformers 5\.2/);
      const s = a.schedules[0].schedule;
      assert.equal(s.totalUpdates, 2000);
      // v4 get_warmup_steps: ceil(2000 × 0.05) = 100; cosine with warm-up, learning_rate 2.0e-04
      assert.equal(s.warmupUpdates, 100);
      assertLrClose(curveAt(s.curve, 50), 2e-4 * 50 / 100, 'half-way up the warm-up');
      assertLrClose(curveAt(s.curve, 100), 2e-4, 'the peak at t = W');
      assertLrClose(curveAt(s.curve, 1050), 2e-4 * 0.5 * (1 + Math.cos(Math.PI * 950 / 1900)), 'cosine half-way');
    });
    it('a LLaMA-Factory-style recipe: its pyproject range allows 4 and 5, the warning says so, the curve warms up', () => {
      const files = fixtureWorkspace('range-4-and-5', 'examples/sft/full_sft.yaml');
      const text = fs.readFileSync(path.join(PINS, 'range-4-and-5/examples/sft/full_sft.yaml'), 'utf8');
      const a = run(text, 'full_sft.yaml', { facts: { steps_per_epoch: 100 }, files });
      const w = find(a.diagnostics, 'hf-warmup-ratio-v4')!;
      assert.match(w.message, /^The pin transformers>=4\.49\.0,<=5\.4\.0,!=4\.50\.2,!=5\.1\.0 in pyproject\.toml allows transformers 4 and 5, and `warmup_ratio` is a transformers 4 key/);
      const s = a.schedules[0].schedule;
      assert.equal(s.totalUpdates, 400, 'num_train_epochs 4.0 × 100 updates');
      assert.equal(s.warmupUpdates, 32, 'ceil(0.08 × 400)');
      assert.equal(versionOf(s.assumptions)?.origin, '`warmup_ratio`, a transformers 4 key (transformers>=4.49.0,<=5.4.0,!=4.50.2,!=5.1.0 in pyproject.toml allows transformers 4 and 5)');
      assert.deepEqual(a.read, ['/repo/pyproject.toml']);
    });
  });
});
