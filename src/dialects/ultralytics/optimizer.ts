import { roundToDigits } from './python';
import type { UltralyticsTrainer } from './trainingLoop';

/**
 * `BaseTrainer.build_optimizer` (ultralytics/engine/trainer.py @3c5ac618 for 8.3, @00016300 for main): which
 * optimizer and LR the run gets, and which parameter group ends up as `param_groups[0]`.
 */

/** The names build_optimizer accepts (matched case-insensitively). 8.3 spells RMSProp, main RMSprop and adds MuSGD. */
export const OPTIMIZERS: Record<UltralyticsTrainer, readonly string[]> = {
  '8.3': ['Adam', 'Adamax', 'AdamW', 'NAdam', 'RAdam', 'RMSProp', 'SGD', 'auto'],
  main: ['Adam', 'Adamax', 'AdamW', 'NAdam', 'RAdam', 'RMSprop', 'SGD', 'MuSGD', 'auto'],
};

export function canonicalOptimizer(trainer: UltralyticsTrainer, name: string): string | undefined {
  return OPTIMIZERS[trainer].find(known => known.toLowerCase() === name.toLowerCase());
}

export interface OptimizerChoice {
  name: string;
  lr: number;
  /** `optimizer: auto` only */
  auto?: { iterations: number; nc: number };
  /** LR of param_groups[0] at construction (MuSGD's first group gets 3 × lr) */
  firstGroupLr: number;
  /** the kind of parameters in param_groups[0] */
  firstGroup: 'bias' | 'weight' | 'boosted head weight';
  /** warmup start of param_groups[0]: warmup_bias_lr for the bias group, 0.0 for the others */
  firstGroupWarmupStart: number;
}

export interface OptimizerInputs {
  trainer: UltralyticsTrainer;
  /** canonical name (see canonicalOptimizer) */
  name: string;
  lr0: number;
  warmupBiasLr: number;
  datasetSize: number;
  batch: number;
  nbs: number;
  epochs: number;
  nc: number;
}

export function chooseOptimizer(o: OptimizerInputs): OptimizerChoice {
  let name = o.name;
  let lr = o.lr0;
  let warmupBiasLr = o.warmupBiasLr;
  let auto: OptimizerChoice['auto'];
  if (name === 'auto') {
    // iterations = ceil(len(dataset) / max(batch, nbs)) * epochs, computed in _setup_train / _build_train_pipeline.
    const iterations = Math.ceil(o.datasetSize / Math.max(o.batch, o.nbs)) * o.epochs;
    // lr_fit = round(0.002 * 5 / (4 + nc), 6); long runs get SGD (8.3) or MuSGD (main, PR #23350) at 0.01.
    if (iterations > 10000) {
      name = o.trainer === '8.3' ? 'SGD' : 'MuSGD';
      lr = 0.01;
    } else {
      name = 'AdamW';
      lr = roundToDigits((0.002 * 5) / (4 + o.nc), 6);
    }
    // "no higher than 0.01 for Adam": auto zeroes the bias warmup whatever optimizer it picks.
    warmupBiasLr = 0.0;
    auto = { iterations, nc: o.nc };
  }
  if (o.trainer === '8.3') {
    // 8.3 creates the optimizer with the biases (g[2]) and adds the weight groups after: group 0 is the bias group.
    return { name, lr, auto, firstGroupLr: lr, firstGroup: 'bias', firstGroupWarmupStart: warmupBiasLr };
  }
  if (name === 'MuSGD') {
    // main splits every group into [boosted head params with lr * 3, the rest]: group 0 is the boosted weight group.
    return { name, lr, auto, firstGroupLr: lr * 3, firstGroup: 'boosted head weight', firstGroupWarmupStart: 0.0 };
  }
  // main orders the groups [weight, bn, bias] and finds the bias group by param_group == "bias".
  return { name, lr, auto, firstGroupLr: lr, firstGroup: 'weight', firstGroupWarmupStart: 0.0 };
}
