import type { ConfigEntry, ConfigNode, NodeOrigin, ObjectNode, SourceRange } from '../formats/tree';

/**
 * The tree operations behind base files: adopting a base's nodes into the analysed file's tree, and merging one
 * mapping over another as the frameworks' loaders merge dicts.
 */

/**
 * The origin of every range that adopt() made, by identity: a reader reports a diagnostic or records a setting at
 * `node.range` or `entry.keyRange`, the very objects adopt() made, so the analysis can tell afterwards which base
 * file wrote the value it is about. A WeakMap: the ranges go when their tree goes.
 */
const ORIGINS = new WeakMap<SourceRange, NodeOrigin>();

export function originOfRange(range: SourceRange): NodeOrigin | undefined {
  return ORIGINS.get(range);
}

/** Nodes adopt() copies from the base files of one config, at most (a YAML alias can stand for a large subtree). */
export const MAX_ADOPTED_NODES = 200_000;

export class AdoptBudget {
  used = 0;
  get exhausted(): boolean { return this.used > MAX_ADOPTED_NODES; }
}

/**
 * A copy of a base file's tree for the analysed file's tree: each node keeps where it is written (`origin`) and
 * gets, as its own range, a fresh copy of `anchor` (the entry of the analysed file that names the base), so no
 * range of the merged tree points into another file's text. Undefined when the budget runs out.
 */
export function adopt(node: ConfigNode, path: string, anchor: SourceRange, budget: AdoptBudget): ConfigNode | undefined {
  if (++budget.used > MAX_ADOPTED_NODES) return undefined;
  const range = anchored(anchor, path, node.range);
  const origin: NodeOrigin = { path, range: node.range };
  if (node.kind === 'object') {
    const entries: ConfigEntry[] = [];
    for (const e of node.entries) {
      const value = adopt(e.value, path, anchor, budget);
      if (!value) return undefined;
      entries.push({ key: e.key, keyRange: anchored(anchor, path, e.keyRange), value });
    }
    return { ...node, range, origin, entries };
  }
  if (node.kind === 'array') {
    const items: ConfigNode[] = [];
    for (const item of node.items) {
      const value = adopt(item, path, anchor, budget);
      if (!value) return undefined;
      items.push(value);
    }
    return { ...node, range, origin, items };
  }
  return { ...node, range, origin };
}

/** An empty mapping for an empty file (Hydra and OmegaConf load an empty YAML file as an empty config). */
export function adoptEmpty(path: string, anchor: SourceRange): ObjectNode {
  const written = { start: 0, end: 0 };
  return { kind: 'object', entries: [], range: anchored(anchor, path, written), origin: { path, range: written } };
}

function anchored(anchor: SourceRange, path: string, written: SourceRange): SourceRange {
  const range = { start: anchor.start, end: anchor.end };
  ORIGINS.set(range, { path, range: written });
  return range;
}

export interface MergeRules {
  /**
   * A child mapping meets a base value that is not a mapping: detectron2 asserts "Cannot inherit key", MMEngine
   * raises TypeError. The child's value is kept.
   */
  conflict(keys: readonly string[], child: ConfigEntry, base: ConfigEntry): void;
  /** MMEngine's `_delete_`: a truthy one makes the child's mapping replace the base's (it is popped either way) */
  deleteKey?: string;
}

/**
 * `child` merged over `base`, as fvcore's merge_a_into_b and MMEngine's Config._merge_a_into_b do: a mapping under
 * a key both have is merged recursively, anything else from the child replaces the base's value. The base's
 * other keys come first, then the child's entries as written (a key repeated in the child stays repeated: the
 * last one wins, as in the loader). The result keeps the child's range and origin.
 */
export function mergeMappings(child: ObjectNode, base: ObjectNode, rules: MergeRules, keys: readonly string[] = []): ObjectNode {
  const baseLast = new Map<string, ConfigEntry>();
  for (const e of base.entries) baseLast.set(e.key, e);
  const childLast = new Map<string, ConfigEntry>();
  for (const e of child.entries) childLast.set(e.key, e);
  const entries: ConfigEntry[] = [];
  for (const e of baseLast.values()) if (!childLast.has(e.key)) entries.push(e);
  for (const e of child.entries) {
    const b = baseLast.get(e.key);
    if (!b || e.value.kind !== 'object' || childLast.get(e.key) !== e) { entries.push(e); continue; }
    let value = e.value;
    if (rules.deleteKey) {
      const deletes = truthy(value.entries.filter(d => d.key === rules.deleteKey).pop()?.value);
      value = { ...value, entries: value.entries.filter(d => d.key !== rules.deleteKey) };
      if (deletes) { entries.push({ ...e, value }); continue; }
    }
    if (b.value.kind !== 'object') {
      rules.conflict([...keys, e.key], e, b);
      entries.push({ ...e, value });
      continue;
    }
    entries.push({ ...e, value: mergeMappings(value, b.value, rules, [...keys, e.key]) });
  }
  return { ...child, entries };
}

/** Python's truth of a loaded value (`_delete_=True`, `1`, a non-empty string). */
function truthy(node: ConfigNode | undefined): boolean {
  if (!node) return false;
  switch (node.kind) {
    case 'boolean': return node.value;
    case 'number': return node.value !== 0;
    case 'string': return node.value !== '';
    case 'array': return node.items.length > 0;
    case 'object': return node.entries.length > 0;
    default: return false;
  }
}
