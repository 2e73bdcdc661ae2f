import { formatGrouped, formatNumber, scaleLr } from '../core/scaling';
import { lrAt } from '../core/sample';
import type { Analysis } from './analyze';
import { batchWhatIf } from './batchWhatIf';
import { inEpochsOnly } from './describe';
import { settingDoc } from './settingDocs';

export interface InlayHint {
  /** the hint is shown after this offset (the end of the value) */
  offset: number;
  label: string;
}

/**
 * Milestone LRs written out in one hint, then `…`: 36,000 milestones made a 108 KB hint (issue 11). The whole
 * label is held to MAX_HINT_LABEL characters as well, whatever a number's format.
 */
export const MAX_HINT_LRS = 6;
export const MAX_HINT_LABEL = 100;

/**
 * Hints after values: the effective LR after scaling next to the reference LR, the LR after each milestone
 * next to the milestones, and the update count next to a length in epochs.
 */
export function inlayHints(analysis: Analysis, text: string): InlayHint[] {
  const hints: InlayHint[] = [];
  for (const read of analysis.schedules) {
    const { schedule } = read;
    const plan = batchWhatIf(read, text);
    const milestones = schedule.markers.filter(m => m.kind === 'milestone' && m.update < schedule.totalUpdates);
    for (const setting of read.settings) {
      const last = setting.path.split('.').pop() ?? '';
      const raw = text.slice(setting.range.start, setting.range.end).trim();
      if (plan && setting.path === 'lr.reference') {
        hints.push({ offset: setting.range.end, label: `→ ${formatNumber(scaleLr(plan.referenceLr, plan.fileBatch, plan.referenceBatch, plan.rule).lr)}` });
      } else if (/milestones$|^STEPS$|decay_milestones$/.test(last) && milestones.length) {
        const lrs = milestones.slice(0, MAX_HINT_LRS).map(m => formatNumber(lrAt(schedule, m.update)));
        if (milestones.length > MAX_HINT_LRS) lrs.push('…');
        hints.push({ offset: setting.range.end, label: `→ ${lrs.join(', ')}` });
      // no `= N updates` when no one says the updates per epoch: stepsPerEpoch then counts nominal slices
      } else if (schedule.stepsPerEpoch && !inEpochsOnly(schedule) && /^epochs?\b/.test(settingDoc(read.dialect, setting.path)?.unit ?? '')) {
        const epochs = Number(raw);
        if (raw !== '' && Number.isFinite(epochs) && epochs > 0) {
          hints.push({ offset: setting.range.end, label: `= ${formatGrouped(Math.round(epochs * schedule.stepsPerEpoch))} updates` });
        }
      }
    }
  }
  return hints.map(h => ({ ...h, label: capped(h.label) })).sort((a, b) => a.offset - b.offset);
}

/** A label of at most MAX_HINT_LABEL characters (a run length of 1e300 updates is a 400-digit number). */
function capped(label: string): string {
  return label.length <= MAX_HINT_LABEL ? label : `${label.slice(0, MAX_HINT_LABEL - 1)}…`;
}
