import { parseJson } from './json';
import type { FormatLanguage, ParsedDocument } from './tree';
import { parseTypeScript } from './typescript';
import { parseYaml } from './yaml';

/** Text → config tree, for any of the formats LR Lens reads. Never throws: problems are in the result. */
export function parseDocument(text: string, language: FormatLanguage): ParsedDocument {
  switch (language) {
    case 'json': return parseJson(text);
    case 'yaml': return parseYaml(text);
    case 'typescript': return parseTypeScript(text);
  }
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
