// ViT-B/16 on ImageNet (DeiT-style recipe): lr 5e-4 per 512 images, scaled to a global batch of 1024,
// 5 warmup epochs from 1e-6, cosine to 1e-5 over 300 epochs. LR Lens reads this object literal
// statically; nothing in this file is executed.
import { defineSchedule } from './lr-lens';

export default defineSchedule({
  name: 'ViT-B/16 / ImageNet, DeiT recipe',
  lr: { reference: 5e-4, referenceBatch: 512, scaling: 'linear' },
  batch: { perDevice: 128, devices: 8, accumulation: 1 },
  datasetSize: 1_281_167,
  epochs: 300,
  warmup: { type: 'linear', epochs: 5, startLr: 1e-6 },
  decay: { type: 'cosine', minLr: 1e-5 },
});
