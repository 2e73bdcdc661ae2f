/**
 * Learning rate from batch size. Linear scaling rule (Goyal et al. 2017, "Accurate, Large Minibatch SGD"):
 * lr = reference LR × global batch / reference batch, e.g. 0.1 × 1024 / 256 = 0.4. The square-root rule
 * (used by timm for Adam-like optimizers) takes the square root of that ratio.
 */
export type ScalingRule = 'linear' | 'sqrt' | 'none';

export const DEFAULT_REFERENCE_BATCH = 256;

export interface BatchSize {
  perDevice: number;
  devices: number;
  accumulation: number;
}

/** Samples that contribute to one optimizer update: per-device batch × devices × gradient accumulation. */
export function globalBatchSize(batch: BatchSize): number {
  return batch.perDevice * batch.devices * batch.accumulation;
}

export interface ScaledLr {
  lr: number;
  /** global batch / reference batch */
  ratio: number;
  /** the arithmetic, for hovers: "0.1 × 1024 / 256 = 0.4" */
  arithmetic: string;
}

export function scaleLr(referenceLr: number, globalBatch: number, referenceBatch: number, rule: ScalingRule): ScaledLr {
  const ratio = globalBatch / referenceBatch;
  switch (rule) {
    case 'linear': {
      const lr = referenceLr * ratio;
      return { lr, ratio, arithmetic: `${referenceLr} × ${globalBatch} / ${referenceBatch} = ${formatNumber(lr)}` };
    }
    case 'sqrt': {
      const lr = referenceLr * Math.sqrt(ratio);
      return { lr, ratio, arithmetic: `${referenceLr} × √(${globalBatch} / ${referenceBatch}) = ${formatNumber(lr)}` };
    }
    case 'none':
      return { lr: referenceLr, ratio, arithmetic: `${referenceLr} (no scaling)` };
  }
}

/**
 * `112,680`, `67.5`: counts with thousands separators and at most two decimals. The formatter is made on first
 * use, not at load: creating an Intl.NumberFormat costs about 15 ms (ICU start-up), a third of activation.
 */
export function formatGrouped(value: number): string {
  return (grouped ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })).format(value);
}
let grouped: Intl.NumberFormat | undefined;

/** A number as a user wants to read it: at most 6 significant digits, float noise removed. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  return String(Number(value.toPrecision(6)));
}
