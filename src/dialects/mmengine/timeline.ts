import { listed, quoted } from '../../formats/quote';
import type { Curve, SequencePhase } from '../../core/curve';
import { curveAt } from '../../core/evaluate';
import { continuation, holdsAfter, isMultiplicative, isMultiplicativeBetweenRestarts, restartSteps, stepValue, type MmScheduler } from './kinds';

/**
 * How MMEngine drives the built schedulers (runner/loops.py, hooks/param_scheduler_hook.py, v0.10.7):
 * - each scheduler steps once at construction (its `_global_step` 0), in list order;
 * - ParamSchedulerHook.after_train_iter steps the `by_epoch=False` ones after every iteration (global step =
 *   iterations done), after_train_epoch steps the `by_epoch=True` ones after every epoch (global step = epochs
 *   done), in list order, the iteration ones first at an epoch boundary;
 * - an IterBasedTrainLoop calls after_train_epoch only once, after the last iteration, so epoch-based
 *   schedulers only ever apply their construction step.
 * The LR during iteration i is the group LR after every step that happened before iteration i ran.
 */
export interface Run {
  loop: 'epoch' | 'iter';
  /** iterations = optimizer updates of the run (N) */
  totalIters: number;
  /** len(train_dataloader); only needed when an epoch-based scheduler steps inside an epoch loop */
  itersPerEpoch: number;
  /** the group LR after Runner.scale_lr, before any scheduler */
  baseLr: number;
  schedulers: MmScheduler[];
}

export interface Timeline {
  curve: Curve;
  /** set when the run cannot be represented (too many interleaved steps) */
  failure?: string;
}

/** Interleaved steps of non-multiplicative schedulers are replayed into a table; this bounds its size. */
const TABLE_LIMIT = 4_000_000;
const SEGMENT_LIMIT = 200_000;

export function buildTimeline(run: Run): Timeline {
  if (run.schedulers.every(s => isMultiplicative(s, Math.min(s.end, ticksOf(run, s)) - 1 - s.begin))) return { curve: productOfFactors(run) };
  return new Replay(run).build();
}

const constant = (value: number): Curve => ({ kind: 'constant', value });

/** Ticks a scheduler can step in: iterations, or epochs (only epoch 0 in an iteration-based loop). */
function ticksOf(run: Run, sch: MmScheduler): number {
  if (!sch.byEpoch) return run.totalIters;
  return run.loop === 'iter' ? 1 : Math.ceil(run.totalIters / run.itersPerEpoch);
}

/**
 * Every scheduler multiplies the LR by a factor of its own step: the LR is base × Π factors, each factor
 * 1 before `begin`, g(s) inside the window, held at its last value after `end`.
 */
function productOfFactors(run: Run): Curve {
  const factors: Curve[] = [];
  for (const sch of run.schedulers) {
    const ticks = ticksOf(run, sch);
    const lastStep = Math.min(sch.end, ticks) - 1 - sch.begin;
    if (lastStep < 0) continue;
    const inner = continuation(sch, 0, stepValue(sch, 0, 1));
    const phases: SequencePhase[] = [];
    if (sch.begin > 0) phases.push({ start: 0, counter: 'global', curve: constant(1) });
    phases.push({ start: Math.max(0, sch.begin), counter: 'local', curve: inner, label: sch.begin > 0 ? `${sch.type} begins` : undefined });
    if (sch.end < ticks && !holdsAfter(sch, lastStep)) {
      phases.push({ start: sch.end, counter: 'global', curve: constant(curveAt(inner, lastStep)), label: `${sch.type} ends` });
    }
    let factor: Curve = phases.length === 1 && sch.begin <= 0 ? inner : { kind: 'sequence', phases };
    if (sch.byEpoch) {
      if (run.loop === 'iter') factor = constant(curveAt(factor, 0));
      else factor = { kind: 'perEpoch', stepsPerEpoch: run.itersPerEpoch, curve: factor };
    }
    if (factor.kind === 'constant' && factor.value === 1) continue;
    factors.push(factor);
  }
  if (factors.length === 0) return constant(run.baseLr);
  return { kind: 'product', factors: [constant(run.baseLr), ...factors] };
}

interface Step {
  sch: MmScheduler;
  s: number;
}

