import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { curveAt } from '../../../src/core/evaluate';
import { summarize } from '../../../src/core/summary';
import { analyze } from '../../../src/service/analyze';
import { assertLrClose } from '../helpers';

const EXAMPLES = path.resolve(__dirname, '../../../../examples');

function analyzeExample(relative: string) {
  const file = path.join(EXAMPLES, relative);
  const language = file.endsWith('.json') ? 'json' : file.endsWith('.ts') ? 'typescript' : 'yaml';
  return analyze(fs.readFileSync(file, 'utf8'), path.basename(file), language);
}

function only(relative: string) {
  const analysis = analyzeExample(relative);
  assert.deepEqual(analysis.diagnostics.filter(d => d.severity === 'error'), []);
  assert.deepEqual(analysis.dialects, ['lr-lens']);
  assert.equal(analysis.schedules.length, 1);
  return analysis.schedules[0].schedule;
}

// ImageNet-1k: 1,281,167 training images; global batch 32 × 32 = 1024 → ceil(1281167 / 1024) = 1252 updates.
const SPE = 1252;
const W = 5 * SPE; // 5 warmup epochs

describe('LR Lens format: the seed recipe (Goyal et al. 2017)', () => {
  const schedule = only('seed/resnet50-step.lrschedule.yaml');
  const lrAtEpoch = (epoch: number) => curveAt(schedule.curve, epoch * SPE);

  it('derives updates per epoch from the dataset size and the global batch', () => {
    assert.equal(schedule.stepsPerEpoch, SPE);
    assert.equal(schedule.totalUpdates, 90 * SPE);
    assert.equal(schedule.warmupUpdates, W);
  });

  it('starts the warmup at 0.1 and ramps per update to 0.1 × 1024 / 256 = 0.4', () => {
    assertLrClose(curveAt(schedule.curve, 0), 0.1, 'update 0');
    // epoch 4 starts 4/5 of the way through the warmup: 0.1 + 0.3 × 4/5 = 0.34
    assertLrClose(lrAtEpoch(4), 0.34, 'epoch 4');
    // the ramp is per update: one update in, 0.1 + 0.3 / 6260
    assertLrClose(curveAt(schedule.curve, 1), 0.1 + 0.3 / W, 'update 1');
    assertLrClose(curveAt(schedule.curve, W - 1), 0.1 + 0.3 * (W - 1) / W, 'last warmup update');
  });

  it('holds 0.4 from epoch 5 through epoch 29, then × 0.1 at epochs 30, 60 and 80', () => {
    assertLrClose(lrAtEpoch(5), 0.4, 'epoch 5');
    assertLrClose(lrAtEpoch(29), 0.4, 'epoch 29');
    assertLrClose(curveAt(schedule.curve, 30 * SPE - 1), 0.4, 'last update of epoch 29');
    assertLrClose(lrAtEpoch(30), 0.04, 'epoch 30');
    assertLrClose(lrAtEpoch(59), 0.04, 'epoch 59');
    assertLrClose(lrAtEpoch(60), 0.004, 'epoch 60');
    assertLrClose(lrAtEpoch(80), 0.0004, 'epoch 80');
    assertLrClose(lrAtEpoch(89), 0.0004, 'epoch 89');
    assertLrClose(curveAt(schedule.curve, schedule.totalUpdates - 1), 0.0004, 'last update');
  });

  it('marks the warmup end and the three milestones', () => {
    const at = schedule.markers.map(m => [m.kind, m.update]);
    assert.deepEqual(at, [['warmupEnd', W], ['milestone', 30 * SPE], ['milestone', 60 * SPE], ['milestone', 80 * SPE]]);
  });

  it('summarizes peak 0.4 at the warmup end and final 0.0004', () => {
    const summary = summarize(schedule);
    assertLrClose(summary.peakLr, 0.4, 'peak');
    assert.equal(summary.peakUpdate, W);
    assertLrClose(summary.finalLr, 0.0004, 'final');
    assert.equal(summary.epochs, 90);
  });
});

describe('LR Lens format: the cosine twin', () => {
  const schedule = only('seed/resnet50-cosine.lrschedule.yaml');
  const T = 90 * SPE - W; // the cosine runs from the warmup end to the end of training

  it('follows ½(1 + cos(πt/T)) · 0.4 after the warmup', () => {
    assertLrClose(curveAt(schedule.curve, W), 0.4, 't = 0');
    assertLrClose(curveAt(schedule.curve, W + T / 2), 0.2, 't = T/2');
    assertLrClose(curveAt(schedule.curve, W + 1000), 0.5 * (1 + Math.cos((Math.PI * 1000) / T)) * 0.4, 't = 1000');
    // t = T is one past the last update: the cosine has reached 0 there.
    assert.ok(Math.abs(curveAt(schedule.curve, W + T)) < 1e-15);
  });

  it('peaks at 0.4 after the warmup and ends near 0', () => {
    const summary = summarize(schedule);
    assertLrClose(summary.peakLr, 0.4, 'peak');
    assert.equal(summary.peakUpdate, W);
    // last update t = T − 1: 0.2 · (1 + cos(π (T−1)/T)) ≈ 0.2 · (π/T)² / 2
    assertLrClose(summary.finalLr, 0.2 * (1 + Math.cos((Math.PI * (T - 1)) / T)), 'final');
    assert.ok(summary.finalLr < 1e-9);
  });
});

