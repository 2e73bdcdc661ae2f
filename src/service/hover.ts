import { formatGrouped, formatNumber, scaleLr } from '../core/scaling';
import { lrAt } from '../core/sample';
import { MARKER_LIMIT } from '../core/build';
import type { Assumption, Schedule } from '../core/schedule';
import type { ReadSchedule, SettingRef } from '../dialects/types';
import { quoted } from '../formats/quote';
import type { SourceRange } from '../formats/tree';
import type { Analysis } from './analyze';
import { batchWhatIf } from './batchWhatIf';
import { english, epochAt, inEpochsOnly, type Localize } from './describe';
import { settingDoc } from './settingDocs';
import { sparklineDataUri } from './sparkline';

export interface Hover {
  /** Markdown; every piece of user text in it is escaped, so it renders as text, never as markup or links */
  markdown: string;
  range: SourceRange;
}

/**
 * Markers listed by name in a hover, after the warmup end and before the end: a schedule of tiny cosine restarts
 * or 36,000 milestones has 10,000 of them (1 MB of hover, issue 11), and no one reads past the first few.
 */
export const MAX_LISTED_MARKERS = 20;
/** The whole hover, in UTF-8 bytes, whatever the config (a huge name, key or label included). */
export const MAX_HOVER_BYTES = 16 * 1024;
/** Every message the hover localises, for translation bundles and their test. */
export const HOVER_MESSAGES = ['… {0} more', '… at least {0} more', 'hover shortened'] as const;

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

/**
 * `update 6,260 (epoch 5)`: where a point of the curve is, in updates and, when known, epochs. With updates per
 * epoch unknown the counter is a nominal slice of an epoch, so the point is `epoch 3.5` alone.
 */
function where(schedule: Schedule, update: number): string {
  const epoch = epochAt(schedule, update);
  if (inEpochsOnly(schedule) && epoch !== undefined) return `epoch ${formatGrouped(epoch)}`;
  return epoch === undefined ? `update ${formatGrouped(update)}` : `update ${formatGrouped(update)} (epoch ${formatGrouped(epoch)})`;
}

/**
 * One assumption as the hover lists it: a fact no one states is `unknown` (with what the values are in
 * instead), an inferred one says where it came from, the others say their source.
 */
export function assumptionLine(a: Assumption): string {
  const howToSet = escapeMarkdown(a.howToSet);
  if (a.source === 'unknown') {
    const instead = a.fact === 'steps_per_epoch' ? ', so values are by epoch' : '';
    return `- ${escapeMarkdown(a.fact)}: **unknown**${instead}: ${howToSet}`;
  }
  const source = a.source === 'inferred' && a.origin ? `inferred from ${escapeMarkdown(quoted(a.origin))}` : a.source;
  return `- ${escapeMarkdown(a.fact)} = ${escapeMarkdown(quoted(String(a.value)))} (${source}): ${howToSet}`;
}

/** The updates a setting is about, to mark on the sparkline: its warmup end, its milestones, else the peak. */
function markedUpdates(schedule: Schedule, path: string): number[] {
  const lower = path.toLowerCase();
  const kinds = lower.includes('warmup') ? ['warmupEnd']
    : /milestone|steps$|step_size|stepsize|decay_epochs|gamma|decay_rate/.test(lower) ? ['milestone']
      : /restart|period|t_0|cycle/.test(lower) ? ['restart'] : [];
  // the same first ones the hover lists: 10,000 red dots would only make the image 1 MB
  const picked = schedule.markers.filter(m => kinds.includes(m.kind)).slice(0, MAX_LISTED_MARKERS).map(m => m.update);
  return picked.length ? picked : [0, schedule.totalUpdates - 1];
}

/**
 * The hover of the schedule setting at `offset`: meaning, unit, the LR values it leads to, assumptions, a sparkline.
 * `t` translates the hover's own words about its length (the editor passes `vscode.l10n.t`).
 */
