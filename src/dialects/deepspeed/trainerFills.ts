import type { Assumption } from '../../core/schedule';
import { nominalSlicesPerEpoch, unknownStepsPerEpoch } from '../../core/units';
import { quoted } from '../../formats/quote';
import type { ConfigNode, NumberNode, ObjectNode } from '../../formats/tree';
import type { AnalysisContext } from '../types';

/**
 * What the Hugging Face Trainer writes over `"auto"` in a DeepSpeed config before DeepSpeed reads it
 * (transformers src/transformers/integrations/deepspeed.py @02348331, class HfTrainerDeepSpeedConfig):
 *   trainer_config_process:  fill_match("optimizer.params.lr", args.learning_rate, "learning_rate")
 *                            fill_only("scheduler.params.warmup_min_lr", 0)  # not a trainer arg
 *                            fill_match("scheduler.params.warmup_max_lr", args.learning_rate, "learning_rate")
 *   trainer_config_finalize: fill_match("scheduler.params.total_num_steps", num_training_steps, …)
 *                            fill_match("scheduler.params.warmup_num_steps", args.get_warmup_steps(num_training_steps), …)
 * No other scheduler key is filled: any other "auto" reaches DeepSpeed as the string. A value that is not "auto"
 * must equal the TrainingArguments value (fill_match), else the Trainer stops with "Please correct the following
 * DeepSpeed config values that mismatch TrainingArguments values" (dialects.md §3.5).
 *
 * The file does not say what the TrainingArguments are, so each "auto" is drawn as what the Trainer writes with
 * TrainingArguments' own defaults (transformers src/transformers/training_args.py, dialects.md §3.1):
 * `learning_rate` 5e-5; `warmup_steps` 0 (and transformers 4's `warmup_ratio` 0.0), so `get_warmup_steps(N)` is 0
 * in 4 (`warmup_steps if warmup_steps > 0 else ceil(N × warmup_ratio)`) and in 5 (`ceil(N × 0)`); `max_steps` −1
 * and `num_train_epochs` 3.0, so num_training_steps = ceil(3 × updates per epoch) (Trainer.set_initial_training_values,
 * dialects.md §3.2), with `per_device_train_batch_size` 8 where a stated dataset size meets an "auto" batch. An explicit learning rate elsewhere in the file is what `learning_rate` must be (the mismatch
 * check), so it is taken instead of the default.
 */
export const TRAINER_DEFAULTS = { learning_rate: 5e-5, warmup_steps: 0, num_train_epochs: 3.0, per_device_train_batch_size: 8 } as const;

/** The scheduler keys the Trainer fills, and what with (a Map: keys come from the config). */
const FILLED_WITH: ReadonlyMap<string, string> = new Map(Object.entries({
  warmup_min_lr: '0 (no TrainingArguments field sets it)',
  warmup_max_lr: 'TrainingArguments.learning_rate',
  warmup_num_steps: 'TrainingArguments.get_warmup_steps(num_training_steps) (warmup_steps, or warmup_ratio × the run in transformers 4)',
  total_num_steps: 'num_training_steps (TrainingArguments.max_steps, or num_train_epochs × updates per epoch)',
}));

const HOW_TO_SET_EPOCHS = 'a `// lr-lens: epochs=N` comment (JSONC), or --epochs N; or write `total_num_steps` as a number';
const HOW_TO_SET_STEPS = 'set `lrLens.stepsPerEpoch`, a `// lr-lens: steps_per_epoch=N` comment (JSONC), or --steps-per-epoch; or write `total_num_steps` as a number';

export interface TrainerFillRequest {
  /** `scheduler.params` as written */
  params: ObjectNode;
  /** `optimizer.params.lr: "auto"`, when the schedule uses the optimizer's LR */
  optimizerLrNode: ConfigNode | undefined;
  /** `optimizer.params.lr` as a number, when the file writes one */
  optimizerLr: number | undefined;
  context: AnalysisContext;
  /** N from the user's facts (max_steps, epochs × updates per epoch), when they give it; assumptions pushed by the caller's reader */
  statedRun(): { totalUpdates: number; assumptions: Assumption[] } | undefined;
  /** updates per epoch from the user's facts (steps_per_epoch, or dataset_size over the file's batch), with its assumption */
  statedUpdatesPerEpoch(): { value: number; assumptions: Assumption[] } | undefined;
  /** every "auto" gets one information diagnostic */
  inform(node: ConfigNode, path: string, message: string): void;
}

export interface TrainerFill {
  /** `scheduler.params` with each filled "auto" as the number the Trainer writes (same ranges) */
  params: ObjectNode;
  /** the scheduler keys filled */
  filled: ReadonlySet<string>;
  /** the optimizer's LR as filled, when `optimizerLrAuto` */
  optimizerLr?: number;
  /** the run, when `total_num_steps` is "auto": the Trainer's num_training_steps */
  run?: { totalUpdates: number; stepsPerEpoch?: number; updatesPerEpochUnknown?: true };
  assumptions: Assumption[];
}

