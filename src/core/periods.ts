import type { Curve } from './curve';

function positive(x: number): boolean {
  return Number.isFinite(x) && x > 0;
}

/**
 * The first period of a curve that is not a positive number of updates (a step size, a cosine or restart period,
 * a cycle, updates per epoch). The engine walks periods one by one to list breakpoints and pieces, so such a
 * curve (HF `num_cycles: -5` gives a restart period of −300) would never finish: it gets no markers here, and
 * the analysis drops it with a diagnostic before anything samples it.
 */
export function invalidPeriod(curve: Curve): { what: string; value: number } | undefined {
  switch (curve.kind) {
    case 'step':
      return positive(curve.stepSize) ? undefined : { what: 'step size', value: curve.stepSize };
    case 'cosine':
      return curve.after !== 'periodic' || positive(curve.period) ? undefined : { what: 'cosine period', value: curve.period };
    case 'cosineRestarts':
      if (!positive(curve.firstPeriod)) return { what: 'restart period', value: curve.firstPeriod };
      return Number.isFinite(curve.periodMult) && curve.periodMult >= 1 ? undefined : { what: 'restart period multiplier', value: curve.periodMult };
    case 'cyclic':
      return positive(curve.stepUp + curve.stepDown) ? undefined : { what: 'cycle length', value: curve.stepUp + curve.stepDown };
    case 'perEpoch':
      return positive(curve.stepsPerEpoch) ? invalidPeriod(curve.curve) : { what: 'number of updates per epoch', value: curve.stepsPerEpoch };
    case 'sequence':
      for (const phase of curve.phases) {
        const bad = invalidPeriod(phase.curve);
        if (bad) return bad;
      }
      return undefined;
    case 'product':
      for (const factor of curve.factors) {
        const bad = invalidPeriod(factor);
        if (bad) return bad;
      }
      return undefined;
    case 'shift':
    case 'clamp':
      return invalidPeriod(curve.curve);
    default:
      return undefined;
  }
}