export function hoverAt(analysis: Analysis, text: string, offset: number, t: Localize = english): Hover | undefined {
  const found = settingAt(analysis, offset);
  if (!found) return inheritedHover(analysis, offset, t);
  const { read, setting } = found;
  const { schedule } = read;
  const lines: string[] = [];
  const doc = settingDoc(read.dialect, setting.path);
  lines.push(`**${escapeMarkdown(quoted(setting.path))}** · ${escapeMarkdown(read.dialect)}${schedule.name ? ` · ${escapeMarkdown(quoted(schedule.name))}` : ''}`);
  if (doc) lines.push('', `${doc.meaning}${doc.unit ? ` Unit: ${doc.unit}.` : ''}`);

  const n = schedule.totalUpdates;
  if (n > 0) {
    const values: string[] = [];
    const warmupEnd = schedule.markers.find(m => m.kind === 'warmupEnd');
    if (warmupEnd && warmupEnd.update < n) values.push(`- warmup end, ${where(schedule, warmupEnd.update)}: **${formatNumber(lrAt(schedule, warmupEnd.update))}**`);
    const listed = schedule.markers.filter(m => m.kind !== 'warmupEnd' && m.update < n);
    for (const m of listed.slice(0, MAX_LISTED_MARKERS)) {
      values.push(`- ${escapeMarkdown(quoted(m.label))} at ${where(schedule, m.update)}: **${formatNumber(lrAt(schedule, m.update))}**`);
    }
    if (listed.length > MAX_LISTED_MARKERS) {
      const more = formatGrouped(listed.length - MAX_LISTED_MARKERS);
      // the schedule keeps its first MARKER_LIMIT markers only: past it, the count is a lower bound
      values.push(`- ${listed.length >= MARKER_LIMIT ? t('… at least {0} more', more) : t('… {0} more', more)}`);
    }
    values.push(`- end, ${where(schedule, n - 1)}: **${formatNumber(lrAt(schedule, n - 1))}**`);
    lines.push('', inEpochsOnly(schedule) ? 'LR values (by epoch: updates per epoch unknown):' : 'LR values:', '', ...values);
  }

  // The effective LR after scaling, with the arithmetic (LR Lens files whose `lr` follows a rule).
  const plan = batchWhatIf(read, text);
  if (plan) {
    lines.push('', `Effective LR (${plan.rule} scaling): ${scaleLr(plan.referenceLr, plan.fileBatch, plan.referenceBatch, plan.rule).arithmetic}`);
  }

  if (schedule.assumptions.length) {
    lines.push('', 'Assumptions:', '');
    for (const a of schedule.assumptions) lines.push(assumptionLine(a));
  }

  const image = n > 0 ? sparklineDataUri(schedule, markedUpdates(schedule, setting.path)) : '';
  if (image) lines.push('', `![LR curve](${image})`);
  return { markdown: bounded(lines, MAX_HOVER_BYTES, t), range: setting.keyRange };
}

/**
 * The lines joined, at most `maxBytes` of UTF-8: the first line that does not fit ends the hover. A text line is
 * cut (never inside an escape or a character) and marked; the image is dropped whole, since a cut data URI
 * shows as text.
 */
function bounded(lines: string[], maxBytes: number, t: Localize): string {
  const mark = `… _(${t('hover shortened')})_`;
  const budget = maxBytes - Buffer.byteLength(`\n${mark}`, 'utf8');
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const size = Buffer.byteLength(lines[i], 'utf8') + (i > 0 ? 1 : 0);
    if (used + size <= budget) { used += size; continue; }
    const kept = lines.slice(0, i);
    if (!lines[i].startsWith('![')) kept.push(cutLine(lines[i], budget - used - (i > 0 ? 1 : 0)) + mark);
    else kept.push(mark);
    return kept.join('\n');
  }
  return lines.join('\n');
}

/** The longest start of an escaped Markdown line within `maxBytes`, not ending inside a `\x` escape or a surrogate pair. */
function cutLine(line: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const ch of line) {
    bytes += Buffer.byteLength(ch, 'utf8');
    if (bytes > maxBytes) break;
    end += ch.length;
  }
  // an odd run of backslashes at the end would escape the mark's first character
  let slashes = 0;
  while (slashes < end && line[end - 1 - slashes] === '\\') slashes++;
  return line.slice(0, slashes % 2 === 1 ? end - 1 : end);
}

/** Settings listed in the hover of a `_BASE_` / `_base_` entry, at most. */
const MAX_INHERITED_LISTED = 30;

/**
 * The hover of the entry naming a base file (`_BASE_`, `_base_`): the schedule settings the base files set, each
 * with its value and the file and line that set it (issue 12 §4).
 */
function inheritedHover(analysis: Analysis, offset: number, t: Localize): Hover | undefined {
  const settings: SettingRef[] = [];
  for (const read of analysis.schedules) {
    for (const s of read.inherited ?? []) if (offset >= s.keyRange.start && offset <= s.keyRange.end && s.origin) settings.push(s);
  }
  if (settings.length === 0) return undefined;
  const lines = ['**Set by base files**', ''];
  for (const s of settings.slice(0, MAX_INHERITED_LISTED)) {
    const { path, start, text } = s.origin!;
    lines.push(`- ${escapeMarkdown(quoted(s.path))}${text ? ` = ${escapeMarkdown(text)}` : ''} · ${escapeMarkdown(quoted(path.slice(path.lastIndexOf('/') + 1)))} line ${start.line + 1}`);
  }
  if (settings.length > MAX_INHERITED_LISTED) lines.push(`- ${t('… {0} more', formatGrouped(settings.length - MAX_INHERITED_LISTED))}`);
  return { markdown: bounded(lines, MAX_HOVER_BYTES, t), range: settings[0].keyRange };
}
