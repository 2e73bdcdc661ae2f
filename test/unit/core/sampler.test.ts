import assert from 'node:assert/strict';
import { buildSchedule } from '../../../src/core/build';
import type { Curve } from '../../../src/core/curve';
import { curveAt } from '../../../src/core/evaluate';
import { curveMarkers } from '../../../src/core/markers';
import { extremesIn, sampleSchedule } from '../../../src/core/sample';
import { summarize } from '../../../src/core/summary';
import { assertLrClose } from '../helpers';

/** Sampler and marker cases with hand-derived answers, each a regression for a bug the property tests found. */
describe('core sampler: hand-derived extremes of long runs', () => {
  it('a geometric ramp stays between its ends, so its extremes are its ends (a 1-ulp overshoot of Math.pow found by the property test, seed 835905168)', () => {
    const curve: Curve = { kind: 'exponentialRamp', from: 0.999999999999998, to: 0.999999999999999, length: 11 };
    const n = 3939;
    for (let t = 0; t < n; t++) {
      const v = curveAt(curve, t);
      assert.ok(v >= curve.from && v <= curve.to, `update ${t}: ${v} outside [${curve.from}, ${curve.to}]`);
    }
    const { minAt, maxAt } = extremesIn(curve, 0, n - 1);
    assert.equal(curveAt(curve, maxAt), curve.to);
    assert.equal(curveAt(curve, minAt), curve.from);
  });

  it('PyTorch CyclicLR exp_range peaks inside the rising side when gamma^t wins (u·0.85^u is largest at u = 6)', () => {
    // base 0, max 1, up 12, down 1, gamma 0.85: rising side lr = (u/12)·0.85^u (first cycle), which turns at
    // u = −1/ln 0.85 ≈ 6.15: u=6 → 0.5·0.85^6 ≈ 0.18856 > u=7 → (7/12)·0.85^7 ≈ 0.18703 > the top 0.85^12 ≈ 0.142.
    const curve: Curve = { kind: 'cyclic', base: 0, max: 1, stepUp: 12, stepDown: 1, mode: 'exp_range', gamma: 0.85 };
    const summary = summarize(buildSchedule({ curve, totalUpdates: 1_000_000 }));
    assertLrClose(summary.peakLr, 0.5 * 0.85 ** 6, 'peak');
    assert.equal(summary.peakUpdate, 6);
  });

  it('exp_range with gamma > 1 over 10^9 updates peaks in the last cycle: 0.1 + 0.9·(1 + 1e-9)^999,999,995', () => {
    // up = down = 5: cycle tops at t = 10k + 5; the last one ≤ N − 1 = 999,999,999 is 999,999,995. The minimum is
    // base = 0.1 at every cycle start (scale 0).
    const curve: Curve = { kind: 'cyclic', base: 0.1, max: 1, stepUp: 5, stepDown: 5, mode: 'exp_range', gamma: 1 + 1e-9 };
    const summary = summarize(buildSchedule({ curve, totalUpdates: 1e9 }));
    assertLrClose(summary.peakLr, 0.1 + 0.9 * Math.pow(1 + 1e-9, 999_999_995), 'peak');
    assert.equal(summary.peakUpdate, 999_999_995);
    assertLrClose(summary.minLr, 0.1, 'min');
  });

  it('restarts with a decay over 10^9 updates: the minimum is in the last cycle (0.999999^99,999,999·½(1 + cos 0.9π))', () => {
    // T_0 = 10, T_mult = 1: cycle i = ⌊t/10⌋ peaks at 0.999999^i; its lowest value is at T_cur = 9:
    // 0.999999^i·½(1 + cos(9π/10)), smallest for the last cycle i = 99,999,999 (update 999,999,999).
    const curve: Curve = { kind: 'cosineRestarts', base: 1, min: 0, firstPeriod: 10, periodMult: 1, restartDecay: 0.999999 };
    const summary = summarize(buildSchedule({ curve, totalUpdates: 1e9 }));
    const lowest = Math.pow(0.999999, 99_999_999) * (1 + Math.cos(0.9 * Math.PI)) / 2;
    assertLrClose(summary.minLr, lowest, 'min');
    assertLrClose(summary.peakLr, 1, 'peak');
  });

  it('a per-epoch decay times a rising ramp is a sawtooth: its peak 0.5·19/1000 is at update 19', () => {
    // 0.5^⌊t/10⌋ · t/1000 (t < 1000): the best point of epoch e is its last update 10e + 9:
    // e=0: 9/1000 = 0.009, e=1: 0.5·19/1000 = 0.0095, e=2: 0.25·29/1000 = 0.00725, then smaller.
    const curve: Curve = { kind: 'product', factors: [
      { kind: 'perEpoch', stepsPerEpoch: 10, curve: { kind: 'exponential', base: 1, gamma: 0.5 } },
      { kind: 'linear', from: 0, to: 1, length: 1000 },
    ] };
    const { maxAt, minAt } = extremesIn(curve, 0, 99_999);
    assert.equal(maxAt, 19);
    assertLrClose(curveAt(curve, maxAt), 0.0095, 'peak');
    assert.equal(minAt, 0); // 0 · anything
    assertLrClose(summarize(buildSchedule({ curve, totalUpdates: 100_000 })).peakLr, 0.0095, 'summary peak');
  });

  it('a milestone inside a warmup (detectron2 WarmupMultiStepLR, STEPS=(3,)) peaks just before it', () => {
    // factor (0.1 + 0.9·t/5) × 0.1^[t ≥ 3]: t=2 → 0.46; t=3 → 0.64·0.1; the peak 0.46 is at update 2.
    const curve: Curve = { kind: 'product', factors: [
      { kind: 'linear', from: 0.1, to: 1, length: 5 },
      { kind: 'multistep', base: 1, milestones: [3], gamma: 0.1 },
    ] };
    const { maxAt } = extremesIn(curve, 0, 1_000_000);
    assert.equal(maxAt, 2);
    assertLrClose(curveAt(curve, 2), 0.46, 'peak');
  });

  it('never returns more than maxPoints, even when more markers than a quarter of them exist', () => {
    const curve: Curve = { kind: 'step', base: 1, stepSize: 7, gamma: 0.9 };
    const schedule = buildSchedule({ curve, totalUpdates: 10_000 }); // 1428 milestones
    for (const maxPoints of [2, 3, 4, 5, 50, 2000]) {
      const { points } = sampleSchedule(schedule, maxPoints);
      assert.ok(points.length <= maxPoints, `${points.length} points for maxPoints ${maxPoints}`);
      assert.deepEqual([points[0].update, points[points.length - 1].update], [0, 9999]);
    }
  });
});

