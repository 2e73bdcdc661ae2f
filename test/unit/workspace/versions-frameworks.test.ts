import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { curveAt } from '../../../src/core/evaluate';
import type { Assumption } from '../../../src/core/schedule';
import type { AnalysisContext } from '../../../src/dialects/types';
import { analyze } from '../../../src/service/analyze';
import { assertLrClose } from '../helpers';
import { MemoryFiles } from './versionsMemoryFiles';

/**
 * Ultralytics and DeepSpeed versions from pins (issue 12 §3). Truth: the golden cases. ul83-sgd-linear-nbs-accumulate
 * and ulmain-sgd-linear-nbs-accumulate are the same custom.yaml run by the 8.3 trainer (@3c5ac618) and by the newer
 * one (@00016300); the DeepSpeed cases were run with DeepSpeed 0.16.5's lr_schedules.py.
 */

const GOLDEN = path.resolve(__dirname, '../../../../test/fixtures/golden');
interface Golden { file: { name: string; language: 'json' | 'yaml'; text: string }; context: Record<string, unknown>; total_updates: number; lr: number[] }
const golden = (id: string) => JSON.parse(fs.readFileSync(path.join(GOLDEN, `${id}.json`), 'utf8')) as Golden;
const versionOf = (assumptions: Assumption[], fact: string) => assumptions.find(a => a.fact === fact);

function run(g: Golden, facts: Record<string, unknown>, pins: Record<string, string> = {}, versions: AnalysisContext['versions'] = {}) {
  const files = new MemoryFiles('/repo', `/repo/runs/${g.file.name}`, pins);
  return analyze(g.file.text, g.file.name, g.file.language, { overrides: facts, overrideSource: 'context', versions, files });
}

