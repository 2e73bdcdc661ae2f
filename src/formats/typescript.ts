import { MAX_DEPTH, TOO_DEEP_MESSAGE } from './depth';
import type { Comment, ConfigEntry, ConfigNode, ParsedDocument, ParseProblem, SourceRange } from './tree';

/**
 * A static reader for schedules written in TypeScript: it finds the exported object literal
 * (`export default {…}`, `… satisfies T`, `… as const`, `defineSchedule({…})`, `export const x = {…}`,
 * `const x = {…}; export default x`, `module.exports = {…}`) and reads literals only. Anything else (a call,
 * arithmetic, a variable) is kept as an opaque node: nothing is ever evaluated. Small on purpose: the
 * TypeScript compiler would add megabytes to the extension for the few constructs a config uses.
 */
export function parseTypeScript(original: string): ParsedDocument {
  const text = original.charCodeAt(0) === 0xfeff ? ' ' + original.slice(1) : original;
  const problems: ParseProblem[] = [];
  let comments: Comment[] = [];
  let root: ConfigNode | undefined;
  try {
    const tokenized = tokenize(text, problems);
    comments = tokenized.comments;
    root = new Reader(text, tokenized.tokens, problems).findSchedule();
  } catch (e) {
    // The reader recurses at most MAX_DEPTH levels and skips deeper groups iteratively; this is the last line
    // of defence for a caller already deep in its own stack, so the editor gets a problem instead of a crash.
    problems.push({ range: { start: 0, end: Math.min(1, text.length) }, code: e instanceof RangeError ? 'too-deep' : 'ts-syntax', severity: 'error',
      message: e instanceof RangeError ? TOO_DEEP_MESSAGE : `TypeScript: could not read the file (${(e as Error).message}).` });
  }
  return { language: 'typescript', roots: [root], comments, problems };
}

type TokenKind = 'ident' | 'string' | 'number' | 'punct' | 'template' | 'regex';
interface Token {
  kind: TokenKind;
  value: string;
  start: number;
  end: number;
}

const PUNCT3 = ['...', '===', '!==', '**=', '<<=', '>>=', '>>>'];
const PUNCT2 = ['=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '**'];

function tokenize(text: string, problems: ParseProblem[]): { tokens: Token[]; comments: Comment[] } {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    if (c === '/' && text[i + 1] === '/') {
      let end = text.indexOf('\n', i);
      if (end < 0) end = n;
      const stop = text[end - 1] === '\r' ? end - 1 : end;
      comments.push({ range: { start: i, end: stop }, text: text.slice(i + 2, stop).trim() });
      i = end;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) {
        problems.push({ range: { start: i, end: n }, code: 'ts-syntax', severity: 'error', message: 'TypeScript: unterminated comment.' });
        comments.push({ range: { start: i, end: n }, text: text.slice(i + 2).trim() });
        break;
      }
      comments.push({ range: { start: i, end: end + 2 }, text: text.slice(i + 2, end).replace(/^\s*\*\s?/gm, '').trim() });
      i = end + 2;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const start = i;
      let value = '';
      let closed = false;
      let substitution = false;
      i++;
      while (i < n) {
        const d = text[i];
        if (d === '\\') {
          const escape = readEscape(text, i);
          value += escape.value;
          i = escape.next;
          continue;
        }
        if (d === c) { closed = true; i++; break; }
        if (c !== '`' && d === '\n') break;
        if (c === '`' && d === '$' && text[i + 1] === '{') {
          // `${…}` is code: skip it whole (it may hold braces, strings and backticks of its own)
          substitution = true;
          // an unclosed `${'` runs to the end of the text, not past it
          i = Math.min(text.length, skipSubstitution(text, i + 2));
          continue;
        }
        value += d;
        i++;
      }
      if (!closed) problems.push({ range: { start, end: i }, code: 'ts-syntax', severity: 'error', message: 'TypeScript: unterminated string.' });
      tokens.push({ kind: c === '`' && substitution ? 'template' : 'string', value, start, end: i });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:[0-9][0-9_]*)?\.?[0-9_]*(?:[eE][-+]?[0-9_]+)?)n?/.exec(text.slice(i, i + 400));
      const len = m && m[0].length > 0 ? m[0].length : 1;
      tokens.push({ kind: 'number', value: text.slice(i, i + len), start: i, end: i + len });
      i += len;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_$]/.test(text[j])) j++;
      tokens.push({ kind: 'ident', value: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (c === '/' && regexAllowed(tokens[tokens.length - 1])) {
      const end = regexEnd(text, i);
      if (end !== undefined) {
        tokens.push({ kind: 'regex', value: text.slice(i, end), start: i, end });
        i = end;
        continue;
      }
    }
    const three = text.slice(i, i + 3);
    const two = text.slice(i, i + 2);
    const len = PUNCT3.includes(three) ? 3 : PUNCT2.includes(two) ? 2 : 1;
    tokens.push({ kind: 'punct', value: text.slice(i, i + len), start: i, end: i + len });
    i += len;
  }
  return { tokens, comments };
}