describe('core markers: hand-derived breakpoints', () => {
  it('a fractional step size (timm decay_t = 2.5) marks the first whole update with the new value: 3, 5, 8, 10', () => {
    // decays at 2.5k → first update with ⌊t/2.5⌋ = k is ⌈2.5k⌉: 3, 5, 8, 10
    const markers = curveMarkers({ kind: 'step', base: 1, stepSize: 2.5, gamma: 0.5 }, 0, 10, 100);
    assert.deepEqual(markers.map(m => m.update), [3, 5, 8, 10]);
  });

  it('a negative shift of a restart schedule marks the restarts 30 updates later (and ends)', () => {
    // T_0 = 3, T_mult = 2: restarts at 3, 9, 21, 45 (inner counter) → updates 33, 39, 51, 75 with shift −30
    const curve: Curve = { kind: 'shift', shift: -30, curve: { kind: 'cosineRestarts', base: 1, min: 0, firstPeriod: 3, periodMult: 2, restartDecay: 1 } };
    assert.deepEqual(curveMarkers(curve, 0, 100, 10).map(m => m.update), [33, 39, 51, 75]);
  });

  it('PyTorch MultiStepLR milestones per epoch, 1252 updates per epoch: 30·1252, 60·1252, 80·1252', () => {
    const curve: Curve = { kind: 'perEpoch', stepsPerEpoch: 1252, curve: { kind: 'multistep', base: 0.4, milestones: [80, 30, 60], gamma: 0.1 } };
    assert.deepEqual(curveMarkers(curve, 0, 112_679, 100).map(m => [m.update, m.kind]),
      [[37_560, 'milestone'], [75_120, 'milestone'], [100_160, 'milestone']]);
  });

  it('marks one-cycle phase ends after each interior anchor: E1 = 0.3·100 − 1 = 29 → update 30', () => {
    const curve: Curve = { kind: 'oneCycle', anneal: 'cos', anchors: [{ step: 0, value: 0.04 }, { step: 29, value: 1 }, { step: 99, value: 4e-6 }] };
    assert.deepEqual(curveMarkers(curve, 0, 99, 10).map(m => m.update), [30]);
  });
});
