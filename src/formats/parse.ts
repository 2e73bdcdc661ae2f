import { HEAD_LENGTH, headOf, type Head } from './headKeys';
import { parseJson } from './json';
import type { FormatLanguage, ParsedDocument } from './tree';
import { parseTypeScript } from './typescript';
import { parseYaml } from './yaml';

/**
 * Longer texts (in UTF-16 code units, about bytes for a config) are not parsed. Analysis runs on every keystroke
 * and the parsers' time grows with the text: measured on the 2-core CI machine under load, 256 KiB of YAML took
 * 0.4–1.1 s and 1 MiB 2.5–4.7 s (JSON about a third of that), while the largest real config among the golden
 * cases and examples is 3.4 KB. So a 10 MB file costs one length check, not seconds of a frozen editor.
 * JSON and TypeScript files are read up to this size (the largest of the per-format limits, MAX_YAML_SIZE below).
 */
export const MAX_FILE_SIZE = 256 * 1024;

/**
 * YAML files are read up to 64 KiB. The `yaml` package's own parse (lexer, CST, documents) is the bulk of a large
 * file's analysis and costs about 1 ms per KB on the 2-core CI machine for block mappings and up to 2.3 ms per KB
 * for dense flow lists (`[*s,*s,…]`, measured at 64, 128 and 256 KB under a load of 2.7): at 256 KB that was
 * 170–630 ms for the parse alone, past the 250 ms a keystroke may take (issue 11). At 64 KB the worst case
 * measured parses in about 100 ms, and the whole analysis stays under 250 ms. Real YAML configs are far smaller:
 * a training config is a few KB, full mmdet or Hydra dumps are tens of KB.
 */
export const MAX_YAML_SIZE = 64 * 1024;

/** The size limit of a format, in UTF-16 code units. */
export function maxFileSize(language: FormatLanguage): number {
  return language === 'yaml' ? MAX_YAML_SIZE : MAX_FILE_SIZE;
}

/**
 * The text with each lone CR (old Mac OS line ends) made a LF. YAML 1.2, JSON and ECMAScript all count a lone
 * CR as a line break, but the yaml package and our scanners look for LF. One character for one, so every
 * offset (diagnostics, hovers, quick-fix edits) still points into the original text.
 */
