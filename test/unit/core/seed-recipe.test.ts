import assert from 'node:assert/strict';
import { buildSchedule } from '../../../src/core/build';
import type { Curve } from '../../../src/core/curve';
import { curveAt } from '../../../src/core/evaluate';
import { lrAt } from '../../../src/core/sample';
import { scaleLr } from '../../../src/core/scaling';
import { summarize } from '../../../src/core/summary';
import { stepsPerEpochFrom } from '../../../src/core/units';
import { assertLrClose } from '../helpers';

/**
 * Goyal et al. 2017, "Accurate, Large Minibatch SGD" (dialects.md §10.1): ResNet-50 on ImageNet-1k
 * (1,281,167 training images), global batch 1024, reference LR 0.1 per 256 images, linear warmup per update
 * over 5 epochs from 0.1 to the scaled LR, then ×0.1 at epochs 30, 60, 80, 90 epochs in all.
 */
describe('core: the seed recipe (Goyal et al. 2017, ResNet-50 / ImageNet, batch 1024)', () => {
  const stepsPerEpoch = stepsPerEpochFrom({ datasetSize: 1_281_167, globalBatch: 1024, dropLast: false });
  const peak = scaleLr(0.1, 1024, 256, 'linear').lr;
  const W = 5 * 1252; // warmup updates = 6260
  const N = 90 * 1252; // 112,680 updates

  it('takes ceil(1281167 / 1024) = 1252 updates per epoch and 0.1 × 1024 / 256 = 0.4 as the peak', () => {
    // 1281167 / 1024 = 1251.13… → 1252 with the last partial batch kept
    assert.equal(stepsPerEpoch, 1252);
    assertLrClose(peak, 0.4, 'scaled LR');
  });

  describe('step schedule', () => {
    const curve: Curve = { kind: 'sequence', phases: [
      { start: 0, counter: 'global', curve: { kind: 'linear', from: 0.1, to: peak, length: W } },
      { start: W, counter: 'global', label: 'warmup end', curve: { kind: 'perEpoch', stepsPerEpoch,
        curve: { kind: 'multistep', base: peak, milestones: [30, 60, 80], gamma: 0.1 } } },
    ] };
    const schedule = buildSchedule({ curve, totalUpdates: N, stepsPerEpoch, warmupUpdates: W });
    const firstUpdateOf = (epoch: number) => epoch * 1252;

    const expected: [epoch: number, lr: number, why: string][] = [
      [0, 0.1, 'warmup starts at the reference LR 0.1'],
      [4, 0.34, '0.1 + 0.3·(4·1252)/(5·1252) = 0.1 + 0.3·0.8'],
      [5, 0.4, 'warmup done: 0.4'],
      [29, 0.4, 'last epoch before the first milestone'],
      [30, 0.04, '0.4 × 0.1'],
      [59, 0.04, 'still 0.4 × 0.1'],
      [60, 0.004, '0.4 × 0.1²'],
      [79, 0.004, 'still 0.4 × 0.1²'],
      [80, 0.0004, '0.4 × 0.1³'],
      [89, 0.0004, 'the last epoch'],
    ];
    for (const [epoch, lr, why] of expected) {
      it(`epoch ${epoch} starts at ${lr} (${why})`, () => {
        assertLrClose(lrAt(schedule, firstUpdateOf(epoch)), lr, `epoch ${epoch}`);
      });
    }

    it('the last warmup update is 0.1 + 0.3·6259/6260 (the peak is reached at update W, not inside warmup)', () => {
      assertLrClose(lrAt(schedule, W - 1), 0.1 + (0.3 * 6259) / 6260, 'update W − 1');
    });

    it('the last update N − 1 = 112,679 (epoch 89) is 0.0004', () => {
      assert.equal(schedule.totalUpdates, 112_680);
      assertLrClose(lrAt(schedule, N - 1), 0.0004, 'last update');
    });

    it('has markers at warmup end (6260) and the milestones 30·1252, 60·1252, 80·1252', () => {
      const updates = schedule.markers.map(m => m.update);
      assert.deepEqual(updates, [6260, 37_560, 75_120, 100_160]);
      assert.equal(schedule.markers[0].kind, 'warmupEnd');
      assert.deepEqual(schedule.markers.slice(1).map(m => m.kind), ['milestone', 'milestone', 'milestone']);
    });

    it('summarizes to peak 0.4 (first at update 6260), initial 0.1, final and minimum 0.0004', () => {
      const summary = summarize(schedule);
      assertLrClose(summary.peakLr, 0.4, 'peak');
      assert.equal(summary.peakUpdate, W);
      assertLrClose(summary.initialLr, 0.1, 'initial');
      assertLrClose(summary.finalLr, 0.0004, 'final');
      assertLrClose(summary.minLr, 0.0004, 'min');
      assert.equal(summary.epochs, 90);
      assert.equal(summary.warmupUpdates, W);
    });
  });

  describe('cosine twin: after warmup, cosine 0.4 → 0 over T = N − W updates with a local counter', () => {
    const T = N - W; // 106,420
    const cosine: Curve = { kind: 'cosine', base: peak, min: 0, period: T, after: 'hold' };
    const curve: Curve = { kind: 'sequence', phases: [
      { start: 0, counter: 'global', curve: { kind: 'linear', from: 0.1, to: peak, length: W } },
      { start: W, counter: 'local', label: 'warmup end', curve: cosine },
    ] };
    const schedule = buildSchedule({ curve, totalUpdates: N, stepsPerEpoch, warmupUpdates: W });

    it('follows ½(1 + cos(πt/T))·0.4: 0.4 at t = 0, 0.2 at t = T/2, 0 at t = T', () => {
      assertLrClose(curveAt(cosine, 0), 0.4, 't = 0');
      assertLrClose(curveAt(cosine, T / 2), 0.2, 't = T/2'); // cos(π/2) = 0
      assertLrClose(curveAt(cosine, T), 0, 't = T (one past the run)');
      // inside the schedule the local counter starts at update W
      assertLrClose(lrAt(schedule, W), 0.4, 'update W');
      assertLrClose(lrAt(schedule, W + T / 2), 0.2, 'update W + T/2');
      assertLrClose(lrAt(schedule, W + T / 4), 0.2 * (1 + Math.SQRT1_2), 'update W + T/4'); // ½(1 + √2/2)·0.4
    });

    it('peaks at 0.4 and ends near 0', () => {
      const summary = summarize(schedule);
      assertLrClose(summary.peakLr, 0.4, 'peak');
      assert.equal(summary.peakUpdate, W);
      // final: t = T − 1 → 0.4·½(1 + cos(π − π/T)) = 0.4·sin²(π/(2T)) ≈ 8.7e-11. 1 + cos(…) loses digits to
      // cancellation near −1, so this compares with the sin² form at relative 1e-6 only.
      const final = 0.4 * Math.sin(Math.PI / (2 * T)) ** 2;
      assert.ok(summary.finalLr > 0 && summary.finalLr < 1e-9, `final ${summary.finalLr}`);
      assert.ok(Math.abs(summary.finalLr - final) <= 1e-6 * final, `final ${summary.finalLr} vs ${final}`);
      assert.equal(summary.minLr, summary.finalLr);
    });

    it('has its warmup end marker at 6260', () => {
      assert.deepEqual(schedule.markers.map(m => [m.update, m.kind]), [[6260, 'warmupEnd']]);
    });
  });
});
