import { quoted } from '../../formats/quote';
import type { Curve } from '../../core/curve';
import { curveAt } from '../../core/evaluate';
import type { SourceRange } from '../../formats/tree';
import type { Fields } from '../fields';
import { isIntegerLiteral } from '../pytorch/python';
import { didYouMean } from '../suggest';
import type { Diagnostic, Fix } from '../types';

/**
 * DeepSpeed's own schedulers (deepspeed/runtime/lr_schedules.py, dialects.md §4) as curves over optimizer
 * updates u = 0, 1, …: the engine constructs the scheduler (which writes `get_lr()` at
 * `last_batch_iteration = -1` into the optimizer, since v0.15.3 / PR #6597) and calls `step()` after every
 * update, so update 0 runs at the constructor's LR and update u ≥ 1 at the LR of iteration k = u − 1
 * (§4.2: "the one-update lag"). Behaviour of the newest release (v0.19.5 era); older releases are noted
 * where they differ.
 */
export const DEEPSPEED_SCHEDULER_PARAMS: ReadonlyMap<string, readonly string[]> = new Map(Object.entries({
  WarmupLR: ['warmup_min_lr', 'warmup_max_lr', 'warmup_num_steps', 'warmup_type', 'last_batch_iteration'],
  WarmupDecayLR: ['total_num_steps', 'warmup_min_lr', 'warmup_max_lr', 'warmup_num_steps', 'warmup_type', 'last_batch_iteration'],
  WarmupCosineLR: ['total_num_steps', 'warmup_min_ratio', 'warmup_num_steps', 'cos_min_ratio', 'warmup_type', 'last_batch_iteration'],
  OneCycle: ['cycle_min_lr', 'cycle_max_lr', 'decay_lr_rate', 'cycle_first_step_size', 'cycle_second_step_size',
    'cycle_first_stair_count', 'cycle_second_stair_count', 'decay_step_size', 'cycle_momentum', 'cycle_min_mom',
    'cycle_max_mom', 'decay_mom_rate', 'last_batch_iteration'],
  LRRangeTest: ['lr_range_test_min_lr', 'lr_range_test_step_size', 'lr_range_test_step_rate', 'lr_range_test_staircase', 'last_batch_iteration'],
}));
export const DEEPSPEED_SCHEDULER_NAMES: readonly string[] = [...DEEPSPEED_SCHEDULER_PARAMS.keys()];

const REQUIRED: ReadonlyMap<string, readonly string[]> = new Map(Object.entries({
  WarmupDecayLR: ['total_num_steps'], WarmupCosineLR: ['total_num_steps'], OneCycle: ['cycle_min_lr', 'cycle_max_lr'],
}));

/** DeepSpeed behaviour that changed between releases (dialects.md §4.2–4.3, `git log` of lr_schedules.py). */
export interface DeepSpeedRelease {
  /** v0.15.3 (PR #6597): the constructor writes get_lr() at iteration −1; before, update 0 ran at the optimizer's LR */
  constructorSetsLr: boolean;
  /** v0.17.2 (PR #7360): WarmupLR's warmup_max_lr defaults to the optimizer's LR; 0.001 before (DeepSpeed#7303) */
  warmupMaxFromOptimizer: boolean;
  /** v0.19.3 (PRs #8126, #8142): warmup_num_steps must be a positive int; WarmupCosineLR clamps its cosine progress */
  strictWarmupAndCosineClamp: boolean;
  /** v0.19.4 (PR #8179): OneCycle honours stair counts; step sizes must be positive ints */
  stairsAndStepSizeChecks: boolean;
}

