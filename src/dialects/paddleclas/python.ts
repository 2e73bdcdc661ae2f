import type { ConfigNode } from '../../formats/tree';

/**
 * Python's `round()` on a float: round half to even (`round(2.5) == 2`, `round(3.5) == 4`), which PaddleClas
 * uses for `warmup_steps = round(warmup_epoch * step_each_epoch)`.
 */
export function pyRound(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Python literal syntax for numbers, as `ast.literal_eval` accepts it (sign, underscores, hex, exponent). */
const PY_INT = /^[-+]?(?:0|[1-9](?:_?[0-9])*|0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+)$/;
const PY_FLOAT = /^[-+]?(?:(?:[0-9](?:_?[0-9])*)?\.[0-9](?:_?[0-9])*|[0-9](?:_?[0-9])*\.?)(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/;

/** A Python value read from YAML text: its number and whether Python holds it as an int or a float. */
export interface PyNumber {
  value: number;
  isInt: boolean;
}

/** `ast.literal_eval(text)` when it gives an int or a float; undefined otherwise. */
export function literalEvalNumber(text: string): PyNumber | undefined {
  const t = text.trim();
  if (PY_INT.test(t)) {
    const clean = t.replace(/_/g, '');
    const sign = clean.startsWith('-') ? -1 : 1;
    const body = clean.replace(/^[-+]/, '');
    const value = /^0[xob]/i.test(body) ? sign * Number(body.toLowerCase()) : Number(clean);
    return { value, isInt: true };
  }
  if (PY_FLOAT.test(t) && /[0-9]/.test(t)) return { value: Number(t.replace(/_/g, '')), isInt: false };
  return undefined;
}

/** The number Python sees for a YAML number node: an int unless written with a dot or an exponent. */
export function pyNumberOf(node: ConfigNode): PyNumber | undefined {
  if (node.kind !== 'number') return undefined;
  const text = node.text?.trim();
  if (text === undefined) return { value: node.value, isInt: Number.isInteger(node.value) };
  return { value: node.value, isInt: !/[.eE]|inf|nan/i.test(text) || /^[-+]?0x/i.test(text) };
}
