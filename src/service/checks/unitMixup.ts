import { quoted } from '../../formats/quote';
import type { Curve } from '../../core/curve';
import type { Diagnostic, SettingRef } from '../../dialects/types';
import { type CheckInput, numberText } from './context';
import { collectMilestones, listText, numbersIn, rewrite, type Token } from './milestones';
import { placeCosines, type PlacedCosine } from './period';
import { warmupLengthSetting } from './warmup';
import { inEpochsOnly } from '../describe';

type Unit = 'epoch' | 'update';
type Kind = 'warmup' | 'period' | 'total' | 'stepSize' | 'milestones';

/** A count the schedule was built from, and the unit the reader took it in. */
interface Count {
  setting: SettingRef;
  kind: Kind;
  tokens: Token[];
  /** as written, in file order */
  values: number[];
  unit: Unit;
}

const MILESTONES = /^(milestones|decay_milestones|STEPS|boundaries)$/;
const PERIOD = /^(period|T_max)$/;
/** The length of a OneCycleLR, a PolynomialLR or a decaying LinearLR (PyTorch, MMEngine). */
const TOTAL = /^(total_steps|total_iters)$/;
/** The interval of a step decay (PyTorch StepLR, timm `sched: step`, PaddleClas, our format). */
const STEP_SIZE = /^(step_size|stepSize|decay_epochs)$/;
/** Fewer updates per epoch than this and a count in updates is too close to one in epochs to tell them apart. */
const MIN_STEPS_PER_EPOCH = 8;

/**
 * `unit-mixup`: a count written in updates where the scheduler counts epochs, or the reverse. The unit is not
 * guessed from the key's name: it is the one the reader used, recovered from the built curve (the warm-up lasts
 * v × steps-per-epoch updates, or v; a cosine spans v × steps-per-epoch or v; milestones sit at m × steps-per-epoch
 * or m). A mix-up is then judged from the run's own numbers, so that only clear cases fire:
 *  (a) in epochs (a warm-up, a period, a length, a step interval, milestones), but every value is at least twice the run's epochs, fits inside the run as updates, and is a whole
 *      multiple of the updates per epoch (5 × 1252 = 6260): the value was computed in updates;
 *  (b) in updates, but a cosine period, a OneCycleLR / PolynomialLR length or the last milestone is about the run's
 *      epoch count and smaller than one epoch of updates: the whole schedule would be over within the first epoch.
 * The fix converts the value (÷ or × steps per epoch); the generic checks stay quiet on the same value.
 */
export function checkUnitMixup(input: CheckInput): Diagnostic[] {
  const { schedule } = input.read;
  const stepsPerEpoch = schedule.stepsPerEpoch;
  const n = schedule.totalUpdates;
  if (!stepsPerEpoch || !Number.isInteger(stepsPerEpoch) || stepsPerEpoch < MIN_STEPS_PER_EPOCH || !(n > 0)) return [];
  // Updates per epoch unknown: stepsPerEpoch counts nominal slices of an epoch, and a count "in updates" cannot
  // be told from one in epochs without the real number (every conversion would be made up).
  if (inEpochsOnly(schedule)) return [];
  const epochs = n / stepsPerEpoch;
  if (epochs < 2) return [];
  const out: Diagnostic[] = [];
  for (const count of countsOf(input, stepsPerEpoch)) {
    const d = count.unit === 'epoch' ? updatesAsEpochs(input, count, stepsPerEpoch, epochs) : epochsAsUpdates(input, count, stepsPerEpoch, epochs);
    if (d) out.push(d);
  }
  return out;
}