describe('Ultralytics and DeepSpeed versions from the workspace', () => {
  describe('Ultralytics', () => {
    const v83 = golden('ultralytics/ul83-sgd-linear-nbs-accumulate');
    const main = golden('ultralytics/ulmain-sgd-linear-nbs-accumulate');
    const facts = { dataset_size: 320, nc: 3 };
    it('the two golden cases are one file run by the two trainers', () => {
      assert.equal(v83.file.text, main.file.text);
    });
    it('pinned 8.3 (requirements.txt): the 8.3 golden curve, the pin in the assumption, no version warning', () => {
      const a = run(v83, facts, { '/repo/requirements.txt': 'ultralytics==8.3.40\n' });
      const s = a.schedules[0].schedule;
      assert.equal(s.totalUpdates, v83.total_updates);
      for (let t = 0; t < v83.total_updates; t++) assertLrClose(curveAt(s.curve, t), v83.lr[t], `lr[${t}]`);
      assert.deepEqual(versionOf(s.assumptions, 'ultralytics'), { fact: 'ultralytics', value: '8.3', source: 'inferred', origin: 'ultralytics==8.3.40 in requirements.txt', howToSet: versionOf(s.assumptions, 'ultralytics')!.howToSet });
      assert.equal(a.diagnostics.find(d => d.code === 'ul-version-warmup'), undefined);
    });
    it('pinned 8.4.103 and later: the newer golden curve', () => {
      const a = run(main, facts, { '/repo/pyproject.toml': '[project]\ndependencies = ["ultralytics>=8.4.103"]\n' });
      const s = a.schedules[0].schedule;
      assert.equal(s.totalUpdates, main.total_updates);
      for (let t = 0; t < main.total_updates; t++) assertLrClose(curveAt(s.curve, t), main.lr[t], `lr[${t}]`);
      assert.equal(versionOf(s.assumptions, 'ultralytics')?.value, 'main');
    });
    it('unpinned: the newest trainer\'s curve, and a warning naming what the 8.3 trainer does with this file', () => {
      const a = run(main, facts);
      const s = a.schedules[0].schedule;
      for (let t = 0; t < main.total_updates; t++) assertLrClose(curveAt(s.curve, t), main.lr[t], `lr[${t}]`);
      const w = a.diagnostics.find(d => d.code === 'ul-version-warmup')!;
      assert.equal(w.severity, 'warning');
      // golden notes: nw = 60 on the newer trainer (round(min(3, 29) × 20)); 8.3: max(round(3 × 20), 100) = 100, end included
      assert.match(w.message, /^No Ultralytics version is pinned: LR Lens draws the newest trainer \(Ultralytics 8\.4\.103 and later\), which warms up for 60 batches/);
      assert.match(w.message, /The 8\.3 trainer \(8\.2 to 8\.4\.102\) warms up for 101 batches \(max\(round\(3 × 20\), 100\), the end included\), and the LR it plots, param_groups\[0\], is the bias group: it falls from warmup_bias_lr \(0\.1\)/);
      assert.equal(versionOf(s.assumptions, 'ultralytics')?.source, 'default');
    });
    it('unpinned without warm-up: no warning', () => {
      const a = run(golden('ultralytics/ul83-adamw-no-warmup'), { dataset_size: 640, nc: 10 });
      assert.equal(a.diagnostics.find(d => d.code === 'ul-version-warmup'), undefined);
    });
    it('a pin to 8.3 makes MuSGD an error (8.3 has no MuSGD); unpinned, MuSGD implies the newest', () => {
      const text = main.file.text.replace('optimizer: SGD', 'optimizer: MuSGD');
      const pinned = analyze(text, 'custom.yaml', 'yaml', { overrides: facts, overrideSource: 'context', files: new MemoryFiles('/repo', '/repo/custom.yaml', { '/repo/requirements.txt': 'ultralytics~=8.3.0' }) });
      assert.equal(pinned.diagnostics.find(d => d.code === 'ul-unknown-optimizer')?.severity, 'error');
      const unpinned = analyze(text, 'custom.yaml', 'yaml', { overrides: facts, overrideSource: 'context' });
      assert.equal(unpinned.diagnostics.filter(d => d.severity === 'error').length, 0);
      assert.equal(versionOf(unpinned.schedules[0].schedule.assumptions, 'ultralytics')?.origin, '`optimizer: MuSGD`, in Ultralytics 8.4 and later only (no version pinned)');
    });
  });

  describe('DeepSpeed', () => {
    it('a deepspeed==0.16.5 pin reads that release: the golden WarmupLR case, and 0.16.5\'s default warmup_max_lr', () => {
      const g = golden('deepspeed/ds-warmuplr-linear');
      const facts = { max_steps: g.total_updates };
      const pinned = run(g, facts, { '/repo/requirements.txt': 'deepspeed==0.16.5\n' });
      const s = pinned.schedules[0].schedule;
      for (let t = 0; t < g.total_updates; t++) assertLrClose(curveAt(s.curve, t), g.lr[t], `lr[${t}]`);
      assert.deepEqual(versionOf(s.assumptions, 'deepspeed'), { fact: 'deepspeed', value: '0.16.5', source: 'inferred', origin: 'deepspeed==0.16.5 in requirements.txt', howToSet: versionOf(s.assumptions, 'deepspeed')!.howToSet });
      // Without warmup_max_lr, WarmupLR warms up to 0.001 before DeepSpeed 0.17.2 and to the optimizer's LR (3e-5)
      // since (PR #7360, dialects.md §4): the pin picks the first, the newest release the second.
      const noMax = { ...g, file: { ...g.file, text: g.file.text.replace('"warmup_max_lr": 3e-5,', '') } };
      assert.notEqual(noMax.file.text, g.file.text);
      const last = g.total_updates - 1;
      assertLrClose(curveAt(run(noMax, facts, { '/repo/requirements.txt': 'deepspeed==0.16.5\n' }).schedules[0].schedule.curve, last), 0.001, 'pinned 0.16.5');
      const newest = run(noMax, facts).schedules[0].schedule;
      assertLrClose(curveAt(newest.curve, last), 3e-5, 'newest');
      assert.equal(versionOf(newest.assumptions, 'deepspeed'), undefined);
    });
    it('a range inside one behaviour stands for it; one across a change is named in the assumption', () => {
      const g = golden('deepspeed/ds-warmuplr-log-default');
      const facts = { max_steps: g.total_updates };
      const inside = run(g, facts, { '/repo/requirements.txt': 'deepspeed>=0.15.3,<0.17\n' }).schedules[0].schedule;
      for (let t = 0; t < g.total_updates; t++) assertLrClose(curveAt(inside.curve, t), g.lr[t], `lr[${t}]`);
      const across = run(g, facts, { '/repo/requirements.txt': 'deepspeed>=0.16\n' }).schedules[0].schedule;
      assert.deepEqual(versionOf(across.assumptions, 'deepspeed')?.value, 'newest');
      assert.match(versionOf(across.assumptions, 'deepspeed')!.origin!, /deepspeed>=0\.16 in requirements\.txt allows DeepSpeed releases before and after 0\.17\.2/);
    });
  });
});
