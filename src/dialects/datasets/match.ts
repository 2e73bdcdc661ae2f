import { getPath } from '../../formats/access';
import { quoted } from '../../formats/quote';
import type { ConfigNode, SourceRange } from '../../formats/tree';
import type { InferredFact } from './index';
import type { KnownSplit } from './table';

/**
 * Helpers the per-framework matchers share: reading a setting as text, cutting a path into its folders, and
 * wording the origin of an inferred dataset size.
 */

/** Longer than any dataset name or path we recognise: such a value is not looked at (a crafted file's megabyte). */
const MAX_MATCHED_LENGTH = 1024;

/** A setting the size was read from, as the user wrote it. */
export interface Setting {
  key: string;
  value: string;
}

/** A training split that goes into the size, and how many of its items are used (fewer when a cap applies). */
export interface Part {
  split: KnownSplit;
  count: number;
}

export interface TextSetting {
  value: string;
  node: ConfigNode;
}

/** The string at a path of keys, unless it is missing, not a string, or longer than any name we know. */
export function textAt(root: ConfigNode, keys: readonly string[]): TextSetting | undefined {
  const node = getPath(root, keys);
  if (node?.kind !== 'string' || node.value.length > MAX_MATCHED_LENGTH) return undefined;
  return { value: node.value, node };
}

/** A boolean setting: YAML/JSON booleans only, as the loaders give them. */
export function flagAt(root: ConfigNode, keys: readonly string[]): boolean | undefined {
  const node = getPath(root, keys);
  return node?.kind === 'boolean' ? node.value : undefined;
}

/** A number setting. */
export function numberAt(root: ConfigNode, keys: readonly string[]): number | undefined {
  const node = getPath(root, keys);
  return node?.kind === 'number' ? node.value : undefined;
}

/** Whether a key is written at the path at all (with any value but null). */
export function isSet(root: ConfigNode, keys: readonly string[]): boolean {
  const node = getPath(root, keys);
  return node !== undefined && node.kind !== 'null';
}

/** The folders of a path, `\` read as `/`, without empty and `.` segments: `./dataset/ILSVRC2012/` → dataset, ILSVRC2012. */
export function pathSegments(path: string): string[] {
  return path.replace(/\\/g, '/').split('/').filter(s => s !== '' && s !== '.');
}

/** Whether `segments` ends with `tail` (compared lower-case: folder names on case-insensitive disks and in docs vary). */
export function endsWith(segments: readonly string[], tail: readonly string[]): boolean {
  if (tail.length > segments.length) return false;
  const offset = segments.length - tail.length;
  return tail.every((t, i) => segments[offset + i].toLowerCase() === t.toLowerCase());
}

/**
 * The inferred dataset_size: the sum of the parts (less a split held out for evaluation), with an origin such as "ImageNet-1k train (1,281,167 images,
 * ILSVRC2012, Russakovsky et al. 2015), from `data_dir: /data/imagenet`". User text goes through quoted().
 */
export function inferredSize(parts: readonly Part[], settings: readonly Setting[], range: SourceRange, heldOut = 0): InferredFact {
  const total = parts.reduce((sum, p) => sum + p.count, 0) - heldOut;
  const count = (p: Part) => p.count < p.split.size ? `${formatCount(p.count)} of ${formatCount(p.split.size)}` : formatCount(p.split.size);
  const names = parts.map(p => `${p.split.dataset} ${p.split.split}`).join(' + ');
  const less = heldOut > 0 ? ` − ${formatCount(heldOut)} held out` : '';
  const counts = parts.length === 1 && !less ? count(parts[0]) : `${parts.map(count).join(' + ')}${less} = ${formatCount(total)}`;
  const sources = [...new Set(parts.map(p => p.split.source))].join('; ');
  const from = settings.map(s => `\`${s.key}: ${quoted(s.value)}\``).join(', ');
  return {
    fact: 'dataset_size',
    value: total,
    origin: `${names} (${counts} ${parts[0].split.unit}, ${sources}), from ${from}`,
    range,
  };
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