/** One escape sequence of a string literal at `i` (the backslash): its value and where the literal goes on. */
function readEscape(text: string, i: number): { value: string; next: number } {
  const c = text[i + 1];
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', 0: '\0' };
  if (c === undefined) return { value: '', next: i + 1 };
  if (c in simple && !(c === '0' && /[0-9]/.test(text[i + 2] ?? ''))) return { value: simple[c], next: i + 2 };
  // a backslash before a line break continues the literal on the next line
  if (c === '\r') return { value: '', next: text[i + 2] === '\n' ? i + 3 : i + 2 };
  if (c === '\n' || c === '\u2028' || c === '\u2029') return { value: '', next: i + 2 };
  const hex = c === 'x' ? /^[0-9a-fA-F]{2}/.exec(text.slice(i + 2, i + 4))
    : c === 'u' ? /^(?:[0-9a-fA-F]{4}|\{[0-9a-fA-F]{1,6}\})/.exec(text.slice(i + 2, i + 10)) : null;
  if (hex) {
    const code = parseInt(hex[0].replace(/[{}]/g, ''), 16);
    return { value: code <= 0x10ffff ? String.fromCodePoint(code) : '', next: i + 2 + hex[0].length };
  }
  return { value: c, next: i + 2 };
}

/** The end of a template's `${…}` starting after `${`: balanced braces, skipping nested string literals. */
function skipSubstitution(text: string, i: number): number {
  let depth = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
    else if (c === '"' || c === "'" || c === '`') {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    }
    i++;
  }
  return i;
}

/** Words after which a `/` starts a regular expression instead of dividing. */
const BEFORE_REGEX = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await']);

function regexAllowed(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.kind === 'punct') return previous.value !== ')' && previous.value !== ']' && previous.value !== '}';
  return previous.kind === 'ident' && BEFORE_REGEX.has(previous.value);
}

/**
 * The end of a regular expression literal at `i`, or undefined when the line ends first (then it is a `/`).
 * Bounded, so a long minified line full of `/` stays linear.
 */
function regexEnd(text: string, i: number): number | undefined {
  let inClass = false;
  for (let j = i + 1; j < text.length && j < i + 2000; j++) {
    const c = text[j];
    if (c === '\n' || c === '\r') return undefined;
    if (c === '\\') j++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      let end = j + 1;
      while (end < text.length && /[a-z]/i.test(text[end])) end++;
      return end;
    }
  }
  return undefined;
}

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
/** `export default function …` and the like export no object literal. */
const NOT_A_VALUE = new Set(['function', 'class', 'async', 'abstract', 'interface', 'enum', 'type', 'declare']);
/** Words that are values themselves, not names of a variable to look up. */
const KEYWORD_VALUES = new Set(['true', 'false', 'null', 'undefined', 'Infinity', 'NaN']);

class Reader {
  private pos = 0;
  private unclosedReported = false;

  /** for each opening bracket, the index just past its closing one (the token count when it never closes) */
  private readonly pastClose: Int32Array;

