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

/**
 * Schedulers composed into one schedule: a SequentialLR's or ChainedScheduler's children, an MMEngine
 * `param_scheduler` list. Real configs compose two to five (a warmup and a decay); a crafted one composes 20,000
 * aliases of one scheduler in 64 KB, which cost about 10 µs each to read and check (200 ms on the 2-core CI
 * machine, issue 11). Reading only the first ones would draw a curve the framework does not follow, so a longer
 * list is not read at all, and one diagnostic says so. At this bound a list costs about 10 ms.
 */
export const MAX_COMPOSED_SCHEDULERS = 1000;

export function tooManySchedulers(range: SourceRange, count: number, what: string): Diagnostic {
  return { range, severity: 'warning', code: 'too-many-schedulers',
    message: `${what} holds ${count.toLocaleString('en-US')} schedulers; LR Lens reads at most ${MAX_COMPOSED_SCHEDULERS.toLocaleString('en-US')} in one schedule (real configs compose a few), so it is not drawn.` };
}
