import type { Diagnostic, Fix, SettingRef } from '../../dialects/types';
import type { SourceRange } from '../../formats/tree';
import type { Curve } from '../../core/curve';
import { sortedMilestonesOf } from '../../core/evaluate';
import { type CheckInput, dialectReported, numberText } from './context';
import { listed } from '../../formats/quote';

/** Milestone lists of every dialect, by their last path segment. */
const MILESTONES = /^(milestones|decay_milestones|STEPS|boundaries)$/;
const NUMBER = /-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi;

export interface Token { value: number; range: SourceRange; text: string }
/**
 * What may surround the numbers of a value once they are taken out: one pair of brackets or parentheses at the
 * ends, YAML's block dashes, or the quotes of one scalar, with commas and blanks (not \s, which takes a stray
 * BOM the parser did not).
 */
const LIST_PUNCTUATION = /^[ \t\r\n]*(?:\[[ \t\r\n,]*\]|\([ \t\r\n,]*\)|"[ \t]*"|'[ \t]*'|[ \t\r\n,-]*)[ \t\r\n]*$/;

/**
 * Milestones (in the unit the scheduler counts): `milestones-unsorted`, `milestones-duplicated`, `milestone-at-zero`,
 * `milestone-beyond-end`. Fixes rewrite only the numbers inside the list, so its brackets, commas and line breaks stay.
 */
export function checkMilestones(input: CheckInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const setting of input.read.settings.filter(s => MILESTONES.test(s.path.split('.').pop() ?? ''))) {
    const tokens = numbersIn(input.text, setting.range);
    if (!tokens) continue;
    const values = tokens.map(t => t.value);
    const sorted = [...values].sort((a, b) => a - b);
    const unique = sorted.filter((v, i) => i === 0 || v !== sorted[i - 1]);
    if (values.some((v, i) => i > 0 && v < values[i - 1])
        && !dialectReported(input, ['milestones-unsorted', 'milestones-order', 'steps-order'])) {
      // PyTorch's MultiStepLR keeps a Counter of milestones, so the order is harmless there; bisecting readers are not
      const counted = input.read.dialect === 'pytorch';
      out.push({ range: setting.range, severity: counted ? 'information' : 'warning', code: 'milestones-unsorted',
        message: counted
          ? `The milestones ${listText(values)} are not in increasing order: PyTorch's MultiStepLR counts them as a set, so the curve is the same, but other schedulers (SequentialLR, timm, PaddleClas) expect them sorted. Sort them.`
          : `The milestones ${listText(values)} are not in increasing order: schedulers that bisect the list decay at the wrong times. Sort them.`,
        fixes: [rewrite(input.text, setting, tokens, sorted, `Sort the milestones: ${listText(sorted)}`)] });
    }
    if (unique.length < values.length) {
      out.push({ range: setting.range, severity: 'warning', code: 'milestones-duplicated',
        message: `A milestone is listed twice in ${listText(values)}: PyTorch's MultiStepLR multiplies by gamma once per copy, other schedulers decay only once. Remove the duplicate.`,
        fixes: [rewrite(input.text, setting, tokens, unique, `Remove the duplicate: ${listText(unique)}`)] });
    }
    if (values.some(v => v <= 0)) {
      const kept = sorted.filter(v => v > 0);
      out.push({ range: setting.range, severity: 'warning', code: 'milestone-at-zero',
        message: 'A milestone at 0 (or below) decays the LR before the first update: training never runs at the base LR. Remove it.',
        fixes: [rewrite(input.text, setting, tokens, kept, `Remove the milestone at 0: ${listText(kept)}`)] });
    }
    const late = isSequentialBoundaries(input, setting) ? undefined : beyondEnd(input, values);
    const beyond = late?.beyond;
    if (late && beyond && beyond.length > 0) {
      const kept = values.filter(v => !beyond.includes(v));
      const fix = rewrite(input.text, setting, tokens, kept, `Drop the milestones past the end: ${listText(kept)}`);
      // detectron2 (`d2-steps-dropped`) already says so: its diagnostic gets the fix instead of a twin
      const reported = dialectReported(input, ['steps-dropped', 'milestone-at-max-iter']);
      if (reported) {
        if (!reported.fixes?.length) reported.fixes = [fix];
      } else {
        out.push({ range: setting.range, severity: 'warning', code: 'milestone-beyond-end', message: late.message, fixes: [fix] });
      }
    }
  }
  return out;
}

