import { DEFAULT_REFERENCE_BATCH, formatNumber, scaleLr, type ScalingRule } from '../core/scaling';
import type { ReadSchedule, TextEdit } from '../dialects/types';

/**
 * The batch-size what-if of a schedule whose LR follows a scaling rule (an LR Lens file with `lr.reference`):
 * the batch the file gives, the rule, and the edits that would train with another global batch. Other
 * dialects state their LR as a number, so there is no rule to follow and no what-if.
 */
export interface BatchWhatIfPlan {
  fileBatch: number;
  rule: ScalingRule;
  referenceLr: number;
  referenceBatch: number;
  /** the scaled peak LR for a global batch */
  lrFor(batch: number): number;
  /**
   * The edits that make the file train with `batch`: the per-device batch (the devices and accumulation
   * stay) or the global batch, and an explicit `lr.value` rescaled. Undefined when `batch` is not a whole
   * multiple of devices × accumulation.
   */
  editsFor(batch: number): TextEdit[] | undefined;
}

export function batchWhatIf(read: ReadSchedule, text: string): BatchWhatIfPlan | undefined {
  if (read.dialect !== 'lr-lens') return undefined;
  const setting = (path: string) => read.settings.find(s => s.path === path);
  const numberAt = (path: string) => {
    const s = setting(path);
    const value = s ? Number(text.slice(s.range.start, s.range.end).trim()) : NaN;
    return Number.isFinite(value) ? value : undefined;
  };
  const referenceLr = numberAt('lr.reference');
  if (referenceLr === undefined) return undefined;
  // What the file leaves out, the reader took from the settings (lrLens.scalingRule, lrLens.referenceBatchSize),
  // a directive or a flag, and recorded as an assumption: the what-if follows the same rule the curve does.
  const assumed = (fact: string) => read.schedule.assumptions.find(a => a.fact === fact)?.value;
  const scalingRef = setting('lr.scaling');
  const ruleText = scalingRef ? text.slice(scalingRef.range.start, scalingRef.range.end).trim().replace(/^['"]|['"]$/g, '') : assumed('scaling_rule') ?? 'linear';
  if (ruleText !== 'linear' && ruleText !== 'sqrt') return undefined;
  const rule: ScalingRule = ruleText;
  const assumedBatch = assumed('reference_batch');
  const referenceBatch = numberAt('lr.referenceBatch') ?? (typeof assumedBatch === 'number' ? assumedBatch : DEFAULT_REFERENCE_BATCH);

  const perDevice = numberAt('batch.perDevice');
  const group = (numberAt('batch.devices') ?? 1) * (numberAt('batch.accumulation') ?? 1);
  const globalBatch = perDevice !== undefined ? perDevice * group : numberAt('batch');
  if (globalBatch === undefined) return undefined;
  const batchRef = setting(perDevice !== undefined ? 'batch.perDevice' : 'batch')!;
  const valueRef = setting('lr.value');
  const lrFor = (batch: number) => scaleLr(referenceLr, batch, referenceBatch, rule).lr;

  return {
    fileBatch: globalBatch, rule, referenceLr, referenceBatch, lrFor,
    editsFor(batch) {
      if (!Number.isInteger(batch) || batch <= 0) return undefined;
      const newBatchText = perDevice !== undefined ? batch / group : batch;
      if (!Number.isInteger(newBatchText)) return undefined;
      const edits: TextEdit[] = [{ range: batchRef.range, newText: String(newBatchText) }];
      if (valueRef) edits.push({ range: valueRef.range, newText: formatNumber(lrFor(batch)) });
      return edits;
    },
  };
}

/** `text` with non-overlapping edits applied (from the end, so earlier offsets stay valid). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  return [...edits].sort((a, b) => b.range.start - a.range.start)
    .reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text);
}
