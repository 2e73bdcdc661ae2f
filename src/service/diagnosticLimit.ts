import type { Diagnostic, Severity } from '../dialects/types';
import { formatGrouped } from '../core/scaling';

/**
 * Diagnostics kept per file. A crafted file can make one problem per list item (36,000 milestones) or the same
 * problem once per alias of one bad node; the Problems panel, the CLI and the editor's squiggles gain nothing
 * past the first fifty, and each one costs a message string and an editor decoration (and `lr-lens check` or `eval`
 * a line of up to a few hundred bytes on stderr: fifty keep a hostile file's whole CLI output well under 64 KB).
 */
export const MAX_DIAGNOSTICS = 50;

const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/**
 * The diagnostics to publish: identical ones (same range, code and message) once, and at most `max` of them plus
 * one `too-many-diagnostics` saying how many more there are. Errors are kept before warnings, warnings before
 * the rest, so a capped file still shows why it fails; the ones kept stay in their order, and are the very
 * objects the checks made, so the quick fixes attached to them (matched by code and range) still apply.
 */
export function limitDiagnostics(diagnostics: Diagnostic[], max = MAX_DIAGNOSTICS): Diagnostic[] {
  const unique = new Map<string, Diagnostic>();
  for (const d of diagnostics) {
    const key = `${d.range.start}:${d.range.end}:${d.code}:${d.message}`;
    const seen = unique.get(key);
    if (!seen) { unique.set(key, d); continue; }
    // one problem told twice at different severities is shown at the higher one, with whichever fixes it had
    const [kept, other] = RANK[d.severity] < RANK[seen.severity] ? [d, seen] : [seen, d];
    if (kept.fixes === undefined && other.fixes !== undefined) kept.fixes = other.fixes;
    if (kept !== seen) unique.set(key, kept);
  }
  const distinct = [...unique.values()];
  if (distinct.length === diagnostics.length && distinct.length <= max) return diagnostics;
  if (distinct.length <= max) return distinct;
  const order = distinct.map((d, i) => i).sort((a, b) => RANK[distinct[a].severity] - RANK[distinct[b].severity] || a - b);
  const keep = new Set(order.slice(0, max));
  const shown = distinct.filter((d, i) => keep.has(i));
  const hidden = distinct.filter((d, i) => !keep.has(i));
  const errors = hidden.filter(d => d.severity === 'error').length;
  shown.push({
    range: { start: 0, end: 0 },
    // as severe as the most severe problem it stands for, so a file whose errors were cut still fails
    severity: hidden.reduce<Severity>((worst, d) => (RANK[d.severity] < RANK[worst] ? d.severity : worst), 'information'),
    code: 'too-many-diagnostics',
    message: `${formatGrouped(hidden.length)} more problems not shown${errors ? ` (${formatGrouped(errors)} of them errors)` : ''}: LR Lens shows at most ${formatGrouped(max)} per file, errors first.`,
  });
  return shown;
}