/**
 * The general case: the run is cut where the set of stepping schedulers changes (window ends, epoch
 * boundaries with epoch-based steps, restarts); each piece continues from the exact LR at its start, in
 * closed form when one scheduler (or only multiplicative ones) step inside it, else replayed step by step.
 * Stretches where only epoch-based schedulers step become one per-epoch piece.
 */
class Replay {
  private readonly iterScheds: MmScheduler[];
  private readonly epochScheds: MmScheduler[];
  private readonly L: number;
  private tableUsed = 0;
  private failure?: string;

  constructor(private readonly run: Run) {
    this.iterScheds = run.schedulers.filter(s => !s.byEpoch);
    this.epochScheds = run.schedulers.filter(s => s.byEpoch);
    this.L = Math.max(1, run.itersPerEpoch);
  }

  build(): Timeline {
    const N = this.run.totalIters;
    const iterBreaks = breakpoints(this.iterScheds, N);
    const phases: SequencePhase[] = [];
    let value = this.run.baseLr;
    let i = 0;
    let breakIndex = 0;
    while (i < N && !this.failure) {
      value = this.apply(this.stepsAtIteration(i), value);
      const label = this.labelAt(i);
      while (breakIndex < iterBreaks.length && iterBreaks[breakIndex] <= i) breakIndex++;
      const nextIterBreak = iterBreaks[breakIndex] ?? N;
      const stepping = this.iterScheds.filter(s => s.begin <= i + 1 && i + 1 < s.end);
      let end: number;
      let curve: Curve;
      let counter: 'local' | 'global' = 'local';
      if (stepping.length === 0 && this.nextEpochStep(i, nextIterBreak) < nextIterBreak) {
        end = nextIterBreak;
        curve = { kind: 'perEpoch', stepsPerEpoch: this.L, curve: this.epochPiece(Math.floor(i / this.L), Math.floor((end - 1) / this.L), value) };
        counter = 'global';
      } else {
        end = Math.min(nextIterBreak, this.nextEpochStep(i, nextIterBreak));
        curve = this.steady(stepping, i, value, end - i);
      }
      phases.push({ start: i, counter, curve, label: i > 0 ? label : undefined });
      if (phases.length > SEGMENT_LIMIT) this.failure = `more than ${SEGMENT_LIMIT} pieces`;
      value = curveAt(curve, counter === 'local' ? end - 1 - i : end - 1);
      i = end;
    }
    if (this.failure) return { curve: constant(this.run.baseLr), failure: this.failure };
    return { curve: phases.length === 1 && phases[0].counter === 'local' ? phases[0].curve : { kind: 'sequence', phases } };
  }

  /** Steps at the start of iteration i: construction at 0 (list order), else iteration ones, then epoch ones. */
  private stepsAtIteration(i: number): Step[] {
    const inWindow = (sch: MmScheduler, g: number): Step[] => (sch.begin <= g && g < sch.end ? [{ sch, s: g - sch.begin }] : []);
    if (i === 0) return this.run.schedulers.flatMap(sch => inWindow(sch, 0));
    const steps = this.iterScheds.flatMap(sch => inWindow(sch, i));
    if (this.run.loop === 'epoch' && i % this.L === 0) steps.push(...this.epochScheds.flatMap(sch => inWindow(sch, i / this.L)));
    return steps;
  }

  private apply(steps: Step[], value: number): number {
    for (const { sch, s } of steps) value = stepValue(sch, s, value);
    return value;
  }

  /** The first iteration in (i, limit) where an epoch-based scheduler steps, or `limit`. */
  private nextEpochStep(i: number, limit: number): number {
    if (this.run.loop !== 'epoch') return limit;
    for (let e = Math.floor(i / this.L) + 1; e * this.L < limit; e++) {
      if (this.epochScheds.some(s => s.begin <= e && e < s.end)) return e * this.L;
      const nextBegin = Math.min(...this.epochScheds.map(s => (s.begin > e ? s.begin : Infinity)));
      if (!Number.isFinite(nextBegin)) return limit;
      e = nextBegin - 1;
    }
    return limit;
  }

  private labelAt(i: number): string {
    const parts: string[] = [];
    for (const sch of this.iterScheds) {
      if (sch.begin === i) parts.push(`${sch.type} begins`);
      if (sch.end === i) parts.push(`${sch.type} ends`);
    }
    if (this.run.loop === 'epoch' && i % this.L === 0 && this.epochScheds.some(s => s.begin <= i / this.L && i / this.L < s.end)) parts.push(`epoch ${i / this.L}`);
    return parts.join(', ') || `step ${i}`;
  }

