import type { Curve } from '../../core/curve';
import type { ConfigNode, SourceRange } from '../../formats/tree';
import { MAX_COMPOSED_SCHEDULERS, tooManySchedulers } from '../limits';
import type { RunLimit } from './runLimits';
import { MULTIPLICATIVE } from './schedulerClasses';
import type { TorchCurve, TorchSchedulerSpec } from './schedulers';

/** What the composite schedulers need from the builder of their children. */
export interface CompositeHost {
  build(spec: TorchSchedulerSpec, base: number | undefined, nested: boolean): TorchCurve | undefined;
  report(severity: 'error' | 'warning' | 'information', range: SourceRange, code: string, message: string): void;
  baseLrHint: string;
}

/**
 * SequentialLR (dialects.md §1.3): child k runs from milestone k with its own counter restarted at 0
 * (`_update_lr(0)` in current PyTorch, `step(0)` in older releases such as 1.13: the child's closed form at 0), so its milestones, T_max,
 * total_iters count from the switch, not from the start of training.
 */
export function sequentialCurve(host: CompositeHost, spec: TorchSchedulerSpec, base: number | undefined, nested: boolean): TorchCurve | undefined {
  const args = spec.args;
  if (nested) nestedWarning(host, spec);
  const children = readChildren(host, spec);
  // past the bound, nothing more of the node is read (its milestones are as long as its list)
  if (children === TOO_MANY) return undefined;
  const milestones = args.numberList('milestones');
  if (!children || milestones === undefined) return undefined;
  if (milestones.length !== children.length - 1) {
    host.report('error', args.range('milestones')!, 'pt-sequential-milestones',
      `SequentialLR needs one milestone fewer than schedulers: ${children.length} schedulers take ${children.length - 1} milestone${children.length === 2 ? '' : 's'}, not ${milestones.length} (ValueError).`);
    return undefined;
  }
  if (milestones.some(m => !Number.isInteger(m)) || milestones.some((m, i) => i > 0 && m <= milestones[i - 1])) {
    host.report('warning', args.range('milestones')!, 'pt-sequential-milestones',
      'SequentialLR switches schedulers when its step count equals a milestone and finds the active one by bisection: milestones must be increasing whole numbers. LR Lens does not plot this.');
    return undefined;
  }
  if (milestones.length > 0 && milestones[0] <= 0) {
    host.report('warning', args.range('milestones')!, 'pt-sequential-milestone-zero',
      'A SequentialLR milestone at 0 (pytorch#185872): the first scheduler still sets the first LR and the second one skips its own step 0, stepping its chainable form from the wrong LR. Remove the first scheduler or start at milestone 1; LR Lens does not plot this.');
    return undefined;
  }
  // Every child is constructed before SequentialLR (Hydra instantiates nested nodes first); an OneCycleLR child
  // overwrites the optimizer's `initial_lr`, which later children take as their base and SequentialLR resets the LR to.
  const bases: (number | undefined)[] = [];
  let initial = base;
  for (const child of children) {
    bases.push(initial);
    if (child.className === 'OneCycleLR') initial = peekOneCycleInitial(child) ?? initial;
  }
  bases[0] = initial;
  const phases: Curve[] = [];
  const limits: RunLimit[] = [];
  let warmupSteps = 0;
  for (let k = 0; k < children.length; k++) {
    const built = host.build(children[k], bases[k], true);
    if (!built) return undefined;
    const start = k === 0 ? 0 : milestones[k - 1];
    const end = k < milestones.length ? milestones[k] : Infinity;
    if (k === 0) warmupSteps = Math.min(built.warmupSteps, end);
    phases.push(built.curve);
    for (const limit of built.limits) {
      limits.push({ ...limit, start: limit.start + start, end: Math.min(end, limit.end === Infinity ? Infinity : limit.end + start) });
    }
  }
  const curve: Curve = { kind: 'sequence', phases: phases.map((c, k) => ({
    start: k === 0 ? 0 : milestones[k - 1],
    counter: 'local' as const,
    curve: c,
    label: k === 1 && warmupSteps > 0 && warmupSteps === milestones[0] ? 'warmup end' : `${children[k].className} starts`,
  })) };
  return { curve, warmupSteps, limits };
}

