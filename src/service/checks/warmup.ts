import type { Diagnostic, Fix, SettingRef } from '../../dialects/types';
import { formatNumber } from '../../core/scaling';
import { curveAt } from '../../core/evaluate';
import { inEpochsOnly } from '../describe';
import { type CheckInput, dialectReported, numberLike, numberText, settingNamed, writtenNumber, writtenText } from './context';

/** The warm-up length setting of every dialect, by its last path segment. */
const WARMUP_LENGTH = /^(warmup_steps|warmup_ratio|warmup_epochs|warmup_num_steps|WARMUP_ITERS|epochs|updates|fraction|warmup_iters|warmup_t)$/;
/** Dialect codes that already say "the warm-up is at least as long as training". */
const TOO_LONG_CODES = ['warmup-too-long', 'warmup-exceeds-run', 'total-less-than-warmup'];

/**
 * `warmup-too-long`: a warm-up as long as the run never reaches the peak LR and leaves no room for decay.
 * Where the dialect already said so, its diagnostic gets the shorten fix instead of a second diagnostic.
 */
export function checkWarmupLength(input: CheckInput): Diagnostic[] {
  const { schedule } = input.read;
  const n = schedule.totalUpdates;
  if (schedule.warmupUpdates <= 0 || schedule.warmupUpdates < n) return [];
  const setting = warmupLengthSetting(input);
  const fix = setting && shortenWarmup(input, setting);
  const convert = setting && epochsAsUpdates(input, setting);
  const reported = dialectReported(input, TOO_LONG_CODES);
  if (reported) {
    if (fix && !reported.fixes?.length) reported.fixes = [fix, ...(convert ? [convert] : [])];
    return [];
  }
  return [{
    range: setting?.range ?? input.read.range,
    severity: 'warning',
    code: 'warmup-too-long',
    // with updates per epoch unknown the counter is a slice of an epoch: the lengths are told in epochs
    message: inEpochsOnly(schedule) && schedule.stepsPerEpoch
      ? `The warm-up (${numberText(schedule.warmupUpdates / schedule.stepsPerEpoch)} epochs) is at least as long as training (${numberText(n / schedule.stepsPerEpoch)} epochs): the LR never reaches its peak and never decays. Shorten the warm-up to a few epochs (Goyal et al. use 5).`
      : `The warm-up (${schedule.warmupUpdates} updates) is at least as long as training (${n} updates): the LR never reaches its peak and never decays. Shorten the warm-up to a few epochs (Goyal et al. use 5).`,
    fixes: fix ? [fix, ...(convert ? [convert] : [])] : convert ? [convert] : undefined,
  }];
}

/**
 * A warm-up of "500 epochs" in a run of a few thousand updates was usually meant in updates: our format has
 * both keys, so offer to read the number as updates (a second choice: only the user knows what was meant).
 */
function epochsAsUpdates(input: CheckInput, setting: SettingRef): Fix | undefined {
  if (setting.path !== 'warmup.epochs') return undefined;
  // "meant in updates" needs the run's updates: unknown, they are slices LR Lens made up
  if (inEpochsOnly(input.read.schedule)) return undefined;
  const written = writtenNumber(input, setting);
  if (!Number.isInteger(written) || !(written > 0) || written >= input.read.schedule.totalUpdates) return undefined;
  const key = input.text.slice(setting.keyRange.start, setting.keyRange.start + 8);
  const keyLength = key.startsWith('"epochs"') ? 8 : key.startsWith('epochs') ? 6 : 0;
  if (keyLength === 0) return undefined;
  return {
    title: `Count the warm-up in updates: \`updates: ${numberText(written)}\``,
    edits: [{ range: { start: setting.keyRange.start, end: setting.keyRange.start + keyLength }, newText: keyLength === 8 ? '"updates"' : 'updates' }],
  };
}

export function warmupLengthSetting(input: CheckInput): SettingRef | undefined {
  return input.read.settings.find(s => {
    const parts = s.path.split('.');
    const last = parts[parts.length - 1];
    // our format nests the length under `warmup:`; frameworks name it warmup_*
    if (/^(epochs|updates|fraction)$/.test(last)) return parts[parts.length - 2] === 'warmup';
    return WARMUP_LENGTH.test(last);
  });
}

