import type { ConfigNode } from '../../formats/tree';
import { pyyamlKeepsString } from '../fields';

/**
 * What a detectron2 YAML value becomes in Python: fvcore's `load_yaml_with_base` reads the file with
 * `yaml.safe_load` (PyYAML, YAML 1.1), then yacs `_merge_a_into_b` passes every string through
 * `ast.literal_eval` (`_decode_cfg_value`: "(2000, 2600)" → a tuple, "1e-3" → 0.001, a name stays a string) and
 * checks the result against the default's type (`_check_and_coerce_cfg_value_type`, yacs 0.1.8).
 */
export type PyValue =
  | { type: 'int' | 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'str'; value: string }
  | { type: 'none' }
  | { type: 'tuple' | 'list'; items: PyValue[] }
  | { type: 'dict' }
  | { type: 'other' };
export type PyType = PyValue['type'];

/** PyYAML 1.1 integers (decimal, 0x, 0b, leading-zero octal, underscores). */
const PYYAML_INT = /^[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0[0-7_]+|0|[1-9][0-9_]*)$/;
/** PyYAML 1.1 booleans and nulls among plain scalars a YAML 1.2 parser keeps as strings. */
const PYYAML_BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const PYYAML_NULL = /^(?:~|null|Null|NULL|)$/;

/** The value yacs stores for this YAML node (before the type check). */
export function yacsValue(node: ConfigNode): PyValue {
  switch (node.kind) {
    case 'number': {
      const text = (node.text ?? String(node.value)).trim();
      const scalar = pyyamlNumber(text, node.value);
      // PyYAML keeps `1e-3` a string; yacs literal_evals it back into a float.
      return scalar ?? literalEval(text) ?? { type: 'str', value: text };
    }
    case 'string':
      if (!node.quoted && PYYAML_BOOL.test(node.value)) return { type: 'bool', value: /^(?:yes|true|on)$/i.test(node.value) };
      if (!node.quoted && PYYAML_NULL.test(node.value)) return { type: 'none' };
      return literalEval(node.value) ?? { type: 'str', value: node.value };
    case 'boolean':
      return { type: 'bool', value: node.value };
    case 'null':
      return { type: 'none' };
    case 'array':
      // Only top-level strings are literal_eval'd: list items keep PyYAML's types (`[1e4]` holds the string "1e4").
      return { type: 'list', items: node.items.map(pyyamlItem) };
    case 'object':
      return { type: 'dict' };
    case 'opaque':
      return { type: 'other' };
  }
}

function pyyamlItem(node: ConfigNode): PyValue {
  if (node.kind === 'number') {
    const text = (node.text ?? String(node.value)).trim();
    return pyyamlNumber(text, node.value) ?? { type: 'str', value: text };
  }
  if (node.kind === 'string') {
    if (!node.quoted && PYYAML_BOOL.test(node.value)) return { type: 'bool', value: /^(?:yes|true|on)$/i.test(node.value) };
    return { type: 'str', value: node.value };
  }
  return yacsValue(node);
}

function pyyamlNumber(text: string, value: number): PyValue | undefined {
  if (PYYAML_INT.test(text)) return { type: 'int', value };
  if (!pyyamlKeepsString(text)) return { type: 'float', value };
  return undefined;
}

/**
 * yacs 0.1.8 accepts a replacement of exactly the default's type, None on either side, and tuple ↔ list;
 * anything else is `ValueError: Type mismatch`. An int where a float is expected (`BASE_LR: 1`) fails too.
 */
export function yacsAccepts(replacement: PyType, original: PyType): boolean {
  if (replacement === original) return true;
  if (replacement === 'none' || original === 'none') return true;
  return (replacement === 'tuple' && original === 'list') || (replacement === 'list' && original === 'tuple');
}

/** Python's name for a type, for messages. */
export function pythonTypeName(type: PyType): string {
  return type === 'none' ? 'NoneType' : type === 'other' ? 'object' : type;
}

/** Python's `repr` of a value, for messages ("(2000, 2600)", "0.02", "'linear'"). */
export function pythonRepr(value: PyValue): string {
  switch (value.type) {
    case 'int':
      return String(value.value);
    case 'float':
      return Number.isInteger(value.value) && Math.abs(value.value) < 1e16 ? `${value.value}.0` : String(value.value);
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'str':
      return `'${value.value}'`;
    case 'none':
      return 'None';
    case 'tuple':
      return value.items.length === 1 ? `(${pythonRepr(value.items[0])},)` : `(${value.items.map(pythonRepr).join(', ')})`;
    case 'list':
      return `[${value.items.map(pythonRepr).join(', ')}]`;
    case 'dict':
      return '{…}';
    case 'other':
      return '…';
  }
}