/** The behaviour of a release such as '0.16.5' ('v0.16', …); the newest when unset or unreadable. */
export function deepSpeedRelease(version: string | undefined): DeepSpeedRelease {
  const m = version ? /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim()) : null;
  const at = (major: number, minor: number, patch: number): boolean => {
    if (!m) return true;
    const v = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
    const w = [major, minor, patch];
    for (let i = 0; i < 3; i++) if (v[i] !== w[i]) return v[i] > w[i];
    return true;
  };
  return {
    constructorSetsLr: at(0, 15, 3),
    warmupMaxFromOptimizer: at(0, 17, 2),
    strictWarmupAndCosineClamp: at(0, 19, 3),
    stairsAndStepSizeChecks: at(0, 19, 4),
  };
}

export interface DeepSpeedContext {
  /** `optimizer.params.lr`, when the file sets it */
  optimizerLr: number | undefined;
  optimizerLrHint: string;
  release: DeepSpeedRelease;
  /** params the Hugging Face Trainer wrote over "auto" (deepspeed/trainerFills.ts): assumed values, not the file's */
  trainerFilled?: ReadonlySet<string>;
  report(range: SourceRange, code: string, message: string, severity: Diagnostic['severity'], fixes?: Fix[]): void;
}

export interface DeepSpeedCurve {
  /** the LR of optimizer update u */
  curve: Curve;
  /** updates before the peak LR is first used */
  warmupUpdates: number;
  /** `total_num_steps`, when the schedule has one */
  plannedUpdates?: number;
}

/** The curve of a DeepSpeed scheduler `type` with its `params`, or undefined (the reason is reported). */
export function deepSpeedCurve(type: string, params: Fields, typeRange: SourceRange, context: DeepSpeedContext): DeepSpeedCurve | undefined {
  return new DeepSpeedCurveBuilder(params, typeRange, context).build(type);
}

class DeepSpeedCurveBuilder {
  constructor(private readonly params: Fields, private readonly typeRange: SourceRange, private readonly context: DeepSpeedContext) {}

  build(type: string): DeepSpeedCurve | undefined {
    const known = DEEPSPEED_SCHEDULER_PARAMS.get(type) ?? [];
    let ok = true;
    for (const key of this.params.keys) {
      if (known.includes(key)) continue;
      this.report(this.params.entry(key)!.keyRange, 'ds-unexpected-param',
        `${quoted(type)} has no parameter \`${quoted(key)}\` (DeepSpeed raises "TypeError: __init__() got an unexpected keyword argument '${quoted(key)}'").${didYouMean(key, known)}`, 'error');
      ok = false;
    }
    for (const key of REQUIRED.get(type) ?? []) {
      if (!this.params.has(key)) {
        this.report(this.typeRange, 'ds-missing-param', `${type} needs \`params.${key}\` (DeepSpeed raises "TypeError: __init__() missing a required positional argument: '${key}'").`, 'error');
        ok = false;
      }
    }
    if (!ok) return undefined;
    switch (type) {
      case 'WarmupLR': return this.warmupLr(false);
      case 'WarmupDecayLR': return this.warmupLr(true);
      case 'WarmupCosineLR': return this.warmupCosine();
      case 'OneCycle': return this.oneCycle();
      case 'LRRangeTest': return this.rangeTest();
    }
    return undefined;
  }

  /** WarmupLR and WarmupDecayLR: min + (max − min)·γ(k). */
  private warmupLr(decay: boolean): DeepSpeedCurve | undefined {
    const type = decay ? 'WarmupDecayLR' : 'WarmupLR';
    const warmup = this.warmupSteps(type);
    const minLr = this.perGroup('warmup_min_lr') ?? 0;
    const maxLr = this.params.has('warmup_max_lr') ? this.perGroup('warmup_max_lr') : this.defaultWarmupMax(type);
    if (warmup === undefined || maxLr === undefined) return undefined;
    const total = decay ? this.totalSteps(warmup) : undefined;
    if (decay && total === undefined) return undefined;
    const delta = maxLr - minLr;
    const warmupCurve = this.warmupShape(warmup, minLr, maxLr, gamma => minLr + delta * gamma);
    let curve: Curve = warmupCurve.curve;
    if (decay) {
      // γ = max(0, (total − k) / max(1, total − W')) for k ≥ W': a straight line to warmup_min_lr at k = total.
      const decayLength = total! - warmup.effective;
      curve = { kind: 'sequence', phases: [
        { start: 0, counter: 'global', curve },
        { start: warmup.effective, counter: 'local', label: warmup.type === 'linear' ? 'warmup end' : 'decay start',
          curve: decayLength >= 1 ? { kind: 'linear', from: minLr + delta, to: minLr, length: decayLength } : { kind: 'constant', value: minLr } },
      ] };
    }
    const lagged = this.lagged(type, curve, minLr);
    if (!lagged) return undefined;
    return { curve: lagged, warmupUpdates: warmupCurve.peakUpdate, plannedUpdates: total };
  }