/** Shorten to 5 epochs or 5% of training, whichever is shorter, in the setting's own unit. */
function shortenWarmup(input: CheckInput, setting: SettingRef): Fix | undefined {
  const { totalUpdates: n, stepsPerEpoch } = input.read.schedule;
  const last = setting.path.split('.').pop()!;
  // a value the reader could not use (`"abc"`, so it took the default) says nothing of what a new one does
  const written = writtenNumber(input, setting);
  if (!Number.isFinite(written)) return undefined;
  const fivePercent = 0.05 * n;
  const updates = Math.max(1, Math.floor(stepsPerEpoch ? Math.min(5 * stepsPerEpoch, fivePercent) : fivePercent));
  // a run of one update has no room for any warm-up: the run's length is what is wrong
  if (updates >= n) return undefined;
  let newValue: number;
  let unit: string;
  if (/ratio|fraction/.test(last)) { newValue = +(updates / n).toPrecision(3); unit = 'of training'; }
  else if (/epoch/i.test(last)) {
    if (!stepsPerEpoch) return undefined;
    newValue = Math.max(1, Math.floor(updates / stepsPerEpoch)); unit = newValue === 1 ? 'epoch' : 'epochs';
    if (newValue * stepsPerEpoch >= n) return undefined;
  } else {
    // a count of updates, when the updates per epoch are unknown, cannot be sized from nominal slices of an epoch
    if (inEpochsOnly(input.read.schedule)) return undefined;
    // a dialect may run more warm-up updates than written (DeepSpeed's WarmupLR lags one): keep that offset
    const offset = Math.max(0, Math.ceil(input.read.schedule.warmupUpdates) - written);
    newValue = updates - offset; unit = 'updates';
    if (newValue < 1) return undefined;
  }
  return {
    title: `Shorten the warm-up to ${numberText(newValue)} ${unit}`,
    edits: [{ range: setting.range, newText: numberLike(newValue, writtenText(input, setting)) }],
    preferred: true,
  };
}

/** The warm-up's start LR setting, per dialect, and how it is written (absolute LR or × peak). */
const START_SETTINGS: { pattern: RegExp; kind: 'lr' | 'factor' }[] = [
  { pattern: /^(startLr|warmup_min_lr|warmup_lr|warmup_lr_init|warmup_bias_lr)$/, kind: 'lr' },
  { pattern: /^(startFactor|WARMUP_FACTOR|warmup_factor|start_factor|warmup_ratio_init)$/, kind: 'factor' },
];

/**
 * `warmup-start-above-peak`: a warm-up that starts at or above the LR it warms up to does not warm up at all
 * (it holds or decays), which is never what a warm-up is for.
 */
export function checkWarmupStart(input: CheckInput): Diagnostic[] {
  const { schedule } = input.read;
  if (schedule.warmupUpdates <= 0 || schedule.warmupUpdates >= schedule.totalUpdates) return [];
  // a decay that starts before the warm-up ends (total-less-than-warmup) leaves no warm-up end to compare with
  if (dialectReported(input, ['warmup-start-above-lr', 'warmup-start-above-peak', 'first-update-at-peak', 'total-less-than-warmup'])) return [];
  const start = curveAt(schedule.curve, 0);
  const w = Math.ceil(schedule.warmupUpdates);
  const end = curveAt(schedule.curve, w);
  if (start === undefined || end === undefined || !(start >= end) || end <= 0) return [];
  // a warm-up that climbed until its last update did warm up: a decay due at once (DeepSpeed's total_num_steps
  // below the warm-up) pulled the LR down after it, which the run-length checks are about
  if (w >= 1 && curveAt(schedule.curve, w - 1) > start) return [];
  let setting: SettingRef | undefined;
  let kind: 'lr' | 'factor' = 'lr';
  for (const candidate of START_SETTINGS) {
    setting = settingNamed(input.read, candidate.pattern);
    if (setting) { kind = candidate.kind; break; }
  }
  // A factor below 1 does warm up: a decay that already pulled the LR at the warm-up's end below the start
  // (a milestone inside the warm-up) is what is wrong there, and the milestone checks say so.
  if (kind === 'factor' && setting && writtenNumber(input, setting) < 1) return [];
  // a tenth of the peak: Goyal et al.'s 0.1 → 0.4 warm-up starts at a quarter; 0.1 × keeps it clearly below
  const newValue = kind === 'factor' ? 0.1 : +(end * 0.1).toPrecision(3);
  const fixes: Fix[] | undefined = setting ? [{
    title: kind === 'factor' ? 'Start the warm-up at 0.1 × the peak' : `Start the warm-up at ${formatNumber(newValue)}`,
    edits: [{ range: setting.range, newText: numberLike(newValue, writtenText(input, setting)) }],
    preferred: true,
  }] : undefined;
  return [{
    range: setting?.range ?? input.read.range,
    severity: 'warning',
    code: 'warmup-start-above-peak',
    message: `The warm-up starts at ${formatNumber(start)}, at or above the LR it warms up to (${formatNumber(end)}): it does not warm up. Start below the peak, e.g. at ${formatNumber(+(end * 0.1).toPrecision(3))}.`,
    fixes,
  }];
}
