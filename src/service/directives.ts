import { quoted } from '../formats/quote';
import type { Comment } from '../formats/tree';
import type { Diagnostic, FactName, InputFacts } from '../dialects/types';

/** The context facts users may set, with how each is parsed. */
export const FACT_NAMES: readonly FactName[] = [
  'steps_per_epoch', 'dataset_size', 'world_size', 'scheduler_interval', 'epochs', 'max_steps', 'max_iters', 'batch_size', 'nc',
  'reference_batch', 'scaling_rule',
];

/**
 * Reads `lr-lens: key=value ...` directives from comments (`# lr-lens: steps_per_epoch=1252 world_size=8` in
 * YAML, `// lr-lens: ...` in JSONC and TS). Unknown keys and bad values are reported, not guessed.
 */
export function readDirectives(comments: Comment[]): { facts: InputFacts; diagnostics: Diagnostic[] } {
  const facts: InputFacts = {};
  const diagnostics: Diagnostic[] = [];
  for (const comment of comments) {
    const m = /^\s*lr-lens:\s*(.*)$/.exec(comment.text);
    if (!m) continue;
    for (const pair of m[1].trim().split(/\s+/).filter(Boolean)) {
      const [key, raw] = pair.split('=', 2);
      const error = setFact(facts, key, raw);
      if (error) diagnostics.push({ range: comment.range, severity: 'warning', code: 'directive-invalid', message: `LR Lens directive \`${quoted(pair)}\`: ${error}` });
    }
  }
  return { facts, diagnostics };
}

/** Sets one fact from its text form; returns what is wrong, if anything. */
export function setFact(facts: InputFacts, key: string, raw: string | number | undefined): string | undefined {
  if (!(FACT_NAMES as readonly string[]).includes(key)) return `unknown setting \`${quoted(key)}\` (known: ${FACT_NAMES.join(', ')}).`;
  if (raw === undefined || raw === '') return 'needs a value, e.g. `steps_per_epoch=1252`.';
  if (key === 'scheduler_interval') {
    if (raw !== 'step' && raw !== 'epoch') return '`scheduler_interval` is `step` or `epoch`.';
    facts.scheduler_interval = raw;
    return undefined;
  }
  if (key === 'scaling_rule') {
    if (raw !== 'linear' && raw !== 'sqrt' && raw !== 'none') return '`scaling_rule` is `linear`, `sqrt` or `none`.';
    facts.scaling_rule = raw;
    return undefined;
  }
  const value = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isFinite(value) || value < 0 || !Number.isInteger(value)) return `\`${key}\` needs a whole number ≥ 0, not \`${quoted(String(raw))}\`.`;
  // the scaling rule divides by it
  if (key === 'reference_batch' && value === 0) return '`reference_batch` needs a whole number ≥ 1, e.g. `reference_batch=256`.';
  (facts as Record<string, number>)[key] = value;
  return undefined;
}
