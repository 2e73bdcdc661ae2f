import type { Diagnostic, ReadSchedule } from '../../dialects/types';
import type { CheckInput } from './context';
import { DiagnosticIndex } from './context';
import { addDialectFixes, dialectFixTargets } from './dialectFixes';
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
  // Indexed once for the whole file (the dialects' diagnostics, then each check's as it is made): a file of N
  // schedulers has about N diagnostics, and each schedule's checks look only at those inside it.
  const index = new DiagnosticIndex(diagnostics);
  const fixable = dialectFixTargets(diagnostics);
  const emit = (found: Diagnostic[]) => { for (const d of found) { out.push(d); index.add(d); } };
  for (const read of schedules) {
    addDialectFixes(read, text, fixable);
    // A value in the wrong unit also looks too long, too short or past the end: the mix-up, with its conversion,
    // is the one diagnostic that value gets from these checks.
    const mixups = checkUnitMixup({ read, text, diagnostics: index });
    emit(mixups);
    const mixedUp = (d: Diagnostic) => mixups.some(m => m.range.start === d.range.start && m.range.end === d.range.end);
    for (const check of CHECKS) emit(check({ read, text, diagnostics: index }).filter(d => !mixedUp(d)));
  }
  return out;
}