/** Each "auto" as the Hugging Face Trainer fills it with TrainingArguments' defaults, as assumptions. */
export function trainerFill(request: TrainerFillRequest): TrainerFill | undefined {
  const { params, context } = request;
  // the last of a duplicated key is the one JSON loaders keep
  const autoEntries = [...new Map(params.entries.map(e => [e.key, e])).values()].filter(e => isAuto(e.value));
  if (autoEntries.length === 0 && !request.optimizerLrNode) return undefined;
  const assumptions: Assumption[] = [];
  const filled = new Set<string>();
  const fills = new Map<ConfigNode, number>();
  const lastNumber = (key: string): number | undefined => {
    const entry = [...params.entries].reverse().find(e => e.key === key);
    return entry?.value.kind === 'number' ? entry.value.value : undefined;
  };

  // learning_rate: the explicit LR the mismatch check ties it to, else the default
  const writtenMax = lastNumber('warmup_max_lr');
  const learningRate: { value: number; source: Assumption['source']; origin: string } =
    request.optimizerLr !== undefined
      ? { value: request.optimizerLr, source: 'inferred', origin: `\`optimizer.params.lr: ${request.optimizerLr}\` (the Trainer stops unless TrainingArguments.learning_rate equals it)` }
      : writtenMax !== undefined
        ? { value: writtenMax, source: 'inferred', origin: `\`scheduler.params.warmup_max_lr: ${writtenMax}\` (the Trainer stops unless TrainingArguments.learning_rate equals it)` }
        : { value: TRAINER_DEFAULTS.learning_rate, source: 'default', origin: `TrainingArguments.learning_rate (default ${TRAINER_DEFAULTS.learning_rate})` };
  // how the messages say the value: the default, or the explicit LR the Trainer's mismatch check ties it to
  const lrDrawn = learningRate.source === 'default' ? `${learningRate.value} (TrainingArguments' default)`
    : `${learningRate.value}, the value TrainingArguments.learning_rate must have to pass the Trainer's check against \`${request.optimizerLr !== undefined ? 'optimizer.params.lr' : 'scheduler.params.warmup_max_lr'}\``;
  const lrAssumption = (path: string): Assumption => ({
    fact: path === 'optimizer.params.lr' ? 'lr' : 'warmup_max_lr', value: learningRate.value, source: learningRate.source, origin: learningRate.origin,
    howToSet: `the Hugging Face Trainer writes TrainingArguments.learning_rate over \`${path}: "auto"\`${learningRate.source === 'default' ? ` (its default ${TRAINER_DEFAULTS.learning_rate})` : ''}: write your learning rate there as a number to draw it`,
  });

  // the run: the Trainer's num_training_steps
  let run: TrainerFill['run'];
  const totalAuto = autoEntries.some(e => e.key === 'total_num_steps');
  let totalValue: number | undefined = lastNumber('total_num_steps');
  if (totalAuto) {
    const stated = request.statedRun();
    if (stated) {
      run = { totalUpdates: stated.totalUpdates };
      assumptions.push(...stated.assumptions);
    } else {
      // The Trainer runs num_train_epochs (the user's, else its default 3.0) × updates per epoch.
      const epochs = context.facts.epochs ?? TRAINER_DEFAULTS.num_train_epochs;
      assumptions.push(context.facts.epochs !== undefined
        ? { fact: 'epochs', value: epochs, source: context.sources.epochs ?? 'context', howToSet: HOW_TO_SET_EPOCHS }
        : { fact: 'epochs', value: epochs, source: 'default', origin: `TrainingArguments.num_train_epochs (default ${TRAINER_DEFAULTS.num_train_epochs})`,
          howToSet: `the Hugging Face Trainer runs TrainingArguments.num_train_epochs (default ${TRAINER_DEFAULTS.num_train_epochs}) unless max_steps is set: ${HOW_TO_SET_EPOCHS}` });
      const perEpoch = request.statedUpdatesPerEpoch();
      if (perEpoch) {
        assumptions.push(...perEpoch.assumptions);
        run = { totalUpdates: Math.max(1, Math.ceil(epochs * perEpoch.value)), stepsPerEpoch: perEpoch.value };
      } else {
        // Issue 12 §1: no one says the updates per epoch, so the decay spans the run in epochs: drawn at nominal
        // slices per epoch (the convention of every per-update schedule without them, core/units.ts).
        const slices = nominalSlicesPerEpoch(epochs);
        assumptions.push(unknownStepsPerEpoch(`${HOW_TO_SET_STEPS}. total_num_steps is the Trainer's num_training_steps, counted in updates: drawn as if an epoch had ${slices} updates`));
        run = { totalUpdates: Math.max(1, Math.ceil(epochs * slices)), stepsPerEpoch: slices, updatesPerEpochUnknown: true };
      }
    }
    totalValue = run.totalUpdates;
  }

  for (const entry of autoEntries) {
    const path = `scheduler.params.${quoted(entry.key)}`;
    const with_ = FILLED_WITH.get(entry.key);
    if (with_ === undefined) {
      request.inform(entry.value, path, `\`${path}: "auto"\` is not a key the Hugging Face Trainer fills (it fills ${[...FILLED_WITH.keys()].join(', ')} and optimizer.params.lr): DeepSpeed receives the string "auto".`);
      continue;
    }
    let value: number;
    let drawn: string;
    switch (entry.key) {
      case 'warmup_min_lr':
        value = 0;
        drawn = '0';
        assumptions.push({ fact: 'warmup_min_lr', value, source: 'default', origin: 'the Hugging Face Trainer (fill_only: no TrainingArguments field)',
          howToSet: `the Hugging Face Trainer writes 0 over \`${path}: "auto"\`: write another number there to draw it` });
        break;
      case 'warmup_max_lr':
        value = learningRate.value;
        drawn = lrDrawn;
        assumptions.push(lrAssumption(path));
        break;
      case 'warmup_num_steps':
        // get_warmup_steps(N) with warmup_steps 0 (and warmup_ratio 0.0): 0 whatever N is
        value = TRAINER_DEFAULTS.warmup_steps;
        drawn = '0 (warmup_steps\' default; DeepSpeed warms up over max(2, 0) = 2 updates, and 0.19.3 and later stop with "ValueError: warmup_num_steps must be a positive integer, got 0" unless warmup_steps or warmup_ratio is set)';
        assumptions.push({ fact: 'warmup_num_steps', value, source: 'default', origin: `TrainingArguments.warmup_steps (default ${TRAINER_DEFAULTS.warmup_steps})`,
          howToSet: `the Hugging Face Trainer writes TrainingArguments.get_warmup_steps(num_training_steps) over \`${path}: "auto"\` (warmup_steps, default 0, or warmup_ratio × the run in transformers 4): write your warm-up updates there as a number to draw them` });
        break;
      default: // total_num_steps
        value = totalValue!;
        drawn = run?.updatesPerEpochUnknown ? `the run of ${assumptions.find(a => a.fact === 'epochs')?.value} epochs (updates per epoch unknown)` : String(value);
        assumptions.push({ fact: 'total_num_steps', value: run?.updatesPerEpochUnknown ? `${assumptions.find(a => a.fact === 'epochs')?.value} epochs` : value,
          ...(run?.updatesPerEpochUnknown ? { source: 'default' as const, origin: 'the Hugging Face Trainer\'s num_training_steps over TrainingArguments.num_train_epochs' }
            : { source: 'inferred' as const, origin: 'the run length you stated (the Hugging Face Trainer\'s num_training_steps)' }),
          howToSet: `the Hugging Face Trainer writes num_training_steps (TrainingArguments.max_steps, or num_train_epochs × updates per epoch) over \`${path}: "auto"\`: ${HOW_TO_SET_STEPS}` });
    }
    filled.add(entry.key);
    fills.set(entry.value, value);
    request.inform(entry.value, path, `\`${path}: "auto"\` is filled by the Hugging Face Trainer with ${with_} before DeepSpeed starts (plain DeepSpeed, without the Trainer, fails on the string). Drawn with ${drawn}: write a number to draw your run's value.`);
  }

  let optimizerLr: number | undefined;
  if (request.optimizerLrNode) {
    optimizerLr = learningRate.value;
    assumptions.push(lrAssumption('optimizer.params.lr'));
    request.inform(request.optimizerLrNode, 'optimizer.params.lr', `\`optimizer.params.lr: "auto"\` is filled by the Hugging Face Trainer with TrainingArguments.learning_rate before DeepSpeed starts (plain DeepSpeed, without the Trainer, fails on the string). Drawn with ${lrDrawn}: write a number to draw your run's value.`);
  }

  const substituted: ObjectNode = {
    ...params,
    entries: params.entries.map(e => {
      const value = fills.get(e.value);
      if (value === undefined) return e;
      const node: NumberNode = { kind: 'number', value, range: e.value.range, text: String(value), ...(e.value.origin ? { origin: e.value.origin } : {}) };
      return { ...e, value: node };
    }),
  };
  return { params: substituted, filled, ...(optimizerLr !== undefined ? { optimizerLr } : {}), ...(run ? { run } : {}), assumptions };
}

export function isAuto(node: ConfigNode | undefined): boolean {
  return node?.kind === 'string' && node.value === 'auto';
}
