import type { ReadSchedule, SettingRef } from '../dialects/types';
import type { SourceRange } from '../formats/tree';

/** A part of the chart a user can click: a breakpoint kind, or the whole curve. */
export type ChartPart = 'series' | 'warmupEnd' | 'milestone' | 'restart' | 'phaseEnd';

// The settings that make each breakpoint, by the last part of their path, in the words of every dialect:
// ours (`warmup.epochs`, `decay.milestones`), PyTorch (`milestones`, `step_size`, `T_0`, `pct_start`),
// timm (`warmup_epochs`, `decay_milestones`, `decay_epochs`, `cycle_limit`), Hugging Face (`warmup_steps`,
// `warmup_ratio`), detectron2 (`WARMUP_ITERS`, `STEPS`), MMEngine (`end`), Ultralytics (`warmup_epochs`),
// PaddleClas (`warmup_epoch`, `values`). The first setting that matches, in this order of preference, wins.
const PATTERNS: Record<Exclude<ChartPart, 'series'>, RegExp[]> = {
  warmupEnd: [/^warmup(_|\.)?(epochs?|steps|updates|iters|fraction|ratio|num_steps)$/i, /warmup.*(epoch|step|iter|ratio|fraction)/i, /warmup/i],
  milestone: [/(^|\.)(decay_)?milestones$/i, /(^|\.)steps$/i, /(^|\.)(step_?size|decay_epochs|decay_t|boundaries)$/i, /(^|\.)gamma$/i, /decay/i],
  restart: [/(^|\.)(t_0|period|first_cycle_steps|cycle_limit|num_cycles)$/i, /(t_mult|period_?mult|cycle)/i, /decay/i],
  phaseEnd: [/(^|\.)(pct_start|pctStart|total_steps|cycle_first_step_size|step_size_up)$/i, /(three_?phase|div_factor|max_lr)/i],
};

/**
 * The config text that made a part of the chart: the setting of a milestone, the warmup's length, …, or the
 * whole schedule when no setting names it. `ordinal` picks the n-th item when the setting is a list whose
 * items were recorded (`decay.milestones.1`).
 */
export function sourceOfChartPart(read: ReadSchedule, part: ChartPart, ordinal = 0): SourceRange {
  if (part === 'series') return read.range;
  const last = (s: SettingRef) => s.path.split('.').filter(p => !/^\d+$/.test(p)).join('.');
  for (const pattern of PATTERNS[part]) {
    const found = read.settings.find(s => pattern.test(last(s)) && !/^\d+$/.test(s.path.split('.').pop() ?? ''));
    if (found) {
      const item = read.settings.find(s => s.path === `${found.path}.${ordinal}` || s.path === `${found.path}[${ordinal}]`);
      return (item ?? found).keyRange;
    }
  }
  return read.range;
}
