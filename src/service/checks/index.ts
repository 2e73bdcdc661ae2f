import type { Diagnostic, ReadSchedule } from '../../dialects/types';
import type { CheckInput } from './context';
import { addDialectFixes } from './dialectFixes';
import { checkMilestones } from './milestones';
import { checkCosinePeriod } from './period';
import { checkUnitMixup } from './unitMixup';
import { checkMinAboveBase, checkValues } from './values';
import { checkWarmupLength, checkWarmupStart } from './warmup';

const CHECKS: ((input: CheckInput) => Diagnostic[])[] = [checkWarmupLength, checkWarmupStart, checkValues, checkMinAboveBase, checkMilestones, checkCosinePeriod];

/**
 * Schedule-level checks that hold for every dialect, computed from the read schedule and its settings' ranges.
 * `diagnostics` are the dialects' own: a check stays quiet (or only adds its fix) where a dialect already spoke.
 */
export function scheduleChecks(schedules: ReadSchedule[], text: string, diagnostics: Diagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const read of schedules) {
    addDialectFixes(read, text, diagnostics);
    // A value in the wrong unit also looks too long, too short or past the end: the mix-up, with its conversion,
    // is the one diagnostic that value gets from these checks.
    const mixups = checkUnitMixup({ read, text, diagnostics: [...diagnostics, ...out] });
    out.push(...mixups);
    const mixedUp = (d: Diagnostic) => mixups.some(m => m.range.start === d.range.start && m.range.end === d.range.end);
    for (const check of CHECKS) out.push(...check({ read, text, diagnostics: [...diagnostics, ...out] }).filter(d => !mixedUp(d)));
  }
  return out;
}
