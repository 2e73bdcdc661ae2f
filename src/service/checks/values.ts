import type { Diagnostic } from '../../dialects/types';
import { formatNumber } from '../../core/scaling';
import { curveAt } from '../../core/evaluate';
import { extremePoints } from '../../core/summary';
import type { Schedule } from '../../core/schedule';
import { type CheckInput, dialectReported, numberLike, writtenNumber, writtenText } from './context';
import { collectMilestones } from './milestones';
import { pointName } from '../describe';

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
  // A warm-up longer than the run hides the LR it climbs to, and a milestone past the end the LR it decays to,
  // which the fixes for those (shorten the warm-up, convert the milestones) would reveal: checked now.
  const beyond = [Math.ceil(schedule.warmupUpdates)];
  const milestones: number[][] = [];
  collectMilestones(schedule.curve, 1, 0, milestones);
  for (const list of milestones) beyond.push(...list.slice(0, MARKERS_CHECKED).map(Math.ceil));
  for (const update of beyond) {
    if (update >= schedule.totalUpdates && Number.isFinite(update)) starts.push({ update, lr: curveAt(schedule.curve, update) });
  }
  return [...extremePoints(schedule), ...starts].sort((a, b) => a.update - b.update);
}

/** `at update 40`, or `at epoch 4` when the updates per epoch are unknown (pointName). */
function at(schedule: Schedule, update: number): string {
  const point = pointName(schedule, update);
  return update < schedule.totalUpdates ? `at ${point}` : `at ${point}, past the run's end (where a warm-up or milestone longer than the run leads)`;
}

/**
 * `lr-not-finite` and `lr-negative`, `lr-all-zero`: values no optimizer can use. Checked on the run's extremes
 * and breakpoints, never on all N updates, so a 10⁹-update run costs the same.
 */
export function checkValues(input: CheckInput): Diagnostic[] {
  const points = pointsToCheck(input.read.schedule);
  const range = input.read.range;
  const out: Diagnostic[] = [];
  // both are reported: fixing what makes one LR infinite must not surface another that is negative
  const bad = points.find(p => !Number.isFinite(p.lr));
  if (bad && !dialectReported(input, ['not-finite', 'zero-division'])) {
    out.push({ range, severity: 'error', code: 'lr-not-finite',
      message: `The LR is ${bad.lr} ${at(input.read.schedule, bad.update)}: training would diverge or stop. Check for a division by zero (a zero length or period) or a missing value.` });
  }
  const negative = points.find(p => p.lr < 0);
  if (negative && !dialectReported(input, ['out-of-range', 'negative-min-lr'])) {
    out.push({ range, severity: 'error', code: 'lr-negative',
      message: `The LR is negative (${formatNumber(negative.lr)}) ${at(input.read.schedule, negative.update)}: the optimizer would climb the loss. Check the minimum / end LR and the decay's length.` });
  }
  if (bad || negative) return out;
  // the points past the end count: a warm-up from 0 that outlasts a one-update run does climb to an LR
  if (points.length > 0 && points.every(p => p.lr === 0) && !dialectReported(input, ['lr-zero', 'no-lr', 'missing-lr'])) {
    out.push({ range, severity: 'error', code: 'lr-all-zero', message: 'The LR is 0 at every update: nothing trains. Set the base LR.' });
  }
  return out;
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
  const floor = writtenNumber(input, setting);
  // the LR the decay starts from: the first update after the warm-up
  const base = schedule.warmupUpdates < schedule.totalUpdates ? curveAt(schedule.curve, Math.max(0, Math.ceil(schedule.warmupUpdates))) : undefined;
  // a decay that starts at or below 0 is lr-negative's (or lr-all-zero's) to report
  if (!Number.isFinite(floor) || base === undefined || !(base > 0) || !(floor > base)) return [];
  return [{
    range: setting.range, severity: 'warning', code: 'min-lr-above-base',
    message: `The minimum LR (${formatNumber(floor)}) is above the LR the decay starts from (${formatNumber(base)}): the LR rises instead of decaying. Set it below, e.g. 0 or a hundredth of the base LR.`,
    // 0 (PyTorch's and HF's default floor), not a fraction of `base`: a decay already under way at the warm-up's
    // end starts from a value the floor itself pulled up, and only 0 is below the base LR whatever that was.
    fixes: [{ title: 'Set the minimum LR to 0', edits: [{ range: setting.range, newText: numberLike(0, writtenText(input, setting)) }], preferred: true }],
  }];
}
