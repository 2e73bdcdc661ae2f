import { formatGrouped, formatNumber } from '../core/scaling';
import type { Schedule, ScheduleSummary } from '../core/schedule';


/**
 * Translates an English message whose `{0}`, `{1}` are filled from `args`: the editor passes `vscode.l10n.t`
 * (so the words come from l10n/bundle.l10n.*.json like every other string the adapters show), the CLI and the
 * API keep English. The service itself never imports vscode.
 */
export type Localize = (message: string, ...args: (string | number)[]) => string;

/** English: the message as written, placeholders filled (the contract of `vscode.l10n.t`). */
export const english: Localize = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (placeholder, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : placeholder));

/** A `Localize` over a message table such as l10n/bundle.l10n.zh-cn.json; messages it lacks stay English. */
export function localizeFrom(bundle: Record<string, string>): Localize {
  return (message, ...args) => english(bundle[message] ?? message, ...args);
}

/**
 * Whether a schedule speaks in epochs only: no one says how many optimizer updates an epoch has, so its counter
 * runs in `stepsPerEpoch` nominal slices of an epoch (Schedule.updatesPerEpochUnknown) and no update count, index
 * or "N steps" may be shown for it: they would be numbers LR Lens made up.
 */
export function inEpochsOnly(schedule: Pick<Schedule, 'updatesPerEpochUnknown'>): boolean {
  return schedule.updatesPerEpochUnknown === true;
}

/** The epoch at a counter value of the schedule (its update, or its slice of an epoch), when epochs are known. */
export function epochAt(schedule: Pick<Schedule, 'stepsPerEpoch'>, update: number): number | undefined {
  return schedule.stepsPerEpoch ? update / schedule.stepsPerEpoch : undefined;
}

/**
 * Where a counter value of a schedule is, for a message: `update 40`, or `epoch 4` for a schedule told in epochs
 * only (its counter is then a nominal slice of an epoch, no update LR Lens could name).
 */
export function pointName(schedule: Pick<Schedule, 'updatesPerEpochUnknown' | 'stepsPerEpoch'>, update: number): string {
  const epoch = inEpochsOnly(schedule) ? epochAt(schedule, update) : undefined;
  return epoch === undefined ? `update ${update}` : `epoch ${formatGrouped(epoch)}`;
}

/**
 * A length in epochs (when updates per epoch are known and it is a whole number of them) or in steps. With
 * `epochsOnly` (updates per epoch unknown, `stepsPerEpoch` nominal slices), always in epochs, fractions and all.
 */
export function describeLength(updates: number, stepsPerEpoch: number | undefined, unit: 'ep' | 'epochs' = 'ep', t: Localize = english, epochsOnly = false): string {
  if (stepsPerEpoch && (epochsOnly || updates % stepsPerEpoch === 0)) {
    const epochs = formatGrouped(updates / stepsPerEpoch);
    return unit === 'ep' ? t('{0} ep', epochs) : t('{0} epochs', epochs);
  }
  return t('{0} steps', formatGrouped(updates));
}

/** What the CodeLens, the status bar and the panel add when the updates per epoch are unknown. */
export function unknownUpdatesNote(t: Localize = english): string {
  return t('updates/epoch unknown');
}

/**
 * The length of a schedule for the status bar: `90 ep`, `6,000 steps`, or with updates per epoch unknown
 * `100 ep · updates/epoch unknown`.
 */
export function scheduleLength(schedule: Schedule, summary: ScheduleSummary, t: Localize = english): string {
  const epochsOnly = inEpochsOnly(schedule);
  const length = describeLength(summary.totalUpdates, schedule.stepsPerEpoch, 'ep', t, epochsOnly);
  return epochsOnly ? `${length} · ${unknownUpdatesNote(t)}` : length;
}

/**
 * The CodeLens line: `90 epochs · 112,680 steps · warmup 5 ep · 0.4 → 0.0004`; with updates per epoch unknown,
 * `100 epochs · updates/epoch unknown · warmup 5 ep · 0.1 → 1e-05` (no step count: there is none to tell).
 */
export function summaryLine(schedule: Schedule, summary: ScheduleSummary, t: Localize = english): string {
  const parts: string[] = [];
  const epochsOnly = inEpochsOnly(schedule);
  if (epochsOnly && schedule.stepsPerEpoch) parts.push(t('{0} epochs', formatGrouped(summary.totalUpdates / schedule.stepsPerEpoch)));
  else if (summary.epochs !== undefined) parts.push(t('{0} epochs', formatGrouped(summary.epochs)));
  parts.push(epochsOnly ? unknownUpdatesNote(t) : t('{0} steps', formatGrouped(summary.totalUpdates)));
  parts.push(summary.warmupUpdates > 0 ? t('warmup {0}', describeLength(summary.warmupUpdates, schedule.stepsPerEpoch, 'ep', t, epochsOnly)) : t('no warmup'));
  parts.push(`${formatNumber(summary.peakLr)} → ${formatNumber(summary.finalLr)}`);
  return parts.join(' · ');
}

/** Every message the summary may show, for translation bundles and their test. */
export const SUMMARY_MESSAGES = ['{0} ep', '{0} epochs', '{0} steps', 'warmup {0}', 'no warmup', 'updates/epoch unknown'] as const;
