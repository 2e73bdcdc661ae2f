import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Fix } from '../../../src/dialects/types';
import { languageFromFileName } from '../../../src/formats/parse';
import type { FormatLanguage } from '../../../src/formats/tree';
import type { AnalyzeOptions } from '../../../src/service/analyze';
import { applyEdits } from '../../../src/service/batchWhatIf';
import { goldenCases, inputFacts, versionsOf } from '../golden.test';

/** One config to fuzz: its text as a user would open it, and the facts it was recorded with (golden cases). */
export interface CorpusFile {
  label: string;
  fileName: string;
  language: FormatLanguage;
  text: string;
  options: AnalyzeOptions;
}

const ROOT = path.resolve(__dirname, '../../../..');

/** Every golden case (with its recorded facts), every example, and every quick-fix fixture before its fix. */
export function corpus(): CorpusFile[] {
  const files: CorpusFile[] = [];
  for (const c of goldenCases()) {
    files.push({ label: `golden ${c.framework}/${c.id}`, fileName: c.file.name, language: c.file.language, text: c.file.text,
      options: { overrides: inputFacts(c.context), overrideSource: 'context', versions: versionsOf(c.reference) } });
  }
  for (const rel of listFiles('examples')) files.push(fromDisk(rel, path.basename(rel)));
  for (const rel of listFiles('test/fixtures/fixes').filter(f => !f.includes('.fixed.'))) files.push(fromDisk(rel, fixtureFileName(path.basename(rel))));
  return files;
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { recursive: true }).map(String)
    .filter(f => languageFromFileName(f) && fs.statSync(path.join(ROOT, dir, f)).isFile())
    .sort().map(f => path.join(dir, f));
}

function fromDisk(rel: string, fileName: string): CorpusFile {
  return { label: rel, fileName, language: languageFromFileName(rel)!, text: fs.readFileSync(path.join(ROOT, rel), 'utf8'), options: {} };
}

/** The fixtures are named after their case; frameworks detect by file name (as in test/unit/service/checks.test.ts). */
function fixtureFileName(fixture: string): string {
  if (fixture.includes('.lrschedule.')) return fixture;
  if (fixture.startsWith('hf-')) return 'training_args.json';
  if (fixture.startsWith('ds-')) return 'ds_config.json';
  if (fixture.startsWith('timm-')) return 'args.yaml';
  return 'config.yaml';
}

/**
 * The fuzzing seed. `.ci/run` does not export CI, so the default is a fixed seed (CI and `npm test` replay the
 * same cases); `LR_LENS_FUZZ_SEED=n` replays a reported failure and `LR_LENS_FUZZ_RANDOM=1` explores new cases.
 * fast-check prints the seed and the shrunk counterexample of any failure.
 */
export const FIXED_SEED = 20_260_615;

export function fuzzParameters(numRuns: number): fc.Parameters<unknown> {
  const given = process.env.LR_LENS_FUZZ_SEED;
  if (given !== undefined && given !== '') return { numRuns, seed: Number(given) };
  if (process.env.LR_LENS_FUZZ_RANDOM === '1') return { numRuns };
  return { numRuns, seed: FIXED_SEED };
}

/** Values that break naive code: overflow, underflow, signed zero, NaN spellings, beyond 2^53, negatives. */
const ODD_NUMBERS = ['1e308', '-1e308', '1e400', '-1e400', '-0', '0', '-1', '-5', '1e15', '1e-320', '9007199254740993',
  'NaN', '.nan', '.inf', '-.inf', 'Infinity', '0x10', '1_000', '0.0000001', '3.5', '-0.1', '1e-9'];
/** Wrong types in each syntax's spelling (a YAML-only form in JSON is just another syntax error). */
const WRONG_TYPES = ['"abc"', "'0.1'", '"0.1"', '[]', '{}', 'null', 'true', 'false', '[1, 2]', '{"a": 1}', '~', '""', '`x`'];

const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;
/** A scalar value after `: ` or `= ` (YAML, JSON, TS), to swap for a value of another type. */
const VALUE = /(?<=[:=]\s*)(?:"[^"\n]*"|'[^'\n]*'|[-\w.]+)/g;

function spans(text: string, pattern: RegExp): { start: number; end: number }[] {
  return [...text.matchAll(pattern)].map(m => ({ start: m.index!, end: m.index! + m[0].length }));
}

function replace(text: string, at: { start: number; end: number }, by: string): string {
  return text.slice(0, at.start) + by + text.slice(at.end);
}

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'swapNumbers'; a: number; b: number }
  | { kind: 'oddNumber'; which: number; value: string }
  | { kind: 'wrongType'; which: number; value: string }
  | { kind: 'deleteLine'; which: number }
  | { kind: 'duplicateLine'; which: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(),
    text: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('\n', '\t', ' ', ':', '-', '[', '{', '"', "'", '#', '&a ', '*a', '<<: ', '\r\n', '\uFEFF', '\0')) }),
  fc.record({ kind: fc.constant('swapNumbers' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('oddNumber' as const), which: fc.nat(), value: fc.constantFrom(...ODD_NUMBERS) }),
  fc.record({ kind: fc.constant('wrongType' as const), which: fc.nat(), value: fc.constantFrom(...WRONG_TYPES) }),
  fc.record({ kind: fc.constant('deleteLine' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('duplicateLine' as const), which: fc.nat() }),
);

export function mutate(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'delete': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'swapNumbers': {
      const numbers = spans(text, NUMBER);
      if (numbers.length < 2) return text;
      const [x, y] = [numbers[m.a % numbers.length], numbers[m.b % numbers.length]].sort((p, q) => p.start - q.start);
      if (x.start === y.start) return text;
      return text.slice(0, x.start) + text.slice(y.start, y.end) + text.slice(x.end, y.start) + text.slice(x.start, x.end) + text.slice(y.end);
    }
    case 'oddNumber': {
      const numbers = spans(text, NUMBER);
      return numbers.length ? replace(text, numbers[m.which % numbers.length], m.value) : text;
    }
    case 'wrongType': {
      const values = spans(text, VALUE);
      return values.length ? replace(text, values[m.which % values.length], m.value) : text;
    }
    case 'deleteLine':
    case 'duplicateLine': {
      const lines = text.split('\n');
      const i = m.which % lines.length;
      if (m.kind === 'deleteLine') lines.splice(i, 1);
      else lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }
  }
}

/** One to three mutations of a config's text. */
export function mutatedTextArb(text: string): fc.Arbitrary<string> {
  return fc.array(mutationArb, { minLength: 1, maxLength: 3 }).map(ms => ms.reduce(mutate, text));
}

/** Mutations that keep the syntax: numbers swapped or made odd, so the readers' and checks' paths run. */
export function numericMutationArb(text: string): fc.Arbitrary<string> {
  const numeric = mutationArb.filter(m => m.kind === 'swapNumbers' || m.kind === 'oddNumber');
  return fc.array(numeric, { minLength: 1, maxLength: 2 }).map(ms => ms.reduce(mutate, text));
}

export function applyFix(text: string, fix: Fix): string {
  return applyEdits(text, fix.edits);
}
