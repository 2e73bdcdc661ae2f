import type { Assumption } from '../../core/schedule';
import type { Fields } from '../fields';
import type { AnalysisContext } from '../types';

/**
 * Which transformers the file is read as. The warm-up is the one schedule rule that differs between the two
 * generations (dialects.md §3.1, transformers PR #41326, released in 5.0):
 * - transformers 4: `warmup_steps` is an int, `warmup_ratio` a float in [0, 1]; W = warmup_steps if > 0, else
 *   ceil(warmup_ratio × N) (`TrainingArguments.get_warmup_steps`, v4.57.6).
 * - transformers 5: `warmup_steps` is a float, a value below 1 being a ratio: W = ceil(N × value), else
 *   int(value). `warmup_ratio` was deprecated in 5.0 ("will be removed in v5.2"; 5.0–5.1 copy it into
 *   `warmup_steps`) and is gone from 5.2 on: HfArgumentParser stops with "Some keys are not used by the
 *   HfArgumentParser: ['warmup_ratio']" (golden hf-linear-warmup-ratio-glue-mrpc, checked with 5.18.0).
 *
 * A version pinned in the workspace or set by the user rules. Without one, the file's own keys say which
 * transformers it was written for (`warmup_ratio` → 4, a float `warmup_steps` below 1 → 5), and the warm-up
 * reader warns, naming what the other version does. A file with neither reads the same in both: the newest.
 */
export interface TransformersVersion {
  version: '4' | '5';
  how: 'pinned' | 'set' | 'implied' | 'newest';
  /** pinned: the pin ("transformers==4.46.1 in requirements.txt"); implied: the key that implies it */
  origin?: string;
  /** a pin that decides nothing, e.g. "transformers>=4.40 in requirements.txt allows transformers 4 and 5" */
  undecidedPin?: string;
  /** implied: why the key implies the version */
  implies?: string;
}

export const HOW_TO_SET_TRANSFORMERS = 'pin transformers in requirements.txt or pyproject.toml, set `lrLens.versions.transformers`, or --framework-version transformers=4|5';

export function transformersVersion(fields: Fields, context: AnalysisContext): TransformersVersion {
  const set = context.versions.transformers;
  const origin = context.versionOrigins?.transformers;
  if (set) return origin ? { version: set, how: 'pinned', origin } : { version: set, how: 'set' };
  const undecidedPin = origin;
  const ratio = fields.entry('warmup_ratio');
  if (ratio && ratio.value.kind !== 'null') return { version: '4', how: 'implied', origin: '`warmup_ratio`', undecidedPin, implies: 'a transformers 4 key' };
  const steps = fields.entry('warmup_steps')?.value;
  if (steps?.kind === 'number' && steps.value > 0 && steps.value < 1) return { version: '5', how: 'implied', origin: `\`warmup_steps: ${steps.text ?? steps.value}\``, undecidedPin, implies: 'a ratio in transformers 5 only' };
  return { version: '5', how: 'newest', undecidedPin };
}

/**
 * The version as the schedule's assumption, when the curve depends on it (`warmup_ratio`, a fractional
 * `warmup_steps`) or the user pinned or set it (so they see it honoured).
 */
export function versionAssumption(v: TransformersVersion, fields: Fields): Assumption | undefined {
  // an int warmup_steps reads the same in both; a fractional one does not (4: that many steps, 5: int() or a ratio)
  const steps = fields.entry('warmup_steps')?.value;
  const dependsOnIt = fields.has('warmup_ratio') || (steps?.kind === 'number' && !Number.isInteger(steps.value));
  if (v.how === 'newest' && !dependsOnIt) return undefined;
  const base = { fact: 'transformers', value: v.version, howToSet: HOW_TO_SET_TRANSFORMERS };
  switch (v.how) {
    case 'pinned': return { ...base, source: 'inferred', origin: v.origin };
    case 'set': return { ...base, source: 'setting' };
    case 'implied': return { ...base, source: 'inferred', origin: `${v.origin}, ${v.implies} (${v.undecidedPin ?? 'no version pinned'})` };
    case 'newest': return { ...base, source: 'default', ...(v.undecidedPin && { origin: v.undecidedPin }) };
  }
}

/** How the message names where the version came from, e.g. "transformers 5 (pinned: transformers==5.3.0 in requirements.txt)". */
export function versionSource(v: TransformersVersion): string {
  switch (v.how) {
    case 'pinned': return `transformers ${v.version} (pinned: ${v.origin})`;
    case 'set': return `transformers ${v.version} (set in \`lrLens.versions.transformers\` or --framework-version)`;
    case 'implied': return `transformers ${v.version} (implied by ${v.origin})`;
    case 'newest': return `transformers ${v.version} (the newest; no version pinned)`;
  }
}

/** "No transformers version is pinned" or what the undecided pin allows. */
export function noPin(v: TransformersVersion): string {
  return v.undecidedPin ? `The pin ${v.undecidedPin}` : 'No transformers version is pinned';
}
