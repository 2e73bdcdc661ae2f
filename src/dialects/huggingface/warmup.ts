import type { SourceRange } from '../../formats/tree';
import type { Fields } from '../fields';
import { HOW_TO_SET_TRANSFORMERS, noPin, type TransformersVersion, versionSource } from './versions';

/**
 * num_warmup_steps (`TrainingArguments.get_warmup_steps`). transformers 4: `warmup_steps` if > 0, else
 * ceil(warmup_ratio × N) (warmup_ratio must lie in [0, 1]). transformers 5: `warmup_steps` ≥ 1 is
 * int(warmup_steps), a float in [0, 1) is the ratio ceil(N × value); `warmup_ratio` is gone from 5.2 on
 * (HfArgumentParser rejects the key, or drops it with allow_extra_keys). See versions.ts for which one is read.
 */
export function warmupSteps(fields: Fields, v: TransformersVersion, totalUpdates: number, text: string): number | undefined {
  const steps = fields.number('warmup_steps', { min: 0 });
  if (steps === undefined && fields.has('warmup_steps')) return undefined;
  const stepsEntry = fields.entry('warmup_steps');
  const ratioEntry = fields.entry('warmup_ratio');
  if (v.version === '5') {
    if (ratioEntry && ratioEntry.value.kind !== 'null') {
      // only with transformers 5 pinned or set: unpinned, `warmup_ratio` makes the file a transformers 4 one
      fields.number('warmup_ratio');
      const ratio = ratioEntry.value.kind === 'number' ? ratioEntry.value.value : undefined;
      // a duplicated key would leave its twin in force after the rename
      // and a ratio that takes the whole run (one update of one) would warm up through all of it
      const canRename = !fields.duplicated('warmup_ratio') && !stepsEntry && ratio !== undefined && ratio >= 0 && ratio < 1 && Math.ceil(ratio * totalUpdates) < totalUpdates;
      fields.report(ratioEntry.keyRange, 'warmup-ratio-removed',
        '`warmup_ratio` was removed in transformers 5 (5.0–5.1 still read it as `warmup_steps`, with a deprecation warning): HfArgumentParser stops with "Some keys are not used by the HfArgumentParser: [\'warmup_ratio\']", ' +
        `and a script that allows extra keys drops it silently, so there is no warm-up (the curve shows that; LR Lens reads ${versionSource(v)}). ` +
        (canRename ? 'In v5 a float `warmup_steps` below 1 is the ratio: rename the key.'
          : ratio === 1 ? 'In v5 `warmup_steps: 1.0` means one step; to warm up over the whole run write the number of updates.'
          : 'Express the warm-up as `warmup_steps` (a float below 1 is a ratio of the training updates).'),
        'error', canRename ? [{ title: 'Rename to `warmup_steps` (v5 ratio)', edits: [{ range: ratioEntry.keyRange, newText: quoteLike(text, ratioEntry.keyRange, 'warmup_steps') }], preferred: true }] : undefined);
    }
    const value = steps ?? 0;
    if (v.how === 'implied' && stepsEntry) impliedFive(fields, v, value, stepsEntry.keyRange, text);
    if (value === 1 && stepsEntry?.value.text?.includes('.')) {
      fields.report(stepsEntry.value.range, 'warmup-steps-one', '`warmup_steps: 1.0` is one warm-up step in transformers 5, not the whole run (only floats below 1 are ratios).', 'information');
    }
    return value >= 1 ? Math.trunc(value) : Math.ceil(totalUpdates * value);
  }
  const ratio = fields.number('warmup_ratio') ?? 0;
  if (ratio < 0 || ratio > 1) {
    fields.report(fields.range('warmup_ratio')!, 'warmup-ratio-range', `\`warmup_ratio\` must lie in [0, 1] (TrainingArguments raises ValueError), not ${ratio}.`);
    return undefined;
  }
  const value = steps ?? 0;
  if (v.how === 'implied' && ratioEntry) impliedFour(fields, v, ratioEntry.value.kind === 'number' ? ratio : undefined, value, ratioEntry.keyRange, text);
  if (!Number.isInteger(value)) {
    fields.report(stepsEntry!.value.range, 'warmup-steps-not-integer',
      `transformers 4 declares \`warmup_steps\` as an int: from the command line ${value} is rejected, and from a file the scheduler gets ${value} warm-up steps` +
      (value < 1 ? ' (practically none). A ratio is `warmup_ratio` in v4, or a float `warmup_steps` in v5.' : '.'), 'warning',
      value < 1 && !ratioEntry ? [{ title: 'Rename to `warmup_ratio` (v4 ratio)', edits: [{ range: stepsEntry!.keyRange, newText: quoteLike(text, stepsEntry!.keyRange, 'warmup_ratio') }], preferred: true }] : undefined);
  }
  if (value > 0 && ratio > 0) {
    fields.report(fields.range('warmup_ratio')!, 'warmup-steps-overrides-ratio',
      `Both are set: in transformers 4 \`warmup_steps: ${value}\` wins and \`warmup_ratio: ${ratio}\` has no effect.`, 'warning');
  }
  return value > 0 ? value : Math.ceil(totalUpdates * ratio);
}

