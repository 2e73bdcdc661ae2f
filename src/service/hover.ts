import { formatGrouped, formatNumber, scaleLr } from '../core/scaling';
import { lrAt } from '../core/sample';
import type { Schedule } from '../core/schedule';
import type { ReadSchedule, SettingRef } from '../dialects/types';
import type { SourceRange } from '../formats/tree';
import type { Analysis } from './analyze';
import { batchWhatIf } from './batchWhatIf';
import { settingDoc } from './settingDocs';
import { sparklineDataUri } from './sparkline';

export interface Hover {
  /** Markdown; every piece of user text in it is escaped, so it renders as text, never as markup or links */
  markdown: string;
  range: SourceRange;
}


/**
 * Backslash-escapes every Markdown punctuation character and `<`/`&`, so keys and names show as written; line
 * breaks become spaces, since a name's own line could otherwise open a heading, list or code block.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>&~:"']/g, ch => `\\${ch}`).replace(/\r\n?|\n/g, ' ');
}

/** The setting of the innermost `key: value` span around `offset`, with its schedule. */
export function settingAt(analysis: Analysis, offset: number): { read: ReadSchedule; setting: SettingRef } | undefined {
  let best: { read: ReadSchedule; setting: SettingRef } | undefined;
  for (const read of analysis.schedules) {
    for (const setting of read.settings) {
      const { start, end } = setting.keyRange;
      if (offset < start || offset > end) continue;
      if (!best || end - start < best.setting.keyRange.end - best.setting.keyRange.start) best = { read, setting };
    }
  }
  return best;
}

/** `update 6,260 (epoch 5)`: where a point of the curve is, in updates and, when known, epochs. */
function where(schedule: Schedule, update: number): string {
  const epoch = schedule.stepsPerEpoch ? update / schedule.stepsPerEpoch : undefined;
  return epoch === undefined ? `update ${formatGrouped(update)}` : `update ${formatGrouped(update)} (epoch ${formatGrouped(epoch)})`;
}

/** The updates a setting is about, to mark on the sparkline: its warmup end, its milestones, else the peak. */
function markedUpdates(schedule: Schedule, path: string): number[] {
  const lower = path.toLowerCase();
  const kinds = lower.includes('warmup') ? ['warmupEnd']
    : /milestone|steps$|step_size|stepsize|decay_epochs|gamma|decay_rate/.test(lower) ? ['milestone']
      : /restart|period|t_0|cycle/.test(lower) ? ['restart'] : [];
  const picked = schedule.markers.filter(m => kinds.includes(m.kind)).map(m => m.update);
  return picked.length ? picked : [0, schedule.totalUpdates - 1];
}

/** The hover of the schedule setting at `offset`: meaning, unit, the LR values it leads to, assumptions, a sparkline. */
export function hoverAt(analysis: Analysis, text: string, offset: number): Hover | undefined {
  const found = settingAt(analysis, offset);
  if (!found) return undefined;
  const { read, setting } = found;
  const { schedule } = read;
  const lines: string[] = [];
  const doc = settingDoc(read.dialect, setting.path);
  lines.push(`**${escapeMarkdown(setting.path)}** · ${escapeMarkdown(read.dialect)}${schedule.name ? ` · ${escapeMarkdown(schedule.name)}` : ''}`);
  if (doc) lines.push('', `${doc.meaning}${doc.unit ? ` Unit: ${doc.unit}.` : ''}`);

  const n = schedule.totalUpdates;
  if (n > 0) {
    const values: string[] = [];
    const warmupEnd = schedule.markers.find(m => m.kind === 'warmupEnd');
    if (warmupEnd && warmupEnd.update < n) values.push(`- warmup end, ${where(schedule, warmupEnd.update)}: **${formatNumber(lrAt(schedule, warmupEnd.update))}**`);
    for (const m of schedule.markers) {
      if (m.kind === 'warmupEnd' || m.update >= n) continue;
      values.push(`- ${escapeMarkdown(m.label)} at ${where(schedule, m.update)}: **${formatNumber(lrAt(schedule, m.update))}**`);
    }
    values.push(`- end, ${where(schedule, n - 1)}: **${formatNumber(lrAt(schedule, n - 1))}**`);
    lines.push('', 'LR values:', '', ...values);
  }

  // The effective LR after scaling, with the arithmetic (LR Lens files whose `lr` follows a rule).
  const plan = batchWhatIf(read, text);
  if (plan) {
    lines.push('', `Effective LR (${plan.rule} scaling): ${scaleLr(plan.referenceLr, plan.fileBatch, plan.referenceBatch, plan.rule).arithmetic}`);
  }

  if (schedule.assumptions.length) {
    lines.push('', 'Assumptions:', '');
    for (const a of schedule.assumptions) {
      lines.push(`- ${escapeMarkdown(a.fact)} = ${escapeMarkdown(String(a.value))} (${a.source}): ${escapeMarkdown(a.howToSet)}`);
    }
  }

  const image = n > 0 ? sparklineDataUri(schedule, markedUpdates(schedule, setting.path)) : '';
  if (image) lines.push('', `![LR curve](${image})`);
  return { markdown: lines.join('\n'), range: setting.keyRange };
}
