import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { buildSchedule } from '../../../src/core/build';
import type { Curve } from '../../../src/core/curve';
import type { Diagnostic, Fix, ReadSchedule } from '../../../src/dialects/types';
import type { FormatLanguage } from '../../../src/formats/tree';
import { analyze, type AnalyzeOptions } from '../../../src/service/analyze';
import { numberLike } from '../../../src/service/checks/context';
import { checkValues } from '../../../src/service/checks/values';

const SEED = readFileSync('examples/seed/resnet50-step.lrschedule.yaml', 'utf8');

function languageOf(file: string): FormatLanguage {
  return /\.jsonc?$/.test(file) ? 'json' : file.endsWith('.ts') ? 'typescript' : 'yaml';
}

function diagnostics(text: string, file: string, options: AnalyzeOptions = {}): Diagnostic[] {
  return analyze(text, file, languageOf(file), options).diagnostics;
}

function only(all: Diagnostic[], code: string): Diagnostic {
  const found = all.filter(d => d.code === code);
  assert.equal(found.length, 1, `one ${code} in ${JSON.stringify(all.map(d => d.code))}`);
  return found[0];
}

/** Applies a fix's edits (non-overlapping) from the last to the first, as an editor does. */
function apply(text: string, fix: Fix): string {
  return [...fix.edits].sort((a, b) => b.range.start - a.range.start)
    .reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text);
}

function preferred(d: Diagnostic): Fix {
  const fixes = (d.fixes ?? []).filter(f => f.preferred);
  assert.equal(fixes.length, 1, `${d.code} has one preferred fix`);
  return fixes[0];
}

/** A schedule read from a one-line file, for checks whose inputs every dialect already validates. */
function readOf(curve: Curve, totalUpdates: number): ReadSchedule {
  return { dialect: 'lr-lens', schedule: buildSchedule({ curve, totalUpdates }), range: { start: 0, end: 1 }, settings: [] };
}

