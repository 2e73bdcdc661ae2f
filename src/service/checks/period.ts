import type { Curve, CosineCurve } from '../../core/curve';
import type { Diagnostic, Fix } from '../../dialects/types';
import { type CheckInput, dialectReported, numberLike, numberText, writtenNumber, writtenText } from './context';
import { inEpochsOnly } from '../describe';

export interface PlacedCosine { curve: CosineCurve; start: number; end: number }

/**
 * `cosine-period-short` / `cosine-period-long`: a cosine whose period ends well before the run (the rest runs at
 * the minimum LR) or well after it (the LR never anneals). PyTorch's and MMEngine's readers say so themselves.
 */
export function checkCosinePeriod(input: CheckInput): Diagnostic[] {
  if (dialectReported(input, ['cosine-rises', 'cosine-truncated', 'cosine-period'])) return [];
  const found: PlacedCosine[] = [];
  placeCosines(input.read.schedule.curve, 1, 0, found);
  if (found.length !== 1) return [];
  const [{ start, end }] = found;
  const n = input.read.schedule.totalUpdates;
  const remaining = n - start;
  if (remaining <= 0) return [];
  const setting = input.read.settings.find(s => /^(period|T_max)$/.test(s.path.split('.').pop() ?? ''));
  const range = setting?.range ?? input.read.range;
  const fixes = setting ? periodFix(input, setting.range, (end - start) / remaining) : undefined;
  // updates per epoch unknown: the counter is a slice of an epoch, so the places are told in epochs
  const schedule = input.read.schedule;
  const slices = inEpochsOnly(schedule) ? schedule.stepsPerEpoch : undefined;
  if (end < start + 0.9 * remaining) {
    return [{ range, severity: 'warning', code: 'cosine-period-short', fixes,
      message: slices
        ? `The cosine ends at epoch ${numberText(end / slices)}, ${numberText((n - end) / slices)} epochs before the end of training (${numberText(n / slices)} epochs): the rest of the run stays at the minimum LR. Make the period the rest of the run.`
        : `The cosine ends at update ${Math.round(end)}, ${Math.round(n - end)} updates before the end of training (${n}): the rest of the run stays at the minimum LR. Make the period the rest of the run.` }];
  }
  if (end > start + 1.1 * remaining && !deliberateFraction(input, found[0].curve)) {
    return [{ range, severity: 'information', code: 'cosine-period-long', fixes,
      message: slices
        ? `The cosine would end at epoch ${numberText(end / slices)}, after training ends (${numberText(n / slices)} epochs): the LR never anneals to its minimum. Make the period the rest of the run.`
        : `The cosine would end at update ${Math.round(end)}, after training ends (${n}): the LR never anneals to its minimum. Make the period the rest of the run.` }];
  }
  return [];
}

/**
 * A cosine that stops part-way on purpose: FixMatch's lr·cos(7πk/16K) (PaddleClas CosineFixmatch, the FixMatch and
 * CCSSL recipes; HF's `cosine` with num_cycles < 0.5) runs a stated fraction of a cosine, never meant to anneal to
 * its minimum. Two signs say so: the file states that fraction (a `num_cycles` setting), or the cosine's minimum is
 * below zero, which no LR anneals to (lr·cos(θ) written as a cosine from lr to −lr, clamped at 0): then the
 * period is the formula's, not a length someone got wrong.
 */
function deliberateFraction(input: CheckInput, cosine: CosineCurve): boolean {
  if (cosine.min < 0) return true;
  return input.read.settings.some(s => /(^|\.)num_cycles$/.test(s.path));
}

/** The written period scaled by the ratio that makes the cosine end with the run, in the setting's own unit. */
function periodFix(input: CheckInput, range: { start: number; end: number }, ratio: number): Fix[] | undefined {
  const written = writtenNumber(input, { range });
  if (!(written > 0) || !(ratio > 0)) return undefined;
  const exact = written / ratio;
  const value = Number.isInteger(written) ? Math.round(exact) : +exact.toPrecision(6);
  // a run with no room left after the warm-up has no period to give (0 is rejected by every scheduler)
  if (value === written || !(value > 0)) return undefined;
  return [{ title: `Set the period to the rest of the run: ${numberText(value)}`, edits: [{ range, newText: numberLike(value, writtenText(input, { range })) }], preferred: true }];
}

/** Cosine curves with where they start and end in updates (a curve's counter s is update s × scale + offset). */
export function placeCosines(curve: Curve, scale: number, offset: number, found: PlacedCosine[]): void {
  switch (curve.kind) {
    case 'cosine': found.push({ curve, start: offset, end: offset + curve.period * scale }); return;
    case 'perEpoch': placeCosines(curve.curve, scale * curve.stepsPerEpoch, offset, found); return;
    case 'shift': placeCosines(curve.curve, scale, offset - curve.shift * scale, found); return;
    case 'clamp': placeCosines(curve.curve, scale, offset, found); return;
    case 'product': for (const f of curve.factors) placeCosines(f, scale, offset, found); return;
    case 'sequence':
      for (const phase of curve.phases) placeCosines(phase.curve, scale, phase.counter === 'local' ? offset + phase.start * scale : offset, found);
      return;
    default: return;
  }
}
