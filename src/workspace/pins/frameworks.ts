import type { AnalysisContext, VersionedFramework } from '../../dialects/types';
import { formatVersion, isEmptySet, lowestBound, overlaps, type Version, type VersionSet } from './specifiers';

/**
 * Which LR Lens version a set of allowed versions means, for each framework whose behaviour LR Lens tells apart.
 * A pin decides only when every version it allows behaves the same; otherwise it decides nothing and says why.
 */

export type Decision<F extends VersionedFramework> =
  | { version: NonNullable<AnalysisContext['versions'][F]> }
  /** why the pin decides nothing, completing "<pin> in <file> …" */
  | { undecided: string };

/** The package names (PEP 503-normalized) of the frameworks: looked up in a Map, never in an object. */
export const FRAMEWORK_PACKAGES: ReadonlyMap<string, VersionedFramework> = new Map([
  ['transformers', 'transformers'], ['ultralytics', 'ultralytics'], ['deepspeed', 'deepspeed'],
]);

/**
 * transformers: 4 is every release before 5.0.0 (the v4 `warmup_ratio` / int `warmup_steps` rules), 5 the
 * releases that read a float `warmup_steps` and reject `warmup_ratio` (5.2 on). 5.0–5.1 are between: they read
 * the float `warmup_steps` but still take `warmup_ratio`, deprecated, copying it into `warmup_steps`
 * (`TrainingArguments.__post_init__`, PR #41326: "warmup_ratio is deprecated and will be removed in v5.2"), so a
 * pin to them alone decides nothing and the file's keys do.
 */
function transformers(set: VersionSet): Decision<'transformers'> {
  const four = overlaps(set, undefined, [5]);
  const five = overlaps(set, [5], undefined);
  if (four && !five) return { version: '4' };
  if (five && !four && !overlaps(set, [5, 2], undefined)) {
    return { undecided: 'is transformers 5.0–5.1, which reads a float `warmup_steps` as a ratio and still takes `warmup_ratio` (deprecated, copied into `warmup_steps`)' };
  }
  if (five && !four) return { version: '5' };
  return { undecided: 'allows transformers 4 and 5' };
}

/**
 * Ultralytics: '8.3' is the trainer of 8.2.0 (after PR #9468 moved `scheduler.step()` to the epoch start, April
 * 2024) up to 8.3.x: at least 100 warm-up iterations, no MuSGD. 'main' is 8.4.103 and later (PR #25321 counts
 * `warmup_epochs` as epochs and drops the 100-iteration floor). 8.4.0–8.4.102 has MuSGD but the old warm-up, and
 * 8.0–8.1 steps its scheduler at the end of each epoch: neither generation, so such a pin decides nothing.
 */
function ultralytics(set: VersionSet): Decision<'ultralytics'> {
  const old = overlaps(set, undefined, [8, 2]);
  const v83 = overlaps(set, [8, 2], [8, 4]);
  const between = overlaps(set, [8, 4], [8, 4, 103]);
  const main = overlaps(set, [8, 4, 103], undefined);
  if (v83 && !old && !between && !main) return { version: '8.3' };
  if (main && !old && !between && !v83) return { version: 'main' };
  if (between && !v83 && !main && !old) return { undecided: 'is 8.4.0–8.4.102: MuSGD with the 8.3 warm-up, which LR Lens does not model' };
  return { undecided: 'allows more than one Ultralytics trainer (8.3: warm-up of at least 100 iterations; 8.4.103 and later: warm-up counted in epochs)' };
}

/**
 * DeepSpeed releases whose LR behaviour changed (see DeepSpeedRelease in dialects/deepspeed/schedules.ts, which
 * the tests check these against). A pin decides when no change falls inside the versions it allows.
 */
export const DEEPSPEED_CHANGES: readonly Version[] = [[0, 15, 3], [0, 17, 2], [0, 19, 3], [0, 19, 4]];

function deepspeed(set: VersionSet): Decision<'deepspeed'> {
  const splitting = DEEPSPEED_CHANGES.find(change => overlaps(set, undefined, change) && overlaps(set, change, undefined));
  if (splitting) return { undecided: `allows DeepSpeed releases before and after ${formatVersion(splitting)}, whose LR schedules differ` };
  // every allowed release behaves alike: the lowest one stands for them (0 when unbounded below, all before 0.15.3)
  const low = lowestBound(set) ?? [0];
  return { version: formatVersion(low.length >= 2 ? low : [...low, 0]) };
}

export function decide(framework: VersionedFramework, set: VersionSet | undefined): Decision<VersionedFramework> {
  if (set === undefined) return { undecided: 'has no version LR Lens can read' };
  if (isEmptySet(set)) return { undecided: 'allows no version at all' };
  if (set.some(i => !i.lo && !i.hi)) return { undecided: 'names no version' };
  switch (framework) {
    case 'transformers': return transformers(set);
    case 'ultralytics': return ultralytics(set);
    case 'deepspeed': return deepspeed(set);
  }
}
