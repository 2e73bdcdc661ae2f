/** Deeper than this, a config is not a config: parsers stop descending instead of overflowing the stack. */
export const MAX_DEPTH = 1000;

export const TOO_DEEP_MESSAGE = `The file nests more than ${MAX_DEPTH} levels deep; LR Lens does not read it.`;

/**
 * The offset where nesting first goes deeper than `limit`, skipping strings and comments: checked before handing
 * the text to a recursive parser (jsonc-parser overflows the stack near 3,500 nested objects, yaml's composer
 * near 800), so `[[[[…` 100,000 levels deep becomes a diagnostic instead of a stack overflow. It must not miss
 * real nesting, so it follows each syntax's own string and comment rules (a `don't` in a YAML plain scalar or a
 * JSON block comment opens no string).
 */
export function exceedsBracketDepth(text: string, syntax: 'json' | 'yaml', limit = MAX_DEPTH): number | undefined {
  return syntax === 'json' ? jsonDepth(text, limit) : yamlDepth(text, limit);
}

const QUOTE = 34;
const APOSTROPHE = 39;
const BACKSLASH = 92;
const SLASH = 47;
const STAR = 42;
const HASH = 35;
const NEWLINE = 10;

function isOpen(c: number): boolean {
  return c === 91 /* [ */ || c === 123 /* { */;
}
function isClose(c: number): boolean {
  return c === 93 /* ] */ || c === 125 /* } */;
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff;
}

function jsonDepth(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // jsonc-parser ends an unterminated string at the line break
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === QUOTE || d === NEWLINE) break;
      }
    } else if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
      while (i < text.length && text.charCodeAt(i) !== NEWLINE) i++;
    } else if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (isOpen(c)) {
      if (++depth > limit) return i;
    } else if (isClose(c)) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/**
 * YAML nests with flow brackets and with compact block entries (`- - - 1` is three sequences deep on one line).
 * A quote opens a string only where a scalar can start, and `#` starts a comment only after a space.
 */
function yamlDepth(text: string, limit: number): number | undefined {
  let flow = 0;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (lineStart) {
      lineStart = false;
      if (flow === 0) {
        // compact block entries: `- `, `? ` and `: ` indicators one after another at the start of a line
        let compact = 0;
        let j = i;
        while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 0xfeff)) j++;
        for (;;) {
          const d = text.charCodeAt(j);
          const after = text.charCodeAt(j + 1);
          if ((d === 45 /* - */ || d === 63 /* ? */ || d === 58 /* : */) && (after === 32 || after === 9)) {
            if (++compact > limit) return j;
            j += 2;
            while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
          } else break;
        }
      }
    }
    if (c === NEWLINE) {
      lineStart = true;
      continue;
    }
    const tokenStart = i === 0 || isSpace(text.charCodeAt(i - 1)) || (flow > 0 && (isOpen(text.charCodeAt(i - 1)) || text.charCodeAt(i - 1) === 44 /* , */));
    if (c === HASH && tokenStart) {
      while (i + 1 < text.length && text.charCodeAt(i + 1) !== NEWLINE) i++;
    } else if ((c === QUOTE || c === APOSTROPHE) && tokenStart) {
      // quoted scalars may span lines; `''` inside single quotes and `\"` inside double quotes do not close them
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (c === QUOTE && d === BACKSLASH) i++;
        else if (d === c) {
          if (c === APOSTROPHE && text.charCodeAt(i + 1) === APOSTROPHE) i++;
          else break;
        }
      }
    } else if (isOpen(c) && (flow > 0 || tokenStart)) {
      if (++flow > limit) return i;
    } else if (isClose(c) && flow > 0) {
      flow--;
    }
  }
  return undefined;
}