describe('LR Lens format: JSON and TypeScript examples', () => {
  it('reads the BERT fine-tuning JSON: 10% linear warmup from 0, linear decay to 0', () => {
    const schedule = only('bert-mrpc.lrschedule.json');
    // ceil(3668 / 32) = 115 updates per epoch, 3 epochs = 345; warmup ceil(0.1 × 345) = 35
    assert.equal(schedule.totalUpdates, 345);
    assert.equal(schedule.warmupUpdates, 35);
    assertLrClose(curveAt(schedule.curve, 0), 0, 'start');
    assertLrClose(curveAt(schedule.curve, 35), 2e-5, 'peak');
    // decay over 310 updates: at t = 35 + 155, half way: 1e-5
    assertLrClose(curveAt(schedule.curve, 190), 1e-5, 'half way');
  });

  it('reads the ViT schedule from a TypeScript defineSchedule({...}) call without running it', () => {
    const schedule = only('vit-cosine.lrschedule.ts');
    // 5e-4 × 1024 / 512 = 1e-3; ceil(1281167 / 1024) = 1252 updates per epoch
    assert.equal(schedule.stepsPerEpoch, SPE);
    assert.equal(schedule.totalUpdates, 300 * SPE);
    assertLrClose(curveAt(schedule.curve, 0), 1e-6, 'warmup start');
    assertLrClose(curveAt(schedule.curve, 5 * SPE), 1e-3, 'peak');
    assertLrClose(summarize(schedule).peakLr, 1e-3, 'summary peak');
  });
});

describe('LR Lens format: diagnostics', () => {
  const read = (text: string) => analyze(text, 'x.lrschedule.yaml', 'yaml');
  const codes = (text: string) => read(text).diagnostics.map(d => d.code);

  it('asks for the run length', () => {
    assert.deepEqual(codes('lr: 0.1\ndecay: {type: cosine}\n'), ['lrlens-missing-length']);
  });

  it('draws a run in epochs without updates per epoch at nominal slices per epoch (issue 12 §1)', () => {
    const analysis = read('lr: 0.1\nepochs: 10\nwarmup: {epochs: 1, type: linear}\ndecay: {type: cosine}\n');
    assert.deepEqual(analysis.diagnostics.map(d => d.code), [], 'no diagnostic for the missing fact');
    const s = analysis.schedules[0].schedule;
    assert.equal(s.updatesPerEpochUnknown, true);
    const r = s.stepsPerEpoch!;
    assert.equal(s.totalUpdates, 10 * r);
    assert.ok(s.totalUpdates >= 1000 && s.totalUpdates <= 2000);
    assert.deepEqual([s.assumptions[0].fact, s.assumptions[0].value, s.assumptions[0].source], ['steps_per_epoch', 'unknown', 'unknown']);
    // README: a linear warm-up from 0 over `warmup.epochs`, then a cosine to 0 over the rest of the run
    const lr = (x: number) => x < 1 ? 0.1 * x : 0.05 * (1 + Math.cos(Math.PI * (x - 1) / 9));
    for (const x of [0, 0.5, 1, 4, 5.5, 9.9]) assertLrClose(curveAt(s.curve, x * r), lr(x), `epoch ${x}`);
  });

  it('draws a per-epoch decay exactly in epochs when updates per epoch are unknown', () => {
    const s = read('lr: 0.1\nepochs: 90\ndecay: {type: multistep, milestones: [30, 60], gamma: 0.1}\n').schedules[0].schedule;
    assert.equal(s.updatesPerEpochUnknown, true);
    assert.equal(s.stepsPerEpoch, 1);
    assert.equal(s.totalUpdates, 90);
    for (const e of [0, 29, 30, 59, 60, 89]) assertLrClose(curveAt(s.curve, e), 0.1 * 0.1 ** (e >= 60 ? 2 : e >= 30 ? 1 : 0), `epoch ${e}`);
  });

  it('suggests the closest decay type', () => {
    const d = read('lr: 0.1\nupdates: 100\ndecay: {type: cosin}\n').diagnostics;
    assert.equal(d[0].code, 'unknown-value');
    assert.match(d[0].message, /Did you mean `cosine`\?/);
  });

  it('reports a string where a number belongs', () => {
    assert.deepEqual(codes('lr: "0.1"\nupdates: 100\n'), ['expected-number']);
  });

  it('tells when an explicit LR disagrees with the scaling rule', () => {
    const d = read('lr: {reference: 0.1, value: 0.3}\nbatch: 1024\nupdates: 100\n').diagnostics;
    assert.deepEqual(d.map(x => [x.code, x.severity]), [['lr-disagrees-with-scaling', 'information']]);
    assert.equal(d[0].fixes?.[0].edits[0].newText, '0.4');
  });

  it('takes updates per epoch from an in-file directive and records the assumption', () => {
    const analysis = read('# lr-lens: steps_per_epoch=100\nlr: 0.1\nepochs: 3\ndecay: {type: linear}\n');
    assert.equal(analysis.schedules[0].schedule.totalUpdates, 300);
    assert.deepEqual(analysis.schedules[0].schedule.assumptions.map(a => [a.fact, a.value, a.source]), [['steps_per_epoch', 100, 'directive']]);
  });
});