  constructor(private readonly text: string, private readonly tokens: Token[], private readonly problems: ParseProblem[]) {
    // One pass up front, so skipping a group is a jump: skipping from every level of `((((…` stays linear.
    this.pastClose = new Int32Array(tokens.length).fill(tokens.length);
    const open: number[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i];
      if (tok.kind !== 'punct') continue;
      if (tok.value in OPEN) open.push(i);
      else if (open.length > 0 && tok.value === OPEN[tokens[open[open.length - 1]].value]) this.pastClose[open.pop()!] = i + 1;
    }
  }

  /** The object literal the file exports, by the forms in the file comment; `export default` wins. */
  findSchedule(): ConfigNode | undefined {
    const named = new Map<string, number>();
    let exported: number | undefined;
    let defaultAt: number | undefined;
    let defaultName: string | undefined;
    const t = this.tokens;
    // Only top-level statements count: a `const x` inside a function does not shadow the exported one.
    let depth = 0;
    for (let i = 0; i < t.length; i++) {
      const tok = t[i];
      if (tok.kind === 'punct') {
        if (tok.value in OPEN) depth++;
        else if (tok.value === ')' || tok.value === ']' || tok.value === '}') depth = Math.max(0, depth - 1);
        continue;
      }
      if (tok.kind !== 'ident' || depth > 0) continue;
      if (tok.value === 'export' && t[i + 1]?.value === 'default') {
        const next = t[i + 2];
        if (next?.kind === 'ident' && NOT_A_VALUE.has(next.value)) continue;
        if (next?.kind === 'ident' && !['(', '<', '.'].includes(t[i + 3]?.value ?? '') && !KEYWORD_VALUES.has(next.value)) defaultName = next.value;
        else if (defaultAt === undefined) defaultAt = i + 2;
      } else if ((tok.value === 'const' || tok.value === 'let' || tok.value === 'var') && t[i + 1]?.kind === 'ident') {
        const valueAt = this.afterDeclarator(i + 2);
        if (valueAt !== undefined) {
          named.set(t[i + 1].value, valueAt);
          if (t[i - 1]?.value === 'export' && exported === undefined) exported = valueAt;
        }
      } else if (tok.value === 'module' && t[i + 1]?.value === '.' && t[i + 2]?.value === 'exports' && t[i + 3]?.value === '=') {
        if (defaultAt === undefined) defaultAt = i + 4;
      }
    }
    const start = defaultAt ?? (defaultName !== undefined ? named.get(defaultName) : undefined) ?? exported;
    if (start === undefined) return undefined;
    this.pos = start;
    return this.unwrapCall(this.value(0));
  }

  /** After `const name`: skips a type annotation and returns the index of the initializer. */
  private afterDeclarator(i: number): number | undefined {
    const t = this.tokens;
    if (t[i]?.value === ':') {
      let depth = 0;
      for (i++; i < t.length; i++) {
        const v = t[i].value;
        if (t[i].kind === 'punct' && (v === '<' || v in OPEN)) depth++;
        else if (t[i].kind === 'punct' && (v === '>' || v === ')' || v === ']' || v === '}')) depth--;
        else if (depth === 0 && v === '=') break;
      }
    }
    return t[i]?.value === '=' ? i + 1 : undefined;
  }

  /** `defineSchedule({…})` stands for its single object argument. */
  private unwrapCall(node: ConfigNode): ConfigNode {
    return (node as ConfigNode & { callArgument?: ConfigNode }).callArgument ?? node;
  }

  private value(depth: number): ConfigNode {
    if (depth > MAX_DEPTH) {
      const start = this.tokens[this.pos]?.start ?? this.text.length;
      this.problems.push({ range: { start, end: start + 1 }, code: 'too-deep', severity: 'error', message: TOO_DEEP_MESSAGE });
      this.skipExpression();
      return { kind: 'opaque', range: { start, end: start + 1 } };
    }
    const node = this.primary(depth);
    // `as const`, `as T`, `satisfies T`: types do not change the literal.
    for (;;) {
      const tok = this.tokens[this.pos];
      if (tok?.kind === 'ident' && (tok.value === 'as' || tok.value === 'satisfies')) {
        this.pos++;
        this.skipType();
        continue;
      }
      break;
    }
    const next = this.tokens[this.pos];
    if (next && next.kind === 'punct' && !',;)]}'.includes(next.value)) {
      // An operator follows (`0.1 * 4`): the whole expression is not a literal.
      const start = node.range.start;
      this.skipExpression();
      const end = this.tokens[this.pos - 1]?.end ?? start;
      return { kind: 'opaque', range: { start, end }, text: this.text.slice(start, end) };
    }
    return node;
  }

  private primary(depth: number): ConfigNode {
    const tok = this.tokens[this.pos];
    if (!tok) {
      const at = this.text.length;
      this.problems.push({ range: { start: Math.max(0, at - 1), end: at }, code: 'ts-syntax', severity: 'error', message: 'TypeScript: the file ends before the value does.' });
      return { kind: 'opaque', range: { start: at, end: at } };
    }
    const range = { start: tok.start, end: tok.end };
    if (tok.kind === 'punct' && tok.value === '{') return this.object(depth);
    if (tok.kind === 'punct' && tok.value === '[') return this.array(depth);
    if (tok.kind === 'punct' && tok.value === '(') {
      // `(t) => …` is a function: opaque from here (value() takes in the `=>` and the body)
      const open = this.pos;
      this.skipBalanced();
      if (this.tokens[this.pos]?.value === '=>') return { kind: 'opaque', range: { start: tok.start, end: this.tokens[this.pos - 1].end } };
      this.pos = open + 1;
      const inner = this.value(depth + 1);
      if (this.tokens[this.pos]?.value === ')') this.pos++;
      return inner;
    }
    if (tok.kind === 'punct' && (tok.value === '-' || tok.value === '+') && this.tokens[this.pos + 1]?.kind !== 'punct') {
      this.pos++;
      const operand = this.primary(depth + 1);
      if (operand.kind === 'number') {
        const value = tok.value === '-' ? -operand.value : operand.value;
        const r = { start: tok.start, end: operand.range.end };
        return { kind: 'number', range: r, value, text: this.text.slice(r.start, r.end) };
      }
      return { kind: 'opaque', range: { start: tok.start, end: operand.range.end } };
    }
    this.pos++;
    if (tok.kind === 'string') return { kind: 'string', range, value: tok.value, quoted: true, text: this.text.slice(tok.start, tok.end) };
    if (tok.kind === 'number') {
      const value = Number(tok.value.replace(/_/g, '').replace(/n$/, ''));
      return Number.isNaN(value) ? { kind: 'opaque', range, text: tok.value } : { kind: 'number', range, value, text: tok.value };
    }
    if (tok.kind === 'ident') {
      switch (tok.value) {
        case 'true': return { kind: 'boolean', range, value: true };
        case 'false': return { kind: 'boolean', range, value: false };
        case 'null': case 'undefined': return { kind: 'null', range };
        case 'Infinity': return { kind: 'number', range, value: Infinity, text: tok.value };
        case 'NaN': return { kind: 'number', range, value: NaN, text: tok.value };
      }
      // A call: `defineSchedule({…})`, `lens.defineSchedule<LrSchedule>({…})` keep their object argument; any
      // other call or name is opaque.
      while (this.tokens[this.pos]?.value === '.' && this.tokens[this.pos + 1]?.kind === 'ident') this.pos += 2;
      const afterTypeArguments = this.tokens[this.pos]?.value === '<' ? this.typeArgumentsEnd(this.pos) : undefined;
      if (afterTypeArguments !== undefined && this.tokens[afterTypeArguments]?.value === '(') this.pos = afterTypeArguments;
      if (this.tokens[this.pos]?.value === '(') {
        const open = this.pos;
        this.pos++;
        let argument: ConfigNode | undefined;
        if (this.tokens[this.pos]?.value === '{') argument = this.value(depth + 1);
        this.pos = open;
        this.skipBalanced();
        const r = { start: tok.start, end: this.tokens[this.pos - 1]?.end ?? tok.end };
        const node: ConfigNode & { callArgument?: ConfigNode } = { kind: 'opaque', range: r, text: this.text.slice(r.start, r.end) };
        if (argument?.kind === 'object') node.callArgument = argument;
        return node;
      }
    }
    if (tok.kind === 'punct' && tok.value in OPEN) {
      this.skipBalanced();
      return { kind: 'opaque', range: { start: tok.start, end: this.tokens[this.pos - 1]?.end ?? tok.end } };
    }
    // a name, `config.lr`, a regular expression, an operator: kept as written
    const end = Math.max(tok.end, this.tokens[this.pos - 1]?.end ?? tok.end);
    return { kind: 'opaque', range: { start: tok.start, end }, text: this.text.slice(tok.start, end) };
  }

  private object(depth: number): ConfigNode {
    const open = this.tokens[this.pos++];
    const entries: ConfigEntry[] = [];
    while (this.pos < this.tokens.length && this.tokens[this.pos].value !== '}') {
      const key = this.tokens[this.pos];
      if (key.value === ',') { this.pos++; continue; }
      if (key.value === '...' || key.value === '[') {
        // spreads and computed keys: skipped, never evaluated
        this.skipExpression();
        continue;
      }
      this.pos++;
      const keyRange: SourceRange = { start: key.start, end: key.end };
      if (this.tokens[this.pos]?.value === '?') this.pos++;
      if (this.tokens[this.pos]?.value !== ':') {
        // shorthand `{ lr }` or a method: no literal value to read
        if (this.tokens[this.pos]?.value === '(') this.skipExpression();
        continue;
      }
      this.pos++;
      entries.push({ key: key.kind === 'string' || key.kind === 'ident' || key.kind === 'number' ? key.value : key.value, keyRange, value: this.value(depth + 1) });
    }
    const close = this.tokens[this.pos];
    if (!close) this.unclosed(open);
    else this.pos++;
    return { kind: 'object', range: { start: open.start, end: close ? close.end : this.text.length }, entries };
  }

  private array(depth: number): ConfigNode {
    const open = this.tokens[this.pos++];
    const items: ConfigNode[] = [];
    while (this.pos < this.tokens.length && this.tokens[this.pos].value !== ']') {
      if (this.tokens[this.pos].value === ',') { this.pos++; continue; }
      const before = this.pos;
      items.push(this.value(depth + 1));
      if (this.pos === before) this.pos++;
    }
    const close = this.tokens[this.pos];
    if (!close) this.unclosed(open);
    else this.pos++;
    return { kind: 'array', range: { start: open.start, end: close ? close.end : this.text.length }, items };
  }

  /** After `<` at `at`: the index past the matching `>` when the tokens between can be type arguments. */
  private typeArgumentsEnd(at: number): number | undefined {
    let depth = 0;
    for (let i = at; i < this.tokens.length && i < at + 200; i++) {
      const tok = this.tokens[i];
      if (tok.kind === 'punct') {
        if (tok.value === '<') depth++;
        else if (/^>+$/.test(tok.value)) {
          depth -= tok.value.length;
          if (depth <= 0) return depth === 0 ? i + 1 : undefined;
        } else if (![',', '.', '|', '&', '[', ']', '{', '}', '(', ')', ':', ';', '?', '=>'].includes(tok.value)) return undefined;
      }
    }
    return undefined;
  }

  /** The file ends inside a bracket: said once (for the innermost), not once per enclosing level. */
  private unclosed(open: Token): void {
    if (this.unclosedReported) return;
    this.unclosedReported = true;
    this.problems.push({ range: { start: open.start, end: open.end }, code: 'ts-syntax', severity: 'error', message: `TypeScript: \`${open.value}\` is never closed.` });
  }

  /** Skips a bracketed group starting at the current token (iteratively, whatever its depth). */
  private skipBalanced(): void {
    const tok = this.tokens[this.pos];
    if (!tok) return;
    this.pos = tok.kind === 'punct' && tok.value in OPEN ? this.pastClose[this.pos] : this.pos + 1;
  }

  /** Skips to the next `,` `;` or closing bracket at this level. */
  private skipExpression(): void {
    while (this.pos < this.tokens.length) {
      const tok = this.tokens[this.pos];
      if (tok.kind === 'punct' && (tok.value === ',' || tok.value === ';' || tok.value === ')' || tok.value === ']' || tok.value === '}')) return;
      if (tok.kind === 'punct' && tok.value in OPEN) this.skipBalanced();
      else this.pos++;
    }
  }

  /** Skips a type after `as` / `satisfies` (names, generics, `const`, unions, arrays). */
  private skipType(): void {
    let angle = 0;
    while (this.pos < this.tokens.length) {
      const tok = this.tokens[this.pos];
      if (tok.kind === 'punct') {
        if (tok.value === '<') angle++;
        else if (tok.value === '>') angle--;
        else if (tok.value in OPEN) { this.skipBalanced(); continue; }
        else if (angle <= 0 && tok.value !== '.' && tok.value !== '|' && tok.value !== '&') return;
      } else if (angle <= 0 && this.pos > 0 && this.tokens[this.pos - 1].kind === 'ident' && !['as', 'satisfies', 'keyof', 'typeof'].includes(this.tokens[this.pos - 1].value)) {
        return;
      }
      this.pos++;
    }
  }
}
