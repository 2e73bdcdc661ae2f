import { invalidPeriod } from '../core/periods';
import type { Diagnostic, ReadSchedule } from '../dialects/types';

/**
 * A run must be a whole number of updates below 2^53 for its schedule to mean anything: the sampler, hover and
 * plot count updates t = 0 … N − 1. `run-length-invalid`: N is below 1, fractional or NaN (DeepSpeed `total_num_steps:
 * 2e-4`, Lightning `max_epochs: 0.0005`). `run-too-long`: N is infinite or past 2^53 (`epochs: 1e308`, 10^15 epochs of 1,252 updates), where t and
 * t + 1 are the same float64. Such a schedule is dropped, and the diagnostic says why.
 */
export function runLengthProblem(read: ReadSchedule): Diagnostic | undefined {
  const n = read.schedule.totalUpdates;
  if (Number.isInteger(n) && n >= 1 && n <= Number.MAX_SAFE_INTEGER) return undefined;
  if (n > Number.MAX_SAFE_INTEGER) {
    return { range: read.range, severity: 'error', code: 'run-too-long',
      message: `The run is ${n} updates long: LR Lens counts updates exactly only up to 2^53 (about 9.0e15). Check the epochs, steps and batch settings.` };
  }
  return { range: read.range, severity: 'error', code: 'run-length-invalid',
    message: `The run is ${n} updates long: a run is a whole number of optimizer updates. Check the settings that give its length (steps, epochs, dataset and batch size).` };
}

/**
 * `schedule-invalid`: a period the engine divides the run by is not a positive number (HF `num_cycles: -5` gives a
 * restart period of −300 updates). The engine's curves assume positive periods; the walk over restarts or steps
 * would never end. Until a reader reports such a value itself, the schedule is dropped with this diagnostic.
 */
export function curveProblem(read: ReadSchedule): Diagnostic | undefined {
  const bad = invalidPeriod(read.schedule.curve);
  if (!bad) return undefined;
  return { range: read.range, severity: 'error', code: 'schedule-invalid',
    message: `The schedule's ${bad.what} is ${bad.value} updates: it must be a positive number. Check the setting that gives it (a cycle count, period or step size).` };
}
