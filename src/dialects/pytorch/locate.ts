import { quoted } from '../../formats/quote';
import type { ConfigNode, ObjectNode, SourceRange } from '../../formats/tree';
import { entryOf } from '../fields';
import { TORCH_SCHEDULER_NAMES } from './schedulers';

/**
 * Where a PyTorch scheduler and its optimizer sit in a config tree. Two spellings name a class:
 * Hydra's `_target_: torch.optim.lr_scheduler.CosineAnnealingLR` (keyword arguments beside it) and
 * jsonargparse/LightningCLI's `class_path: ...` (keyword arguments under `init_args`; a short class name is
 * accepted for torch classes).
 */
export type ClassStyle = 'hydra' | 'classPath';

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
  for (const [key, style] of [['_target_', 'hydra'], ['class_path', 'classPath']] as const) {
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

/** Every outermost scheduler node (children of SequentialLR/ChainedScheduler are read through their parent). */
export function locateSchedulers(root: ConfigNode): LocatedScheduler[] {
  const found: LocatedScheduler[] = [];
  walk(root, '', undefined, 0, (node, path, parent) => {
    const named = classOf(node);
    if (!named) return false;
    const className = schedulerClassName(named.name, named.style);
    if (className === undefined) return false;
    found.push({ node: node as ObjectNode, path, parent, style: named.style, className, classRange: named.range });
    return true;
  });
  return found;
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
    candidates.push(optimizerAt(node as ObjectNode, path, named.style, optimizerName));
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
  if (style === 'classPath') {
    const initArgs = lastEntry(node, 'init_args');
    return { node, classRange, path, style, className, args: initArgs?.kind === 'object' ? initArgs : undefined, argsPath: `${path}.init_args` };
  }
  return { node, classRange, path, style, className, args: node, argsPath: path };
}

export function lastEntry(node: ObjectNode, key: string): ConfigNode | undefined {
  return entryOf(node, key)?.value;
}

/** Depth-first over objects and lists; `visit` returns true to stop descending into a node. */
function walk(node: ConfigNode, path: string, parent: ObjectNode | undefined, depth: number,
  visit: (node: ConfigNode, path: string, parent: ObjectNode | undefined) => boolean): void {
  if (depth > MAX_DEPTH) return;
  if (node.kind === 'object') {
    if (visit(node, path, parent)) return;
    for (const e of node.entries) walk(e.value, path ? `${path}.${quoted(e.key)}` : quoted(e.key), node, depth + 1, visit);
  } else if (node.kind === 'array') {
    node.items.forEach((item, i) => walk(item, `${path}[${i}]`, parent, depth + 1, visit));
  }
}
