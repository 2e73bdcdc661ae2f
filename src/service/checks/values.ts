import type { Diagnostic } from '../../dialects/types';
import { formatNumber } from '../../core/scaling';
import { sampleSchedule } from '../../core/sample';
import { type CheckInput, dialectReported } from './context';

/**
 * `lr-not-finite` and `lr-negative`, `lr-all-zero`: values no optimizer can use. Checked on the sampler's points
 * (every piece start and extreme is among them), never on all N updates, so a 10⁹-update run costs the same.
 */
export function checkValues(input: CheckInput): Diagnostic[] {
  const points = sampleSchedule(input.read.schedule).points;
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
  const points = sampleSchedule(schedule).points;
  const base = points.find(p => p.update >= schedule.warmupUpdates)?.lr;
  if (!Number.isFinite(floor) || base === undefined || !(floor > base)) return [];
  return [{
    range: setting.range, severity: 'warning', code: 'min-lr-above-base',
    message: `The minimum LR (${formatNumber(floor)}) is above the LR the decay starts from (${formatNumber(base)}): the LR rises instead of decaying. Set it below, e.g. 0 or a hundredth of the base LR.`,
    fixes: [{ title: `Set the minimum LR to ${formatNumber(+(base / 100).toPrecision(3))}`, edits: [{ range: setting.range, newText: String(+(base / 100).toPrecision(3)) }], preferred: true }],
  }];
}