  /** Epochs e0..e1 (inclusive) where only epoch-based schedulers step; `value` is the LR during epoch e0. */
  private epochPiece(e0: number, e1: number, value: number): Curve {
    const breaks = breakpoints(this.epochScheds, e1 + 1);
    const phases: SequencePhase[] = [];
    let e = e0;
    let breakIndex = 0;
    for (;;) {
      while (breakIndex < breaks.length && breaks[breakIndex] <= e) breakIndex++;
      const next = Math.min(breaks[breakIndex] ?? e1 + 1, e1 + 1);
      const stepping = this.epochScheds.filter(s => s.begin <= e + 1 && e + 1 < s.end);
      const curve = this.steady(stepping, e, value, next - e);
      phases.push({ start: e, counter: 'local', curve, label: e > e0 ? this.epochLabel(e) : undefined });
      if (next > e1) break;
      value = curveAt(curve, next - 1 - e);
      for (const sch of this.epochScheds) if (sch.begin <= next && next < sch.end) value = stepValue(sch, next - sch.begin, value);
      e = next;
    }
    return { kind: 'sequence', phases };
  }

  private epochLabel(e: number): string {
    const parts = this.epochScheds.flatMap(s => (s.begin === e ? [`${s.type} begins`] : s.end === e ? [`${s.type} ends`] : []));
    return parts.join(', ') || `epoch ${e}`;
  }

  /**
   * The LR over ticks start … start+length−1, `value` at `start`, while exactly the schedulers in `stepping`
   * step once per tick (in list order) and nothing else happens.
   */
  private steady(stepping: MmScheduler[], start: number, value: number, length: number): Curve {
    if (stepping.length === 0 || length <= 1) return constant(value);
    if (stepping.length === 1) return continuation(stepping[0], start - stepping[0].begin, value);
    if (stepping.every(isMultiplicativeBetweenRestarts)) {
      const [first, ...rest] = stepping;
      return { kind: 'product', factors: [continuation(first, start - first.begin, value), ...rest.map(s => continuation(s, start - s.begin, 1))] };
    }
    if (this.tableUsed + length > TABLE_LIMIT) {
      this.failure = `${length} interleaved steps of several schedulers`;
      return constant(value);
    }
    this.tableUsed += length;
    const table = new Float64Array(length);
    table[0] = value;
    for (let j = 1; j < length; j++) {
      let v = table[j - 1];
      for (const sch of stepping) v = stepValue(sch, start + j - sch.begin, v);
      table[j] = v;
    }
    return {
      kind: 'formula',
      name: `mmengine: ${listed(stepping.map(s => quoted(s.type)), ' + ')} stepping together`,
      at: j => table[Math.min(Math.max(0, Math.floor(j)), length - 1)],
      pieceStarts: (from, to, limit) => turningPoints(table, from, to, limit),
    };
  }
}

/** Window starts/ends and restart steps of the given schedulers, in their ticks, inside (0, limit). */
function breakpoints(schedulers: MmScheduler[], limit: number): number[] {
  const out = new Set<number>();
  for (const sch of schedulers) {
    for (const b of [sch.begin, sch.end]) if (b > 0 && b < limit) out.add(b);
    const lastStep = Math.min(sch.end, limit) - 1 - sch.begin;
    for (const s of restartSteps(sch, 0, lastStep, SEGMENT_LIMIT)) out.add(sch.begin + s);
  }
  return [...out].sort((a, b) => a - b);
}

/** Where a replayed table changes direction inside [from, to] (its monotone pieces start there). */
function turningPoints(table: Float64Array, from: number, to: number, limit: number): number[] {
  const out: number[] = [];
  const hi = Math.min(to, table.length - 1);
  let direction = 0;
  for (let j = Math.max(1, from + 1); j <= hi && out.length < limit; j++) {
    const d = Math.sign(table[j] - table[j - 1]);
    if (d !== 0 && direction !== 0 && d !== direction) out.push(j - 1);
    if (d !== 0) direction = d;
  }
  if (to >= table.length && table.length > 0 && from < table.length) out.push(table.length);
  return out;
}
