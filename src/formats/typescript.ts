import { MAX_DEPTH } from './depth';
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
  const { tokens, comments } = tokenize(text, problems);
  const reader = new Reader(text, tokens, problems);
  let root: ConfigNode | undefined;
  try {
    root = reader.findSchedule();
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    problems.push({ range: { start: 0, end: 1 }, code: 'too-deep', severity: 'error', message: 'The file nests too deeply for LR Lens to read.' });
  }
  return { language: 'typescript', roots: [root], comments, problems };
}

type TokenKind = 'ident' | 'string' | 'number' | 'punct' | 'template';
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
        if (d === '\\') { value += unescape(text[i + 1]); i += 2; continue; }
        if (d === c) { closed = true; i++; break; }
        if (c !== '`' && d === '\n') break;
        if (c === '`' && d === '$' && text[i + 1] === '{') substitution = true;
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
    const three = text.slice(i, i + 3);
    const two = text.slice(i, i + 2);
    const len = PUNCT3.includes(three) ? 3 : PUNCT2.includes(two) ? 2 : 1;
    tokens.push({ kind: 'punct', value: text.slice(i, i + len), start: i, end: i + len });
    i += len;
  }
  return { tokens, comments };
}

function unescape(c: string | undefined): string {
  switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case undefined: return '';
    default: return c;
  }
}

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

class Reader {
  private pos = 0;

  constructor(private readonly text: string, private readonly tokens: Token[], private readonly problems: ParseProblem[]) {}

  /** The object literal the file exports, by the forms in the file comment; `export default` wins. */
  findSchedule(): ConfigNode | undefined {
    const named = new Map<string, number>();
    let exported: number | undefined;
    let defaultAt: number | undefined;
    let defaultName: string | undefined;
    const t = this.tokens;
    for (let i = 0; i < t.length; i++) {
      const tok = t[i];
      if (tok.kind !== 'ident') continue;
      if (tok.value === 'export' && t[i + 1]?.value === 'default') {
        const next = t[i + 2];
        if (next?.kind === 'ident' && t[i + 3]?.value !== '(' && !['function', 'class', 'async'].includes(next.value)) defaultName = next.value;
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
      this.problems.push({ range: { start, end: start + 1 }, code: 'too-deep', severity: 'error', message: `The file nests more than ${MAX_DEPTH} levels deep; LR Lens does not read it.` });
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
    if (tok.kind === 'punct' && tok.value === '(' ) {
      this.pos++;
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
      // A call: `defineSchedule({…})` keeps its object argument; any other call or name is opaque.
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
    return { kind: 'opaque', range, text: tok.value };
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
    if (!close) this.problems.push({ range: { start: open.start, end: open.end }, code: 'ts-syntax', severity: 'error', message: 'TypeScript: `{` is never closed.' });
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
    if (!close) this.problems.push({ range: { start: open.start, end: open.end }, code: 'ts-syntax', severity: 'error', message: 'TypeScript: `[` is never closed.' });
    else this.pos++;
    return { kind: 'array', range: { start: open.start, end: close ? close.end : this.text.length }, items };
  }

  /** Skips a bracketed group starting at the current token (iteratively, whatever its depth). */
  private skipBalanced(): void {
    const stack: string[] = [];
    do {
      const tok = this.tokens[this.pos++];
      if (!tok) return;
      if (tok.kind === 'punct' && tok.value in OPEN) stack.push(OPEN[tok.value]);
      else if (tok.kind === 'punct' && tok.value === stack[stack.length - 1]) stack.pop();
    } while (stack.length > 0);
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
