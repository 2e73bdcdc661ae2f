import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../../src/service/analyze';
import { inlayHints } from '../../../src/service/inlayHints';

const SEED = readFileSync('examples/seed/resnet50-step.lrschedule.yaml', 'utf8');

describe('inlayHints', () => {
  const hints = inlayHints(analyze(SEED, 'resnet50-step.lrschedule.yaml', 'yaml'), SEED);
  const after = (needle: string) => {
    const end = SEED.indexOf(needle) + needle.length;
    return hints.filter(h => h.offset === end).map(h => h.label);
  };

  it('shows the scaled LR after the reference LR: 0.1 × 1024 / 256 = 0.4', () => {
    assert.deepEqual(after('reference: 0.1'), ['→ 0.4']);
  });
  it('shows the LR after each milestone: 0.04, 0.004, 0.0004', () => {
    assert.deepEqual(after('milestones: [30, 60, 80]'), ['→ 0.04, 0.004, 0.0004']);
  });
  it('shows updates next to epoch counts: 90 × 1252 = 112,680 and 5 × 1252 = 6,260', () => {
    assert.deepEqual(after('epochs: 90'), ['= 112,680 updates']);
    assert.deepEqual(after('  epochs: 5'), ['= 6,260 updates']);
  });
});

describe('inlayHints in a framework config', () => {
  it('detectron2: the LR after each of STEPS (0.08 × 0.2 = 0.016, × 0.2 = 0.0032, × 0.2 = 0.00064)', () => {
    const text = readFileSync('examples/frameworks/detectron2/config.yaml', 'utf8');
    const hints = inlayHints(analyze(text, 'config.yaml', 'yaml'), text);
    const end = text.indexOf('STEPS: (1500, 2000, 2250)') + 'STEPS: (1500, 2000, 2250)'.length;
    assert.deepEqual(hints.filter(h => h.offset === end).map(h => h.label), ['→ 0.016, 0.0032, 0.00064']);
  });
});
