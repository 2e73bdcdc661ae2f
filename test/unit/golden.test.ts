import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { curveAt } from '../../src/core/evaluate';
import type { AnalysisContext, InputFacts } from '../../src/dialects/types';
import { analyze } from '../../src/service/analyze';
import { FACT_NAMES } from '../../src/service/directives';
import { assertLrClose } from './helpers';

/**
 * The external oracle: every case of test/fixtures/golden (copied from shared/golden) pairs a real config file
 * with the LR sequence the framework's own code produced. The dialect must be detected with no hint, N must be
 * computed from the file and the input keys alone, and every lr[t] must match.
 */
interface GoldenCase {
  id: string;
  framework: string;
  reference: string;
  file: { name: string; language: 'json' | 'yaml'; text: string };
  context: Record<string, unknown>;
  total_updates: number;
  lr: number[];
}

const GOLDEN = path.resolve(__dirname, '../../../test/fixtures/golden');

export function goldenCases(): GoldenCase[] {
  return fs.readdirSync(GOLDEN, { recursive: true })
    .map(String)
    .filter(f => f.endsWith('.json'))
    .sort()
    .map(f => JSON.parse(fs.readFileSync(path.join(GOLDEN, f), 'utf8')) as GoldenCase);
}

/** Only the README's input keys; derived answers (resolved_lr, num_training_steps, ...) are never passed. */
export function inputFacts(context: Record<string, unknown>): InputFacts {
  const facts: Record<string, unknown> = {};
  for (const key of FACT_NAMES) if (context[key] !== null && context[key] !== undefined) facts[key] = context[key];
  // DeepSpeed configs do not say how many updates the user's loop runs; the golden README puts that fact in
  // `context` under this name. A user states it as max_steps (a setting, a directive or --max-steps).
  if (facts.max_steps === undefined && typeof context.total_updates_run_by_training_loop === 'number') {
    facts.max_steps = context.total_updates_run_by_training_loop;
  }
  return facts as InputFacts;
}

/** The framework version whose behaviour the case recorded, as a user would pick it in the settings. */
export function versionsOf(reference: string): AnalysisContext['versions'] {
  if (/^transformers 4\./.test(reference)) return { transformers: '4' };
  if (/^ultralytics 8\.3/.test(reference)) return { ultralytics: '8.3' };
  const deepspeed = /^DeepSpeed (\d+\.\d+\.\d+)/.exec(reference);
  if (deepspeed) return { deepspeed: deepspeed[1] };
  return {};
}

describe('golden LR sequences produced by the frameworks', () => {
  for (const c of goldenCases()) {
    it(`${c.framework}/${c.id}`, () => {
      const analysis = analyze(c.file.text, c.file.name, c.file.language, {
        overrides: inputFacts(c.context), overrideSource: 'context', versions: versionsOf(c.reference),
      });
      const errors = analysis.diagnostics.filter(d => d.severity === 'error');
      assert.deepEqual(analysis.dialects, [c.framework], `detected ${JSON.stringify(analysis.dialects)}; errors: ${JSON.stringify(errors.map(e => e.message))}`);
      assert.equal(analysis.schedules.length, 1, `schedules; errors: ${JSON.stringify(errors.map(e => e.message))}`);
      const { schedule } = analysis.schedules[0];
      assert.equal(schedule.totalUpdates, c.total_updates, 'N (total updates)');
      for (let t = 0; t < c.lr.length; t++) assertLrClose(curveAt(schedule.curve, t), c.lr[t], `lr[${t}]`);
    });
  }
});