/** ChainedScheduler steps every child on the LR the previous one wrote: a product of multiplicative factors. */
export function chainedCurve(host: CompositeHost, spec: TorchSchedulerSpec, base: number | undefined, nested: boolean): TorchCurve | undefined {
  if (nested) nestedWarning(host, spec);
  const children = readChildren(host, spec);
  if (!children || children === TOO_MANY) return undefined;
  for (const child of children) {
    const etaMin = child.className === 'CosineAnnealingLR' ? peekNumber(child.args.valueNode('eta_min')) ?? 0 : 0;
    if (!MULTIPLICATIVE.has(child.className) || etaMin !== 0) {
      host.report('warning', child.range, 'pt-chained-unsupported',
        `In a ChainedScheduler, ${child.className}${etaMin !== 0 ? ' with eta_min ≠ 0' : ''} writes the LR instead of multiplying it, so the result depends on step-by-step interplay LR Lens does not simulate. Chains of LinearLR, ConstantLR, StepLR, MultiStepLR, ExponentialLR, PolynomialLR and CosineAnnealingLR (eta_min 0) are plotted.`);
      return undefined;
    }
  }
  if (base === undefined) {
    host.report('error', spec.range, 'pt-missing-lr', `ChainedScheduler scales the optimizer's LR, which this file does not set: set ${host.baseLrHint}.`);
    return undefined;
  }
  const factors: Curve[] = [{ kind: 'constant', value: base }];
  const limits: RunLimit[] = [];
  let warmupSteps = 0;
  for (const child of children) {
    const built = host.build(child, 1, true);
    if (!built) return undefined;
    factors.push(built.curve);
    limits.push(...built.limits);
    warmupSteps = Math.max(warmupSteps, built.warmupSteps);
  }
  return { curve: { kind: 'product', factors }, warmupSteps, limits };
}

/** readChildren's answer for a list past MAX_COMPOSED_SCHEDULERS (reported; the list is not read). */
const TOO_MANY = 'too-many';

function readChildren(host: CompositeHost, spec: TorchSchedulerSpec): TorchSchedulerSpec[] | typeof TOO_MANY | undefined {
  const list = spec.args.valueNode('schedulers');
  if (!list) return undefined;
  if (list.kind !== 'array' || list.items.length === 0) {
    host.report('error', list.range, 'pt-missing-argument', `${spec.className} needs a non-empty list of schedulers (ValueError).`);
    return undefined;
  }
  if (list.items.length > MAX_COMPOSED_SCHEDULERS) {
    const { range, severity, code, message } = tooManySchedulers(list.range, list.items.length, `This ${spec.className}`);
    host.report(severity as 'warning', range, code, message);
    return TOO_MANY;
  }
  if (!spec.readChild) {
    host.report('error', list.range, 'pt-nested-unsupported',
      `${spec.className} takes scheduler objects built on the same optimizer; this file format cannot create them (PyTorch raises TypeError: the schedulers have no \`optimizer\`).`);
    return undefined;
  }
  const children: TorchSchedulerSpec[] = [];
  let ok = true;
  list.items.forEach((item, i) => {
    const child = spec.readChild!(item, `${spec.args.path('schedulers')}[${i}]`);
    if (!child) { ok = false; return; }
    if (child.className === 'ReduceLROnPlateau') {
      host.report('error', child.range, 'pt-plateau-nested', `${spec.className} cannot hold ReduceLROnPlateau: its step() needs a metric (PyTorch raises ValueError).`);
      ok = false;
    }
    children.push(child);
  });
  return ok ? children : undefined;
}

function nestedWarning(host: CompositeHost, spec: TorchSchedulerSpec): void {
  host.report('warning', spec.range, 'pt-nested-composite',
    `${spec.className} nested inside another SequentialLR/ChainedScheduler: PyTorch's construction undo steps nested children one step too far (pytorch#196243, open); LR Lens plots the intended schedule, which may be off by one step here.`);
}

/** A number node's value without recording it as a setting (for look-ahead). */
function peekNumber(node: ConfigNode | undefined): number | undefined {
  return node?.kind === 'number' ? node.value : undefined;
}

/** OneCycleLR's `initial_lr` = max_lr / div_factor, read ahead of building it. */
function peekOneCycleInitial(spec: TorchSchedulerSpec): number | undefined {
  const maxNode = spec.args.valueNode('max_lr');
  const maxLr = maxNode?.kind === 'array' ? peekNumber(maxNode.items[0]) : peekNumber(maxNode);
  const divFactor = peekNumber(spec.args.valueNode('div_factor')) ?? 25;
  return maxLr === undefined ? undefined : maxLr / divFactor;
}
