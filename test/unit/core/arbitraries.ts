import fc from 'fast-check';
import type { Curve, SequencePhase } from '../../../src/core/curve';

/**
 * Random schedules for the sampler's property tests: every shape of curve.ts with random parameters, nested
 * into sequences, products, per-epoch curves, shifts and clamps. Lengths scale with the run length `n` so a
 * 10^12-update run still has warmups, milestones and cycles inside it, plus small ones (many short cycles).
 */

/** fast-check options: 1,000 runs, with a fixed seed on CI so a failure there can be replayed. */
export function propertyOptions(numRuns = 1000): fc.Parameters<unknown> {
  return process.env.CI ? { numRuns, seed: 20_171_008 } : { numRuns };
}

/** Total updates: mostly brute-forceable sizes, but up to 10^12. */
export const totalUpdatesArb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 1, max: 20_000 }),
  fc.double({ min: 4, max: 12, noNaN: true }).map(e => Math.floor(10 ** e)),
  fc.constant(1e12),
);

export const lrArb = fc.double({ min: 1e-6, max: 1, noNaN: true });
const gammaArb = fc.double({ min: 0.05, max: 1, noNaN: true });

/** A length in counter units: a few steps, or a fraction (up to 1.5×) of the run. */
function lengthArb(n: number): fc.Arbitrary<number> {
  return fc.oneof(
    fc.integer({ min: 1, max: 20 }),
    fc.double({ min: 0, max: 1.5, noNaN: true }).map(f => Math.max(1, Math.round(f * n))),
  );
}

/** A counter value inside (or a little past) the run. */
function positionArb(n: number): fc.Arbitrary<number> {
  return fc.oneof(fc.integer({ min: 0, max: 30 }), fc.double({ min: 0, max: 1.2, noNaN: true }).map(f => Math.round(f * n)));
}

function oneCycleArb(n: number): fc.Arbitrary<Curve> {
  // PyTorch OneCycleLR: initial = max/div_factor, min = initial/final_div_factor, E1 = pct·total − 1,
  // three-phase E2 = 2·pct·total − 2, last end = total − 1.
  return fc.record({
    total: lengthArb(n).map(t => t + 3),
    pct: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
    maxLr: lrArb,
    div: fc.double({ min: 1, max: 100, noNaN: true }),
    finalDiv: fc.double({ min: 1, max: 1e4, noNaN: true }),
    threePhase: fc.boolean(),
    anneal: fc.constantFrom('cos' as const, 'linear' as const),
  }).map(({ total, pct, maxLr, div, finalDiv, threePhase, anneal }) => {
    const initial = maxLr / div;
    const min = initial / finalDiv;
    const e1 = pct * total - 1;
    const anchors = threePhase
      ? [{ step: 0, value: initial }, { step: e1, value: maxLr }, { step: 2 * pct * total - 2, value: initial }, { step: total - 1, value: min }]
      : [{ step: 0, value: initial }, { step: e1, value: maxLr }, { step: total - 1, value: min }];
    return { kind: 'oneCycle', anneal, anchors } satisfies Curve;
  }).filter(c => c.anchors.every((a, i) => i === 0 || a.step > c.anchors[i - 1].step));
}