describe('schedule checks (every dialect)', () => {
  it('the seed ResNet-50 step example has none of them', () => {
    assert.deepEqual(diagnostics(SEED, 'resnet50-step.lrschedule.yaml'), []);
  });

  it('warmup-too-long: 95 warm-up epochs in a 90-epoch run; the fix shortens to 4 epochs (5% of 112,680 updates = 5,634 < 5 × 1252)', () => {
    const text = SEED.replace('  epochs: 5', '  epochs: 95');
    const d = only(diagnostics(text, 'x.lrschedule.yaml'), 'warmup-too-long');
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /118940 updates.*112680 updates/);
    assert.equal(apply(text, preferred(d)), SEED.replace('  epochs: 5', '  epochs: 4'));
    const convert = d.fixes!.find(f => !f.preferred)!;
    assert.match(apply(text, convert), /\n {2}updates: 95\n/);
  });

  it('warmup-too-long: a dialect that reports it itself (Hugging Face) gets the fix, not a second diagnostic', () => {
    const text = '{"learning_rate": 2e-5, "max_steps": 345, "lr_scheduler_type": "linear", "warmup_steps": 500, "output_dir": "x"}';
    const all = diagnostics(text, 'training_args.json');
    assert.equal(all.filter(d => d.code === 'warmup-too-long').length, 0);
    // 5% of 345 updates = 17.25 → 17 (no steps per epoch known, so 5 epochs cannot be shorter)
    assert.equal(preferred(only(all, 'hf-warmup-too-long')).edits[0].newText, '17');
  });

  it('warmup-start-above-peak: startLr 0.5 above the scaled 0.4; the fix starts at 0.04', () => {
    const text = SEED.replace('startLr: 0.1 ', 'startLr: 0.5 ');
    const d = only(diagnostics(text, 'x.lrschedule.yaml'), 'warmup-start-above-peak');
    assert.equal(preferred(d).edits[0].newText, '0.04');
  });

  it('lr-all-zero: a zero LR everywhere', () => {
    assert.equal(only(diagnostics('lr: 0\nupdates: 1000\n', 'x.lrschedule.yaml'), 'lr-all-zero').severity, 'error');
  });

  it('lr-negative: a curve below zero (checked on the sampler\'s points)', () => {
    const [d] = checkValues({ read: readOf({ kind: 'constant', value: -0.1 }, 1000), text: ' ', diagnostics: [] });
    assert.equal(d.code, 'lr-negative');
  });

  it('lr-not-finite: NaN in the curve', () => {
    const [d] = checkValues({ read: readOf({ kind: 'constant', value: NaN }, 1000), text: ' ', diagnostics: [] });
    assert.equal(d.code, 'lr-not-finite');
  });

  it('lr-not-finite is not repeated where a dialect already said the value is not finite', () => {
    const all = diagnostics('learning_rate: .inf\nmax_steps: 100\nlr_scheduler_type: linear\noutput_dir: x\n', 'training_args.yaml');
    assert.ok(all.some(d => d.code === 'hf-not-finite'));
    assert.ok(!all.some(d => d.code === 'lr-not-finite'));
  });

  it('min-lr-above-base: a cosine floor of 0.5 under a base LR of 0.4; the fix writes 0 (PyTorch\'s eta_min default) as a float', () => {
    const text = 'lr: 0.4\nupdates: 1000\ndecay:\n  type: cosine\n  minLr: 0.5\n';
    const d = only(diagnostics(text, 'x.lrschedule.yaml'), 'min-lr-above-base');
    assert.equal(preferred(d).edits[0].newText, '0.0');
    assert.ok(!diagnostics(apply(text, preferred(d)), 'x.lrschedule.yaml').some(x => x.code === 'min-lr-above-base'));
  });

  it('cosine-period-short: a 60-epoch cosine after 5 warm-up epochs of a 90-epoch run ends at update 5 × 1252 + 60 × 1252 = 81,380; the fix makes it 85', () => {
    const cosine = readFileSync('examples/seed/resnet50-cosine.lrschedule.yaml', 'utf8');
    const text = cosine.replace('  minLr: 0\n', '  minLr: 0\n  period: 60\n');
    const d = only(diagnostics(text, 'x.lrschedule.yaml'), 'cosine-period-short');
    assert.match(d.message, /update 81380/);
    assert.equal(preferred(d).edits[0].newText, '85');
  });

  it('cosine-period-long: a 170-epoch cosine in the 85 epochs after the warm-up never anneals; the fix makes it 85', () => {
    const cosine = readFileSync('examples/seed/resnet50-cosine.lrschedule.yaml', 'utf8');
    const text = cosine.replace('  minLr: 0\n', '  minLr: 0\n  period: 170\n');
    const d = only(diagnostics(text, 'x.lrschedule.yaml'), 'cosine-period-long');
    assert.equal(d.severity, 'information');
    assert.equal(preferred(d).edits[0].newText, '85');
  });

  it('milestones-unsorted: the fix sorts the numbers and keeps the brackets and the comment', () => {
    const text = SEED.replace('[30, 60, 80]', '[60, 30, 80]');
    const d = only(diagnostics(text, 'x.lrschedule.yaml'), 'milestones-unsorted');
    assert.equal(d.severity, 'warning');
    assert.equal(apply(text, preferred(d)), SEED);
  });

  it('milestones-unsorted is information for PyTorch, whose MultiStepLR counts milestones as a set', () => {
    const text = readFileSync('test/fixtures/fixes/pytorch-multistep-unsorted.yaml', 'utf8');
    assert.equal(only(diagnostics(text, 'config.yaml'), 'milestones-unsorted').severity, 'information');
  });

  it('milestones-duplicated: 30 twice', () => {
    const text = SEED.replace('[30, 60, 80]', '[30, 30, 60, 80]');
    const d = only(diagnostics(text, 'x.lrschedule.yaml'), 'milestones-duplicated');
    assert.equal(apply(text, preferred(d)), SEED);
  });

  it('milestone-at-zero: a decay before the first update', () => {
    const text = SEED.replace('[30, 60, 80]', '[0, 30, 60, 80]');
    const d = only(diagnostics(text, 'x.lrschedule.yaml'), 'milestone-at-zero');
    assert.equal(apply(text, preferred(d)), SEED);
  });

  it('milestone-beyond-end: epoch 100 of a 90-epoch run', () => {
    const text = SEED.replace('[30, 60, 80]', '[30, 60, 80, 100]');
    const d = only(diagnostics(text, 'x.lrschedule.yaml'), 'milestone-beyond-end');
    assert.equal(apply(text, preferred(d)), SEED);
    // in the unit the milestones are written in (issue 12 §5: "[30] … (update 40)" compared two units)
    assert.match(d.message, /The milestones \[100\] fall at or after the end of training \(the run ends at epoch 90\)/);
  });

  it('milestone-beyond-end in updates for a scheduler stepped per update', () => {
    // a PyTorch MultiStepLR stepped after every update counts its milestones in updates
    const text = '# lr-lens: scheduler_interval=step max_steps=1000\noptimizer:\n  _target_: torch.optim.SGD\n  lr: 0.1\nlr_scheduler:\n  _target_: torch.optim.lr_scheduler.MultiStepLR\n  milestones: [500, 2000]\n  gamma: 0.1\n';
    const d = only(diagnostics(text, 'config.yaml'), 'milestone-beyond-end');
    assert.match(d.message, /The milestones \[2000\] fall at or after the end of training \(the run ends at update 1000\)/);
  });

  it('hf-warmup-steps-overrides-ratio (transformers 4): the fix removes the ignored warmup_ratio line', () => {
    const text = '{\n  "learning_rate": 3e-5,\n  "max_steps": 1000,\n  "warmup_steps": 100,\n  "warmup_ratio": 0.1\n}\n';
    const d = only(diagnostics(text, 'training_args.json', { versions: { transformers: '4' } }), 'hf-warmup-steps-overrides-ratio');
    const fixed = apply(text, preferred(d));
    assert.equal(fixed, '{\n  "learning_rate": 3e-5,\n  "max_steps": 1000,\n  "warmup_steps": 100\n}\n');
    assert.ok(!diagnostics(fixed, 'training_args.json', { versions: { transformers: '4' } }).some(x => x.code === d.code));
  });

  it('no generic check fires on the golden configs or the examples (they are correct)', () => {
    const generic = /^(warmup-too-long|warmup-start-above-peak|lr-not-finite|lr-negative|lr-all-zero|min-lr-above-base|cosine-period-short|cosine-period-long|milestones-unsorted|milestones-duplicated|milestone-at-zero|milestone-beyond-end|unit-mixup)$/;
    for (const framework of readdirSync('test/fixtures/golden', { withFileTypes: true }).filter(e => e.isDirectory())) {
      for (const name of readdirSync(`test/fixtures/golden/${framework.name}`)) {
        const golden = JSON.parse(readFileSync(`test/fixtures/golden/${framework.name}/${name}`, 'utf8'));
        if (!golden.file) continue;
        const found = diagnostics(golden.file.text, golden.file.name, { overrides: golden.context }).filter(d => generic.test(d.code));
        assert.deepEqual(found.map(d => d.code), [], name);
      }
    }
  });
});

