import { quoted } from '../../formats/quote';
import type { ArrayNode, ConfigNode, ObjectNode, SourceRange } from '../../formats/tree';
import { entryOf } from '../fields';

/**
 * OmegaConf `${...}` interpolations, resolved inside the one file (Hydra composes other files through its
 * `defaults` list; LR Lens never reads those). Supported, as OmegaConf resolves them:
 * - absolute node references `${trainer.max_epochs}`, list items `${a.b.0}` / `${a.b[0]}`;
 * - relative references `${.sibling}`, `${..parent_sibling}` (one dot = the node holding the key);
 * - a string with references inside (`run_${seed}`) becomes a string;
 * - a value that is exactly one reference takes the referenced node's type (a number stays a number).
 * Not supported (reported, never guessed): resolvers (`${oc.env:VAR}`, `${eval:...}`), nested references
 * (`${a.${b}}`), references to missing keys, cycles, and Hydra's `???` (a value to be given on the command line).
 * Bounded (reported as `interpolation-limit`): chains of more than MAX_DEPTH references, a value longer than
 * MAX_INTERPOLATED_VALUE characters, and more than MAX_INTERPOLATED_FILE characters of interpolated text in all.
 */
export interface Unresolved {
  range: SourceRange;
  message: string;
  /** set when a value stopped at a bound on what interpolation may produce (an interpolation bomb) */
  limit?: true;
  /** the opaque node that stands for the value in the resolved tree (a reader reports only those it reads) */
  node: ConfigNode;
}

export interface ResolvedTree {
  root: ConfigNode;
  /** every value that could not be resolved; such values are opaque nodes in `root` */
  unresolved: Unresolved[];
}

/** references followed in one chain (`a` → `b` → …), which also bounds the resolver's recursion */
const MAX_DEPTH = 32;
/**
 * Bounds on what interpolation may produce. A value that doubles itself through `${…}` 25 times is an 800-byte
 * YAML that expands to 268 MB (26 times: past V8's longest string). A real interpolated value is a path or a
 * name; the whole file's interpolated text is bounded like its YAML aliases (formats/yaml.ts MAX_ALIAS_NODES).
 */
export const MAX_INTERPOLATED_VALUE = 10_000;
export const MAX_INTERPOLATED_FILE = 1_000_000;

export function resolveInterpolations(root: ConfigNode): ResolvedTree {
  // Most files have nothing to resolve: the tree as it is, rather than a copy of every node (a crafted file's
  // 60,000 alias nodes copied on each keystroke were a sixth of its analysis, mostly garbage).
  if (!needsResolving(root)) return { root, unresolved: [] };
  const unresolved: Unresolved[] = [];
  const resolver = new Resolver(root, unresolved);
  return { root: resolver.resolve(root, [], 0), unresolved };
}

/** Whether any string in the tree is one the Resolver changes: a `${…}` interpolation or Hydra's `???`. */
function needsResolving(root: ConfigNode): boolean {
  const stack: ConfigNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.kind === 'string') {
      if (node.value.includes('${') || node.value.includes('???')) return true;
    } else if (node.kind === 'object') {
      for (const e of node.entries) stack.push(e.value);
    } else if (node.kind === 'array') {
      for (const item of node.items) stack.push(item);
    }
  }
  return false;
}

/** True when the (resolved) node, or anything inside it, could not be resolved. */
export function containsUnresolved(node: ConfigNode | undefined): boolean {
  if (!node) return false;
  if (node.kind === 'opaque') return true;
  if (node.kind === 'object') return node.entries.some(e => containsUnresolved(e.value));
  if (node.kind === 'array') return node.items.some(containsUnresolved);
  return false;
}

type Container = ObjectNode | ArrayNode;

class Resolver {
  /** resolved copies of referenced nodes, so a node referenced twice is resolved (and reported) once */
  private readonly cache = new Map<ConfigNode, ConfigNode>();
  private readonly visiting = new Set<ConfigNode>();
  /** characters of interpolated strings produced so far in the file, against MAX_INTERPOLATED_FILE */
  private produced = 0;
  private budgetReported = false;
  /** the key path of each string value, made at the first limit message (rare: no cost for other files) */
  private paths: Map<ConfigNode, string> | undefined;

  constructor(private readonly root: ConfigNode, private readonly unresolved: Unresolved[]) {}

