import type { ConfigNode } from '../../formats/tree';
import type { Fields } from '../fields';

/** A Python float literal (a dot or an exponent), as opposed to an int: `isinstance(x, float)` checks see it. */
export function isFloatLiteral(node: ConfigNode | undefined): boolean {
  if (!node || node.kind !== 'number') return false;
  if (node.text === undefined) return !Number.isInteger(node.value);
  return /[.eE]|inf|nan/i.test(node.text) && !/^[-+]?0x/i.test(node.text.trim());
}

/** PyYAML's (YAML 1.1) booleans, which a YAML 1.2 parser keeps as strings. */
const PYYAML_TRUE = ['yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'];
const PYYAML_FALSE = ['no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'];

/**
 * A flag as Python sees it: YAML 1.1 `yes`/`on` are True; any other value is read by truthiness
 * (`if by_epoch:`), so `0` is False. Reports a value Python would read but that is surely a mistake.
 */
export function pyyamlBoolean(f: Fields, key: string): boolean | undefined {
  const node = f.valueNode(key);
  if (!node || node.kind === 'null') return undefined;
  if (node.kind === 'boolean') return f.boolean(key);
  if (node.kind === 'string' && !node.quoted) {
    if (PYYAML_TRUE.includes(node.value)) return true;
    if (PYYAML_FALSE.includes(node.value)) return false;
  }
  if (node.kind === 'number') return node.value !== 0;
  return f.boolean(key);
}