  /** `warmup_max_lr` when the file omits it. */
  private defaultWarmupMax(type: 'WarmupLR' | 'WarmupDecayLR'): number | undefined {
    if (type === 'WarmupDecayLR') {
      // WarmupDecayLR keeps its own default (0.001); it does not inherit the optimizer's LR.
      this.report(this.typeRange, 'ds-warmup-max-default',
        'WarmupDecayLR without `warmup_max_lr` peaks at its default 0.001, not at the optimizer\'s LR: set `warmup_max_lr`.', 'warning');
      return 0.001;
    }
    if (!this.context.release.warmupMaxFromOptimizer) {
      this.report(this.typeRange, 'ds-warmup-max-default',
        'WarmupLR without `warmup_max_lr` peaks at 0.001 before DeepSpeed v0.17.2, whatever the optimizer\'s LR (DeepSpeed#7303): set `warmup_max_lr`.', 'warning');
      return 0.001;
    }
    // Since v0.17.2 WarmupLR warms up to the optimizer's LR (group 0's until v0.19.4, PR #8171).
    const lr = this.context.optimizerLr;
    if (lr === undefined) {
      this.report(this.typeRange, 'ds-missing-optimizer-lr',
        `WarmupLR without \`warmup_max_lr\` warms up to the optimizer's LR, which this file does not set: set \`warmup_max_lr\` or ${this.context.optimizerLrHint}.`, 'error');
      return undefined;
    }
    this.report(this.typeRange, 'ds-warmup-max-default',
      `WarmupLR without \`warmup_max_lr\` warms up to the optimizer's LR (${lr}) since DeepSpeed v0.17.2; older releases peak at 0.001 (DeepSpeed#7303).`, 'information');
    return lr;
  }

