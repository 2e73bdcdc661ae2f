import { quoted } from '../../formats/quote';
import type { ConfigNode, ObjectNode, SourceRange } from '../../formats/tree';
import { pyyamlKeepsString } from '../fields';
import type { Diagnostic, SettingRef } from '../types';
import { literalEvalNumber, pyNumberOf, type PyNumber } from './python';

/**
 * The keyword arguments of one `Optimizer.lr` block as PaddleClas passes them to its LR class.
 * ppcls/utils/config.py `create_attr_dict` runs `ast.literal_eval` on every string *mapping value*, so
 * `learning_rate: 1e-3` (a string for PyYAML) and `learning_rate: "0.1"` become floats; list items are not
 * visited, so `values: [1e-1, 1e-2]` keeps two strings and the LR becomes a string.
 */
export class PdArgs {
  constructor(
    readonly node: ObjectNode,
    private readonly prefix: string,
    private readonly out: { diagnostics: Diagnostic[]; settings: SettingRef[] },
  ) {}

  get keys(): string[] {
    return this.node.entries.map(e => e.key);
  }

  entryNode(key: string): ConfigNode | undefined {
    for (let i = this.node.entries.length - 1; i >= 0; i--) if (this.node.entries[i].key === key) return this.node.entries[i].value;
    return undefined;
  }

  has(key: string): boolean {
    const node = this.entryNode(key);
    return !!node && node.kind !== 'null';
  }

  range(key: string): SourceRange {
    return this.entryNode(key)?.range ?? this.node.range;
  }

  keyRange(key: string): SourceRange {
    const entry = [...this.node.entries].reverse().find(e => e.key === key);
    return entry?.keyRange ?? this.node.range;
  }

  path(key: string): string {
    return `${this.prefix}.${quoted(key)}`;
  }

  report(range: SourceRange, code: string, message: string, severity: Diagnostic['severity'] = 'error'): void {
    this.out.diagnostics.push({ range, code, message, severity });
  }

  private record(key: string): void {
    const entry = [...this.node.entries].reverse().find(e => e.key === key);
    if (entry) this.out.settings.push({ path: this.path(key), range: entry.value.range, keyRange: { start: entry.keyRange.start, end: entry.value.range.end } });
  }

  /** A number with its Python type (int or float), after literal_eval. */
  number(key: string): PyNumber | undefined {
    const node = this.entryNode(key);
    if (!node || node.kind === 'null') return undefined;
    this.record(key);
    const value = node.kind === 'string' ? literalEvalNumber(node.value) : pyNumberOf(node);
    if (!value || !Number.isFinite(value.value)) {
      this.report(node.range, 'pd-expected-number', `\`${this.path(key)}\` should be a number.`);
      return undefined;
    }
    return value;
  }

  /** A list of numbers; its items are not literal_eval-ed, so anything PyYAML keeps as a string is an error. */
  numberList(key: string): number[] | undefined {
    const node = this.entryNode(key);
    if (!node || node.kind === 'null') return undefined;
    this.record(key);
    if (node.kind !== 'array') {
      this.report(node.range, 'pd-expected-list', `\`${this.path(key)}\` should be a list of numbers.`);
      return undefined;
    }
    const values: number[] = [];
    for (const item of node.items) {
      const stringForPython = item.kind === 'string' || (item.kind === 'number' && item.text !== undefined && pyyamlKeepsString(item.text));
      if (stringForPython) {
        const shown = item.text ?? (item.kind === 'string' ? item.value : '');
        this.report(item.range, 'pd-list-string',
          `\`${shown}\` in \`${this.path(key)}\` stays a string: PaddleClas converts strings only in mapping values, not in lists (PyYAML reads \`1e-3\` as a string; a float needs a dot and a signed exponent, e.g. \`1.0e-3\` or \`0.001\`).`);
        return undefined;
      }
      if (item.kind !== 'number') {
        this.report(item.range, 'pd-expected-number', `\`${this.path(key)}\` should hold numbers only.`);
        return undefined;
      }
      values.push(item.value);
    }
    return values;
  }

  string(key: string): string | undefined {
    const node = this.entryNode(key);
    if (!node || node.kind === 'null') return undefined;
    this.record(key);
    if (node.kind === 'string') return node.value;
    this.report(node.range, 'pd-expected-string', `\`${this.path(key)}\` should be a name.`);
    return undefined;
  }

  /** Python truthiness of the value (PaddleClas tests `if by_epoch` / `getattr(lr, "by_epoch", False)`). */
  flag(key: string): boolean | undefined {
    const node = this.entryNode(key);
    if (!node || node.kind === 'null') return undefined;
    this.record(key);
    switch (node.kind) {
      case 'boolean':
        return node.value;
      case 'number':
        return node.value !== 0;
      case 'string': {
        // Unquoted: PyYAML's YAML 1.1 booleans. Quoted: literal_eval turns 'False', 'None', '0' into falsy values.
        if (!node.quoted) return !/^(?:no|No|NO|off|Off|OFF|false|False|FALSE)$/.test(node.value) && node.value !== '';
        const v = node.value.trim();
        return !(v === '' || v === 'False' || v === 'None' || literalEvalNumber(v)?.value === 0);
      }
      default:
        return true;
    }
  }
}
