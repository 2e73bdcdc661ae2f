import assert from 'node:assert/strict';
import fc from 'fast-check';
import { curveAt } from '../../../src/core/evaluate';
import { DEFAULT_SAMPLE_POINTS, sampleSchedule } from '../../../src/core/sample';
import type { Diagnostic } from '../../../src/dialects/types';
import type { FormatLanguage } from '../../../src/formats/tree';
import { analyze, type Analysis, type AnalyzeOptions } from '../../../src/service/analyze';
import { applyFix, corpus, fuzzParameters, mutatedTextArb } from './corpus';

/**
 * Properties of the whole analysis on random inputs (issue 6): arbitrary text and mutations of every golden,
 * example and quick-fix config never make it throw; a schedule in a file without errors has a finite, non-negative
 * LR at every sampled update and keeps its breakpoints; quick fixes never add an error, remove what they fix, and
 * are idempotent, on the configs as written and on mutations of them. Runs: 3 × 600 arbitrary texts + 150
 * mutations per corpus file (70 files) ≥ 10,000 cases, and 100 mutated configs per file for the quick fixes.
 */

const ARBITRARY_RUNS = 600;
const MUTATION_RUNS = 150;
/** Each case analyses the text once more per fix offered: fewer runs cost as much as the mutation property. */
const FIX_RUNS = 100;

const FILES = corpus();

/** Analysis that must not throw; checks the result's shape (every range inside the text, start ≤ end). */
function analyzeChecked(text: string, fileName: string, language: FormatLanguage, options: AnalyzeOptions = {}): Analysis {
  const analysis = analyze(text, fileName, language, options);
  for (const d of analysis.diagnostics) {
    assert.ok(d.range.start >= 0 && d.range.start <= d.range.end && d.range.end <= text.length,
      `${d.code} range ${d.range.start}–${d.range.end} outside the text (length ${text.length})`);
    assert.ok(typeof d.message === 'string' && d.message.length > 0 && d.message.length <= 2000, `${d.code}: message of length ${d.message.length}`);
    for (const fix of d.fixes ?? []) {
      for (const e of fix.edits) assert.ok(e.range.start >= 0 && e.range.start <= e.range.end && e.range.end <= text.length, `${d.code} fix edit outside the text`);
    }
  }
  return analysis;
}

/** Every LR at the sampled points and the breakpoints is finite and ≥ 0; every breakpoint is a sampled point. */
function assertSchedulesSound(analysis: Analysis): void {
  if (analysis.diagnostics.some(d => d.severity === 'error')) return;
  for (const { schedule } of analysis.schedules) {
    const n = schedule.totalUpdates;
    assert.ok(Number.isInteger(n) && n >= 1, `total updates ${n}`);
    const { points } = sampleSchedule(schedule, DEFAULT_SAMPLE_POINTS);
    const inside = schedule.markers.filter(m => m.update >= 0 && m.update <= n - 1);
    const checked = [...points.map(p => p.update), ...inside.map(m => m.update), 0, n - 1];
    for (const t of checked) {
      const lr = curveAt(schedule.curve, t);
      assert.ok(Number.isFinite(lr) && lr >= 0, `LR ${lr} at update ${t} of a schedule without error diagnostics`);
    }
    // The sampler's promise (src/core/sample.ts): markers are kept while they take at most a quarter of the budget.
    if (inside.length <= Math.floor(DEFAULT_SAMPLE_POINTS / 4)) {
      const sampled = new Set(points.map(p => p.update));
      for (const m of inside) assert.ok(sampled.has(m.update), `breakpoint ${m.label} at update ${m.update} not among the sampled points`);
    }
  }
}

function errorCounts(diagnostics: Diagnostic[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of diagnostics) if (d.severity === 'error') counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
  return counts;
}

function countOf(diagnostics: Diagnostic[], code: string): number {
  return diagnostics.filter(d => d.code === code).length;
}

/** Applies each offered fix: no new error, one fewer diagnostic of its code, and a second application is a no-op. */
function assertFixesSound(text: string, fileName: string, language: FormatLanguage, options: AnalyzeOptions, analysis: Analysis): number {
  let fixes = 0;
  const errorsBefore = errorCounts(analysis.diagnostics);
  for (const d of analysis.diagnostics) {
    for (const fix of d.fixes ?? []) {
      fixes++;
      const edits = [...fix.edits].sort((a, b) => a.range.start - b.range.start);
      for (let i = 1; i < edits.length; i++) assert.ok(edits[i].range.start >= edits[i - 1].range.end, `"${fix.title}": overlapping edits`);
      const fixed = applyFix(text, fix);
      const after = analyzeChecked(fixed, fileName, language, options).diagnostics;
      for (const [code, count] of errorCounts(after)) {
        assert.ok(count <= (errorsBefore.get(code) ?? 0), `"${fix.title}" (for ${d.code}) adds a ${code} error: ${after.find(x => x.code === code)!.message}`);
      }
      assert.ok(countOf(after, d.code) < countOf(analysis.diagnostics, d.code), `"${fix.title}" leaves ${d.code}`);
      for (const again of after) {
        for (const second of again.fixes ?? []) {
          // the same fix is the one at the same place: a second value spelled the same way has its own
          if (again.code !== d.code || second.title !== fix.title || second.edits[0]?.range.start !== fix.edits[0]?.range.start) continue;
          assert.equal(applyFix(fixed, second), fixed, `"${fix.title}" applied twice changes the text again`);
        }
      }
    }
  }
  return fixes;
}