/**
 * The written milestones that the schedule reaches only at or after its last update. The written values are in
 * the scheduler's unit (epochs, iterations before REFERENCE_WORLD_SIZE scaling, a SequentialLR child's own
 * counter), so they are matched by rank to the schedule's only multistep curve, whose milestones are resolved to
 * updates here; undefined when that match is not certain (no or several multistep curves, more milestones than written),
 * or when a warm-up as long as the run is the reason.
 */
function beyondEnd(input: CheckInput, values: number[]): { beyond: number[]; message: string } | undefined {
  // A fractional milestone never equals PyTorch's or MMEngine's integer epoch counter, so it never fires at all:
  // matching by rank would pair it with a milestone the curve does not have.
  if (!values.every(v => Number.isSafeInteger(v) && v > 0)) return undefined;
  const found: number[][] = [];
  collectMilestones(input.read.schedule.curve, 1, 0, found);
  if (found.length !== 1 || found[0].length > values.length) return undefined;
  const updates = found[0];
  const { totalUpdates, warmupUpdates } = input.read.schedule;
  const sorted = [...values].sort((a, b) => a - b);
  // a reader that drops milestones past the end (detectron2's build_lr_scheduler) drops the largest ones
  const beyond = sorted.filter((_, i) => i >= updates.length || updates[i] >= totalUpdates);
  if (beyond.length === 0) return { beyond, message: '' };
  // The message compares in the milestones' own unit (epochs for a per-epoch list, iterations for detectron2's
  // STEPS), never a written epoch with an update count.
  const end = endInWrittenUnit(input, sorted, updates);
  const past = beyond.filter(v => v >= end.value);
  const at = (value: number) => end.unit === 'epoch' ? `epoch ${numberText(value)}` : `update ${numberText(value)}`;
  if (past.length > 0) {
    return { beyond, message: `The milestones ${listText(past)} fall at or after the end of training (the run ends at ${at(end.value)}): that decay never happens. Move them inside the run or remove them.` };
  }
  // Written inside the run, yet the scheduler reaches them only at its end: a warm-up as long as the run
  // (detectron2's fvcore lays the steps out after it) has its own warm-up-too-long diagnostic, which says it all.
  if (warmupUpdates >= totalUpdates) return undefined;
  return { beyond, message: `The milestones ${listText(beyond)} lie inside the run (it ends at ${at(end.value)}), but the scheduler reaches them only at or after its last update: that decay never happens.` };
}

/**
 * The run's end in the unit the milestones are written in. A written milestone maps to updates by 1 (a per-update
 * list) or by the updates per epoch (a per-epoch list, or PaddleClas's epochs × step_each_epoch); the matched
 * milestones pick the nearer of the two (detectron2's fvcore and a warm-up move a step by a few updates, so the
 * ratio is not always exact).
 */
function endInWrittenUnit(input: CheckInput, sorted: number[], updates: number[]): { value: number; unit: 'epoch' | 'update' } {
  const { totalUpdates, stepsPerEpoch, changes } = input.read.schedule;
  const perEpoch = stepsPerEpoch !== undefined && stepsPerEpoch > 1 ? stepsPerEpoch : undefined;
  const ratios = updates.map((u, i) => u / sorted[i]).filter(r => Number.isFinite(r) && r > 0);
  let epochs: boolean;
  if (perEpoch === undefined) epochs = changes === 'epoch' && stepsPerEpoch === 1;
  else if (ratios.length === 0) epochs = changes === 'epoch';
  else {
    const logMean = ratios.reduce((sum, r) => sum + Math.log(r), 0) / ratios.length;
    epochs = Math.abs(logMean - Math.log(perEpoch)) < Math.abs(logMean);
  }
  return epochs ? { value: totalUpdates / (perEpoch ?? 1), unit: 'epoch' } : { value: totalUpdates, unit: 'update' };
}

