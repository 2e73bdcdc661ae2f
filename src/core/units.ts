/**
 * Optimizer updates per epoch from a dataset size: one update per global batch, the last partial batch kept
 * (PyTorch DataLoader drop_last=False: ceil) or dropped (drop_last=True: floor). ImageNet's 1,281,167 images
 * at a global batch of 1024 give 1252 updates per epoch, or 1251 when the last batch is dropped.
 */
export interface EpochLength {
  datasetSize: number;
  globalBatch: number;
  dropLast: boolean;
}

export function stepsPerEpochFrom({ datasetSize, globalBatch, dropLast }: EpochLength): number {
  return dropLast ? Math.floor(datasetSize / globalBatch) : Math.ceil(datasetSize / globalBatch);
}