/**
 * `ast.literal_eval` for the literals config values use: numbers (with a sign), strings, True/False/None, tuples
 * (with or without parentheses), lists and dicts. Returns undefined where Python raises ValueError or SyntaxError
 * (yacs then keeps the string).
 */
export function literalEval(text: string): PyValue | undefined {
  const parser = new LiteralParser(text);
  try {
    const value = parser.expression(true);
    parser.skipSpace();
    return parser.atEnd() ? value : undefined;
  } catch {
    return undefined;
  }
}

const NUMBER = /^(?:(?:\d[\d_]*)?\.\d[\d_]*(?:[eE][-+]?\d[\d_]*)?|\d[\d_]*\.(?:[eE][-+]?\d[\d_]*)?|\d[\d_]*[eE][-+]?\d[\d_]*|0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0+|[1-9][\d_]*)/;

class LiteralParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  /** An expression; at the top level `1, 2` is a tuple, as in Python's eval mode. */
  expression(topLevel = false): PyValue {
    const first = this.atom();
    if (!topLevel) return first;
    this.skipSpace();
    if (this.text[this.pos] !== ',') return first;
    const items = [first];
    while (this.text[this.pos] === ',') {
      this.pos++;
      this.skipSpace();
      if (this.atEnd()) break;
      items.push(this.atom());
      this.skipSpace();
    }
    return { type: 'tuple', items };
  }

  private atom(): PyValue {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '(' || c === '[') return this.sequence(c === '(' ? ')' : ']');
    if (c === '{') return this.dict();
    if (c === '"' || c === "'") return { type: 'str', value: this.string(c) };
    if (c === '-' || c === '+') {
      this.pos++;
      const operand = this.atom();
      if (operand.type !== 'int' && operand.type !== 'float') throw new Error('bad operand');
      return { type: operand.type, value: c === '-' ? -operand.value : operand.value };
    }
    const name = /^[A-Za-z_]\w*/.exec(this.text.slice(this.pos))?.[0];
    if (name !== undefined) {
      this.pos += name.length;
      if (name === 'True' || name === 'False') return { type: 'bool', value: name === 'True' };
      if (name === 'None') return { type: 'none' };
      throw new Error('name'); // ValueError: malformed node (yacs keeps the string)
    }
    const number = NUMBER.exec(this.text.slice(this.pos))?.[0];
    if (number === undefined) throw new Error('syntax');
    this.pos += number.length;
    if (/^[\w.]/.test(this.text.slice(this.pos))) throw new Error('syntax'); // e.g. `010`, `1x`
    const clean = number.replace(/_/g, '');
    if (/^0[xXoObB]/.test(clean)) return { type: 'int', value: parseInt(clean.slice(2), { x: 16, o: 8, b: 2 }[clean[1].toLowerCase() as 'x' | 'o' | 'b']) };
    if (/[.eE]/.test(clean)) return { type: 'float', value: Number(clean) };
    return { type: 'int', value: Number(clean) };
  }

  private sequence(close: ')' | ']'): PyValue {
    this.pos++;
    const items: PyValue[] = [];
    let sawComma = false;
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) {
        this.pos++;
        break;
      }
      items.push(this.atom());
      this.skipSpace();
      if (this.text[this.pos] === ',') {
        sawComma = true;
        this.pos++;
      } else if (this.text[this.pos] !== close) {
        throw new Error('syntax');
      }
    }
    // `(x)` is x itself; `(x,)` and `()` are tuples.
    if (close === ')' && items.length === 1 && !sawComma) return items[0];
    return { type: close === ')' ? 'tuple' : 'list', items };
  }

  private dict(): PyValue {
    this.pos++;
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return { type: 'dict' };
      }
      this.atom();
      this.skipSpace();
      if (this.text[this.pos++] !== ':') throw new Error('syntax');
      this.atom();
      this.skipSpace();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== '}') throw new Error('syntax');
    }
  }

  private string(quote: string): string {
    let out = '';
    this.pos++;
    while (this.pos < this.text.length && this.text[this.pos] !== quote) {
      if (this.text[this.pos] === '\\') this.pos++;
      out += this.text[this.pos++] ?? '';
    }
    if (this.text[this.pos] !== quote) throw new Error('unterminated');
    this.pos++;
    return out;
  }
}