export function withLineFeeds(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** Text → config tree, for any of the formats LR Lens reads. Never throws: problems are in the result. */
export function parseDocument(original: string, language: FormatLanguage): ParsedDocument {
  if (original.length > maxFileSize(language)) return tooLargeDocument(language, original.length, original.slice(0, HEAD_LENGTH));
  const text = withLineFeeds(original);
  const document = parseByLanguage(text, language);
  // A file that is not valid JSON or YAML and whose start shows it is no schedule config (a YOLO names.json written
  // as a Python dict, a PaddleDetection reader PyYAML accepts and the yaml package does not) is not LR Lens's to
  // judge: the editor's own JSON and YAML support says what is wrong with it.
  if (document.problems.some(p => p.code.endsWith('-syntax')) && isPlainlyNotAConfig(headOf(text, language))) {
    return { ...document, problems: document.problems.filter(p => !p.code.endsWith('-syntax')) };
  }
  return document;
}

function parseByLanguage(text: string, language: FormatLanguage): ParsedDocument {
  switch (language) {
    case 'json': return parseJson(text);
    case 'yaml': return parseYamlAsPyYaml(text);
    case 'typescript': return parseTypeScript(text);
  }
}

/**
 * PyYAML does not check indentation inside a flow collection: PaddleDetection's readers close a `{ … }` that
 * spans lines at the indentation of the block it sits in (`  - RandomSelect: { transforms1: [ … ],` … `  }`),
 * which the yaml package rejects ("Flow map in block collection must be sufficiently indented"). When the text does
 * not parse, it is parsed once more with each line break inside a flow collection made a blank: the same YAML to
 * every parser (a line break in flow context is white space), the same length, so every range still fits the text.
 * Kept only when that parse has no syntax error left.
 */
function parseYamlAsPyYaml(text: string): ParsedDocument {
  const document = parseYaml(text);
  // only for that complaint: any other broken file is parsed once, as before (a 64 KB parse is the slow part)
  if (!document.problems.some(p => p.code === 'yaml-syntax' && /sufficiently indented/.test(p.message))) return document;
  const joined = flowLinesJoined(text);
  if (joined === undefined) return document;
  const again = parseYaml(joined);
  return again.problems.some(p => p.code === 'yaml-syntax') ? document : again;
}

/**
 * The text with the line breaks inside flow collections (outside quotes) replaced by blanks; undefined when there is
 * none, or when a comment sits inside a flow collection (joining its line would comment out the next one).
 */
function flowLinesJoined(text: string): string | undefined {
  const chars = text.split('');
  let depth = 0;
  let quote: '"' | "'" | undefined;
  let changed = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '#' && (i === 0 || /\s/.test(chars[i - 1]))) {
      if (depth > 0) return undefined;
      while (i < chars.length && chars[i] !== '\n') i++;
      continue;
    }
    if (depth > 0 && (ch === '"' || ch === "'")) quote = ch;
    // at depth 0 only a bracket that starts a value opens a flow collection (not one inside a plain scalar)
    else if ((ch === '[' || ch === '{') && (depth > 0 || /(^|[:,\-[{])[ \t]*$/.test(text.slice(Math.max(0, i - 40), i).split('\n').pop()!))) depth++;
    else if ((ch === ']' || ch === '}') && depth > 0) depth--;
    else if (ch === '\n' && depth > 0) { chars[i] = ' '; changed = true; }
  }
  return changed ? chars.join('') : undefined;
}

/**
 * What a text of `size` (over the format's limit, maxFileSize) parses to: nothing, and one problem saying why. The
 * CLI gives this for a file too large to be worth reading at all, from its size on disk and its first bytes
 * (`head`), so both say the same. A file whose start shows it is no schedule config gets no problem at all.
 */
export function tooLargeDocument(language: FormatLanguage, size: number, head?: string): ParsedDocument {
  if (head !== undefined && isPlainlyNotAConfig(headOf(head, language))) return { language, roots: [undefined], comments: [], problems: [] };
  return { language, roots: [undefined], comments: [], problems: [{
    range: { start: 0, end: 0 }, code: 'file-too-large', severity: 'warning',
    message: `The file is ${sizeText(size)}, larger than the ${sizeText(maxFileSize(language))} LR Lens reads${language === 'yaml' ? ' in YAML' : ''} (a training config is far smaller): it is not analysed.`,
  }] };
}

/**
 * Words that name a learning-rate schedule setting in the configs the dialects read (their detect() functions look
 * for these: `lr`, `learning_rate`, `lr_scheduler_type`, detectron2's `SOLVER`, PaddleClas's `Optimizer`, mmengine's
 * `param_scheduler`, Ultralytics' `lr0`, our own `warmup`/`decay`, epochs and step counts …), matched whole and
 * case-blind against a key.
 */
const SCHEDULE_KEY = /^(?:lr\d?|lrf|base_lr|max_lr|min_lr|eta_min|learning_rate|lr_.*|.*_lr|warmup.*|.*_warmup|sched.*|.*_scheduler|scheduler.*|optim.*|.*_optimizer|solver|.*epochs?|.*_steps?|max_iters?|t_max|milestones|gamma|decay.*|cosine.*|global|trainer|train_cfg)$/i;

/**
 * Whether the start of a file over the size limit shows it is no schedule config, so it deserves no warning: a
 * list at the root (data records: LLaMA-Factory's alpaca_en_demo.json), or at least three keys none of which names
 * a schedule setting (a vocabulary, a tokenizer.json, a label map {"0": "tench", …}). A start with fewer keys
 * (padding, comments, one nested key) says too little, and keeps the warning: better a word than silence on a
 * config that grew.
 */
function isPlainlyNotAConfig(head: Head): boolean {
  if (head.root === 'list') return true;
  return head.root === 'mapping' && head.keys.length >= 3 && !head.keys.some(key => SCHEDULE_KEY.test(key));
}

export function languageFromFileName(name: string): FormatLanguage | undefined {
  const m = /\.([^./\\]+)$/.exec(name.toLowerCase());
  switch (m?.[1]) {
    case 'json': case 'jsonc': case 'json5': return 'json';
    case 'yaml': case 'yml': return 'yaml';
    case 'ts': case 'mts': case 'cts': return 'typescript';
    default: return undefined;
  }
}

function sizeText(length: number): string {
  return length >= 1024 * 1024 ? `${(length / (1024 * 1024)).toFixed(1)} MB` : `${Math.round(length / 1024)} KB`;
}
