import type { ConfigNode } from '../../formats/tree';
import type { TorchSchedulerSpec } from './schedulers';

/**
 * Helpers for a scheduler read as a Hydra config-group option (issue 12 §1): the run length lives in another
 * option of the composition, so the curve is drawn over the span the scheduler's own arguments cover.
 */

/** Adds every opaque (unresolved) value inside `node` to `reads`: the reader read them. */
export function markRead(node: ConfigNode | undefined, reads: Set<ConfigNode>): void {
  const stack: ConfigNode[] = node ? [node] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === 'opaque') reads.add(n);
    else if (n.kind === 'object') for (const e of n.entries) stack.push(e.value);
    else if (n.kind === 'array') for (const item of n.items) stack.push(item);
  }
}

/** Spans are drawn no longer than this many scheduler steps (a huge T_max would give a huge curve table). */
const MAX_SPAN = 100_000;
/** A schedule with no length of its own (ExponentialLR) is drawn over this many steps. */
const DEFAULT_SPAN = 100;

/**
 * Scheduler steps that show a schedule whole, from its own arguments: CosineAnnealingLR's T_max (one half
 * period), three of StepLR's steps, MultiStepLR's milestones and one more interval after the last, twice a
 * warm-up's total_iters, two cycles of CosineAnnealingWarmRestarts, two of CyclicLR; otherwise DEFAULT_SPAN.
 * Only a default for a run no file states: the assumption says so and how to state it.
 */
export function scheduleSpan(spec: TorchSchedulerSpec): number {
  const n = (key: string): number | undefined => {
    const node = spec.args.valueNode(key);
    return node?.kind === 'number' && Number.isFinite(node.value) && node.value > 0 ? node.value : undefined;
  };
  let span: number | undefined;
  switch (spec.className) {
    case 'CosineAnnealingLR': span = n('T_max'); break;
    case 'StepLR': { const s = n('step_size'); span = s && 3 * s; break; }
    case 'MultiStepLR': {
      const node = spec.args.valueNode('milestones');
      const ms = node?.kind === 'array' ? node.items.flatMap(i => i.kind === 'number' && i.value > 0 ? [i.value] : []).sort((a, b) => a - b) : [];
      if (ms.length) span = ms[ms.length - 1] + (ms.length > 1 ? ms[ms.length - 1] - ms[ms.length - 2] : ms[0]);
      break;
    }
    case 'LinearLR': case 'ConstantLR': case 'PolynomialLR': span = 2 * (n('total_iters') ?? 5); break;
    case 'CosineAnnealingWarmRestarts': { const t0 = n('T_0'); span = t0 && t0 * (1 + (n('T_mult') ?? 1)); break; }
    case 'CyclicLR': span = 2 * ((n('step_size_up') ?? 2000) + (n('step_size_down') ?? n('step_size_up') ?? 2000)); break;
    case 'OneCycleLR': span = n('total_steps') ?? ((n('epochs') ?? 0) * (n('steps_per_epoch') ?? 0) || undefined); break;
  }
  return Math.min(MAX_SPAN, Math.max(1, Math.ceil(span ?? DEFAULT_SPAN)));
}
