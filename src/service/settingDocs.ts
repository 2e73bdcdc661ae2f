/**
 * What a schedule setting means and its unit, per dialect, for hovers. Data only: the key is the last
 * segment of the setting's dotted path (`warmup.epochs` → `epochs` is ambiguous, so the full path is tried
 * first), `*` holds what every dialect shares.
 */
export interface SettingDoc {
  meaning: string;
  unit?: string;
}

type DocTable = Record<string, SettingDoc>;

const LR_LENS: DocTable = {
  'lr': { meaning: 'The peak learning rate: a number, or a reference LR scaled by the global batch.', unit: 'learning rate' },
  'lr.reference': { meaning: 'The LR that works for the reference batch; scaled by global batch / reference batch.', unit: 'learning rate' },
  'lr.referenceBatch': { meaning: 'The batch the reference LR was tuned for (Goyal et al. 2017: 256).', unit: 'samples' },
  'lr.scaling': { meaning: 'How the LR follows the batch: `linear` (× ratio), `sqrt` (× √ratio) or `none`.' },
  'lr.value': { meaning: 'An explicit peak LR; LR Lens reports it when it disagrees with the scaling rule.', unit: 'learning rate' },
  'batch': { meaning: 'The global batch: samples per optimizer update.', unit: 'samples' },
  'batch.perDevice': { meaning: 'Samples per device per forward pass.', unit: 'samples' },
  'batch.devices': { meaning: 'Number of devices (GPUs) training together.', unit: 'devices' },
  'batch.accumulation': { meaning: 'Gradient accumulation: forward passes per optimizer update.', unit: 'passes' },
  'datasetSize': { meaning: 'Training samples per epoch; updates per epoch = ceil(datasetSize / global batch).', unit: 'samples' },
  'stepsPerEpoch': { meaning: 'Optimizer updates per epoch.', unit: 'updates' },
  'epochs': { meaning: 'Length of the run.', unit: 'epochs' },
  'updates': { meaning: 'Length of the run.', unit: 'optimizer updates' },
  'warmup': { meaning: 'A small LR for the first part of the run, rising to the peak.' },
  'warmup.type': { meaning: 'Warmup shape: `linear`, `constant` or `exponential`.' },
  'warmup.epochs': { meaning: 'Warmup length.', unit: 'epochs' },
  'warmup.updates': { meaning: 'Warmup length.', unit: 'optimizer updates' },
  'warmup.fraction': { meaning: 'Warmup length as a fraction of the run.', unit: 'fraction of the run' },
  'warmup.startLr': { meaning: 'The LR at the first update of the warmup.', unit: 'learning rate' },
  'warmup.startFactor': { meaning: 'The first warmup LR as a factor of the peak.', unit: '× peak' },
  'decay': { meaning: 'How the LR falls after the warmup.' },
  'decay.type': { meaning: 'Decay shape: constant, step, multistep, exponential, cosine, cosineRestarts, linear, polynomial, oneCycle, inverseSqrt, wsd.' },
  'decay.milestones': { meaning: 'Where the LR is multiplied by `gamma`, counted from the start of the run.', unit: 'epochs (or updates, per `decay.unit`)' },
  'decay.gamma': { meaning: 'The factor the LR is multiplied by at each milestone or interval.', unit: 'factor' },
  'decay.stepSize': { meaning: 'Interval between LR drops.', unit: 'epochs (or updates, per `decay.unit`)' },
  'decay.minLr': { meaning: 'The lowest LR of the decay.', unit: 'learning rate' },
  'decay.period': { meaning: 'Length of one cosine period.', unit: 'epochs (or updates, per `decay.unit`)' },
  'name': { meaning: 'Shown in the CodeLens and the plot.' },
};

const HUGGING_FACE: DocTable = {
  'learning_rate': { meaning: 'The peak LR the scheduler multiplies.', unit: 'learning rate' },
  'lr_scheduler_type': { meaning: 'The scheduler `get_scheduler` builds (linear, cosine, constant_with_warmup, …).' },
  'warmup_steps': { meaning: 'Warmup length.', unit: 'optimizer updates' },
  'warmup_ratio': { meaning: 'Warmup length as a fraction of the run.', unit: 'fraction of the run' },
  'num_train_epochs': { meaning: 'Length of the run (ignored when `max_steps` > 0).', unit: 'epochs' },
  'max_steps': { meaning: 'Length of the run; overrides `num_train_epochs` when > 0.', unit: 'optimizer updates' },
  'per_device_train_batch_size': { meaning: 'Samples per device per forward pass.', unit: 'samples' },
  'gradient_accumulation_steps': { meaning: 'Forward passes per optimizer update.', unit: 'passes' },
};