/** (a) A count in epochs that holds updates. */
function updatesAsEpochs(input: CheckInput, count: Count, stepsPerEpoch: number, epochs: number): Diagnostic | undefined {
  const n = input.read.schedule.totalUpdates;
  const converted: number[] = [];
  for (const value of count.values) {
    const multiple = value / stepsPerEpoch;
    const whole = Math.round(multiple);
    if (value < 2 * epochs || value > n || whole < 1 || Math.abs(multiple - whole) > 0.01 * whole) return undefined;
    converted.push(whole);
  }
  // OneCycleLR raises once stepped past total_steps: fewer epochs than the run steps it is no conversion
  // (pt-onecycle-overstep sizes it to the run instead)
  if (count.kind === 'total' && /total_steps$/.test(count.setting.path) && converted[0] < epochs) return undefined;
  const name = quoted(count.setting.path);
  const written = shown(count.values);
  const asUpdates = shown(count.values.map(v => v * stepsPerEpoch));
  const consequence = {
    warmup: `the warm-up lasts ${asUpdates} updates, longer than training (${n}): the LR never reaches its peak`,
    period: `the cosine spans ${asUpdates} updates, far past the end of training (${n}): the LR hardly decays`,
    total: `the schedule spans ${asUpdates} updates, far past the end of training (${n}): the LR hardly moves`,
    stepSize: `the LR would first drop at update ${asUpdates}, after training ends (${n}): it never decays`,
    milestones: `the LR would drop at updates ${asUpdates}, after training ends (${n}): it never decays`,
  }[count.kind];
  return {
    range: count.setting.range,
    severity: 'warning',
    code: 'unit-mixup',
    message: `\`${name}\` counts epochs, but ${count.values.length === 1 ? written : `every value of ${written}`} is more than the run's ${numberText(epochs)} epochs and a whole number of epochs of ${stepsPerEpoch} updates each (${converted.slice(0, 3).map(c => `${c} × ${stepsPerEpoch}`).join(', ')}${converted.length > 3 ? ', …' : ''}): it looks like a count of updates. As written, ${consequence}. Write it in epochs: ${shown(converted)}.`,
    fixes: [rewrite(input.text, count.setting, count.tokens, converted, `Convert to epochs: ${shown(converted)}`)],
  };
}

/** (b) A per-update count that holds the run's epochs: the schedule would be over within the first epoch. */
function epochsAsUpdates(input: CheckInput, count: Count, stepsPerEpoch: number, epochs: number): Diagnostic | undefined {
  // a short warm-up in updates is normal; so is a per-update step decay with a small interval and gamma near 1
  if (count.kind === 'warmup' || count.kind === 'stepSize') return undefined;
  const last = count.values.reduce((a, b) => Math.max(a, b), -Infinity);
  if (last >= stepsPerEpoch || last > epochs + 1 || last < 0.5 * epochs || count.values.some(v => v <= 0)) return undefined;
  const converted = count.values.map(v => v * stepsPerEpoch);
  const name = quoted(count.setting.path);
  const written = shown(count.values);
  const consequence = count.kind === 'milestones'
    ? `every LR drop happens within the first epoch (${stepsPerEpoch} updates), so the rest of the run trains at the lowest LR`
    : `the ${count.kind === 'period' ? 'cosine' : 'schedule'} is over after ${numberText(last)} updates, inside the first epoch (${stepsPerEpoch} updates), and does not shape the rest of the run`;
  return {
    range: count.setting.range,
    severity: 'warning',
    code: 'unit-mixup',
    message: `\`${name}\` counts updates here (the LR changes on every update), but ${count.values.length === 1 ? `${written} is about` : `${written} all fall within`} the run's ${numberText(epochs)} epochs: ${consequence}. If you meant epochs, write it in updates: ${count.values.length === 1 ? `${numberText(last)} × ${stepsPerEpoch} = ` : ''}${shown(converted)}.`,
    fixes: [rewrite(input.text, count.setting, count.tokens, converted, `Convert to updates: ${shown(converted)}`)],
  };
}

