/**
 * The classes of torch.optim.lr_scheduler and their constructor arguments (pytorch/pytorch
 * torch/optim/lr_scheduler.py, main @008f727e): what a config may name and pass.
 */

/**
 * Constructor keyword arguments of every class (besides `optimizer`); anything else is a TypeError. A Map, so a
 * class named `constructor` or `__proto__` in a config is unknown, not an Object.prototype member (issue 11).
 */
export const TORCH_SCHEDULER_PARAMS: ReadonlyMap<string, readonly string[]> = new Map(Object.entries({
  LambdaLR: ['lr_lambda', 'last_epoch'],
  MultiplicativeLR: ['lr_lambda', 'last_epoch'],
  StepLR: ['step_size', 'gamma', 'last_epoch'],
  MultiStepLR: ['milestones', 'gamma', 'last_epoch'],
  ConstantLR: ['factor', 'total_iters', 'last_epoch'],
  LinearLR: ['start_factor', 'end_factor', 'total_iters', 'last_epoch'],
  ExponentialLR: ['gamma', 'last_epoch'],
  SequentialLR: ['schedulers', 'milestones', 'last_epoch'],
  PolynomialLR: ['total_iters', 'power', 'last_epoch'],
  CosineAnnealingLR: ['T_max', 'eta_min', 'last_epoch'],
  ChainedScheduler: ['schedulers'],
  ReduceLROnPlateau: ['mode', 'factor', 'patience', 'threshold', 'threshold_mode', 'cooldown', 'min_lr', 'eps', 'monitor'],
  CyclicLR: ['base_lr', 'max_lr', 'step_size_up', 'step_size_down', 'mode', 'gamma', 'scale_fn', 'scale_mode',
    'cycle_momentum', 'base_momentum', 'max_momentum', 'last_epoch'],
  CosineAnnealingWarmRestarts: ['T_0', 'T_mult', 'eta_min', 'last_epoch'],
  OneCycleLR: ['max_lr', 'total_steps', 'epochs', 'steps_per_epoch', 'pct_start', 'anneal_strategy', 'cycle_momentum',
    'base_momentum', 'max_momentum', 'div_factor', 'final_div_factor', 'three_phase', 'last_epoch'],
  ParamwiseScheduler: ['schedulers'],
}));
export const TORCH_SCHEDULER_NAMES: readonly string[] = [...TORCH_SCHEDULER_PARAMS.keys()];

export const REQUIRED_ARGUMENTS: ReadonlyMap<string, readonly string[]> = new Map(Object.entries({
  LambdaLR: ['lr_lambda'], MultiplicativeLR: ['lr_lambda'], StepLR: ['step_size'], MultiStepLR: ['milestones'],
  ExponentialLR: ['gamma'], SequentialLR: ['schedulers', 'milestones'], CosineAnnealingLR: ['T_max'],
  ChainedScheduler: ['schedulers'], CyclicLR: ['base_lr', 'max_lr'], CosineAnnealingWarmRestarts: ['T_0'],
  OneCycleLR: ['max_lr'], ParamwiseScheduler: ['schedulers'],
}));

/**
 * Classes whose chainable step multiplies the current LR by a factor that depends on the step only, so a
 * ChainedScheduler of them is the product of their factors (dialects.md §1.2, ChainedScheduler row).
 */
export const MULTIPLICATIVE = new Set(['LinearLR', 'ConstantLR', 'StepLR', 'MultiStepLR', 'ExponentialLR', 'PolynomialLR', 'CosineAnnealingLR']);

/** torch.optim classes whose `defaults` have neither `momentum` nor `betas` (OneCycleLR/CyclicLR cycle momentum). */
export const WITHOUT_MOMENTUM = new Set(['Adagrad', 'Adadelta', 'ASGD', 'Rprop', 'LBFGS']);