const TIMM: DocTable = {
  'lr': { meaning: 'The peak LR (when unset, `lr_base` scaled by the batch).', unit: 'learning rate' },
  'lr_base': { meaning: 'The LR for `lr_base_size` samples, scaled to the global batch.', unit: 'learning rate' },
  'sched': { meaning: 'The scheduler: cosine, tanh, step, multistep, plateau, poly.' },
  'epochs': { meaning: 'Length of the run.', unit: 'epochs' },
  'warmup_epochs': { meaning: 'Warmup length.', unit: 'epochs (updates with `sched_on_updates`)' },
  'warmup_lr': { meaning: 'The LR the warmup starts from.', unit: 'learning rate' },
  'min_lr': { meaning: 'The lowest LR of the decay.', unit: 'learning rate' },
  'decay_epochs': { meaning: 'Interval of step decay.', unit: 'epochs' },
  'decay_milestones': { meaning: 'Where multistep decay multiplies the LR by `decay_rate`.', unit: 'epochs' },
  'decay_rate': { meaning: 'The factor of each step decay.', unit: 'factor' },
  'cooldown_epochs': { meaning: 'Epochs at `min_lr` after the schedule.', unit: 'epochs' },
};

const DETECTRON2: DocTable = {
  'BASE_LR': { meaning: 'The peak LR.', unit: 'learning rate' },
  'MAX_ITER': { meaning: 'Length of the run.', unit: 'iterations' },
  'STEPS': { meaning: 'Where the LR is multiplied by `GAMMA`.', unit: 'iterations' },
  'GAMMA': { meaning: 'The factor at each of `STEPS`.', unit: 'factor' },
  'WARMUP_ITERS': { meaning: 'Warmup length.', unit: 'iterations' },
  'WARMUP_FACTOR': { meaning: 'The first warmup LR as a factor of `BASE_LR`.', unit: '× BASE_LR' },
  'WARMUP_METHOD': { meaning: 'Warmup shape: `linear` or `constant`.' },
  'LR_SCHEDULER_NAME': { meaning: 'WarmupMultiStepLR, WarmupCosineLR or WarmupStepWithFixedGammaLR.' },
  'BASE_LR_END': { meaning: 'The LR the cosine decay ends at.', unit: 'learning rate' },
};

const ULTRALYTICS: DocTable = {
  'lr0': { meaning: 'The initial (peak) LR.', unit: 'learning rate' },
  'lrf': { meaning: 'The final LR as a fraction of `lr0`.', unit: '× lr0' },
  'epochs': { meaning: 'Length of the run.', unit: 'epochs' },
  'cos_lr': { meaning: 'Cosine instead of linear decay to `lr0 × lrf`.' },
  'warmup_epochs': { meaning: 'Warmup length (per batch, at least 100 iterations).', unit: 'epochs' },
  'warmup_bias_lr': { meaning: 'The bias LR at the start of the warmup.', unit: 'learning rate' },
};

const DEEPSPEED: DocTable = {
  'warmup_min_lr': { meaning: 'The LR the warmup starts from.', unit: 'learning rate' },
  'warmup_max_lr': { meaning: 'The LR the warmup rises to.', unit: 'learning rate' },
  'warmup_num_steps': { meaning: 'Warmup length.', unit: 'optimizer updates' },
  'warmup_type': { meaning: 'Warmup shape: `log` (default) or `linear`.' },
  'total_num_steps': { meaning: 'Length of the run (WarmupDecayLR, WarmupCosineLR).', unit: 'optimizer updates' },
};