/** SequentialLR's `milestones` (next to its `schedulers`) are phase boundaries, not decays of a multistep curve. */
function isSequentialBoundaries(input: CheckInput, setting: SettingRef): boolean {
  const parent = setting.path.slice(0, setting.path.lastIndexOf('.') + 1);
  return input.read.settings.some(s => s.path.startsWith(`${parent}schedulers[`));
}

/** Every multistep curve's milestones in updates: a counter s of the curve is update s × scale + offset. */
export function collectMilestones(curve: Curve, scale: number, offset: number, found: number[][]): void {
  switch (curve.kind) {
    case 'multistep': found.push(Array.from(sortedMilestonesOf(curve), m => m * scale + offset)); return;
    case 'perEpoch': collectMilestones(curve.curve, scale * curve.stepsPerEpoch, offset, found); return;
    case 'shift': collectMilestones(curve.curve, scale, offset - curve.shift * scale, found); return;
    case 'clamp': collectMilestones(curve.curve, scale, offset, found); return;
    case 'product': for (const f of curve.factors) collectMilestones(f, scale, offset, found); return;
    case 'sequence':
      for (const phase of curve.phases) collectMilestones(phase.curve, scale, phase.counter === 'local' ? offset + phase.start * scale : offset, found);
      return;
    default: return;
  }
}

/**
 * The numbers of a flow or block list or of one scalar; undefined when the value holds a comment or anything
 * but numbers and LIST_PUNCTUATION (`${trainer.max_epochs}`, `[0, 10x25]`), which a fix could mangle.
 */
export function numbersIn(text: string, range: SourceRange): Token[] | undefined {
  const source = text.slice(range.start, range.end);
  if (source.includes('#') || source.includes('//')) return undefined;
  const tokens: Token[] = [];
  for (const m of source.matchAll(NUMBER)) {
    const value = Number(m[0]);
    // `1e400` would be written back as Infinity, which no framework reads as a number.
    if (!Number.isFinite(value)) return undefined;
    tokens.push({ value, text: m[0], range: { start: range.start + m.index!, end: range.start + m.index! + m[0].length } });
  }
  // `[0, 10x25]` is not a list of numbers: rewriting the 10 and the 25 in it would make things worse
  if (!LIST_PUNCTUATION.test(source.replace(NUMBER, ''))) return undefined;
  return tokens.length > 0 ? tokens : undefined;
}

/** Writes `values` over the first tokens and removes the separators of the tokens left over. */
export function rewrite(text: string, setting: SettingRef, tokens: Token[], values: number[], title: string): Fix {
  const source = text.slice(setting.range.start, setting.range.end);
  let result = '';
  let cursor = setting.range.start;
  // each value keeps the spelling it was written in (`1.0e-7` stays a float to PyYAML, `30.0` a float to yacs)
  const spelling = new Map(tokens.map(t => [t.value, t.text]));
  tokens.forEach((token, i) => {
    const gap = text.slice(cursor, token.range.start);
    if (i < values.length) result += gap + (spelling.get(values[i]) ?? numberText(values[i]));
    else if (i === values.length && i === 0) result += gap; // everything dropped: keep the opening bracket
    cursor = token.range.end;
  });
  result += text.slice(cursor, setting.range.end);
  if (values.length === 0 && /^\s*\[/.test(source)) result = '[]';
  // yacs needs a one-step tuple spelled `(4000,)`: `(4000)` is an int to literal_eval.
  if (/^\s*\(/.test(source)) {
    if (values.length === 0) result = '()';
    else if (values.length === 1 && !/,\s*\)\s*$/.test(result)) result = `(${spelling.get(values[0]) ?? numberText(values[0])},)`;
  }
  return { title, edits: [{ range: setting.range, newText: result }], preferred: true };
}

/** Long lists are elided: a message quoting 10^5 milestones would be longer than the file's line. */
export function listText(values: number[]): string {
  return `[${listed(values.map(numberText))}]`;
}
