import type { SourceRange } from '../formats/tree';
import type { Diagnostic } from './types';

/**
 * Schedules read per file. A real config holds a handful; a crafted one can hold tens of thousands in 256 KB
 * (4,000 YAML aliases of one scheduler fit in 12 KB), and each one read is a curve checked, summarised and drawn.
 * Past this many the rest of the file is not read, and one diagnostic says so.
 */
export const MAX_SCHEDULES = 1000;

export function tooManySchedules(range: SourceRange): Diagnostic {
  return { range, severity: 'warning', code: 'too-many-schedules',
    message: `LR Lens reads at most ${MAX_SCHEDULES.toLocaleString('en-US')} schedules per file: the schedules from here on are not read.` };
}
