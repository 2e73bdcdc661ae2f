import assert from 'node:assert/strict';
import { formatNumber, globalBatchSize, scaleLr } from '../../../src/core/scaling';
import { stepsPerEpochFrom } from '../../../src/core/units';
import { assertLrClose } from '../helpers';

describe('core: batch-size scaling rules', () => {
  it('linear (Goyal et al.): 0.1 × 1024 / 256 = 0.4', () => {
    const scaled = scaleLr(0.1, 1024, 256, 'linear');
    assertLrClose(scaled.lr, 0.4, 'lr');
    assert.equal(scaled.ratio, 4);
    assert.equal(scaled.arithmetic, '0.1 × 1024 / 256 = 0.4');
  });

  it('linear at 8192 (dialects.md §10.1): 0.1 × 8192 / 256 = 3.2', () => {
    assertLrClose(scaleLr(0.1, 8192, 256, 'linear').lr, 3.2, 'lr');
  });

  it('sqrt (timm lr_base_scale=sqrt, dialects.md §2.4): 0.1 · √(1024/256) = 0.1 · 2 = 0.2', () => {
    const scaled = scaleLr(0.1, 1024, 256, 'sqrt');
    assertLrClose(scaled.lr, 0.2, 'lr');
    assert.equal(scaled.ratio, 4);
    assert.equal(scaled.arithmetic, '0.1 × √(1024 / 256) = 0.2');
  });

  it('sqrt with a smaller batch: 0.1 · √(64/256) = 0.05', () => {
    assertLrClose(scaleLr(0.1, 64, 256, 'sqrt').lr, 0.05, 'lr');
  });

  it('none keeps the reference LR (ratio still reported)', () => {
    const scaled = scaleLr(0.1, 1024, 256, 'none');
    assert.equal(scaled.lr, 0.1);
    assert.equal(scaled.ratio, 4);
  });

  it('global batch = per device × devices × accumulation: 128 × 8 × 1 = 1024, 32 × 4 × 8 = 1024', () => {
    assert.equal(globalBatchSize({ perDevice: 128, devices: 8, accumulation: 1 }), 1024);
    assert.equal(globalBatchSize({ perDevice: 32, devices: 4, accumulation: 8 }), 1024);
  });

  it('formats numbers with at most 6 significant digits and no float noise', () => {
    assert.equal(formatNumber(0.1 * 3), '0.3'); // 0.30000000000000004
    assert.equal(formatNumber(0), '0');
    assert.equal(formatNumber(1 / 3), '0.333333');
    assert.equal(formatNumber(Infinity), 'Infinity');
  });
});

describe('core: updates per epoch from a dataset size', () => {
  it('keeps the last partial batch (drop_last=False): ceil(1281167 / 1024) = 1252', () => {
    assert.equal(stepsPerEpochFrom({ datasetSize: 1_281_167, globalBatch: 1024, dropLast: false }), 1252);
  });
  it('drops it (drop_last=True): floor(1281167 / 1024) = 1251', () => {
    assert.equal(stepsPerEpochFrom({ datasetSize: 1_281_167, globalBatch: 1024, dropLast: true }), 1251);
  });
  it('exact division is the same either way: 50000 / 250 = 200 (CIFAR-10)', () => {
    assert.equal(stepsPerEpochFrom({ datasetSize: 50_000, globalBatch: 250, dropLast: false }), 200);
    assert.equal(stepsPerEpochFrom({ datasetSize: 50_000, globalBatch: 250, dropLast: true }), 200);
  });
  it('a dataset smaller than one batch: ceil gives 1, floor gives 0', () => {
    assert.equal(stepsPerEpochFrom({ datasetSize: 100, globalBatch: 256, dropLast: false }), 1);
    assert.equal(stepsPerEpochFrom({ datasetSize: 100, globalBatch: 256, dropLast: true }), 0);
  });
});