/** Text made of a syntax's own tokens, so random inputs get past the first character of the parsers. */
function tokenTextArb(tokens: string[]): fc.Arbitrary<string> {
  return fc.array(fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 4 })), { maxLength: 60 }).map(parts => parts.join(''));
}

const JSON_TOKENS = ['{', '}', '[', ']', ',', ':', '"lr"', '"learning_rate"', '"lr_scheduler_type"', '"cosine"', '"warmup_steps"', '0.1', '-1', '1e308',
  'NaN', 'null', 'true', '"', '\\', '//', '/*', '*/', '\n', ' ', '"scheduler"', '"params"', '"max_steps"', '100'];
const YAML_TOKENS = ['\n', '  ', '- ', ': ', 'lr', 'lr0', 'lrf', 'epochs', 'warmup_epochs', 'sched', 'cosine', 'optimizer', 'type', 'SGD', '0.1',
  '.nan', '.inf', '-', '&a ', '*a', '<<: ', '!!python/tuple ', '[', ']', '{', '}', ',', '"', "'", '#', '---\n', '...\n', '|', '>', '? ', '\t'];
const TS_TOKENS = ['export default ', '{', '}', '[', ']', ',', ':', 'lr', 'schedule', "'cosine'", '0.1', '-1', 'as const', 'satisfies X', '`',
  '${', '//', '/*', '*/', '\n', ' ', 'defineSchedule(', ')', '...', 'module.exports = ', '/re/g', '"', "'", '\\'];

describe('robustness: analysis properties on random inputs', function () {
  this.timeout(300_000);

  const languages: [FormatLanguage, string, string[]][] = [['json', 'training_args.json', JSON_TOKENS], ['yaml', 'config.yaml', YAML_TOKENS],
    ['typescript', 'schedule.lrschedule.ts', TS_TOKENS]];
  for (const [language, fileName, tokens] of languages) {
    it(`arbitrary ${language} text (${fileName}): never throws, ranges inside the text`, () => {
      const text = fc.oneof(fc.string({ maxLength: 200, unit: 'binary' }), fc.string({ maxLength: 200 }), tokenTextArb(tokens),
        ...(language === 'typescript' ? [] : [fc.json()]));
      fc.assert(fc.property(text, t => {
        assertSchedulesSound(analyzeChecked(t, fileName, language));
      }), fuzzParameters(ARBITRARY_RUNS));
    });
  }

  describe('mutations of every golden, example and quick-fix config', () => {
    let cases = 0;
    for (const file of FILES) {
      it(`${file.label}: never throws; LRs finite and ≥ 0 without errors; breakpoints sampled`, () => {
        fc.assert(fc.property(mutatedTextArb(file.text), fc.boolean(), (text, withFacts) => {
          cases++;
          assertSchedulesSound(analyzeChecked(text, file.fileName, file.language, withFacts ? file.options : {}));
        }), fuzzParameters(MUTATION_RUNS));
      });
    }
    after(() => console.log(`      ${cases} mutated configs analysed`));
  });

  describe('quick fixes on mutations of every config', () => {
    let applied = 0;
    for (const file of FILES) {
      it(`${file.label}: on a mutated config, fixes add no error, remove their diagnostic, and are idempotent`, () => {
        fc.assert(fc.property(mutatedTextArb(file.text), fc.boolean(), (text, withFacts) => {
          const options = withFacts ? file.options : {};
          applied += assertFixesSound(text, file.fileName, file.language, options, analyzeChecked(text, file.fileName, file.language, options));
        }), fuzzParameters(FIX_RUNS));
      });
    }
    after(() => console.log(`      ${applied} quick fixes on mutated configs applied and re-analysed`));
  });

  describe('quick fixes on every config', () => {
    let applied = 0;
    for (const file of FILES) {
      it(`${file.label}: fixes add no error, remove their diagnostic, and are idempotent`, () => {
        const analysis = analyzeChecked(file.text, file.fileName, file.language, file.options);
        assertSchedulesSound(analysis);
        applied += assertFixesSound(file.text, file.fileName, file.language, file.options, analysis);
      });
    }
    after(() => console.log(`      ${applied} quick fixes applied and re-analysed`));
  });
});