  /** WarmupCosineLR: the optimizer's LR × a ratio; the constructor writes 0 whatever warmup_min_ratio is. */
  private warmupCosine(): DeepSpeedCurve | undefined {
    const warmup = this.warmupSteps('WarmupCosineLR');
    const peak = this.context.optimizerLr;
    const warmupMinRatio = this.params.number('warmup_min_ratio') ?? 0;
    const cosMinRatio = this.params.number('cos_min_ratio') ?? 0.0001;
    if (peak === undefined) {
      this.report(this.typeRange, 'ds-missing-optimizer-lr',
        `WarmupCosineLR scales the optimizer's LR (its peak), which this file does not set: set ${this.context.optimizerLrHint}.`, 'error');
      return undefined;
    }
    if (warmup === undefined) return undefined;
    const total = this.totalSteps(warmup);
    if (total === undefined) return undefined;
    const warmupCurve = this.warmupShape(warmup, peak * warmupMinRatio, peak,
      gamma => peak * (warmupMinRatio + gamma * (1 - warmupMinRatio)));
    // After warmup: s = k − W' + 1, ratio = max(0, cmin + (1 − cmin)·½(1 + cos(π·s/D))). Since v0.19.3 (PR #8142)
    // D = max(1, total − W') and s/D is clamped at 1; before, D = total − W' (ZeroDivisionError when 0) and the
    // LR oscillates back up after total_num_steps.
    const clamp = this.context.release.strictWarmupAndCosineClamp;
    const span = total - warmup.effective;
    if (!clamp && span === 0) {
      this.report(this.params.range('total_num_steps')!, 'ds-cosine-zero-span',
        'total_num_steps equals warmup_num_steps: WarmupCosineLR divides by zero right after the warmup (ZeroDivisionError) before DeepSpeed v0.19.3.', 'error');
      return undefined;
    }
    let cosine: Curve = { kind: 'shift', shift: 1, curve: clamp
      ? { kind: 'cosine', base: peak, min: peak * cosMinRatio, period: Math.max(1, span), after: 'hold' }
      : { kind: 'cosine', base: peak, min: peak * cosMinRatio, period: Math.abs(span), after: 'periodic' } };
    if (cosMinRatio < 0) cosine = { kind: 'clamp', min: 0, max: Infinity, curve: cosine };
    const curve: Curve = { kind: 'sequence', phases: [
      { start: 0, counter: 'global', curve: warmupCurve.curve },
      { start: warmup.effective, counter: 'local', curve: cosine, label: warmup.type === 'linear' ? 'warmup end' : 'decay start' },
    ] };
    if (this.context.release.constructorSetsLr) {
      this.report(this.typeRange, 'ds-cosine-starts-at-zero',
        `WarmupCosineLR's constructor sets the LR to 0 (hard-coded, whatever warmup_min_ratio is): update 0 runs at 0, update 1 at ${peak * warmupMinRatio} (warmup_min_ratio × lr), then the warmup continues.`, 'information');
    }
    const lagged = this.lagged('WarmupCosineLR', curve, 0);
    if (!lagged) return undefined;
    return { curve: lagged, warmupUpdates: warmupCurve.peakUpdate, plannedUpdates: total };
  }

  /**
   * Update 0 runs at the LR the constructor writes (§4.2), update u ≥ 1 at iteration k = u − 1 of `curve`.
   * Before v0.15.3 the Warmup schedulers wrote nothing: update 0 ran at the optimizer's own LR (accelerate#2124).
   */
  private lagged(type: string, curve: Curve, constructorLr: number): Curve | undefined {
    let first = constructorLr;
    if (!this.context.release.constructorSetsLr) {
      if (this.context.optimizerLr === undefined) {
        this.report(this.typeRange, 'ds-missing-optimizer-lr',
          `Before DeepSpeed v0.15.3 the first update runs at the optimizer's LR, which this file does not set: set ${this.context.optimizerLrHint}.`, 'error');
        return undefined;
      }
      first = this.context.optimizerLr;
      this.report(this.typeRange, 'ds-first-update-at-peak',
        `Before DeepSpeed v0.15.3 ${type} does not set the LR at construction: update 0 runs at the optimizer's LR (${first}), then the warmup starts from its minimum (accelerate#2124).`, 'warning');
    } else if (type !== 'WarmupCosineLR') {
      this.report(this.typeRange, 'ds-warmup-lag',
        `${type} writes warmup_min_lr (${constructorLr}) at construction and its first step() computes iteration 0, which is warmup_min_lr again: updates 0 and 1 both run at ${constructorLr}.`, 'information');
    }
    if (curveAt(curve, 0) === first) return { kind: 'shift', shift: -1, curve };
    return { kind: 'sequence', phases: [
      { start: 0, counter: 'global', curve: { kind: 'constant', value: first } },
      { start: 1, counter: 'local', curve, label: 'first scheduler step' },
    ] };
  }