/** The warm-up length, the cosine period, the one-cycle / polynomial length, the step interval and the milestones, each in the unit the reader built the curve in. */
function countsOf(input: CheckInput, stepsPerEpoch: number): Count[] {
  const { schedule } = input.read;
  const counts: Count[] = [];
  const same = (a: number, b: number) => Math.abs(a - b) < 0.5;

  const warmup = warmupLengthSetting(input);
  if (warmup && !/ratio|fraction/i.test(keyOf(warmup))) {
    const read = numbers(input, warmup);
    if (read && read.values.length === 1 && schedule.warmupUpdates > 0 && same(schedule.warmupUpdates, read.values[0] * stepsPerEpoch)) {
      counts.push({ setting: warmup, kind: 'warmup', ...read, unit: 'epoch' });
    }
  }

  const period = input.read.settings.find(s => PERIOD.test(keyOf(s)));
  const cosines: PlacedCosine[] = [];
  placeCosines(schedule.curve, 1, 0, cosines);
  const periodRead = period && numbers(input, period);
  if (period && periodRead && periodRead.values.length === 1 && cosines.length === 1) {
    const span = cosines[0].end - cosines[0].start;
    const [value] = periodRead.values;
    const unit: Unit | undefined = same(span, value * stepsPerEpoch) ? 'epoch' : same(span, value) ? 'update' : undefined;
    if (unit) counts.push({ setting: period, kind: 'period', ...periodRead, unit });
  }

  const total = input.read.settings.find(s => TOTAL.test(keyOf(s)));
  const spans: number[] = [];
  placeSpans(schedule.curve, 1, spans);
  const totalRead = total && numbers(input, total);
  if (total && totalRead && totalRead.values.length === 1 && spans.length === 1) {
    const [value] = totalRead.values;
    const unit: Unit | undefined = same(spans[0], value * stepsPerEpoch) ? 'epoch' : same(spans[0], value) ? 'update' : undefined;
    if (unit) counts.push({ setting: total, kind: 'total', ...totalRead, unit });
  }

  const stepSize = input.read.settings.find(s => STEP_SIZE.test(keyOf(s)));
  const steps: number[] = [];
  placeStepSizes(schedule.curve, 1, steps);
  const stepRead = stepSize && numbers(input, stepSize);
  if (stepSize && stepRead && stepRead.values.length === 1 && steps.length === 1 && same(steps[0], stepRead.values[0] * stepsPerEpoch)) {
    counts.push({ setting: stepSize, kind: 'stepSize', ...stepRead, unit: 'epoch' });
  }

  const lists: number[][] = [];
  collectMilestones(schedule.curve, 1, 0, lists);
  // a SequentialLR has two: its own (where children switch) and its MultiStepLR child's; the curve tells which
  for (const milestones of input.read.settings.filter(s => MILESTONES.test(keyOf(s)))) {
    const listRead = numbers(input, milestones);
    if (!listRead || lists.length !== 1 || lists[0].length !== listRead.values.length) continue;
    const placed = lists[0];
    const sorted = [...listRead.values].sort((a, b) => a - b);
    // a SequentialLR child counts from its phase's start: the same shift for every milestone
    const fits = (scale: number) => {
      const shift = placed[0] - sorted[0] * scale;
      return (sorted.length > 1 || same(shift, 0)) && shift > -0.5 && sorted.every((v, i) => same(placed[i] - v * scale, shift));
    };
    const unit: Unit | undefined = fits(stepsPerEpoch) ? 'epoch' : fits(1) ? 'update' : undefined;
    if (unit) counts.push({ setting: milestones, kind: 'milestones', ...listRead, unit });
  }
  return counts;
}

/**
 * The lengths, in updates, of the curves a `total_steps` / `total_iters` sets (a counter s is update s × scale):
 * OneCycleLR's last anchor is total_steps − 1; a rising LinearLR is a warm-up, whose length says nothing here.
 */
function placeSpans(curve: Curve, scale: number, found: number[]): void {
  switch (curve.kind) {
    case 'oneCycle': found.push((curve.anchors[curve.anchors.length - 1].step + 1) * scale); return;
    case 'polynomial': found.push(curve.length * scale); return;
    case 'linear': if (curve.from > curve.to) found.push(curve.length * scale); return;
    case 'perEpoch': placeSpans(curve.curve, scale * curve.stepsPerEpoch, found); return;
    case 'shift': case 'clamp': placeSpans(curve.curve, scale, found); return;
    case 'product': for (const f of curve.factors) placeSpans(f, scale, found); return;
    case 'sequence': for (const phase of curve.phases) placeSpans(phase.curve, scale, found); return;
    default: return;
  }
}

/** The interval of every step decay, in updates. */
function placeStepSizes(curve: Curve, scale: number, found: number[]): void {
  switch (curve.kind) {
    case 'step': found.push(curve.stepSize * scale); return;
    case 'perEpoch': placeStepSizes(curve.curve, scale * curve.stepsPerEpoch, found); return;
    case 'shift': case 'clamp': placeStepSizes(curve.curve, scale, found); return;
    case 'product': for (const f of curve.factors) placeStepSizes(f, scale, found); return;
    case 'sequence': for (const phase of curve.phases) placeStepSizes(phase.curve, scale, found); return;
    default: return;
  }
}

/** The numbers of a value that holds only numbers (a list's brackets and commas aside); not `${trainer.max_epochs}`. */
function numbers(input: CheckInput, setting: SettingRef): { tokens: Token[]; values: number[] } | undefined {
  const tokens = numbersIn(input.text, setting.range);
  return tokens && { tokens, values: tokens.map(t => t.value) };
}

/** The last key of the setting's path (no array per call: the checks ask for every setting several times). */
function keyOf(setting: SettingRef): string {
  return setting.path.slice(setting.path.lastIndexOf('.') + 1);
}

function shown(values: number[]): string {
  return values.length === 1 ? numberText(values[0]) : listText(values);
}
