import type { ConfigNode } from '../../formats/tree';

/**
 * What Python sees in a config value, where the schedulers check types with `isinstance`: YAML (OmegaConf,
 * jsonargparse) and JSON (`json.load`) both give an `int` for `1000` and a `float` for `1000.0` or `1e3`.
 * PyTorch rejects a float `T_0`/`T_mult`/`total_steps` and an int `pct_start`; DeepSpeed (≥ 0.19.3) rejects a
 * float `warmup_num_steps`.
 */
export function isIntegerLiteral(node: ConfigNode | undefined): boolean {
  if (!node || node.kind !== 'number') return false;
  if (node.text === undefined) return Number.isInteger(node.value);
  return /^[-+]?(?:[0-9][0-9_]*|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+)$/.test(node.text.trim());
}

/** A Python float literal (has a dot or an exponent), as opposed to an int. */
export function isFloatLiteral(node: ConfigNode | undefined): boolean {
  return !!node && node.kind === 'number' && !isIntegerLiteral(node);
}
