import { formatNumber } from '../core/scaling';
import type { Schedule, ScheduleSummary } from '../core/schedule';

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A length in epochs (when updates per epoch are known and it is a whole number of them) or in steps. */
export function describeLength(updates: number, stepsPerEpoch: number | undefined, unit: 'ep' | 'epochs' = 'ep'): string {
  if (stepsPerEpoch && updates % stepsPerEpoch === 0) return `${grouped.format(updates / stepsPerEpoch)} ${unit}`;
  return `${grouped.format(updates)} steps`;
}

/** The CodeLens line: `90 epochs · 112,680 steps · warmup 5 ep · 0.4 → 0.0004`. */
export function summaryLine(schedule: Schedule, summary: ScheduleSummary): string {
  const parts: string[] = [];
  if (summary.epochs !== undefined) parts.push(`${grouped.format(summary.epochs)} epochs`);
  parts.push(`${grouped.format(summary.totalUpdates)} steps`);
  parts.push(summary.warmupUpdates > 0 ? `warmup ${describeLength(summary.warmupUpdates, schedule.stepsPerEpoch)}` : 'no warmup');
  parts.push(`${formatNumber(summary.peakLr)} → ${formatNumber(summary.finalLr)}`);
  return parts.join(' · ');
}
