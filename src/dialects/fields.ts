import { quoted } from '../formats/quote';
import type { ConfigEntry, ConfigNode, ObjectNode, SourceRange } from '../formats/tree';
import { didYouMean } from './suggest';
import type { Diagnostic, SettingRef } from './types';

/**
 * How the framework's own loader reads a YAML scalar. PyYAML (YAML 1.1) keeps `1e-3` a string: a float needs a
 * dot and a signed exponent (dialects.md §0.1); our YAML 1.2 parser already made it a number, so the source
 * text decides.
 */
export type ScalarLoader = 'yaml12' | 'pyyaml';

// PyYAML's float resolver (yaml/resolver.py) requires a dot: `1e-3` and `1.0e3` stay strings, `1.0e-3` is a float.
const PYYAML_FLOAT = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/;
const PYYAML_INT = /^[-+]?(?:0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|0o?[0-7_]+)$/;

/** True when PyYAML would load this number's source text as a string (e.g. `1e-3`, `5e-5`). */
export function pyyamlKeepsString(text: string): boolean {
  const t = text.trim();
  return !PYYAML_FLOAT.test(t) && !PYYAML_INT.test(t);
}

/** Mappings with at least this many entries get a key index at their first lookup; smaller ones are scanned. */
const INDEXED_FROM = 16;
/** Keyed by the entries array, which a tree never changes once parsed and an alias's copy of a mapping shares. */
const keyIndexes = new WeakMap<readonly ConfigEntry[], { last: Map<string, ConfigEntry>; repeated: Set<string> }>();

/**
 * The entry of `key` in a mapping; the last of duplicated keys wins, as in every JSON/YAML loader the frameworks
 * use. A mapping of N keys (N schedulers side by side) is asked about its keys for each of them: scanning it each
 * time made such a file cost N² (issue 11), so large mappings are indexed once.
 */
export function entryOf(node: ObjectNode, key: string): ConfigEntry | undefined {
  const entries = node.entries;
  if (entries.length < INDEXED_FROM) {
    for (let i = entries.length - 1; i >= 0; i--) if (entries[i].key === key) return entries[i];
    return undefined;
  }
  return keyIndex(entries).last.get(key);
}

/** Whether `key` is written more than once in the mapping. */
export function keyRepeated(node: ObjectNode, key: string): boolean {
  const entries = node.entries;
  if (entries.length < INDEXED_FROM) {
    let n = 0;
    for (const e of entries) if (e.key === key && ++n > 1) return true;
    return false;
  }
  return keyIndex(entries).repeated.has(key);
}

function keyIndex(entries: readonly ConfigEntry[]): { last: Map<string, ConfigEntry>; repeated: Set<string> } {
  let index = keyIndexes.get(entries);
  if (!index) {
    index = { last: new Map(), repeated: new Set() };
    for (const e of entries) {
      if (index.last.has(e.key)) index.repeated.add(e.key);
      index.last.set(e.key, e);
    }
    keyIndexes.set(entries, index);
  }
  return index;
}

export interface FieldOptions {
  /** reject values below this (inclusive bound) */
  min?: number;
  /** reject values at or below this */
  above?: number;
  integer?: boolean;
}

/**
 * Typed, diagnosing access to one config object: every value read is recorded as a setting (for hovers and
 * fixes), and every value of the wrong type becomes a diagnostic instead of an exception.
 */
export class Fields {
  constructor(
    readonly node: ObjectNode | undefined,
    private readonly out: { diagnostics: Diagnostic[]; settings: SettingRef[] },
    private readonly options: { prefix?: string; loader?: ScalarLoader; codePrefix?: string } = {},
  ) {}

  entry(key: string): ConfigEntry | undefined {
    return this.node && entryOf(this.node, key);
  }

  has(key: string): boolean {
    const e = this.entry(key);
    return !!e && e.value.kind !== 'null';
  }

  valueNode(key: string): ConfigNode | undefined {
    return this.entry(key)?.value;
  }

  range(key: string): SourceRange | undefined {
    return this.entry(key)?.value.range;
  }

  get keys(): string[] {
    return this.node ? this.node.entries.map(e => e.key) : [];
  }

  child(key: string): Fields {
    const value = this.entry(key)?.value;
    if (value) this.record(key);
    if (value && value.kind !== 'object' && value.kind !== 'null') {
      this.report(value.range, 'expected-object', `\`${this.path(key)}\` should be a mapping of settings.`);
    }
    return new Fields(value?.kind === 'object' ? value : undefined, this.out, { ...this.options, prefix: this.path(key) });
  }

  number(key: string, options: FieldOptions = {}): number | undefined {
    const e = this.entry(key);
    if (!e || e.value.kind === 'null') return undefined;
    this.record(key);
    return this.toNumber(e.value, this.path(key), options);
  }