export function leafArb(n: number): fc.Arbitrary<Curve> {
  const length = lengthArb(n);
  return fc.oneof(
    fc.record({ kind: fc.constant('constant' as const), value: lrArb }),
    fc.record({ kind: fc.constant('linear' as const), from: lrArb, to: lrArb, length }),
    fc.record({ kind: fc.constant('exponentialRamp' as const), from: lrArb, to: lrArb, length }),
    fc.record({ kind: fc.constant('step' as const), base: lrArb, gamma: gammaArb,
      stepSize: fc.oneof(length, fc.double({ min: 0.5, max: 50, noNaN: true })) }),
    fc.record({ kind: fc.constant('multistep' as const), base: lrArb, gamma: gammaArb,
      milestones: fc.array(positionArb(n), { maxLength: 6 }) }),
    fc.record({ kind: fc.constant('exponential' as const), base: lrArb,
      gamma: fc.oneof(gammaArb, fc.double({ min: 0.999, max: 1, noNaN: true })) }),
    fc.record({ kind: fc.constant('cosine' as const), base: lrArb, min: lrArb, period: length,
      after: fc.constantFrom('hold' as const, 'periodic' as const) }),
    fc.record({ kind: fc.constant('cosineRestarts' as const), base: lrArb, min: lrArb, firstPeriod: length,
      periodMult: fc.integer({ min: 1, max: 3 }), restartDecay: fc.double({ min: 0.3, max: 1, noNaN: true }) }),
    fc.record({ kind: fc.constant('polynomial' as const), base: lrArb, end: lrArb, length,
      power: fc.double({ min: 0.1, max: 3, noNaN: true }) }),
    oneCycleArb(n),
    fc.record({ kind: fc.constant('inverseSqrt' as const), base: lrArb, timescale: length, offset: length }),
    fc.record({ kind: fc.constant('wsd' as const), base: lrArb, min: lrArb, warmupStart: lrArb,
      warmup: positionArb(n), stable: positionArb(n), decay: length,
      decayShape: fc.constantFrom('linear' as const, 'cosine' as const, '1-sqrt' as const) }),
    fc.record({ kind: fc.constant('cyclic' as const), base: lrArb, max: lrArb, stepUp: length, stepDown: length,
      mode: fc.constantFrom('triangular' as const, 'triangular2' as const, 'exp_range' as const),
      gamma: fc.double({ min: 0.9, max: 1, noNaN: true }) }),
  );
}

/** A random curve over a counter of length `n`, nested up to `depth` levels of composites. */
export function curveArb(n: number, depth: number): fc.Arbitrary<Curve> {
  if (depth <= 0) return leafArb(n);
  const inner = curveArb(n, depth - 1);
  const sequence = fc.array(
    fc.record({ start: positionArb(n), counter: fc.constantFrom('local' as const, 'global' as const), curve: inner,
      label: fc.option(fc.constantFrom('warmup end', 'decay'), { nil: undefined }) }),
    { minLength: 1, maxLength: 4 },
  ).map((phases): Curve => {
    const sorted = phases.sort((a, b) => a.start - b.start)
      .filter((p, i, all) => i === 0 || p.start > all[i - 1].start) as SequencePhase[];
    return { kind: 'sequence', phases: sorted };
  });
  const perEpoch = fc.integer({ min: 1, max: Math.max(1, Math.floor(n / 5)) }).chain(stepsPerEpoch =>
    curveArb(Math.max(1, Math.ceil(n / stepsPerEpoch)), depth - 1).map((curve): Curve => ({ kind: 'perEpoch', stepsPerEpoch, curve })));
  return fc.oneof(
    { arbitrary: leafArb(n), weight: 3 },
    { arbitrary: sequence, weight: 2 },
    { arbitrary: fc.array(inner, { minLength: 2, maxLength: 3 }).map((factors): Curve => ({ kind: 'product', factors })), weight: 1 },
    { arbitrary: perEpoch, weight: 1 },
    { arbitrary: fc.record({ shift: fc.integer({ min: -30, max: 30 }), curve: inner }).map((s): Curve => ({ kind: 'shift', ...s })), weight: 1 },
    { arbitrary: fc.record({ a: lrArb, b: lrArb, curve: inner })
      .map(({ a, b, curve }): Curve => ({ kind: 'clamp', min: Math.min(a, b), max: Math.max(a, b), curve })), weight: 1 },
  );
}

/** A run length and a random curve sized to it. */
export function runArb(totalUpdates: fc.Arbitrary<number> = totalUpdatesArb, depth = 2): fc.Arbitrary<{ n: number; curve: Curve }> {
  return totalUpdates.chain(n => curveArb(n, depth).map(curve => ({ n, curve })));
}
