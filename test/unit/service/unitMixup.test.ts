import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../../src/dialects/types';
import type { FormatLanguage } from '../../../src/formats/tree';
import { analyze, type AnalyzeOptions } from '../../../src/service/analyze';
import { applyEdits } from '../../../src/service/batchWhatIf';

/**
 * `unit-mixup`: a count in updates where the scheduler counts epochs, or the reverse. Numbers from Goyal et al.'s
 * ResNet-50 (the seed): 1252 updates per epoch, 90 epochs = 112,680 updates, warm-up 5 epochs = 6260 updates,
 * milestones at epochs 30/60/80 = updates 37,560/75,120/100,160.
 */
const SEED = readFileSync('examples/seed/resnet50-step.lrschedule.yaml', 'utf8');
const COSINE = readFileSync('examples/seed/resnet50-cosine.lrschedule.yaml', 'utf8');

function languageOf(file: string): FormatLanguage {
  return /\.jsonc?$/.test(file) ? 'json' : file.endsWith('.ts') ? 'typescript' : 'yaml';
}
function diagnostics(text: string, file: string, options: AnalyzeOptions = {}): Diagnostic[] {
  return analyze(text, file, languageOf(file), options).diagnostics;
}
function mixups(text: string, file: string, options: AnalyzeOptions = {}): Diagnostic[] {
  return diagnostics(text, file, options).filter(d => d.code === 'unit-mixup');
}
function fixed(text: string, d: Diagnostic): string {
  const fix = d.fixes!.find(f => f.preferred)!;
  return applyEdits(text, fix.edits);
}

/** A plain PyTorch config stepped as `interval` says, with 1252 updates per epoch over 90 epochs. */
function torch(interval: 'step' | 'epoch', scheduler: string): string {
  return `# lr-lens: steps_per_epoch=1252 scheduler_interval=${interval}\ntrainer:\n  max_epochs: 90\noptimizer:\n  _target_: torch.optim.SGD\n  lr: 0.4\nlr_scheduler:\n${scheduler}`;
}

