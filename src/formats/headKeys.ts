import type { FormatLanguage } from './tree';

/** How much of a file over the size limit is looked at: a few KB, so judging a 50 MB file costs microseconds. */
export const HEAD_LENGTH = 4096;

export interface Head {
  /** what the root is, as far as the head shows: a list (data records), a mapping, or nothing to go by */
  root: 'list' | 'mapping' | 'unknown';
  /** the mapping keys (any depth) that the head spells out, in order, each once */
  keys: string[];
}

/**
 * A cheap look at the start of a text too large to parse: whether its root is a list or a mapping, and which keys
 * it names. No parse: JSON strings followed by `:`, YAML lines `key:`. Used only to decide whether a file over the
 * size limit is worth a warning (formats/parse.ts), never to read values.
 */
export function headOf(text: string, language: FormatLanguage): Head {
  const head = text.slice(0, HEAD_LENGTH);
  return language === 'yaml' ? yamlHead(head) : jsonHead(head);
}

function jsonHead(head: string): Head {
  // BOM, blanks and leading comments (JSONC) are skipped to find the root's first character
  const start = /^(?:\uFEFF|\s|\/\/[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/.exec(head)![0].length;
  const first = head[start];
  if (first === '[') return { root: 'list', keys: [] };
  if (first !== '{') return { root: 'unknown', keys: [] };
  const keys = new Set<string>();
  // JSON's quoted keys, and the bare or single-quoted keys of a Python dict saved as .json ({0: 'person', …})
  for (const m of head.slice(start).matchAll(/(?:"((?:[^"\\\n]|\\.){0,200})"|'([^'\\\n]{0,200})'|([A-Za-z0-9_$]{1,200}))\s*:/g)) {
    keys.add(m[1] ?? m[2] ?? m[3]);
  }
  return { root: 'mapping', keys: [...keys] };
}

function yamlHead(head: string): Head {
  const keys = new Set<string>();
  let root: Head['root'] = 'unknown';
  for (const line of head.split('\n')) {
    const content = line.replace(/\s+$/, '');
    if (content === '' || /^\s*#/.test(content) || /^(---|\.\.\.|%)/.test(content)) continue;
    if (root === 'unknown') root = /^-(\s|$)/.test(content) ? 'list' : 'mapping';
    const key = /^\s*(?:-\s+)?(?:"([^"]{1,200})"|'([^']{1,200})'|([^\s"'#:\-[{][^:#]{0,199}?))\s*:(?:\s|$)/.exec(content);
    if (key) keys.add(key[1] ?? key[2] ?? key[3]);
  }
  return { root, keys: [...keys] };
}
