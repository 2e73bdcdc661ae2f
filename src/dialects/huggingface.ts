import { quoted } from '../formats/quote';
import { buildSchedule } from '../core/build';
import type { Assumption } from '../core/schedule';
import type { ConfigEntry, ConfigNode, ObjectNode, SourceRange } from '../formats/tree';
import { Fields } from './fields';
import {
  HF_SCHEDULER_FUNCTIONS, HF_SCHEDULER_KWARGS, HF_SCHEDULER_TYPES, hfSchedulerCurve, type HfSchedulerType,
} from './huggingface/schedulerCurves';
import { trainingLength } from './huggingface/trainingLength';
import { transformersVersion, versionAssumption } from './huggingface/versions';
import { warmupSteps } from './huggingface/warmup';
import { didYouMean } from './suggest';
import type { Diagnostic, Dialect, DialectInput, ReadResult, SettingRef } from './types';
import { trainerYamlLoader } from './huggingface/loader';

/**
 * Hugging Face `TrainingArguments` saved as JSON or YAML (training_args.json, sft_args.json, a TRL/LLaMA-Factory
 * style train_config.yaml): the keys are the dataclass fields, read by `HfArgumentParser.parse_json_file` /
 * `parse_yaml_file` (plain `yaml.safe_load`, so `5e-5` without a dot stays a string). The Trainer runs
 * `max_steps` updates and steps a LambdaLR after each (see huggingface/ for N, warm-up and the lambdas).
 */

/** Field names only TrainingArguments (and its TRL subclasses) use at the top level. */
const DISTINCTIVE_KEYS = [
  'per_device_train_batch_size', 'per_device_eval_batch_size', 'lr_scheduler_type', 'lr_scheduler_kwargs',
  'num_train_epochs', 'warmup_ratio',
];
/** TrainingArguments fields that other configs rarely put at the top level. */
const TYPICAL_KEYS = [
  'learning_rate', 'warmup_steps', 'max_steps', 'output_dir', 'logging_steps', 'save_steps', 'eval_steps',
  'do_train', 'do_eval', 'eval_strategy', 'evaluation_strategy', 'save_strategy', 'logging_strategy',
  'overwrite_output_dir', 'model_name_or_path', 'save_total_limit', 'report_to', 'dataloader_num_workers',
  'remove_unused_columns', 'logging_dir', 'adam_beta1', 'adam_beta2', 'adam_epsilon', 'max_grad_norm',
  'dataloader_drop_last', 'push_to_hub', 'load_best_model_at_end', 'metric_for_best_model',
];
/** Generic names many configs share: a weak hint only. */
const GENERIC_KEYS = ['gradient_accumulation_steps', 'weight_decay', 'seed', 'optim', 'gradient_checkpointing', 'bf16', 'fp16'];
/** Top-level keys that mark another framework's file (DeepSpeed, MMEngine, Lightning, Hydra, timm, Ultralytics, yacs). */
const FOREIGN_KEYS = [
  'train_batch_size', 'train_micro_batch_size_per_gpu', 'zero_optimization', 'scheduler', 'optimizer', 'param_scheduler',
  'optim_wrapper', 'train_cfg', 'trainer', 'lr_scheduler', 'model', 'data', '_target_', 'defaults', 'SOLVER', 'MODEL',
  'sched', 'lr0', 'lrf', 'Optimizer', 'Global', 'decay',
];
const FILE_NAME = /(^|[\\/])(training_args|trainer_args|train_args|sft_args|args|[\w-]*_args|train_config|sft_config|training_config)\.(json|ya?ml)$/i;

export const huggingfaceDialect: Dialect = {
  id: 'huggingface',
  displayName: 'Hugging Face Trainer',
  detect(input) {
    if (input.root.kind !== 'object') return 0;
    const keys = new Set(input.root.entries.map(e => e.key));
    let score = 0;
    for (const k of DISTINCTIVE_KEYS) if (keys.has(k)) score += 0.5;
    for (const k of TYPICAL_KEYS) if (keys.has(k)) score += 0.25;
    for (const k of GENERIC_KEYS) if (keys.has(k) && isScalar(input.root.entries.find(e => e.key === k)!.value)) score += 0.1;
    if (score > 0 && FILE_NAME.test(input.fileName)) score += 0.1;
    if (FOREIGN_KEYS.some(k => keys.has(k))) score *= 0.3;
    return Math.min(0.95, score);
  },
  read(input) {
    return readTrainingArguments(input);
  },
};

