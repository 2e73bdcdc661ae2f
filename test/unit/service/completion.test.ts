import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../../src/service/analyze';
import { completionsAt } from '../../../src/service/completion';

/** Completions at the `|` caret of `marked`. */
function complete(marked: string, file: string, language: 'yaml' | 'json') {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return completionsAt(analyze(text, file, language), text, offset, file);
}
const labels = (items: { label: string }[]) => items.map(i => i.label);

describe('completionsAt', () => {
  const seed = readFileSync('examples/seed/resnet50-step.lrschedule.yaml', 'utf8');

  it('LR Lens: decay types under decay, warmup types under warmup (the README lists them)', () => {
    const decay = labels(complete(seed.replace('  type: multistep', '  type: |'), 'seed.lrschedule.yaml', 'yaml'));
    assert.ok(['multistep', 'cosine', 'cosineRestarts', 'oneCycle', 'wsd'].every(t => decay.includes(t)));
    const warmup = labels(complete(seed.replace('  type: linear', '  type: |'), 'seed.lrschedule.yaml', 'yaml'));
    assert.deepEqual(warmup, ['linear', 'constant', 'exponential']);
  });

  it('LR Lens: keys of the object at the caret, with meaning and unit', () => {
    const items = complete(seed.replace('  startLr: 0.1', '  startLr: 0.1\n  |'), 'seed.lrschedule.yaml', 'yaml');
    const epochs = items.find(i => i.label === 'epochs');
    assert.ok(epochs);
    assert.match(epochs.documentation, /Unit: epochs/);
    assert.ok(labels(items).includes('startFactor'));
    assert.ok(!labels(items).includes('milestones'));
  });

  it('Hugging Face: lr_scheduler_type values with the transformers function', () => {
    const items = complete('{\n  "learning_rate": 5e-5,\n  "max_steps": 100,\n  "lr_scheduler_type": "|"\n}', 'training_args.json', 'json');
    assert.ok(labels(items).includes('constant_with_warmup'));
    assert.ok(labels(items).includes('cosine_with_restarts'));
    assert.match(items.find(i => i.label === 'linear')!.documentation, /get_linear_schedule_with_warmup/);
  });

  it('detectron2: the three LR_SCHEDULER_NAMEs', () => {
    const text = 'SOLVER:\n  BASE_LR: 0.02\n  MAX_ITER: 90000\n  STEPS: (60000, 80000)\n  LR_SCHEDULER_NAME: |\n';
    assert.deepEqual(labels(complete(text, 'config.yaml', 'yaml')), ['WarmupMultiStepLR', 'WarmupCosineLR', 'WarmupStepWithFixedGammaLR']);
  });

  it('offers nothing in a file of no dialect', () => {
    assert.deepEqual(complete('{"a": |}', 'x.json', 'json'), []);
  });
});