describe('unit-mixup (per-epoch vs per-update counts)', () => {
  it('(a) a warm-up of 6260 "epochs" is 5 × 1252 updates: the fix writes 5, and no warmup-too-long twin', () => {
    const text = SEED.replace('  epochs: 5\n', '  epochs: 6260\n');
    const all = diagnostics(text, 'x.lrschedule.yaml');
    const [d] = all.filter(x => x.code === 'unit-mixup');
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /`warmup\.epochs` counts epochs, but 6260 is more than the run's 90 epochs/);
    assert.match(d.message, /5 × 1252/);
    // as written: 6260 × 1252 = 7,837,520 updates of warm-up in a run of 112,680
    assert.match(d.message, /warm-up lasts 7837520 updates, longer than training \(112680\)/);
    assert.ok(!all.some(x => x.code === 'warmup-too-long'), 'the same value gets one diagnostic');
    assert.equal(fixed(text, d), SEED);
  });

  it('(a) milestones written in updates under a per-epoch MultiStepLR convert back to [30, 60, 80]', () => {
    const text = torch('epoch', '  _target_: torch.optim.lr_scheduler.MultiStepLR\n  milestones: [37560, 75120, 100160]\n  gamma: 0.1\n');
    const [d] = mixups(text, 'config.yaml');
    assert.ok(d);
    assert.match(d.message, /30 × 1252, 60 × 1252, 80 × 1252/);
    assert.match(fixed(text, d), /milestones: \[30, 60, 80\]\n/);
    assert.deepEqual(mixups(fixed(text, d), 'config.yaml'), []);
  });

  it('(b) T_max 90 under a per-update CosineAnnealingLR: over within the first epoch; the fix writes 90 × 1252 = 112680', () => {
    const text = torch('step', '  _target_: torch.optim.lr_scheduler.CosineAnnealingLR\n  T_max: 90\n');
    const [d] = mixups(text, 'config.yaml');
    assert.ok(d);
    assert.match(d.message, /`lr_scheduler\.T_max` counts updates here/);
    assert.match(d.message, /90 × 1252 = 112680/);
    assert.match(fixed(text, d), /T_max: 112680\n/);
    assert.deepEqual(mixups(fixed(text, d), 'config.yaml'), []);
  });

  it('(b) milestones [30, 60, 80] under a per-update MultiStepLR convert to [37560, 75120, 100160]', () => {
    const text = torch('step', '  _target_: torch.optim.lr_scheduler.MultiStepLR\n  milestones: [30, 60, 80]\n  gamma: 0.1\n');
    const [d] = mixups(text, 'config.yaml');
    assert.ok(d);
    assert.match(fixed(text, d), /milestones: \[37560, 75120, 100160\]\n/);
  });

  it('(b) our format: a cosine period of 85 with `unit: update` spans 85 updates; the fix writes 85 × 1252 = 106420', () => {
    const text = COSINE.replace('  minLr: 0\n', '  minLr: 0\n  unit: update\n  period: 85\n');
    const [d] = mixups(text, 'x.lrschedule.yaml');
    assert.ok(d);
    assert.match(fixed(text, d), /period: 106420\n/);
    // the same value is not also reported as a short cosine
    assert.ok(!diagnostics(text, 'x.lrschedule.yaml').some(x => x.code === 'cosine-period-short'));
  });

  it('(a) the issue\'s example: OneCycleLR total_steps 112680 (updates) under a per-epoch interval → 90', () => {
    const text = torch('epoch', '  _target_: torch.optim.lr_scheduler.OneCycleLR\n  max_lr: 0.4\n  total_steps: 112680\n');
    const [d] = mixups(text, 'config.yaml');
    assert.ok(d);
    assert.match(d.message, /total_steps` counts epochs, but 112680 .* \(90 × 1252\)/);
    assert.match(fixed(text, d), /total_steps: 90\n/);
    assert.deepEqual(mixups(fixed(text, d), 'config.yaml'), []);
  });

  it('(b) PolynomialLR total_iters 90 stepped per update → 90 × 1252 = 112680', () => {
    const text = torch('step', '  _target_: torch.optim.lr_scheduler.PolynomialLR\n  total_iters: 90\n  power: 1.0\n');
    const [d] = mixups(text, 'config.yaml');
    assert.ok(d);
    assert.match(fixed(text, d), /total_iters: 112680\n/);
  });

  it('(a) StepLR step_size 37560 under a per-epoch interval is 30 × 1252 updates → 30', () => {
    const text = torch('epoch', '  _target_: torch.optim.lr_scheduler.StepLR\n  step_size: 37560\n  gamma: 0.1\n');
    const [d] = mixups(text, 'config.yaml');
    assert.ok(d);
    assert.match(fixed(text, d), /step_size: 30\n/);
  });

  describe('stays quiet where the unit is right or the mistake is another one', () => {
    it('a per-update StepLR with a small interval (step_size 30, gamma 0.999) is a legitimate slow decay', () => {
      assert.deepEqual(mixups(torch('step', '  _target_: torch.optim.lr_scheduler.StepLR\n  step_size: 30\n  gamma: 0.999\n'), 'config.yaml'), []);
    });

    it('a per-update LinearLR warm-up of 90 updates (rising: its length is a warm-up\'s, not the run\'s)', () => {
      const text = torch('step', '  _target_: torch.optim.lr_scheduler.LinearLR\n  start_factor: 0.1\n  end_factor: 1.0\n  total_iters: 90\n');
      assert.deepEqual(mixups(text, 'config.yaml'), []);
    });

    it('a warm-up of 95 epochs in a 90-epoch run is too long, not in updates (95 is no multiple of 1252)', () => {
      const all = diagnostics(SEED.replace('  epochs: 5\n', '  epochs: 95\n'), 'x.lrschedule.yaml');
      assert.ok(all.some(d => d.code === 'warmup-too-long'));
      assert.ok(!all.some(d => d.code === 'unit-mixup'));
    });

    it('a milestone at epoch 100 of a 90-epoch run is past the end, not in updates', () => {
      const all = diagnostics(SEED.replace('[30, 60, 80]', '[30, 60, 100]'), 'x.lrschedule.yaml');
      assert.ok(all.some(d => d.code === 'milestone-beyond-end'));
      assert.ok(!all.some(d => d.code === 'unit-mixup'));
    });

    it('per-update milestones that are counts of updates ([500, 1100, 1500] with 20 updates per epoch)', () => {
      const text = '# lr-lens: steps_per_epoch=20 scheduler_interval=step\ntrainer:\n  max_epochs: 90\noptimizer:\n  _target_: torch.optim.SGD\n  lr: 0.4\nlr_scheduler:\n  _target_: torch.optim.lr_scheduler.MultiStepLR\n  milestones: [500, 1100, 1500]\n';
      assert.deepEqual(mixups(text, 'config.yaml'), []);
    });

    it('a per-epoch T_max of 90 over 90 epochs is right', () => {
      assert.deepEqual(mixups(torch('epoch', '  _target_: torch.optim.lr_scheduler.CosineAnnealingLR\n  T_max: 90\n'), 'config.yaml'), []);
    });

    it('without updates per epoch there is nothing to judge by (Hugging Face with max_steps only)', () => {
      const text = '{"learning_rate": 2e-5, "max_steps": 90, "lr_scheduler_type": "cosine", "warmup_steps": 5, "output_dir": "x"}';
      assert.deepEqual(mixups(text, 'training_args.json'), []);
    });

    it('a value that is an expression (${trainer.max_epochs}) is left alone', () => {
      const text = torch('step', '  _target_: torch.optim.lr_scheduler.CosineAnnealingLR\n  T_max: ${trainer.max_epochs}\n');
      assert.deepEqual(mixups(text, 'config.yaml'), []);
    });

    it('no file of examples/ triggers it (the golden configs are checked with the other generic checks)', () => {
      const walk = (dir: string): string[] => readdirSync(dir).flatMap(name => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? walk(path) : [path];
      });
      const files = walk('examples');
      assert.ok(files.length >= 10);
      for (const file of files) {
        const name = file.split('/').pop()!;
        assert.deepEqual(mixups(readFileSync(file, 'utf8'), name).map(d => d.message), [], file);
      }
    });
  });
});