  /**
   * OneCycle: the scale uses `last_batch_iteration + 1`, so update u runs at the cycle's value at u (no lag):
   * up from cycle_min_lr over cycle_first_step_size updates, down over the second, then
   * cycle_min_lr / (1 + decay_lr_rate·(u − total)/decay_step_size).
   */
  private oneCycle(): DeepSpeedCurve | undefined {
    const minLr = this.perGroup('cycle_min_lr');
    const maxLr = this.perGroup('cycle_max_lr');
    const first = this.params.number('cycle_first_step_size') ?? 2000;
    const second = this.params.number('cycle_second_step_size') ?? first;
    const firstStairs = this.params.number('cycle_first_stair_count') ?? 0;
    const secondStairs = this.params.number('cycle_second_stair_count') ?? firstStairs;
    const decayRate = this.params.number('decay_lr_rate') ?? 0;
    const decayStepSize = this.params.number('decay_step_size') ?? 0;
    let ok = minLr !== undefined && maxLr !== undefined;
    if (first <= 0) {
      this.report(this.params.range('cycle_first_step_size') ?? this.typeRange, 'ds-onecycle-step-size',
        `OneCycle needs cycle_first_step_size > 0 (DeepSpeed ≥ 0.19.4 raises ValueError; earlier releases divide by zero), not ${first}.`, 'error');
      ok = false;
    }
    if (second < 0) {
      this.report(this.params.range('cycle_second_step_size')!, 'ds-onecycle-step-size', `OneCycle needs cycle_second_step_size ≥ 0 (ValueError), not ${second}.`, 'error');
      ok = false;
    }
    if (!ok) return undefined;
    const low = minLr!;
    const high = maxLr!;
    const total = first + second;
    let cycle: Curve;
    const stairs = this.context.release.stairsAndStepSizeChecks;
    if (!stairs && (firstStairs > 0 || secondStairs > 0)) {
      this.report(this.params.range('cycle_first_stair_count') ?? this.params.range('cycle_second_stair_count')!, 'ds-onecycle-stairs',
        'OneCycle ignores stair counts before DeepSpeed v0.19.4 (PR #8179): the LR ramps continuously.', 'information');
    }
    if (stairs && (firstStairs > 0 || secondStairs > 0)) {
      // Staircase (v0.19.4, PR #8179): the scale is quantised from the integer position in the half cycle.
      const ratio = first / total;
      cycle = { kind: 'formula', name: 'DeepSpeed OneCycle staircase', at: u => {
        const x = 1 + u / total - Math.floor(1 + u / total);
        const stairs = x <= ratio ? firstStairs : secondStairs;
        let scale = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
        if (stairs > 0) {
          const inCycle = u % total;
          const position = inCycle <= first ? (inCycle * stairs) / first : ((total - inCycle) * stairs) / second;
          scale = Math.floor(position) / stairs;
        }
        return low + (high - low) * scale;
      }, pieceStarts: (from, to) => boundaries([0, first], total, from, to) };
      this.report(this.typeRange, 'ds-onecycle-stairs',
        'OneCycle stair counts hold the LR flat on each stair since DeepSpeed v0.19.4 (PR #8179); earlier releases ignore them and ramp continuously.', 'information');
    } else {
      cycle = { kind: 'cyclic', base: low, max: high, stepUp: first, stepDown: second, mode: 'triangular', gamma: 1 };
    }
    // Decay starts once last_batch_iteration = u − 1 reaches total_size; skipped when either rate or size is 0.
    const decayStart = Math.ceil(total) + 1;
    const decay: Curve = decayRate === 0 || decayStepSize === 0 ? { kind: 'constant', value: low }
      : { kind: 'formula', name: 'DeepSpeed OneCycle decay', at: u => low / (1 + (decayRate * (u - total)) / decayStepSize), pieceStarts: () => [] };
    const curve: Curve = { kind: 'sequence', phases: [
      { start: 0, counter: 'global', curve: cycle },
      { start: decayStart, counter: 'global', curve: decay, label: 'cycle end' },
    ] };
    return { curve, warmupUpdates: Math.ceil(first) };
  }