  /** `parents`: the containers from the root down to the one holding `node`. */
  resolve(node: ConfigNode, parents: Container[], depth: number): ConfigNode {
    const cached = this.cache.get(node);
    if (cached) return cached;
    let result: ConfigNode;
    if (node.kind === 'object') {
      const inner = [...parents, node];
      result = { ...node, entries: node.entries.map(e => ({ ...e, value: this.resolve(e.value, inner, depth) })) };
    } else if (node.kind === 'array') {
      const inner = [...parents, node];
      result = { ...node, items: node.items.map(item => this.resolve(item, inner, depth)) };
    } else if (node.kind === 'string' && node.value.trim() === '???') {
      result = this.fail(node, `\`???\` marks a value Hydra expects on the command line; write the value here (or in an \`# lr-lens:\` directive) to see the schedule.`);
    } else if (node.kind === 'string' && node.value.includes('${')) {
      if (this.visiting.has(node)) return this.fail(node, `\`${quoted(node.value)}\` refers back to itself.`);
      if (depth > MAX_DEPTH) return this.fail(node, `\`${quoted(node.value)}\` goes through more than ${MAX_DEPTH} references in a chain; LR Lens stops resolving it.`, true);
      this.visiting.add(node);
      result = this.interpolate(node, parents, depth);
      this.visiting.delete(node);
    } else {
      result = node;
    }
    this.cache.set(node, result);
    return result;
  }

  private interpolate(node: ConfigNode & { kind: 'string' }, parents: Container[], depth: number): ConfigNode {
    const parts = splitInterpolations(node.value);
    if (typeof parts === 'string') return this.fail(node, `\`${quoted(node.value)}\`: ${parts}`);
    const references = parts.filter((p): p is { reference: string } => typeof p !== 'string');
    const resolvedParts: ConfigNode[] = [];
    for (const { reference } of references) {
      const target = this.lookup(reference, parents);
      if (typeof target === 'string') return this.fail(node, `\`\${${quoted(reference)}}\` ${target}`);
      const value = this.resolve(target.node, target.parents, depth + 1);
      if (value.kind === 'opaque') return this.fail(node, `\`\${${quoted(reference)}}\` refers to a value LR Lens cannot resolve.`);
      resolvedParts.push(value);
    }
    // A value that is exactly one reference takes the referenced node (its type, its source text).
    if (parts.length === 1 && references.length === 1) return { ...resolvedParts[0], range: node.range };
    let text = '';
    let i = 0;
    for (const part of parts) {
      const value = typeof part === 'string' ? undefined : resolvedParts[i++];
      if (value && (value.kind === 'object' || value.kind === 'array')) {
        return this.fail(node, `\`\${${quoted((part as { reference: string }).reference)}}\` is a mapping or list and cannot be part of a string.`);
      }
      const piece = value ? scalarText(value) : part as string;
      // Counted before the text grows, so a bomb stops at a bound instead of building its expansion; work on a
      // value that then fails counts too (thousands of values each stopped at the value bound are no cheaper).
      if (this.produced + piece.length > MAX_INTERPOLATED_FILE) return this.overFileBudget(node);
      this.produced += piece.length;
      text += piece;
      if (text.length > MAX_INTERPOLATED_VALUE) {
        return this.fail(node, `${this.named(node)} expands through \`\${…}\` interpolations to more than ${MAX_INTERPOLATED_VALUE.toLocaleString('en-US')} characters (an interpolation bomb?); LR Lens stops resolving it.`, true);
      }
    }
    return { kind: 'string', value: text, quoted: node.quoted, range: node.range, text: node.text };
  }

  /** The node a reference names, with its containers (for its own relative references), or why not. */
  private lookup(reference: string, parents: Container[]): { node: ConfigNode; parents: Container[] } | string {
    if (/^[\w-]+(\.[\w-]+)*:/.test(reference)) {
      const name = reference.slice(0, reference.indexOf(':'));
      return `uses the resolver \`${quoted(name)}\`, which LR Lens does not evaluate (it never runs code or reads the environment); write the value instead.`;
    }
    let dots = 0;
    while (reference[dots] === '.') dots++;
    const keys = splitPath(reference.slice(dots));
    if (keys === undefined) return 'is not a key path LR Lens understands.';
    let chain: Container[];
    let current: ConfigNode;
    if (dots === 0) {
      if (this.root.kind !== 'object' && this.root.kind !== 'array') return 'refers into a file that is not a mapping.';
      chain = [];
      current = this.root;
    } else {
      // `.` is the container holding the interpolating key, each further dot one level up.
      if (dots > parents.length) return 'goes above the top of the file.';
      chain = parents.slice(0, parents.length - dots);
      current = parents[parents.length - dots];
    }
    for (const key of keys) {
      let next: ConfigNode | undefined;
      if (current.kind === 'object') {
        // indexed for a large mapping: thousands of `${…}` into one mapping would each scan it
        next = entryOf(current, key)?.value;
      } else if (current.kind === 'array' && /^\d+$/.test(key)) {
        next = current.items[Number(key)];
      }
      if (!next) return `refers to \`${quoted(reference)}\`, which is not in this file (Hydra may compose it from another config; write the value here or set it in an \`# lr-lens:\` directive).`;
      if (current.kind === 'object' || current.kind === 'array') chain = [...chain, current];
      current = next;
    }
    return { node: current, parents: chain };
  }

