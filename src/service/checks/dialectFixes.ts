import type { Diagnostic, Fix, ReadSchedule } from '../../dialects/types';
import { RangeList } from './context';
import { insertEntryBefore, removeEntry } from './edits';
import { inEpochsOnly } from '../describe';

/**
 * Quick fixes for dialect diagnostics that need the read schedule's settings (their key ranges) rather than
 * the reader's local state: added here so each reader keeps only its framework's rules.
 */
export function addDialectFixes(read: ReadSchedule, text: string, targets: RangeList<Diagnostic>): void {
  for (const diagnostic of targets.inside(read.range)) {
    // fixes: [] is a reader's "no fix here" (it knows what the settings do not); an earlier schedule may have fixed it
    if (diagnostic.fixes !== undefined) continue;
    const fix = FIXES[diagnostic.code]?.(read, text);
    if (fix) diagnostic.fixes = [fix];
  }
}

/**
 * The diagnostics `addDialectFixes` may give a fix, by where they are, found once per file: each schedule then
 * looks only at those inside it, instead of every schedule at every diagnostic.
 */
export function dialectFixTargets(diagnostics: readonly Diagnostic[]): RangeList<Diagnostic> {
  const targets = new RangeList<Diagnostic>();
  for (const d of diagnostics) if (d.fixes === undefined && Object.hasOwn(FIXES, d.code)) targets.add(d.range, d);
  return targets;
}

const FIXES: Record<string, (read: ReadSchedule, text: string) => Fix | undefined> = {
  // transformers 4 uses warmup_steps when both are set; transformers 5 has no warmup_ratio at all
  'hf-warmup-steps-overrides-ratio': (read, text) => dropSetting(read, text, 'warmup_ratio', 'Remove `warmup_ratio` (`warmup_steps` wins)'),
  'hf-warmup-ratio-removed': (read, text) => dropSetting(read, text, 'warmup_ratio', 'Remove `warmup_ratio` (transformers 5 does not read it)'),
  // DeepSpeed's WarmupLR family warms up logarithmically unless told otherwise (DeepSpeed#1298)
  'ds-log-warmup': (read, text) => {
    const params = read.settings.filter(s => s.path.startsWith('scheduler.params.'));
    if (params.length === 0) return undefined;
    const first = params.reduce((a, b) => (a.keyRange.start <= b.keyRange.start ? a : b));
    const quote = text[first.keyRange.start] === '"' ? '"' : '';
    return { title: 'Warm up linearly: `"warmup_type": "linear"`',
      edits: [insertEntryBefore(text, first.keyRange, `${quote}warmup_type${quote}: ${quote || '"'}linear${quote || '"'}`)], preferred: true };
  },
  // OneCycleLR raises once stepped more than total_steps times: size it to the steps this run makes
  'pt-onecycle-overstep': (read, text) => {
    const setting = read.settings.find(s => s.path.endsWith('total_steps') && !s.path.includes('schedulers['));
    if (!setting) return undefined;
    const { totalUpdates, stepsPerEpoch, changes } = read.schedule;
    // stepped per update with the updates per epoch unknown: the run's step count is not known, so no number to write
    if (inEpochsOnly(read.schedule) && changes !== 'epoch') return undefined;
    const steps = changes === 'epoch' && stepsPerEpoch ? Math.ceil(totalUpdates / stepsPerEpoch) : totalUpdates;
    if (String(steps) === text.slice(setting.range.start, setting.range.end)) return undefined;
    return { title: `Set total_steps to the ${steps} steps of the run`, edits: [{ range: setting.range, newText: String(steps) }], preferred: true };
  },
};

function dropSetting(read: ReadSchedule, text: string, key: string, title: string): Fix | undefined {
  const setting = read.settings.find(s => s.path === key);
  // with the key written twice, removing the one in force would put its twin in force
  const edit = setting && !setting.duplicated && removeEntry(text, setting.keyRange);
  return edit ? { title, edits: [edit], preferred: true } : undefined;
}
