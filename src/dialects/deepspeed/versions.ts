import type { Assumption } from '../../core/schedule';
import type { AnalysisContext } from '../types';

export const HOW_TO_SET_DEEPSPEED = 'pin deepspeed in requirements.txt or pyproject.toml, set `lrLens.versions.deepspeed` (a release such as 0.16.5), or --framework-version deepspeed=X.Y.Z';

/**
 * The DeepSpeed release a config is read as, as the schedule's assumption (issue 12 §3): a pin found in the
 * workspace or the user's setting; undefined when neither says anything (the newest release is read, and each
 * behaviour that changed between releases is noted where it applies: see deepspeed/schedules.ts).
 */
export function deepSpeedAssumption(context: AnalysisContext): Assumption | undefined {
  const release = context.versions.deepspeed;
  const origin = context.versionOrigins?.deepspeed;
  if (release) return { fact: 'deepspeed', value: release, howToSet: HOW_TO_SET_DEEPSPEED, ...(origin ? { source: 'inferred', origin } : { source: 'setting' }) };
  // a pin that decides nothing: the newest is read, and the hover says which pin allowed more than one behaviour
  if (origin) return { fact: 'deepspeed', value: 'newest', source: 'default', origin, howToSet: HOW_TO_SET_DEEPSPEED };
  return undefined;
}