  /** The file's interpolation budget is spent: said once, at the first value past it; later ones stop quietly. */
  private overFileBudget(node: ConfigNode & { kind: 'string' }): ConfigNode {
    if (this.budgetReported) return this.fail(node, undefined);
    this.budgetReported = true;
    return this.fail(node, `${this.named(node)} would take the text produced by \`\${…}\` interpolations in this file past ${MAX_INTERPOLATED_FILE.toLocaleString('en-US')} characters (an interpolation bomb?); LR Lens stops resolving it and every later interpolation that adds text.`, true);
  }

  /** `lr_scheduler.name` (`"${a}${a}"`): the value a message is about, by its key path and its source text. */
  private named(node: ConfigNode & { kind: 'string' }): string {
    this.paths ??= keyPaths(this.root);
    const path = this.paths.get(node);
    const source = `\`${quoted(node.text ?? node.value)}\``;
    return path ? `\`${quoted(path)}\` (${source})` : source;
  }

  /** `message` undefined: opaque without a diagnostic of its own (one already says why). */
  private fail(node: ConfigNode, message: string | undefined, limit?: true): ConfigNode {
    const earlier = this.cache.get(node);
    if (earlier?.kind === 'opaque') return earlier;
    const opaque: ConfigNode = { kind: 'opaque', range: node.range, text: node.text };
    if (message !== undefined) this.unresolved.push({ range: node.range, message, node: opaque, ...(limit ? { limit } : {}) });
    this.cache.set(node, opaque);
    return opaque;
  }
}

/** Each string value's key path (`a.b.0`), each node once (a YAML alias shares its anchor's nodes). */
function keyPaths(root: ConfigNode): Map<ConfigNode, string> {
  const paths = new Map<ConfigNode, string>();
  const seen = new Set<ConfigNode>();
  const walk = (node: ConfigNode, path: string): void => {
    if (seen.has(node)) return;
    seen.add(node);
    if (node.kind === 'string') paths.set(node, path);
    else if (node.kind === 'object') for (const e of node.entries) walk(e.value, path ? `${path}.${quoted(e.key)}` : quoted(e.key));
    else if (node.kind === 'array') node.items.forEach((item, i) => walk(item, path ? `${path}.${i}` : String(i)));
  };
  walk(root, '');
  return paths;
}

/** `a_${b.c}_d` → ['a_', {reference: 'b.c'}, '_d'], or a message when the braces do not match. */
function splitInterpolations(value: string): (string | { reference: string })[] | string {
  const parts: (string | { reference: string })[] = [];
  let literal = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '\\' && value.startsWith('${', i + 1)) { literal += '${'; i += 2; continue; }
    if (!value.startsWith('${', i)) { literal += value[i]; continue; }
    const end = value.indexOf('}', i + 2);
    if (end < 0) return 'an interpolation `${` is not closed.';
    const reference = value.slice(i + 2, end).trim();
    if (reference.includes('${')) return 'nested interpolations are not resolved by LR Lens; write the value instead.';
    if (literal) parts.push(literal);
    literal = '';
    parts.push({ reference });
    i = end;
  }
  if (literal) parts.push(literal);
  return parts;
}

/** `a.b[0].c` → ['a', 'b', '0', 'c']. */
function splitPath(path: string): string[] | undefined {
  if (path === '') return [];
  const keys: string[] = [];
  for (const segment of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(segment);
    if (!m) return undefined;
    if (m[1]) keys.push(m[1]);
    for (const index of m[2].matchAll(/\[(\d+)\]/g)) keys.push(index[1]);
    if (!m[1] && !m[2]) return undefined;
  }
  return keys;
}

function scalarText(node: ConfigNode): string {
  switch (node.kind) {
    case 'string': return node.value;
    case 'number': return node.text ?? String(node.value);
    case 'boolean': return node.value ? 'True' : 'False';
    case 'null': return 'None';
    default: return node.text ?? '';
  }
}
