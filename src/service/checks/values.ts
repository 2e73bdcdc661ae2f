import type { Diagnostic } from '../../dialects/types';
import { formatNumber } from '../../core/scaling';
import { curveAt } from '../../core/evaluate';
import { extremePoints } from '../../core/summary';
import type { Schedule } from '../../core/schedule';
import { type CheckInput, dialectReported } from './context';

/** Breakpoints looked at for a value no optimizer can use; evenly picked beyond this (as the plot does). */
const MARKERS_CHECKED = 500;

/**
 * The run's extremes and the start of each phase (a broken phase, e.g. 0 / 0 over a zero length, is broken
 * from its first update, where a min/max comparison cannot see a NaN), in update order.
 */
function pointsToCheck(schedule: Schedule): { update: number; lr: number }[] {
  const inside = schedule.markers.filter(m => m.update >= 0 && m.update < schedule.totalUpdates);
  const step = Math.max(1, inside.length / MARKERS_CHECKED);
  const starts: { update: number; lr: number }[] = [];
  for (let i = 0; i < inside.length; i += step) {
    const update = inside[Math.floor(i)].update;
    starts.push({ update, lr: curveAt(schedule.curve, update) });
  }
  return [...extremePoints(schedule), ...starts].sort((a, b) => a.update - b.update);
}

/**
 * `lr-not-finite` and `lr-negative`, `lr-all-zero`: values no optimizer can use. Checked on the run's extremes
 * and breakpoints, never on all N updates, so a 10⁹-update run costs the same.
 */
export function checkValues(input: CheckInput): Diagnostic[] {
  const points = pointsToCheck(input.read.schedule);
  const range = input.read.range;
  const bad = points.find(p => !Number.isFinite(p.lr));
  if (bad && !dialectReported(input, ['not-finite', 'zero-division'])) {
    return [{ range, severity: 'error', code: 'lr-not-finite',
      message: `The LR is ${bad.lr} at update ${bad.update}: training would diverge or stop. Check for a division by zero (a zero length or period) or a missing value.` }];
  }
  const negative = points.find(p => p.lr < 0);
  if (negative && !dialectReported(input, ['out-of-range', 'negative-min-lr'])) {
    return [{ range, severity: 'error', code: 'lr-negative',
      message: `The LR is negative (${formatNumber(negative.lr)}) at update ${negative.update}: the optimizer would climb the loss. Check the minimum / end LR and the decay's length.` }];
  }
  if (points.length > 0 && points.every(p => p.lr === 0) && !dialectReported(input, ['lr-zero', 'no-lr', 'missing-lr'])) {
    return [{ range, severity: 'error', code: 'lr-all-zero',
      message: 'The LR is 0 at every update: nothing trains. Set the base LR.' }];
  }
  return [];
}

/** The floor a decay anneals to, by its last path segment in each dialect. */
const MIN_LR = /^(minLr|min_lr|eta_min|endLr|end_lr|BASE_LR_END|lr_end|warmup_min_lr|end_learning_rate)$/;

/**
 * `min-lr-above-base`: a decay whose floor lies above the LR it starts from climbs instead of decaying
 * (PyTorch's and HF's cosine formulas do not check this).
 */
export function checkMinAboveBase(input: CheckInput): Diagnostic[] {
  if (dialectReported(input, ['cosine-rises', 'eta-min-conflict', 'restart-eta-min', 'final-lr'])) return [];
  const { schedule } = input.read;
  const setting = input.read.settings.find(s => MIN_LR.test(s.path.split('.').pop() ?? '') && !/warmup_min_lr/.test(s.path));
  if (!setting) return [];
  const floor = Number(input.text.slice(setting.range.start, setting.range.end).replace(/^["']|["']$/g, ''));
  // the LR the decay starts from: the first update after the warm-up
  const base = schedule.warmupUpdates < schedule.totalUpdates ? curveAt(schedule.curve, Math.max(0, Math.ceil(schedule.warmupUpdates))) : undefined;
  if (!Number.isFinite(floor) || base === undefined || !(floor > base)) return [];
  return [{
    range: setting.range, severity: 'warning', code: 'min-lr-above-base',
    message: `The minimum LR (${formatNumber(floor)}) is above the LR the decay starts from (${formatNumber(base)}): the LR rises instead of decaying. Set it below, e.g. 0 or a hundredth of the base LR.`,
    fixes: [{ title: `Set the minimum LR to ${formatNumber(+(base / 100).toPrecision(3))}`, edits: [{ range: setting.range, newText: String(+(base / 100).toPrecision(3)) }], preferred: true }],
  }];
}
