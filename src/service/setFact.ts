import type { FactName, InputFacts, TextEdit } from '../dialects/types';
import type { Comment, SourceRange } from '../formats/tree';
import type { Analysis } from './analyze';
import { inEpochsOnly } from './describe';

/**
 * "One click gives the fact" (issue 12 §1): the facts a user can state from the editor when a schedule lacks
 * them, and where each is written. The service decides; the editor's command only asks for the number and
 * applies the edit or the setting.
 */
export type SettableFact = Extract<FactName, 'steps_per_epoch' | 'dataset_size'>;

/** A fact one schedule lacks, to offer next to it (a CodeLens above it, a quick action inside it). */
export interface FactRequest {
  fact: SettableFact;
  /** the index of the schedule among the analysis' schedules */
  schedule: number;
  /** the schedule's span in the file */
  range: SourceRange;
}

/**
 * A dataset size to probe the reader with: ImageNet-1k's training split. Any positive size would do; a
 * realistic one keeps the probe's arithmetic (batches per epoch) away from a zero.
 */
const PROBE_DATASET_SIZE = 1_281_167;

/**
 * The facts to offer: "updates per epoch" for each schedule whose updates per epoch no one says, and "dataset
 * size" where the reader derives the updates per epoch from one. Whether it does is not guessed from the
 * framework: `probe` analyses the same text with a dataset size given, and the offer is made when that makes
 * the updates per epoch known (timm, Hugging Face, Ultralytics read it; a plain PyTorch scheduler does not).
 */
export function factRequests(analysis: Analysis, probe?: (facts: InputFacts) => Analysis): FactRequest[] {
  const unknown = analysis.schedules.map((read, i) => ({ read, i })).filter(({ read }) => inEpochsOnly(read.schedule));
  if (unknown.length === 0) return [];
  let probed: Analysis | undefined;
  try {
    probed = probe?.({ dataset_size: PROBE_DATASET_SIZE });
  } catch {
    // the probe is a second analysis of the same text, which never throws; an offer less is all a failure costs
    probed = undefined;
  }
  const requests: FactRequest[] = [];
  for (const { read, i } of unknown) {
    requests.push({ fact: 'steps_per_epoch', schedule: i, range: read.range });
    const withSize = probed?.schedules[i];
    if (withSize && !inEpochsOnly(withSize.schedule) && withSize.dialect === read.dialect) {
      requests.push({ fact: 'dataset_size', schedule: i, range: read.range });
    }
  }
  return requests;
}

/** The requests of one fact, once per file (a file of three schedules lacking it states it once for all). */
export function distinctFacts(requests: readonly FactRequest[]): SettableFact[] {
  return [...new Set(requests.map(r => r.fact))];
}

/** How a file can hold an `lr-lens:` directive: a YAML `#` comment, a `//` comment (JSONC, TypeScript), or none (strict JSON). */
export type CommentStyle = '#' | '//' | 'none';

/** Where a stated fact goes: a directive comment in the file, or a workspace setting (strict JSON has no comments). */
export type FactWrite =
  | { kind: 'directive'; edit: TextEdit }
  | { kind: 'setting'; key: 'stepsPerEpoch' | 'datasetSize'; value: number };

/** The `lrLens.*` setting of each fact a user can set from the editor. */
const SETTING_KEYS = new Map<SettableFact, 'stepsPerEpoch' | 'datasetSize'>([['steps_per_epoch', 'stepsPerEpoch'], ['dataset_size', 'datasetSize']]);

/**
 * What the input box accepts: a whole number of at least 1, written plainly or grouped (`1,281,167`,
 * `1_281_167`, as a user may paste it). Undefined for anything else; the editor says what it wants.
 */
export function parseFactValue(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+|\d{1,3}(,\d{3})+|\d{1,3}(_\d{3})+)$/.test(trimmed)) return undefined;
  const value = Number(trimmed.replace(/[,_]/g, ''));
  return value >= 1 && Number.isSafeInteger(value) ? value : undefined;
}

/**
 * How to write `fact = value` into a file: the `lr-lens: fact=value` directive that src/service/directives.ts reads
 * (`# lr-lens: steps_per_epoch=1252` in YAML, `// lr-lens: …` in JSONC and TypeScript). A directive that
 * already states the fact gets its value replaced (directives are read in order and the last one wins, so a new
 * line at the top would be overridden); otherwise a new line goes at the top of the file, after a `#!` line.
 * Strict JSON takes no comment: the fact becomes the `lrLens.*` workspace setting instead.
 */
export function factWrite(text: string, comments: readonly Comment[], style: CommentStyle, fact: SettableFact, value: number): FactWrite {
  if (style === 'none') return { kind: 'setting', key: SETTING_KEYS.get(fact)!, value };
  // The last directive comment that states the fact is the one in force.
  for (let c = comments.length - 1; c >= 0; c--) {
    const comment = comments[c];
    if (!/^\s*lr-lens:/.test(comment.text)) continue;
    const raw = text.slice(comment.range.start, comment.range.end);
    const pair = new RegExp(`(?<=[\\s:])${fact}=(\\S*)`).exec(raw);
    if (!pair) continue;
    const start = comment.range.start + pair.index + fact.length + 1;
    return { kind: 'directive', edit: { range: { start, end: start + pair[1].length }, newText: String(value) } };
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // a `#!` line must stay first; a byte order mark stays before everything
  let at = text.startsWith('\ufeff') ? 1 : 0;
  if (text.startsWith('#!', at)) {
    const end = text.indexOf('\n', at);
    at = end < 0 ? text.length : end + 1;
  }
  const line = `${style} lr-lens: ${fact}=${value}`;
  const newText = at === text.length && at > 0 && !text.endsWith('\n') ? `${eol}${line}${eol}` : `${line}${eol}`;
  return { kind: 'directive', edit: { range: { start: at, end: at }, newText } };
}