  /** LRRangeTest: min·(1 + rate·u/step_size) (staircase: ⌊u/step_size⌋) — the interval also uses k + 1 = u. */
  private rangeTest(): DeepSpeedCurve | undefined {
    const minLr = this.perGroup('lr_range_test_min_lr') ?? 1e-3;
    const stepSize = this.params.number('lr_range_test_step_size') ?? 2000;
    const rate = this.params.number('lr_range_test_step_rate') ?? 1;
    const staircase = this.params.boolean('lr_range_test_staircase') ?? false;
    const strict = this.context.release.stairsAndStepSizeChecks;
    if (stepSize <= 0 || (strict && this.params.has('lr_range_test_step_size') && !isIntegerLiteral(this.params.valueNode('lr_range_test_step_size')))) {
      this.report(this.params.range('lr_range_test_step_size') ?? this.typeRange, 'ds-rangetest-step-size',
        `LRRangeTest needs a positive integer lr_range_test_step_size (DeepSpeed ≥ 0.19.4 raises ValueError), not ${this.params.valueNode('lr_range_test_step_size')?.text ?? stepSize}.`, 'error');
      return undefined;
    }
    const curve: Curve = staircase
      ? { kind: 'formula', name: 'DeepSpeed LRRangeTest staircase', at: u => minLr * (1 + rate * Math.floor(u / stepSize)), pieceStarts: () => [] }
      : { kind: 'formula', name: 'DeepSpeed LRRangeTest', at: u => minLr * (1 + rate * (u / stepSize)), pieceStarts: () => [] };
    this.report(this.typeRange, 'ds-range-test',
      'LRRangeTest raises the LR without end to find the largest usable LR; it is a probe, not a training schedule.', 'information');
    return { curve, warmupUpdates: 0 };
  }

  /**
   * `warmup_num_steps` (default 1000): a positive int since v0.19.3 (PR #8126; before, 0 silently became 2);
   * the schedulers use W' = max(2, warmup_num_steps).
   */
  private warmupSteps(type: string): { written: number; effective: number; type: 'log' | 'linear' } | undefined {
    const node = this.params.valueNode('warmup_num_steps');
    const written = this.params.number('warmup_num_steps') ?? 1000;
    const strict = this.context.release.strictWarmupAndCosineClamp;
    // the Trainer's default 0 over "auto" is an assumption, not the file's: its ds-auto-value note says what
    // 0.19.3 does with it, and it is drawn as older releases run it (2 updates)
    const filled = this.context.trainerFilled?.has('warmup_num_steps') === true;
    if (strict && !filled && node && node.kind !== 'null' && (written <= 0 || !isIntegerLiteral(node))) {
      this.report(node.range, 'ds-warmup-steps',
        `${type} needs a positive integer warmup_num_steps (DeepSpeed ≥ 0.19.3 raises "ValueError: warmup_num_steps must be a positive integer, got ${node.text ?? written}"; older releases turned 0 into 2).`, 'error');
      return undefined;
    }
    if (written < 2 && !filled) {
      this.report(node!.range, 'ds-warmup-min-two', `${type} uses max(2, warmup_num_steps): a warmup of ${written} step${written === 1 ? '' : 's'} lasts 2 (DeepSpeed#771).`, 'information');
    }
    let warmupType: 'log' | 'linear' = 'log';
    const typeNode = this.params.valueNode('warmup_type');
    const writtenType = this.params.string('warmup_type');
    if (writtenType === undefined) {
      if (!typeNode || typeNode.kind === 'null') {
        // `"warmup_type": null` (None: log too) is set over in place; a key with no value at all (broken text)
        // gets no fix; with no key, addDialectFixes inserts one
        const fixes = !typeNode ? undefined : typeNode.range.end > typeNode.range.start
          ? [{ title: 'Warm up linearly: `"warmup_type": "linear"`', edits: [{ range: typeNode.range, newText: '"linear"' }], preferred: true }]
          : [];
        // with a Trainer-filled warm-up (its default: none) the shape matters only once the user's warmup_steps is set
        this.report(this.typeRange, 'ds-log-warmup', filled
          ? `${type} warms up logarithmically by default (warmup_type "log": γ = ln(k + 1) / ln(W)), fast at first and slow near the peak, not linearly (DeepSpeed#1298): so does the warm-up the Hugging Face Trainer writes from your warmup_steps or warmup_ratio. Set \`"warmup_type": "linear"\` for a straight ramp.`
          : `${type} warms up logarithmically by default (warmup_type "log": γ = ln(k + 1) / ln(${Math.max(2, written)})), fast at first and slow near the peak, not linearly (DeepSpeed#1298). Set \`"warmup_type": "linear"\` for a straight ramp.`,
        filled ? 'information' : 'warning', fixes);
      }
    } else if (writtenType === 'linear' || writtenType === 'log') {
      warmupType = writtenType;
    } else {
      this.report(this.params.range('warmup_type')!, 'ds-unknown-warmup-type',
        `warmup_type "${quoted(writtenType)}" is neither "log" nor "linear": DeepSpeed logs a warning and warms up logarithmically.${didYouMean(writtenType, ['log', 'linear'])}`, 'warning');
    }
    return { written, effective: Math.max(2, written), type: warmupType };
  }