function isScalar(node: ConfigNode): boolean {
  return node.kind === 'number' || node.kind === 'boolean' || node.kind === 'string';
}

function readTrainingArguments(input: DialectInput): ReadResult {
  const diagnostics: Diagnostic[] = [];
  const settings: SettingRef[] = [];
  const out = { diagnostics, settings };
  const fail = (): ReadResult => ({ schedules: [], diagnostics });
  if (input.root.kind !== 'object') return fail();
  const root = input.root;
  const anchor = rootAnchor(root);
  // HfArgumentParser.parse_yaml_file is plain yaml.safe_load: `learning_rate: 5e-5` is the string "5e-5"
  // (not in a LLaMA-Factory recipe, which OmegaConf loads: see trainerYamlLoader).
  const loader = input.document.language === 'yaml' ? trainerYamlLoader(root) : 'yaml12';
  const fields = new Fields(root, out, { loader, codePrefix: 'hf-' });
  // a pin or the user's setting, else what the file's warm-up keys imply (huggingface/versions.ts)
  const version = transformersVersion(fields, input.context);
  const assumptions: Assumption[] = [];

  const lr = fields.number('learning_rate', { min: 0 }) ?? (fields.has('learning_rate') ? undefined : 5e-5);
  const type = schedulerType(fields);
  if (lr === undefined || type === undefined) return fail();

  const kwargs = schedulerKwargs(fields, type, out);

  if (type === 'reduce_lr_on_plateau') {
    const evalStrategy = fields.string('eval_strategy') ?? fields.string('evaluation_strategy') ?? 'no';
    fields.report(fields.range('lr_scheduler_type')!, 'reduce-lr-on-plateau',
      `\`reduce_lr_on_plateau\` holds learning_rate (${lr}) and multiplies it by \`factor\` (default 0.1) whenever the evaluation metric (\`metric_for_best_model\`, default the loss) stops improving for \`patience\` evaluations: the curve depends on your metrics, so LR Lens does not draw it. Warm-up settings are ignored.`,
      'information');
    if (evalStrategy === 'no') {
      fields.report(fields.range('lr_scheduler_type')!, 'plateau-needs-eval',
        '`reduce_lr_on_plateau` needs evaluations: TrainingArguments raises ValueError "lr_scheduler_type reduce_lr_on_plateau requires an eval strategy" while `eval_strategy` is "no". Set `eval_strategy: steps` or `epoch`.');
    }
    return fail();
  }

  if (deepspeedSchedulerReplaces(fields)) return fail();

  const length = trainingLength(fields, input.context, assumptions, anchor);
  if (!length) return fail();
  const n = length.totalUpdates;
  const w = warmupSteps(fields, version, n, input.text);
  if (w === undefined) return fail();
  const assumed = versionAssumption(version, fields);
  if (assumed) assumptions.push(assumed);

  const typeRange = fields.range('lr_scheduler_type') ?? anchor;
  const report = (code: string, message: string, severity: 'error' | 'warning' | 'information' = 'error') =>
    fields.report(typeRange, code, message, severity);
  const curve = hfSchedulerCurve({ type, lr, totalUpdates: n, warmup: w, kwargs, report });
  if (!curve) return fail();
  warmupSurprises(fields, type, w, n, typeRange, input.text);

  const schedule = buildSchedule({
    name: type,
    curve,
    totalUpdates: n,
    stepsPerEpoch: length.stepsPerEpoch,
    updatesPerEpochUnknown: length.updatesPerEpochUnknown,
    warmupUpdates: type === 'constant' ? 0 : Math.ceil(w),
    assumptions,
  });
  return { schedules: [{ dialect: 'huggingface', schedule, range: root.range, settings }], diagnostics };
}

