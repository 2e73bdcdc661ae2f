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

/**
 * Issue 12 §1: the same golden files with no one saying how many updates an epoch has (no steps_per_epoch, no
 * dataset_size). A schedule stepped per epoch must be the golden sequence at every epoch start, exactly; one stepped
 * per update must follow the golden shape at every fraction of the run within the discretisation (one update of
 * the real run, one nominal slice); one whose file counts updates in absolute numbers is drawn at the nominal
 * epoch length, which its assumption says and which must be literally true. A schedule that never needed the
 * epoch's length (max_steps, max_iters), or whose training set the file names (an inferred dataset size), is the
 * golden sequence itself.
 */
describe('golden files without updates per epoch: drawn in epochs (issue 12 §1)', () => {
  const unknownFacts = (context: Record<string, unknown>): InputFacts => {
    const facts = inputFacts(context);
    delete facts.steps_per_epoch;
    delete facts.dataset_size;
    return facts;
  };
  const cases = goldenCases().filter(c => typeof c.context.steps_per_epoch === 'number' || (c.framework === 'ultralytics' && typeof c.context.dataset_size === 'number'));

  it('covers per-epoch and per-update cases of every framework that counts epochs', () => {
    assert.deepEqual([...new Set(cases.map(c => c.framework))].sort(), ['huggingface', 'mmengine', 'pytorch', 'timm', 'ultralytics']);
  });

  for (const c of cases) {
    it(`${c.framework}/${c.id}`, () => {
      const facts = unknownFacts(c.context);
      const analysis = analyze(c.file.text, c.file.name, c.file.language, { overrides: facts, overrideSource: 'context', versions: versionsOf(c.reference) });
      const errors = analysis.diagnostics.filter(d => d.severity === 'error');
      assert.deepEqual(errors.map(e => e.code), [], 'no error');
      assert.ok(!analysis.diagnostics.some(d => /steps-per-epoch|dataset-size/.test(d.code)), 'no diagnostic for the missing fact');
      assert.deepEqual(analysis.dialects, [c.framework]);
      assert.equal(analysis.schedules.length, 1);
      const { schedule } = analysis.schedules[0];
      if (!schedule.updatesPerEpochUnknown) {
        // the run never needed the epoch's length, or the file names its training set
        assert.ok(!schedule.assumptions.some(a => a.fact === 'steps_per_epoch' && a.value === 'unknown'));
        assert.equal(schedule.totalUpdates, c.total_updates, 'N');
        for (let t = 0; t < c.lr.length; t++) assertLrClose(curveAt(schedule.curve, t), c.lr[t], `lr[${t}]`);
        return;
      }
      const unknown = schedule.assumptions.filter(a => a.fact === 'steps_per_epoch');
      assert.deepEqual(unknown.map(a => [a.value, a.source]), [['unknown', 'unknown']], 'the unknown fact is an assumption');
      const r = schedule.stepsPerEpoch!;
      assert.ok(Number.isInteger(r) && r >= 1, `slices per epoch ${r}`);
      if (c.framework === 'ultralytics') return ultralyticsEpochs(c, schedule.curve, r, schedule.totalUpdates);
      const s = c.context.steps_per_epoch as number;
      const epochs = c.total_updates / s;
      assert.ok(Math.abs(schedule.totalUpdates / r - epochs) <= 1 / r + 1 / s, `${schedule.totalUpdates / r} epochs drawn, ${epochs} run`);
      if (schedule.changes === 'epoch') {
        assert.equal(r, 1, 'a per-epoch schedule counts epochs');
        assert.equal(schedule.totalUpdates, epochs);
        for (let e = 0; e < epochs; e++) assertLrClose(curveAt(schedule.curve, e), c.lr[e * s], `epoch ${e}`);
        return;
      }
      assert.ok(schedule.totalUpdates >= 1000 || r === 1, `${schedule.totalUpdates} slices`);
      if (/cannot be placed/.test(unknown[0].howToSet)) {
        // an absolute count of updates: drawn as if an epoch had r updates, which must be exactly what it says
        assert.match(unknown[0].howToSet, new RegExp(`as if an epoch had ${r} (updates|iterations)`));
        const stated = analyze(c.file.text, c.file.name, c.file.language, { overrides: { ...facts, steps_per_epoch: r }, overrideSource: 'context', versions: versionsOf(c.reference) });
        const at = stated.schedules[0].schedule;
        assert.equal(at.totalUpdates, schedule.totalUpdates);
        for (let t = 0; t < schedule.totalUpdates; t += 7) assertLrClose(curveAt(schedule.curve, t), curveAt(at.curve, t), `slice ${t}`);
        return;
      }
      // The shape: at epoch x = j / r the drawn LR lies within the golden LRs of the updates around x × s, the
      // window one nominal slice and two real updates wide on each side (the warm-up and decay lengths round to
      // whole updates at each epoch length)
      const peak = Math.max(...c.lr);
      for (let j = 0; j < schedule.totalUpdates; j++) {
        const x = j / r;
        const from = Math.max(0, Math.floor((x - 1 / r) * s) - 2);
        const to = Math.min(c.lr.length - 1, Math.ceil((x + 1 / r) * s) + 2);
        if (from > to) continue;
        let lo = Infinity;
        let hi = -Infinity;
        // and one real update's change beyond them (the run's last update is its own end: the decay's floor differs)
        let step = 0;
        for (let t = from; t <= to; t++) {
          lo = Math.min(lo, c.lr[t]);
          hi = Math.max(hi, c.lr[t]);
          if (t > from) step = Math.max(step, Math.abs(c.lr[t] - c.lr[t - 1]));
        }
        const v = curveAt(schedule.curve, j);
        const tol = step + 1e-9 * peak;
        assert.ok(v >= lo - tol && v <= hi + tol, `epoch ${x}: drawn ${v}, golden between ${lo} and ${hi} ± ${step} (updates ${from}-${to})`);
      }
    });
  }
});

/**
 * Ultralytics steps its LambdaLR at each epoch start, so after the warm-up every epoch runs at initial_lr × lf(e):
 * the first update of epoch e (the first whose batch index is ≥ e × batches per epoch) must equal the drawn LR at
 * epoch e. The warm-up itself counts batches (8.3: at least 100), which the epochs alone do not place.
 */
function ultralyticsEpochs(c: GoldenCase, curve: Parameters<typeof curveAt>[0], r: number, slices: number): void {
  const nb = c.context.batches_per_epoch as number;
  const batchOf = c.context.iteration_index_of_each_update as number[];
  const warmupBatches = Math.max(0, c.context.warmup_iterations_nw as number) + 1;
  const epochs = (c.total_updates > 0 ? Math.ceil((batchOf[batchOf.length - 1] + 1) / nb) : 0);
  assert.equal(slices / r, epochs, 'the epochs run');
  let checked = 0;
  for (let e = Math.ceil(warmupBatches / nb) + 1; e < epochs; e++) {
    const t = batchOf.findIndex(b => b >= e * nb);
    assertLrClose(curveAt(curve, e * r), c.lr[t], `epoch ${e} (update ${t})`);
    checked++;
  }
  assert.ok(checked >= 10, `${checked} epochs compared`);
}