  /** The warmup over iterations k < W' (from `from` to `to`), and the update at which the peak is first used. */
  private warmupShape(warmup: { effective: number; type: 'log' | 'linear' }, from: number, to: number, valueAt: (gamma: number) => number): { curve: Curve; peakUpdate: number } {
    const w = warmup.effective;
    if (warmup.type === 'linear') {
      // γ = k / W' reaches 1 at k = W', used by update W' + 1.
      return { curve: { kind: 'linear', from, to, length: w }, peakUpdate: w + 1 };
    }
    // γ = ln(k + 1) / ln(W') (a log curve no shape states) reaches 1 at k = W' − 1, used by update W'.
    const inverseLog = 1 / Math.log(w);
    return {
      curve: { kind: 'formula', name: 'DeepSpeed log warmup', at: k => valueAt(k < w ? inverseLog * Math.log(k + 1) : 1), pieceStarts: () => [] },
      peakUpdate: w,
    };
  }

  private totalSteps(warmup: { written: number; effective: number }): number | undefined {
    const total = this.params.number('total_num_steps');
    if (total === undefined) return undefined;
    if (total < warmup.written) {
      this.report(this.params.range('total_num_steps')!, 'ds-total-less-than-warmup',
        `total_num_steps (${total}) is less than warmup_num_steps (${warmup.written}): DeepSpeed only logs a warning; the LR never completes its warmup before the decay.`, 'warning');
    }
    return total;
  }

  /** A number, or the first of a per-parameter-group list (LR Lens shows group 0). */
  private perGroup(key: string): number | undefined {
    const node = this.params.valueNode(key);
    if (node?.kind === 'array') {
      const values = this.params.numberList(key);
      if (!values || values.length === 0) return undefined;
      this.report(node.range, 'ds-per-group', `\`${this.params.path(key)}\` gives one value per parameter group (its length must equal the number of groups, ValueError otherwise); LR Lens shows group 0 (${values[0]}).`, 'information');
      return values[0];
    }
    return this.params.number(key);
  }

  private report(range: SourceRange, code: string, message: string, severity: Diagnostic['severity'], fixes?: Fix[]): void {
    this.context.report(range, code, message, severity, fixes);
  }
}

/** Piece starts at k·period + offset inside (from, to]. */
function boundaries(offsets: number[], period: number, from: number, to: number): number[] {
  const starts: number[] = [];
  for (let k = Math.max(0, Math.floor(from / period) - 1); k * period <= to + period && starts.length < 100_000; k++) {
    for (const offset of offsets) {
      for (const p of [Math.ceil(k * period + offset), Math.floor(k * period + offset) + 1]) if (p > from && p <= to) starts.push(p);
    }
  }
  return starts;
}
