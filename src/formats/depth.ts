/** Deeper than this, a config is not a config: parsers stop descending instead of overflowing the stack. */
export const MAX_DEPTH = 1000;

/**
 * The deepest bracket nesting of a text, skipping quoted strings and comments: checked before handing the text
 * to a recursive parser, so `[[[[…` 100,000 levels deep becomes a diagnostic instead of a stack overflow.
 */
export function exceedsBracketDepth(text: string, limit = MAX_DEPTH): number | undefined {
  let depth = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === 92 /* \ */ && quote === 34) i++;
      else if (c === quote) quote = 0;
      continue;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) quote = c;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > limit) return i;
    } else if (c === 93 || c === 125) depth = Math.max(0, depth - 1);
    else if (c === 35 /* # */ || (c === 47 /* / */ && text.charCodeAt(i + 1) === 47)) {
      // a comment runs to the end of the line
      while (i < text.length && text.charCodeAt(i) !== 10) i++;
    }
  }
  return undefined;
}