const MMENGINE: DocTable = {
  'begin': { meaning: 'Where this scheduler starts.', unit: 'epochs when `by_epoch`, else iterations' },
  'end': { meaning: 'Where this scheduler stops (exclusive).', unit: 'epochs when `by_epoch`, else iterations' },
  'by_epoch': { meaning: 'Whether `begin`, `end` and `milestones` count epochs.' },
  'milestones': { meaning: 'Where the LR is multiplied by `gamma`.', unit: 'epochs when `by_epoch`, else iterations' },
  'gamma': { meaning: 'The factor at each milestone.', unit: 'factor' },
  'start_factor': { meaning: 'The first LR as a factor of the base LR.', unit: 'factor' },
  'eta_min': { meaning: 'The lowest LR of the cosine.', unit: 'learning rate' },
  'T_max': { meaning: 'Length of the cosine.', unit: 'epochs when `by_epoch`, else iterations' },
  'lr': { meaning: 'The base LR of the optimizer.', unit: 'learning rate' },
  'max_epochs': { meaning: 'Length of the run.', unit: 'epochs' },
  'max_iters': { meaning: 'Length of the run.', unit: 'iterations' },
};

const PYTORCH: DocTable = {
  'lr': { meaning: 'The optimizer\'s base LR.', unit: 'learning rate' },
  'milestones': { meaning: 'Where the LR is multiplied by `gamma`.', unit: 'scheduler steps (epochs or updates, per the scheduler interval)' },
  'gamma': { meaning: 'The factor at each milestone or step.', unit: 'factor' },
  'step_size': { meaning: 'Interval between LR drops.', unit: 'scheduler steps' },
  'T_max': { meaning: 'Half a cosine period.', unit: 'scheduler steps' },
  'eta_min': { meaning: 'The lowest LR of the cosine.', unit: 'learning rate' },
  'total_iters': { meaning: 'Length of a LinearLR / ConstantLR / PolynomialLR.', unit: 'scheduler steps' },
  'max_lr': { meaning: 'The peak LR of OneCycleLR.', unit: 'learning rate' },
  'total_steps': { meaning: 'Length of OneCycleLR.', unit: 'scheduler steps' },
};

const PADDLECLAS: DocTable = {
  'learning_rate': { meaning: 'The peak LR.', unit: 'learning rate' },
  'warmup_epoch': { meaning: 'Warmup length.', unit: 'epochs' },
  'warmup_start_lr': { meaning: 'The LR the warmup starts from.', unit: 'learning rate' },
  'values': { meaning: 'The LR of each piece of a Piecewise schedule.', unit: 'learning rate' },
  'decay_epochs': { meaning: 'Where a Piecewise / MultiStepDecay schedule changes.', unit: 'epochs' },
  'eta_min': { meaning: 'The lowest LR of the cosine.', unit: 'learning rate' },
};

const SHARED: DocTable = {
  'lr': { meaning: 'A learning rate.', unit: 'learning rate' },
};

const TABLES: Record<string, DocTable> = {
  'lr-lens': LR_LENS, huggingface: HUGGING_FACE, timm: TIMM, detectron2: DETECTRON2, ultralytics: ULTRALYTICS,
  deepspeed: DEEPSPEED, mmengine: MMENGINE, pytorch: PYTORCH, paddleclas: PADDLECLAS,
};

/**
 * An entry of a table, looked up with a key from the config or a dialect id: own entries only, so a key named
 * `constructor` or `toString` finds nothing instead of an Object.prototype member (issue 11).
 */
function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** The documentation of a setting: the full dotted path first, then its last key, per dialect, then shared. */
export function settingDoc(dialect: string, path: string): SettingDoc | undefined {
  const table = own(TABLES, dialect) ?? {};
  const last = path.split('.').pop() ?? path;
  return own(table, path) ?? own(table, last) ?? own(SHARED, last);
}

/**
 * The documented keys of a dialect that belong under `parentPath` (`''` for the top level; only LR Lens's
 * own format documents nested paths, the framework tables hold the keys of the object that holds them).
 */
export function documentedKeys(dialect: string, parentPath: string): { key: string; doc: SettingDoc }[] {
  const table = own(TABLES, dialect) ?? {};
  const prefix = parentPath ? `${parentPath}.` : '';
  const nested = Object.keys(table).some(path => path.includes('.'));
  return Object.entries(table)
    .filter(([path]) => !nested || (path.startsWith(prefix) && !path.slice(prefix.length).includes('.')))
    .map(([path, doc]) => ({ key: path.slice(nested ? prefix.length : 0), doc }));
}