/** `lr_scheduler_type`, default "linear"; an unknown name is `SchedulerType(name)`'s ValueError. */
function schedulerType(fields: Fields): HfSchedulerType | undefined {
  if (!fields.has('lr_scheduler_type')) return 'linear';
  const name = fields.string('lr_scheduler_type');
  if (name === undefined) return undefined;
  if ((HF_SCHEDULER_TYPES as readonly string[]).includes(name)) return name as HfSchedulerType;
  fields.report(fields.range('lr_scheduler_type')!, 'unknown-scheduler',
    `\`${quoted(name)}\` is not a transformers SchedulerType (ValueError). Known: ${HF_SCHEDULER_TYPES.map(t => `\`${t}\``).join(', ')}.${didYouMean(name, HF_SCHEDULER_TYPES)}`);
  return undefined;
}

/**
 * `lr_scheduler_kwargs`: a mapping, or a JSON string as on the command line (TrainingArguments.__post_init__
 * json.loads strings that start with "{" and converts "true"/"false"/digit strings). Keys the scheduler function
 * does not take are a TypeError; for the types whose kwargs `get_scheduler` never forwards they are ignored.
 */
function schedulerKwargs(fields: Fields, type: HfSchedulerType, out: { diagnostics: Diagnostic[]; settings: SettingRef[] }): Fields {
  const entry = fields.entry('lr_scheduler_kwargs');
  let node: ObjectNode | undefined;
  if (entry?.value.kind === 'string' && entry.value.value.trim().startsWith('{')) {
    fields.string('lr_scheduler_kwargs');
    node = jsonStringAsNode(entry.value.value, entry.value.range);
    if (!node) fields.report(entry.value.range, 'kwargs-not-json', '`lr_scheduler_kwargs` starts with "{" but is not valid JSON: TrainingArguments raises json.JSONDecodeError.');
  }
  const kwargs = node ? new Fields(node, { diagnostics: out.diagnostics, settings: [] }, { prefix: 'lr_scheduler_kwargs', codePrefix: 'hf-' })
    : fields.child('lr_scheduler_kwargs');
  if (!kwargs.node || kwargs.node.entries.length === 0) return kwargs;
  const accepted = HF_SCHEDULER_KWARGS[type];
  const fn = HF_SCHEDULER_FUNCTIONS[type];
  if (accepted === 'ignored') {
    fields.report(fields.range('lr_scheduler_kwargs')!, 'scheduler-kwargs-ignored',
      `\`${type}\` never receives \`lr_scheduler_kwargs\` (get_scheduler calls ${fn} without them): ${kwargs.keys.map(k => `\`${quoted(k)}\``).join(', ')} ${kwargs.keys.length === 1 ? 'has' : 'have'} no effect` +
      (type === 'inverse_sqrt' ? ' — the timescale is always the warm-up length (or 10000 without warm-up).' : '.'), 'warning');
    return new Fields(undefined, { diagnostics: [], settings: [] });
  }
  for (const e of kwargs.node.entries) {
    if (accepted.includes(e.key)) continue;
    const reserved = ['num_warmup_steps', 'num_training_steps', 'optimizer'].includes(e.key);
    kwargs.report(e.keyRange, 'unknown-scheduler-kwarg', reserved
      ? `\`${quoted(e.key)}\` is passed by the Trainer itself: ${fn} gets it twice (TypeError "got multiple values for keyword argument '${quoted(e.key)}'"). Remove it.`
      : e.key === 'last_epoch'
        ? '`last_epoch` makes LambdaLR resume and fail with KeyError "initial_lr" on a fresh optimizer. Remove it.'
        : `${fn} has no argument \`${quoted(e.key)}\` (TypeError "unexpected keyword argument"). It takes ${accepted.length ? accepted.map(k => `\`${k}\``).join(', ') : 'no lr_scheduler_kwargs'}.${didYouMean(e.key, accepted)}`);
  }
  return kwargs;
}

/** A JSON object text as config nodes that all point at the string's range. */
function jsonStringAsNode(text: string, range: SourceRange): ObjectNode | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const toNode = (value: unknown): ConfigNode => {
    if (typeof value === 'number') return { kind: 'number', value, range, text: String(value) };
    if (typeof value === 'boolean') return { kind: 'boolean', value, range };
    if (value === null) return { kind: 'null', range };
    if (typeof value === 'string') {
      // TrainingArguments._convert_str_dict: "true"/"false" → bool, digits → int, one dot → float.
      if (/^(true|false)$/i.test(value)) return { kind: 'boolean', value: value.toLowerCase() === 'true', range };
      if (/^\d+$/.test(value) || /^\d*\.\d*$/.test(value) && /\d/.test(value)) return { kind: 'number', value: Number(value), range, text: value };
      return { kind: 'string', value, quoted: true, range };
    }
    if (typeof value === 'object' && !Array.isArray(value)) {
      return { kind: 'object', range, entries: Object.entries(value as object).map(([key, v]) => ({ key, keyRange: range, value: toNode(v) })) };
    }
    return { kind: 'opaque', range };
  };
  return toNode(parsed) as ObjectNode;
}

/**
 * A `deepspeed` config with its own `scheduler` block replaces lr_scheduler_type (DeepSpeed steps its scheduler;
 * transformers `integrations/deepspeed.py`). Inline: reported, and no HF curve is drawn. A path: a note.
 */
function deepspeedSchedulerReplaces(fields: Fields): boolean {
  const ds = fields.valueNode('deepspeed');
  if (!ds || ds.kind === 'null') return false;
  if (ds.kind === 'object') {
    const hasScheduler = ds.entries.some((e: ConfigEntry) => e.key === 'scheduler' && e.value.kind === 'object');
    if (hasScheduler) {
      fields.report(fields.range('deepspeed')!, 'deepspeed-scheduler',
        'The inline DeepSpeed config has a `scheduler` block: DeepSpeed builds and steps that scheduler and `lr_scheduler_type` has no effect ("auto" values are filled from learning_rate, the warm-up and max_steps). Open the DeepSpeed config on its own to see that curve.',
        'warning');
      return true;
    }
    return false;
  }
  if (ds.kind === 'string') {
    fields.report(ds.range, 'deepspeed-config',
      `If \`${ds.value}\` has a \`scheduler\` block, DeepSpeed's scheduler replaces \`lr_scheduler_type\` and the curve below is not used; without one, this is the curve.`,
      'information');
  }
  return false;
}