/** Unpinned, `warmup_ratio` made the file a transformers 4 one: what 4 does with it, and what 5 would. */
function impliedFour(fields: Fields, v: TransformersVersion, ratio: number | undefined, steps: number, keyRange: SourceRange, text: string): void {
  const four = steps > 0
    ? `\`warmup_steps: ${steps}\` wins over it (the warm-up is ${steps} updates)`
    : ratio === undefined ? 'the warm-up is ceil(warmup_ratio × N) of the run\'s N updates'
    : `the warm-up is ceil(${ratio} × N) of the run's N updates (${+(ratio * 100).toFixed(4)}%)`;
  const canRename = steps === 0 && ratio !== undefined && ratio < 1 && !fields.duplicated('warmup_ratio');
  fields.report(keyRange, 'warmup-ratio-v4',
    `${noPin(v)}, and \`warmup_ratio\` is a transformers 4 key, so LR Lens reads the file as transformers 4: ${four}. ` +
    'In transformers 5.2 and later HfArgumentParser stops with "Some keys are not used by the HfArgumentParser: [\'warmup_ratio\']" (a script that allows extra keys drops it: no warm-up); ' +
    `5.0–5.1 still copy it into \`warmup_steps\`${steps > 0 ? ', so the ratio wins there' : ''}, with a deprecation warning. To say which: ${HOW_TO_SET_TRANSFORMERS}` +
    (canRename ? `; in transformers 5 write \`warmup_steps: ${ratio}\`.` : '.'),
    'warning', canRename ? [{ title: 'Rename to `warmup_steps` (for transformers 5)', edits: [{ range: keyRange, newText: quoteLike(text, keyRange, 'warmup_steps') }] }] : undefined);
}

/** Unpinned, a float `warmup_steps` below 1 made the file a transformers 5 one: what 5 does with it, and what 4 would. */
function impliedFive(fields: Fields, v: TransformersVersion, value: number, keyRange: SourceRange, text: string): void {
  fields.report(keyRange, 'warmup-steps-ratio-v5',
    `${noPin(v)}, and a float \`warmup_steps\` below 1 is a ratio only in transformers 5, so LR Lens reads the file as transformers 5: the warm-up is ceil(${value} × N) of the run's N updates (${+(value * 100).toFixed(4)}%). ` +
    `transformers 4 declares \`warmup_steps\` an int: its command line rejects ${value}, and from a file the scheduler gets ${value} warm-up steps, practically none. ` +
    `To say which: ${HOW_TO_SET_TRANSFORMERS}; in transformers 4 write \`warmup_ratio: ${value}\`.`,
    'warning', fields.duplicated('warmup_steps') ? undefined
      : [{ title: 'Rename to `warmup_ratio` (for transformers 4)', edits: [{ range: keyRange, newText: quoteLike(text, keyRange, 'warmup_ratio') }] }]);
}

/** A replacement key spelled like the original: keeps the quotes when the key range includes them (JSON). */
function quoteLike(text: string, range: SourceRange, key: string): string {
  const original = text.slice(range.start, range.end);
  const quote = /^["']/.exec(original)?.[0];
  return quote ? `${quote}${key}${quote}` : key;
}
