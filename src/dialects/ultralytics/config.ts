import { quoted } from '../../formats/quote';
import type { ObjectNode, SourceRange } from '../../formats/tree';
import { blockingErrors, Fields } from '../fields';
import type { Diagnostic, SettingRef } from '../types';

/**
 * Reading an Ultralytics cfg YAML the way `get_cfg` + `check_cfg(hard=True)` (ultralytics/cfg/__init__.py) do:
 * the file overrides cfg/default.yaml key by key; PyYAML loads it (so `lr0: 1e-3` is a string, a TypeError);
 * fraction keys must lie in [0, 1] (ValueError); int keys must be ints; bool keys bools.
 */

/** The LR-relevant defaults of ultralytics/cfg/default.yaml (@00033e8f). */
export const ULTRALYTICS_DEFAULTS = {
  epochs: 100,
  batch: 16,
  optimizer: 'auto',
  lr0: 0.01,
  lrf: 0.01,
  momentum: 0.937,
  weight_decay: 0.0005,
  warmup_epochs: 3.0,
  warmup_bias_lr: 0.1,
  nbs: 64,
  cos_lr: false,
  compile: false,
  fraction: 1.0,
} as const;

/** PyYAML's YAML 1.1 booleans that a YAML 1.2 parser leaves as strings. */
const PYYAML_TRUE = new Set(['yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const PYYAML_FALSE = new Set(['no', 'No', 'NO', 'off', 'Off', 'OFF']);

export class UltralyticsConfig {
  readonly fields: Fields;
  private readonly errorsBefore: number;

  constructor(root: ObjectNode, private readonly out: { diagnostics: Diagnostic[]; settings: SettingRef[] }) {
    this.fields = new Fields(root, out, { loader: 'pyyaml', codePrefix: 'ul-' });
    this.errorsBefore = blockingErrors(out.diagnostics);
  }

  /** True when check_cfg (or a later check) would have stopped the run. */
  get failed(): boolean {
    return blockingErrors(this.out.diagnostics) > this.errorsBefore;
  }

  has(key: string): boolean {
    return this.fields.has(key);
  }

  range(key: string): SourceRange | undefined {
    return this.fields.range(key);
  }

  /** CFG_FRACTION_KEYS: a number in [0, 1], else ValueError. */
  fraction(key: string, fallback: number): number {
    const value = this.fields.number(key);
    if (value === undefined) return fallback;
    if (value < 0 || value > 1) {
      this.fields.report(this.fields.range(key)!, 'out-of-range',
        `'${key}=${value}' is an invalid value: Ultralytics raises ValueError, valid '${key}' values are between 0.0 and 1.0.`);
      return fallback;
    }
    return value;
  }

  /** CFG_FLOAT_KEYS: int or float. */
  float(key: string, fallback: number | undefined): number | undefined {
    return this.fields.number(key) ?? fallback;
  }

  /** CFG_INT_KEYS: an int (PyYAML reads `100.0` as a float, which check_cfg rejects with TypeError). */
  int(key: string, fallback: number): number {
    const node = this.fields.valueNode(key);
    if (node?.kind === 'number' && node.text !== undefined && /[.eE]/.test(node.text) && !/^0x/i.test(node.text)) {
      const value = this.fields.number(key);
      const whole = value === undefined ? undefined : Math.trunc(value);
      // Only a whole number written plainly is a fix (1e+308 is still a float to PyYAML); then read on with it.
      const fix = whole !== undefined && Number.isSafeInteger(whole);
      this.fields.report(node.range, 'expected-integer',
        `'${key}=${quoted(node.text ?? '')}' is a float: Ultralytics raises TypeError, '${key}' must be an int${fix ? ` (i.e. '${key}=${whole}')` : ''}.`,
        'error', fix ? [{ title: `Write ${whole}`, edits: [{ range: node.range, newText: String(whole) }], preferred: true }] : undefined, fix);
      return fix ? whole! : fallback;
    }
    return this.fields.number(key, { integer: true }) ?? fallback;
  }

  /** CFG_BOOL_KEYS, with PyYAML's yes/no/on/off. */
  bool(key: string, fallback: boolean): boolean {
    const node = this.fields.valueNode(key);
    if (node?.kind === 'string' && !node.quoted && (PYYAML_TRUE.has(node.value) || PYYAML_FALSE.has(node.value))) {
      this.fields.string(key);
      return PYYAML_TRUE.has(node.value);
    }
    return this.fields.boolean(key) ?? fallback;
  }

  string(key: string): string | undefined {
    return this.fields.string(key);
  }

  /** Python truthiness of a key that may be a bool or a string (`compile: True` or `compile: default`). */
  truthy(key: string): boolean {
    const node = this.fields.valueNode(key);
    if (!node || node.kind === 'null') return false;
    if (node.kind === 'boolean') return this.bool(key, false);
    if (node.kind === 'string') {
      this.fields.string(key);
      return !node.quoted && PYYAML_FALSE.has(node.value) ? false : node.value !== '';
    }
    if (node.kind === 'number') return node.value !== 0;
    return true;
  }
}
