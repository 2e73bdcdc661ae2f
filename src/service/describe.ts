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

/** A length in epochs (when updates per epoch are known and it is a whole number of them) or in steps. */
export function describeLength(updates: number, stepsPerEpoch: number | undefined, unit: 'ep' | 'epochs' = 'ep', t: Localize = english): string {
  if (stepsPerEpoch && updates % stepsPerEpoch === 0) {
    const epochs = formatGrouped(updates / stepsPerEpoch);
    return unit === 'ep' ? t('{0} ep', epochs) : t('{0} epochs', epochs);
  }
  return t('{0} steps', formatGrouped(updates));
}

/** The CodeLens line: `90 epochs · 112,680 steps · warmup 5 ep · 0.4 → 0.0004`. */
export function summaryLine(schedule: Schedule, summary: ScheduleSummary, t: Localize = english): string {
  const parts: string[] = [];
  if (summary.epochs !== undefined) parts.push(t('{0} epochs', formatGrouped(summary.epochs)));
  parts.push(t('{0} steps', formatGrouped(summary.totalUpdates)));
  parts.push(summary.warmupUpdates > 0 ? t('warmup {0}', describeLength(summary.warmupUpdates, schedule.stepsPerEpoch, 'ep', t)) : t('no warmup'));
  parts.push(`${formatNumber(summary.peakLr)} → ${formatNumber(summary.finalLr)}`);
  return parts.join(' · ');
}

/** Every message the summary may show, for translation bundles and their test. */
export const SUMMARY_MESSAGES = ['{0} ep', '{0} epochs', '{0} steps', 'warmup {0}', 'no warmup'] as const;
