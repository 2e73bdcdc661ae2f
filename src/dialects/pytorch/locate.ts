import { quoted } from '../../formats/quote';
import type { ConfigNode, ObjectNode, SourceRange } from '../../formats/tree';
import { entryOf } from '../fields';
import { TORCH_SCHEDULER_NAMES } from './schedulers';

/**
 * Where a PyTorch scheduler and its optimizer sit in a config tree. Two spellings name a class:
 * Hydra's `_target_: torch.optim.lr_scheduler.CosineAnnealingLR` (keyword arguments beside it) and
 * jsonargparse/LightningCLI's `class_path: ...` (keyword arguments under `init_args`; a short class name is
 * accepted for torch classes). A third, a project's own (pytorch_tempest's `load_obj(cfg.scheduler.class_name)(optimizer,
 * **cfg.scheduler.params)`): `class_name: torch.optim.lr_scheduler.X` with the keyword arguments under `params`.
 */
export type ClassStyle = 'hydra' | 'classPath' | 'className';

export interface LocatedScheduler {
  node: ObjectNode;
  /** dotted path of the node, e.g. `lr_scheduler`, `model.scheduler` */
  path: string;
  /** the object holding the node (where Lightning-style `interval`/`frequency` keys sit), undefined at the root */
  parent: ObjectNode | undefined;
  style: ClassStyle;
  /** the class inside torch.optim.lr_scheduler, or the name written when it is not one */
  className: string;
  /** the range of the `_target_` / `class_path` value */
  classRange: SourceRange;
}

const SCHEDULER_MODULES = ['torch.optim.lr_scheduler.'];
/** Lightning's ReduceLROnPlateau subclass (adds the `monitor` argument LightningCLI needs). */
const LIGHTNING_PLATEAU = /^(?:lightning\.pytorch|pytorch_lightning)\.cli\.ReduceLROnPlateau$/;
const OPTIMIZER_MODULE = /^torch\.optim\.([A-Za-z]\w*)$/;

const MAX_DEPTH = 8;

/** The `_target_` or `class_path` string of a node, with its style. */
export function classOf(node: ConfigNode | undefined): { style: ClassStyle; name: string; range: SourceRange } | undefined {
  if (node?.kind !== 'object') return undefined;
  for (const [key, style] of [['_target_', 'hydra'], ['class_path', 'classPath'], ['class_name', 'className']] as const) {
    for (let i = node.entries.length - 1; i >= 0; i--) {
      const e = node.entries[i];
      if (e.key === key && e.value.kind === 'string') return { style, name: e.value.value.trim(), range: e.value.range };
    }
  }
  return undefined;
}

/**
 * The scheduler class a dotted name refers to: `torch.optim.lr_scheduler.X` → X (even when X does not exist,
 * so it can be reported), Lightning's ReduceLROnPlateau, and (class_path only) a short torch class name.
 */
export function schedulerClassName(name: string, style: ClassStyle): string | undefined {
  for (const prefix of SCHEDULER_MODULES) if (name.startsWith(prefix)) return name.slice(prefix.length);
  if (LIGHTNING_PLATEAU.test(name)) return 'ReduceLROnPlateau';
  if (style === 'classPath' && TORCH_SCHEDULER_NAMES.includes(name)) return name;
  return undefined;
}

/** The optimizer class of a `torch.optim.X` name (or a short name in class_path style). */
export function optimizerClassName(name: string, style: ClassStyle): string | undefined {
  const m = OPTIMIZER_MODULE.exec(name);
  if (m) return m[1];
  if (style === 'classPath' && /^[A-Z][A-Za-z]*$/.test(name) && !TORCH_SCHEDULER_NAMES.includes(name)) return name;
  return undefined;
}

/**
 * The outermost scheduler nodes (children of SequentialLR/ChainedScheduler are read through their parent), the
 * first `limit` of them in file order (detection needs one).
 */
export function locateSchedulers(root: ConfigNode, limit = Infinity): LocatedScheduler[] {
  const found: LocatedScheduler[] = [];
  if (limit > 0) forEachScheduler(root, scheduler => found.push(scheduler) < limit);
  return found;
}

/**
 * Each outermost scheduler node in file order, until `take` returns false. The reader stops at MAX_SCHEDULES this
 * way: a crafted file holds 20,000 aliased schedulers in 64 KB, and locating them all (a path string and a record
 * each) was a third of its analysis.
 */
export function forEachScheduler(root: ConfigNode, take: (scheduler: LocatedScheduler) => boolean): void {
  walk(root, '', undefined, 0, (node, path, parent) => {
    const named = classOf(node);
    if (!named) return false;
    const className = schedulerClassName(named.name, named.style);
    if (className === undefined) return false;
    return take({ node: node as ObjectNode, path: path(), parent, style: named.style, className, classRange: named.range }) ? true : STOP;
  });
}

export interface LocatedOptimizer {
  /** the optimizer node (for a LightningCLI short form `optimizer: Adam`, the mapping holding that key) */
  node: ObjectNode;
  /** where the optimizer class is named */
  classRange: SourceRange;
  path: string;
  style: ClassStyle;
  className: string | undefined;
  /** the object holding `lr` (`init_args` in class_path style) */
  args: ObjectNode | undefined;
  argsPath: string;
}

/**
 * The optimizer whose LR the scheduler scales: the one beside the scheduler, else a top-level `optimizer`,
 * else the first `torch.optim.*` node in the file.
 */