  /** A number or a string the framework itself would turn into one (argparse, literal_eval). */
  toNumber(node: ConfigNode, path: string, options: FieldOptions = {}): number | undefined {
    let value: number | undefined;
    if (node.kind === 'number') {
      if (this.options.loader === 'pyyaml' && node.text !== undefined && pyyamlKeepsString(node.text)) {
        const spelling = pyyamlSpelling(node.text);
        this.report(node.range, 'number-as-string',
          `\`${path}: ${quoted(node.text)}\` is read as the string "${quoted(node.text)}" by PyYAML (a float needs a dot and a signed exponent); write ${spelling}.`,
          'error', spelling === node.text ? undefined : [{ title: `Write ${spelling}`, edits: [{ range: node.range, newText: spelling }], preferred: true }], true);
      }
      value = node.value;
    } else if (node.kind === 'string') {
      this.report(node.range, 'expected-number', `\`${path}\` should be a number, not the string "${quoted(node.value)}".`);
      return undefined;
    } else {
      this.report(node.range, 'expected-number', `\`${path}\` should be a number.`);
      return undefined;
    }
    if (!Number.isFinite(value)) {
      this.report(node.range, 'not-finite', `\`${path}\` is ${value}: a learning-rate schedule needs finite numbers.`);
      return undefined;
    }
    if (options.integer && !Number.isInteger(value)) {
      this.report(node.range, 'expected-integer', `\`${path}\` should be a whole number, not ${value}.`);
      return undefined;
    }
    if (options.min !== undefined && value < options.min) {
      this.report(node.range, 'out-of-range', `\`${path}\` should be at least ${options.min}, not ${value}.`);
      return undefined;
    }
    if (options.above !== undefined && value <= options.above) {
      this.report(node.range, 'out-of-range', `\`${path}\` should be greater than ${options.above}, not ${value}.`);
      return undefined;
    }
    return value;
  }

  string(key: string): string | undefined {
    const e = this.entry(key);
    if (!e || e.value.kind === 'null') return undefined;
    this.record(key);
    if (e.value.kind === 'string') return e.value.value;
    this.report(e.value.range, 'expected-string', `\`${this.path(key)}\` should be a string.`);
    return undefined;
  }

  boolean(key: string): boolean | undefined {
    const e = this.entry(key);
    if (!e || e.value.kind === 'null') return undefined;
    this.record(key);
    if (e.value.kind === 'boolean') return e.value.value;
    this.report(e.value.range, 'expected-boolean', `\`${this.path(key)}\` should be true or false.`);
    return undefined;
  }

  /** One of a fixed set of names; an unknown one gets a "did you mean". */
  oneOf<T extends string>(key: string, values: readonly T[]): T | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if ((values as readonly string[]).includes(value)) return value as T;
    this.report(this.range(key)!, 'unknown-value',
      `\`${this.path(key)}: ${quoted(value)}\` is not one of ${values.map(v => `\`${v}\``).join(', ')}.${didYouMean(value, values)}`);
    return undefined;
  }

  numberList(key: string, options: FieldOptions = {}): number[] | undefined {
    const e = this.entry(key);
    if (!e || e.value.kind === 'null') return undefined;
    this.record(key);
    if (e.value.kind !== 'array') {
      this.report(e.value.range, 'expected-list', `\`${this.path(key)}\` should be a list of numbers.`);
      return undefined;
    }
    const values: number[] = [];
    for (const item of e.value.items) {
      const v = this.toNumber(item, this.path(key), options);
      if (v === undefined) return undefined;
      values.push(v);
    }
    return values;
  }

  report(range: SourceRange, code: string, message: string, severity: Diagnostic['severity'] = 'error', fixes?: Diagnostic['fixes'], recoverable = false): void {
    this.out.diagnostics.push({ range, code: (this.options.codePrefix ?? '') + code, message, severity, fixes, ...(recoverable && { recoverable: true as const }) });
  }

  path(key: string): string {
    // a key as long as the file stays a path a message can quote (no framework key is near 120 characters)
    return this.options.prefix ? `${this.options.prefix}.${quoted(key)}` : quoted(key);
  }

  /** The key is written more than once in this mapping. */
  duplicated(key: string): boolean {
    return !!this.node && keyRepeated(this.node, key);
  }

  private record(key: string): void {
    const e = this.entry(key)!;
    const setting: SettingRef = { path: this.path(key), range: e.value.range, keyRange: { start: e.keyRange.start, end: e.value.range.end } };
    if (this.duplicated(key)) setting.duplicated = true;
    this.out.settings.push(setting);
  }
}

/** `1e-3` spelled so that PyYAML reads a float: `1.0e-3`. */
export function pyyamlSpelling(text: string): string {
  const m = /^([-+]?)([0-9_]*)(?:\.([0-9_]*))?[eE]([-+]?)([0-9]+)$/.exec(text.trim());
  if (!m) return text;
  const [, sign, whole, fraction, expSign, exponent] = m;
  return `${sign}${whole || '0'}.${fraction || '0'}e${expSign || '+'}${exponent}`;
}

/** Errors that stop a reader: those it could not read past (see `Diagnostic.recoverable`), from index `from` on. */
export function blockingErrors(diagnostics: readonly Diagnostic[], from = 0): number {
  let n = 0;
  for (let i = from; i < diagnostics.length; i++) if (diagnostics[i].severity === 'error' && !diagnostics[i].recoverable) n++;
  return n;
}
