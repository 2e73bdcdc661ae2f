import type { ConfigEntry, ConfigNode, ObjectNode } from './tree';

/** The entry of `key` in an object (the last one when a key is repeated, as loaders do). */
export function getEntry(obj: ObjectNode, key: string): ConfigEntry | undefined {
  for (let i = obj.entries.length - 1; i >= 0; i--) if (obj.entries[i].key === key) return obj.entries[i];
  return undefined;
}

/** The node at a path of keys, if every step is an object that has the key. */
export function getPath(node: ConfigNode | undefined, keys: readonly string[]): ConfigNode | undefined {
  let current = node;
  for (const key of keys) {
    if (!current || current.kind !== 'object') return undefined;
    current = getEntry(current, key)?.value;
  }
  return current;
}

export function asNumber(node: ConfigNode | undefined): number | undefined {
  return node?.kind === 'number' ? node.value : undefined;
}

export function asString(node: ConfigNode | undefined): string | undefined {
  return node?.kind === 'string' ? node.value : undefined;
}

// Line starts of the last text asked about: diagnostics of one file are converted one after another.
let cachedText: string | undefined;
let cachedStarts: number[] = [];

/** 0-based line and column of an offset. A line ends at LF, CRLF or a lone CR, as in an editor. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  if (text !== cachedText) {
    cachedStarts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) cachedStarts.push(i + 1);
    }
    cachedText = text;
  }
  let lo = 0;
  let hi = cachedStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (cachedStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, column: offset - cachedStarts[lo] };
}