export function locateOptimizer(root: ConfigNode, scheduler: LocatedScheduler): LocatedOptimizer | undefined {
  let locate = optimizerLocators.get(root);
  if (!locate) optimizerLocators.set(root, locate = optimizerLocator(root));
  return locate(scheduler);
}

/**
 * One locator per tree (trees are never changed once parsed): walking the tree again for each scheduler made a
 * file of N aliased schedulers cost N² (issue 11: 4,000 schedulers in 12 KB took 14 s).
 */
const optimizerLocators = new WeakMap<ConfigNode, (scheduler: LocatedScheduler) => LocatedOptimizer | undefined>();

/** `locateOptimizer` for every scheduler of one tree: one walk, the optimizers filed by the path that holds them. */
function optimizerLocator(root: ConfigNode): (scheduler: LocatedScheduler) => LocatedOptimizer | undefined {
  const candidates: LocatedOptimizer[] = [];
  walk(root, '', undefined, 0, (node, path) => {
    const named = classOf(node);
    const optimizerName = named && optimizerClassName(named.name, named.style);
    if (!named || !optimizerName) return false;
    candidates.push(optimizerAt(node as ObjectNode, path(), named.style, optimizerName));
    return true;
  });
  // The first candidate per holder path: `a.b.optimizer` is beside `a.b.scheduler`, `optimizer` beside `lr_scheduler`.
  const byHolder = new Map<string, LocatedOptimizer>();
  for (const c of candidates) if (!byHolder.has(holderPath(c.path))) byHolder.set(holderPath(c.path), c);
  const fallback = candidates.find(c => c.path === 'optimizer') ?? candidates[0] ?? plainOptimizer(root);
  return scheduler => byHolder.get(holderPath(scheduler.path)) ?? fallback;
}

/** A path up to and including its last dot (`''` at the top level): siblings share it. */
function holderPath(path: string): string {
  return path.slice(0, path.lastIndexOf('.') + 1);
}

/** A top-level `optimizer` that names no `torch.optim` class with `_target_` or `class_path`. */
function plainOptimizer(root: ConfigNode): LocatedOptimizer | undefined {
  if (root.kind !== 'object') return undefined;
  const plain = lastEntry(root, 'optimizer');
  // An `optimizer:` mapping without a class (e.g. `optimizer: {lr: 0.1}` read by the training script).
  if (plain?.kind === 'object') return optimizerAt(plain, 'optimizer', 'hydra', undefined);
  // jsonargparse's short form `optimizer: Adam` (the class with its default arguments).
  if (plain?.kind === 'string') {
    const className = optimizerClassName(plain.value.trim(), 'classPath');
    if (className) return { node: root, classRange: plain.range, path: 'optimizer', style: 'classPath', className, args: undefined, argsPath: 'optimizer.init_args' };
  }
  return undefined;
}

function optimizerAt(node: ObjectNode, path: string, style: ClassStyle, className: string | undefined): LocatedOptimizer {
  const classRange = classOf(node)?.range ?? node.range;
  if (style === 'classPath' || style === 'className') {
    const key = style === 'classPath' ? 'init_args' : 'params';
    const args = lastEntry(node, key);
    return { node, classRange, path, style, className, args: args?.kind === 'object' ? args : undefined, argsPath: `${path}.${key}` };
  }
  return { node, classRange, path, style, className, args: node, argsPath: path };
}

export function lastEntry(node: ObjectNode, key: string): ConfigNode | undefined {
  return entryOf(node, key)?.value;
}

/** What a visit returns to end the whole walk. */
const STOP = 'stop';

/**
 * Depth-first over objects and lists; `visit` returns true to stop descending into a node, STOP to end the walk.
 * The path is made only when a visit asks for it (`path()`): building `schedulers[12345]` for each of 20,000
 * nodes of a crafted file was most of the walk's time and garbage.
 */
function walk(root: ConfigNode, rootPath: string, rootParent: ObjectNode | undefined, rootDepth: number,
  visit: (node: ConfigNode, path: () => string, parent: ObjectNode | undefined) => boolean | typeof STOP): void {
  /** the chain of steps from the root, as linked cells (shared by siblings, no array copied per node) */
  interface Step { up: Step | undefined; key: string | number }
  const pathOf = (step: Step | undefined): string => {
    const keys: (string | number)[] = [];
    for (let s = step; s; s = s.up) keys.push(s.key);
    let path = rootPath;
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      path = typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${quoted(key)}` : quoted(key);
    }
    return path;
  };
  // `up` and `key` make the node's step only for a container (a scalar is never visited), so a list of numbers
  // allocates nothing.
  const go = (node: ConfigNode, up: Step | undefined, key: string | number | undefined, parent: ObjectNode | undefined, depth: number): boolean => {
    if (depth > MAX_DEPTH || (node.kind !== 'object' && node.kind !== 'array')) return false;
    const step = key === undefined ? up : { up, key };
    if (node.kind === 'object') {
      const seen = visit(node, () => pathOf(step), parent);
      if (seen === STOP) return true;
      if (seen) return false;
      for (const e of node.entries) if (go(e.value, step, e.key, node, depth + 1)) return true;
    } else {
      for (let i = 0; i < node.items.length; i++) if (go(node.items[i], step, i, parent, depth + 1)) return true;
    }
    return false;
  };
  go(root, undefined, undefined, rootParent, rootDepth);
}
