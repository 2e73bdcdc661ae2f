import { parseJson } from './json';
import type { FormatLanguage, ParsedDocument } from './tree';
import { parseTypeScript } from './typescript';
import { parseYaml } from './yaml';

/**
 * Longer texts (in UTF-16 code units, about bytes for a config) are not parsed. Analysis runs on every keystroke
 * and the parsers' time grows with the text: measured on the 2-core CI machine under load, 256 KiB of YAML took
 * 0.4–1.1 s and 1 MiB 2.5–4.7 s (JSON about a third of that), while the largest real config among the golden
 * cases and examples is 3.4 KB. So a 10 MB file costs one length check, not seconds of a frozen editor.
 */
export const MAX_FILE_SIZE = 256 * 1024;

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
  if (original.length > MAX_FILE_SIZE) return tooLargeDocument(language, original.length);
  const text = withLineFeeds(original);
  switch (language) {
    case 'json': return parseJson(text);
    case 'yaml': return parseYaml(text);
    case 'typescript': return parseTypeScript(text);
  }
}

/**
 * What a text of `size` (over MAX_FILE_SIZE) parses to: nothing, and one problem saying why. The CLI gives this
 * for a file too large to be worth reading at all, from its size on disk, so both say the same.
 */
export function tooLargeDocument(language: FormatLanguage, size: number): ParsedDocument {
  return { language, roots: [undefined], comments: [], problems: [{
    range: { start: 0, end: 0 }, code: 'file-too-large', severity: 'warning',
    message: `The file is ${sizeText(size)}, larger than the ${sizeText(MAX_FILE_SIZE)} LR Lens reads (a training config is far smaller): it is not analysed.`,
  }] };
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