/** Silent surprises of the warm-up: ignored by `constant`, longer than training, and the first update at 0. */
function warmupSurprises(fields: Fields, type: HfSchedulerType, w: number, n: number, typeRange: SourceRange, text: string): void {
  if (w <= 0) return;
  const warmupRange = fields.range('warmup_steps') ?? fields.range('warmup_ratio') ?? typeRange;
  if (type === 'constant') {
    fields.report(typeRange, 'constant-ignores-warmup',
      `\`constant\` ignores the warm-up (${w} steps): get_constant_schedule takes no warm-up, so every update runs at learning_rate. Use \`constant_with_warmup\`.`,
      'warning', [{ title: 'Use `constant_with_warmup`', edits: [{ range: typeRange, newText: requote(text.slice(typeRange.start, typeRange.end), 'constant_with_warmup') }], preferred: true }]);
    return;
  }
  if (w >= n) {
    const reached = type === 'cosine_warmup_with_min_lr' ? Math.min(1, n / w) : (n - 1) / w;
    fields.report(warmupRange, 'warmup-too-long',
      `The warm-up (${w} updates) is at least as long as training (${n} updates): the LR only reaches ${+(reached * 100).toFixed(2)}% of learning_rate and never decays.`, 'warning');
  }
  if (type !== 'cosine_warmup_with_min_lr' && type !== 'warmup_stable_decay') {
    fields.report(warmupRange, 'first-update-zero',
      'With a warm-up the first update runs at LR 0 (λ(0) = 0 / warmup), so it changes nothing but the optimizer state (transformers#34754).',
      'information');
  }
}

/** `value` quoted the way `original` is (JSON keeps its quotes, plain YAML has none). */
function requote(original: string, value: string): string {
  const quote = /^["']/.exec(original)?.[0];
  return quote ? `${quote}${value}${quote}` : value;
}

function rootAnchor(root: ObjectNode): SourceRange {
  return root.entries[0]?.keyRange ?? { start: root.range.start, end: Math.min(root.range.end, root.range.start + 1) };
}
