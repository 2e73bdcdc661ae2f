import { quoted } from '../../formats/quote';
import type { ObjectNode, SourceRange } from '../../formats/tree';
import { type FieldOptions, Fields } from '../fields';
import type { Diagnostic, SettingRef } from '../types';

/**
 * timm's train.py reads `--config file.yaml` with `yaml.safe_load` and passes the mapping to
 * `parser.set_defaults(**cfg)`; argparse then converts only *string* defaults with the argument's `type`
 * (so `lr: 1e-3`, a string to PyYAML, still becomes 0.001, dialects.md §0.1) and keeps every other value as
 * loaded. Flags (`store_true`) keep whatever the YAML held and are used for their truthiness.
 */

/** train.py's argparse defaults for the keys the LR schedule uses (huggingface/pytorch-image-models @aa4b5850). */
export const TIMM_DEFAULTS = {
  sched: 'cosine',
  epochs: 300,
  warmup_epochs: 5,
  warmup_lr: 1e-5,
  min_lr: 0,
  warmup_prefix: false,
  cooldown_epochs: 0,
  decay_epochs: 90,
  decay_milestones: [90, 180, 270],
  decay_rate: 0.1,
  lr_cycle_mul: 1.0,
  lr_cycle_decay: 0.5,
  lr_cycle_limit: 1,
  lr_k_decay: 1.0,
  lr_base: 0.1,
  lr_base_size: 256,
  lr_base_scale: '',
  batch_size: 128,
  grad_accum_steps: 1,
  opt: 'sgd',
  sched_on_updates: false,
} as const;

/** Python float() syntax (argparse `type=float` on a string default). */
const PY_FLOAT = /^\s*[+-]?(?:(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*\.|inf(?:inity)?|nan)\s*$/i;
/** Python int() syntax (argparse `type=int`). */
const PY_INT = /^\s*[+-]?\d(?:_?\d)*\s*$/;
const PYYAML_TRUE = new Set(['yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const PYYAML_FALSE = new Set(['no', 'No', 'NO', 'off', 'Off', 'OFF']);

export class TimmArgs {
  readonly fields: Fields;

  constructor(root: ObjectNode, out: { diagnostics: Diagnostic[]; settings: SettingRef[] }) {
    this.fields = new Fields(root, out, { codePrefix: 'timm-' });
  }

  /** Set in the file (null counts as not set: the argparse default None). */
  has(key: string): boolean {
    return this.fields.has(key);
  }

  range(key: string): SourceRange | undefined {
    return this.fields.range(key);
  }

  /** A number argument; a string is converted as argparse's `type` would, or reported as argparse would fail. */
  number(key: string, options: FieldOptions = {}): number | undefined {
    const node = this.fields.valueNode(key);
    if (node?.kind === 'string') {
      this.fields.string(key);
      const ok = options.integer ? PY_INT.test(node.value) : PY_FLOAT.test(node.value);
      if (!ok) {
        this.fields.report(node.range, 'invalid-value',
          `\`${key}: ${quoted(node.value)}\`: train.py's argparse rejects it (invalid ${options.integer ? 'int' : 'float'} value).`);
        return undefined;
      }
      const text = node.value.trim().replace(/_/g, '').toLowerCase();
      return /inf/.test(text) ? (text.startsWith('-') ? -Infinity : Infinity) : Number(text);
    }
    return this.fields.number(key, options);
  }

  /** A `store_true` flag: Python truthiness of the loaded value (PyYAML also reads yes/no/on/off). */
  flag(key: string, fallback: boolean): boolean {
    const node = this.fields.valueNode(key);
    if (!node || node.kind === 'null') return fallback;
    if (node.kind === 'boolean') return this.fields.boolean(key) ?? fallback;
    if (node.kind === 'string') {
      this.fields.string(key);
      if (!node.quoted && PYYAML_TRUE.has(node.value)) return true;
      if (!node.quoted && PYYAML_FALSE.has(node.value)) return false;
      return node.value !== '';
    }
    if (node.kind === 'number') {
      this.fields.number(key);
      return node.value !== 0;
    }
    return true;
  }

  string(key: string): string | undefined {
    return this.fields.string(key);
  }

  numberList(key: string): number[] | undefined {
    const node = this.fields.valueNode(key);
    if (node?.kind === 'number') {
      const value = this.number(key);
      return value === undefined ? undefined : [value];
    }
    return this.fields.numberList(key);
  }
}