/**
 * Quick fixes from golden before/after files: `<name>.<ext>` holds a `# want <code>` (or `// want <code>`)
 * comment on the diagnostic's line, `<name>.fixed.<ext>` the text after the preferred fix.
 */
describe('quick fixes (test/fixtures/fixes)', () => {
  const dir = 'test/fixtures/fixes';
  for (const name of readdirSync(dir).filter(f => !f.includes('.fixed.')).sort()) {
    it(name, () => {
      const text = readFileSync(`${dir}/${name}`, 'utf8');
      const fixedName = name.replace(/^([^.]+)\./, '$1.fixed.');
      const expected = readFileSync(`${dir}/${fixedName}`, 'utf8');
      const lines = text.split('\n');
      const line = lines.findIndex(l => /(#|\/\/) want [\w-]+/.test(l));
      assert.ok(line >= 0, 'needs a want marker');
      const code = /(?:#|\/\/) want ([\w-]+)/.exec(lines[line])![1];
      // a `-v5` fixture is read as transformers 5 (unset, its warmup_ratio would make it a transformers 4 file)
      const options = name.includes('-v5.') ? { versions: { transformers: '5' as const } } : {};
      const before = diagnostics(text, fileNameFor(name), options);
      const d = before.find(x => x.code === code && text.slice(0, x.range.start).split('\n').length - 1 === line);
      assert.ok(d, `${code} on line ${line + 1}; got ${JSON.stringify(before.map(x => x.code))}`);
      const fixed = apply(text, preferred(d));
      assert.equal(fixed, expected);
      const after = diagnostics(fixed, fileNameFor(name), options);
      assert.ok(!after.some(x => x.code === code), `${code} is gone`);
      const errorsBefore = new Set(before.filter(x => x.severity === 'error').map(x => x.code));
      const newErrors = after.filter(x => x.severity === 'error' && !errorsBefore.has(x.code));
      assert.deepEqual(newErrors.map(x => x.code), [], 'no new error');
    });
  }
});

/** The file name a framework detects by: training_args.json, ds_config.json, config.yaml, args.yaml keep their role. */
function fileNameFor(fixture: string): string {
  if (fixture.includes('.lrschedule.')) return fixture;
  if (fixture.startsWith('hf-')) return 'training_args.json';
  if (fixture.startsWith('ds-')) return 'ds_config.json';
  if (fixture.startsWith('timm-')) return 'args.yaml';
  return 'config.yaml';
}

/** Cases the quick-fix property on mutated configs (test/unit/robustness/properties.test.ts) found. */
describe('quick fixes on odd configs', () => {
  it('numberLike keeps a float a float, spells exponents for PyYAML and keeps quotes', () => {
    assert.equal(numberLike(0, '0.5'), '0.0');
    assert.equal(numberLike(1e-7, '0.5'), '1.0e-7');
    assert.equal(numberLike(17, '500'), '17');
    assert.equal(numberLike(17, '"500"'), '"17"');
  });

  it('d2-steps-dropped: dropping down to one step writes yacs\'s one-element tuple (4000,)', () => {
    const text = 'SOLVER:\n  BASE_LR: 0.02\n  STEPS: (4000, 9000)\n  MAX_ITER: 5000\n';
    const d = only(diagnostics(text, 'config.yaml'), 'd2-steps-dropped');
    const fixed = apply(text, preferred(d));
    assert.match(fixed, /STEPS: \(4000,\)\n/);
    assert.ok(!diagnostics(fixed, 'config.yaml').some(x => x.severity === 'error'), 'yacs accepts the tuple');
  });

  it('milestone-beyond-end: a SequentialLR\'s own milestones are phase boundaries, and a fractional milestone never fires', () => {
    const sequential = [
      '# lr-lens: steps_per_epoch=10', 'trainer:', '  max_epochs: 90', 'optimizer:', '  _target_: torch.optim.SGD', '  lr: 0.4',
      'lr_scheduler:', '  _target_: torch.optim.lr_scheduler.SequentialLR', '  schedulers:',
      '    - _target_: torch.optim.lr_scheduler.LinearLR', '      start_factor: 0.25', '      total_iters: 5',
      '    - _target_: torch.optim.lr_scheduler.MultiStepLR', '      milestones: [30, 60, 80]', '      gamma: 0.1', '  milestones: [5]', ''].join('\n');
    assert.ok(!diagnostics(sequential, 'config.yaml').some(d => d.code === 'milestone-beyond-end'));
    const fractional = SEED.replace('[30, 60, 80]', '[0.5, 30, 60]');
    assert.ok(!diagnostics(fractional, 'x.lrschedule.yaml').some(d => d.code === 'milestone-beyond-end'));
  });

  it('milestones-unsorted: a list holding `10x10` is not rewritten number by number', () => {
    const text = 'trainer:\n  max_epochs: 90\noptimizer:\n  _target_: torch.optim.SGD\n  lr: 0.1\nlr_scheduler:\n  _target_: torch.optim.lr_scheduler.MultiStepLR\n  milestones: [60, 30x2]\n';
    for (const d of diagnostics(text, 'config.yaml').filter(x => x.code.startsWith('milestone'))) assert.equal(d.fixes, undefined, d.code);
  });

  it('a duplicated key gets no fix that would put its twin in force (the reader marks the setting duplicated)', () => {
    const text = '{\n  "learning_rate": 5e-05,\n  "max_steps": 1000,\n  "warmup_ratio": 0.1,\n  "warmup_ratio": 0.1,\n  "output_dir": "x"\n}\n';
    const v5 = { versions: { transformers: '5' as const } };
    const d = only(diagnostics(text, 'training_args.json', v5), 'hf-warmup-ratio-removed');
    assert.equal(d.fixes, undefined);
    const once = text.replace('  "warmup_ratio": 0.1,\n', '');
    assert.equal(preferred(only(diagnostics(once, 'training_args.json', v5), 'hf-warmup-ratio-removed')).title, 'Rename to `warmup_steps` (v5 ratio)');
  });

  it('ds-log-warmup: `"warmup_type": null` (DeepSpeed falls back to log) is set to "linear" in place, not given a twin', () => {
    const text = '{\n  "train_batch_size": 32,\n  "optimizer": {"type": "AdamW", "params": {"lr": 1e-4}},\n  "scheduler": {"type": "WarmupLR", "params": {\n    "warmup_num_steps": 100,\n    "warmup_type": null\n  }}\n}\n';
    const d = only(diagnostics(text, 'ds_config.json'), 'ds-log-warmup');
    const fixed = apply(text, preferred(d));
    assert.equal(fixed, text.replace('"warmup_type": null', '"warmup_type": "linear"'));
    assert.ok(!diagnostics(fixed, 'ds_config.json').some(x => x.code === 'ds-log-warmup'));
  });

  it('warmup-too-long: a run of one update has no shorter warm-up to offer', () => {
    const text = '{\n  "learning_rate": 5e-5,\n  "max_steps": 1,\n  "lr_scheduler_type": "linear",\n  "warmup_steps": 500\n}\n';
    const d = diagnostics(text, 'training_args.json').find(x => /warmup-too-long/.test(x.code));
    assert.ok(d, 'the warm-up is still reported');
    assert.equal(d.fixes, undefined);
  });

  it('timm-negative-lr: a negative lr_base is an error even while a long warm-up hides it from the curve', () => {
    const text = '# lr-lens: steps_per_epoch=100\nlr_base: -0.1\nsched: cosine\nepochs: 90\nwarmup_epochs: 200\nwarmup_lr: 0.1\n';
    const d = only(diagnostics(text, 'args.yaml'), 'timm-negative-lr');
    assert.equal(d.severity, 'error');
  });

  it('lr-negative: the LR a warm-up longer than the run climbs to is checked, past the run\'s end', () => {
    // PyTorch's MultiStepLR does not check gamma: -0.1 after a milestone past the end hides a negative LR
    const text = '# lr-lens: steps_per_epoch=10 scheduler_interval=epoch\ntrainer:\n  max_epochs: 10\noptimizer:\n  _target_: torch.optim.SGD\n  lr: 0.1\nlr_scheduler:\n  _target_: torch.optim.lr_scheduler.MultiStepLR\n  milestones: [50]\n  gamma: -0.1\n';
    const d = only(diagnostics(text, 'config.yaml'), 'lr-negative');
    assert.match(d.message, /past the run's end/);
  });

  it('number-as-string reads on: the curve is drawn and a later problem is reported at once', () => {
    const text = 'learning_rate: 2e-4\nmax_steps: 100\nwarmup_steps: 500\nlr_scheduler_type: linear\noutput_dir: x\n';
    const codes = diagnostics(text, 'train_config.yaml').map(d => d.code);
    assert.ok(codes.includes('hf-number-as-string') && codes.some(c => /warmup-too-long/.test(c)), JSON.stringify(codes));
  });
});
