import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildSchedule } from '../../../src/core/build';
import type { Curve } from '../../../src/core/curve';
import { curveAt } from '../../../src/core/evaluate';
import { DEFAULT_SAMPLE_POINTS, extremesIn, sampleSchedule } from '../../../src/core/sample';
import { summarize } from '../../../src/core/summary';
import { leafArb, propertyOptions, runArb, totalUpdatesArb } from './arbitraries';

/**
 * The sampler's promises, checked on random schedules (arbitraries.ts): at most maxPoints points, strictly
 * increasing integer updates inside the run, the first and last update and every marker kept, and — the key
 * promise — every bucket's true extremes kept, so the plotted maximum and minimum are the schedule's own.
 * The oracle for the extremes is brute force over every update (N ≤ 20,000), compared with tolerance 0.
 */

/** Budgets with room for at least one bucket (5 = first, last, one marker and a bucket's min and max). */
const maxPointsArb = fc.oneof(fc.constant(DEFAULT_SAMPLE_POINTS), fc.integer({ min: 5, max: 300 }), fc.constant(50));
/** Any budget that can hold the first and last update. */
const anyMaxPointsArb = fc.oneof(maxPointsArb, fc.integer({ min: 2, max: 4 }));

describe('core sampler: properties on random schedules', function () {
  this.timeout(300_000);

  it('keeps at most maxPoints points, strictly increasing integer updates in [0, N−1], with 0, N−1 and the markers', () => {
    fc.assert(fc.property(runArb(), anyMaxPointsArb, ({ n, curve }, maxPoints) => {
      const schedule = buildSchedule({ curve, totalUpdates: n });
      const { points, markers } = sampleSchedule(schedule, maxPoints);
      assert.ok(points.length <= maxPoints, `${points.length} points > maxPoints ${maxPoints}`);
      for (let i = 0; i < points.length; i++) {
        const t = points[i].update;
        assert.ok(Number.isInteger(t) && t >= 0 && t <= n - 1, `update ${t} outside the integers 0..${n - 1}`);
        if (i > 0) assert.ok(t > points[i - 1].update, `updates not strictly increasing at ${i}: ${points[i - 1].update}, ${t}`);
        assert.equal(points[i].lr, curveAt(curve, t));
      }
      assert.equal(points[0].update, 0);
      assert.equal(points[points.length - 1].update, n - 1);
      const inside = schedule.markers.filter(m => m.update >= 0 && m.update <= n - 1);
      if (inside.length <= Math.floor(maxPoints / 4)) {
        const updates = new Set(points.map(p => p.update));
        for (const m of inside) assert.ok(updates.has(m.update), `marker ${m.label} at ${m.update} not among the points`);
        assert.equal(markers.length, inside.length);
      }
    }), propertyOptions());
  });

  it('keeps the true maximum and minimum (brute force over every update, N ≤ 20,000, tolerance 0)', () => {
    const small = fc.integer({ min: 1, max: 20_000 });
    fc.assert(fc.property(runArb(small), maxPointsArb, ({ n, curve }, maxPoints) => {
      const schedule = buildSchedule({ curve, totalUpdates: n });
      let max = -Infinity;
      let min = Infinity;
      for (let t = 0; t < n; t++) {
        const v = curveAt(curve, t);
        if (v > max) max = v;
        if (v < min) min = v;
      }
      const { points } = sampleSchedule(schedule, maxPoints);
      const sampledMax = Math.max(...points.map(p => p.lr));
      const sampledMin = Math.min(...points.map(p => p.lr));
      assert.equal(sampledMax, max, `sampled max ${sampledMax} ≠ brute-force max ${max}`);
      assert.equal(sampledMin, min, `sampled min ${sampledMin} ≠ brute-force min ${min}`);
      const summary = summarize(schedule);
      assert.equal(summary.peakLr, max, `summary peak ${summary.peakLr} ≠ brute-force max ${max}`);
      assert.equal(summary.minLr, min, `summary min ${summary.minLr} ≠ brute-force min ${min}`);
    }), propertyOptions());
  });

  it('single shapes keep their extremes without the scan budget too: first and last pieces of a long bucket', () => {
    // extremesIn without a scan budget is what a bucket of a 10^12-update run gets: the first and the last listed
    // pieces plus a search in between. One bucket over the whole run, checked by brute force.
    fc.assert(fc.property(fc.integer({ min: 1, max: 20_000 }).chain(n => leafArb(n).map(curve => ({ n, curve }))), ({ n, curve }) => {
      const { minAt, maxAt } = extremesIn(curve, 0, n - 1);
      let max = -Infinity;
      let min = Infinity;
      for (let t = 0; t < n; t++) {
        const v = curveAt(curve, t);
        if (v > max) max = v;
        if (v < min) min = v;
      }
      assert.equal(curveAt(curve, maxAt), max, `max at ${maxAt}`);
      assert.equal(curveAt(curve, minAt), min, `min at ${minAt}`);
    }), propertyOptions());
  });

  it('samples a 10^11–10^12-update run with a bounded number of evaluations (counted, not timed)', () => {
    const huge = fc.double({ min: 11, max: 12, noNaN: true }).map(e => Math.floor(10 ** e));
    fc.assert(fc.property(runArb(huge), fc.integer({ min: 5, max: 300 }), ({ n, curve }, maxPoints) => {
      // A factor of 1 that counts how often the curve is evaluated (its pieceStarts says it has no turns).
      let calls = 0;
      const counter: Curve = { kind: 'formula', name: 'count', at: () => { calls++; return 1; }, pieceStarts: () => [] };
      const schedule = buildSchedule({ curve: { kind: 'product', factors: [counter, curve] }, totalUpdates: n });
      const { points } = sampleSchedule(schedule, maxPoints);
      assert.ok(points.length <= maxPoints);
      // Per bucket (≤ maxPoints/2 of them): ≤ 2 × 33 listed pieces (first and last), each its two ends and, when
      // not known monotone, two ternary searches of ≤ 2·log_{3/2}(10^12) + 3 ≈ 140 evaluations, plus ~40 windows
      // to find the last pieces: about 10^4 per point in the worst case (random runs use a few hundred), where
      // brute force would use 10^12 / maxPoints.
      assert.ok(calls <= maxPoints * 10_000, `${calls} evaluations for maxPoints ${maxPoints}`);
    }), propertyOptions());
  });

  it('samples every run length from the arbitraries (sanity of the generator)', () => {
    fc.assert(fc.property(totalUpdatesArb, n => n >= 1 && n <= 1e12), propertyOptions(100));
  });
});
