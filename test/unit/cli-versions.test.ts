import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, UsageError } from '../../src/cli/args';
import { main } from '../../src/cli/main';
import { assertLrClose } from './helpers';

describe('lr-lens --framework-version', () => {
  it('is repeatable and fills analyze\'s versions', () => {
    const args = parseArgs(['eval', 'f.json', '--framework-version', 'transformers=4', '--framework-version=ultralytics=8.3', '--framework-version', 'deepspeed=0.16.5']);
    assert.deepEqual(args.versions, { transformers: '4', ultralytics: '8.3', deepspeed: '0.16.5' });
  });
  it('rejects an unknown framework or version', () => {
    assert.throws(() => parseArgs(['eval', 'f.json', '--framework-version', 'transformers=3']), UsageError);
    assert.throws(() => parseArgs(['eval', 'f.json', '--framework-version', 'keras=3']), UsageError);
  });
  it('transformers=4 reads warmup_steps: 0.05 as 0.05 steps, 5 as a ratio (HF v4 vs v5 rules)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-versions-'));
    const file = path.join(dir, 'training_args.json');
    fs.writeFileSync(file, JSON.stringify({ learning_rate: 1.0, max_steps: 10, warmup_steps: 0.05 }));
    const lrAt1 = async (...flags: string[]) => {
      const out: string[] = [];
      assert.equal(await main(['eval', file, '--json', ...flags], s => out.push(s), () => {}), 0);
      return JSON.parse(out.join('\n')).schedules[0].lr[1] as number;
    };
    // v4: λ(1) = (10 − 1) / (10 − 0.05); v5: warmup = ceil(0.05 × 10) = 1 update, so λ(1) = (10 − 1) / (10 − 1) = 1.
    assertLrClose(await lrAt1('--framework-version', 'transformers=4'), 9 / 9.95, 'v4');
    assertLrClose(await lrAt1('--framework-version', 'transformers=5'), 1, 'v5');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('pins in the repository (issue 12 §3)', () => {
    const eval_ = async (file: string, ...flags: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(['eval', file, ...flags], s => out.push(s), s => err.push(s));
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    function repo(files: Record<string, string>): string {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-pins-'));
      fs.mkdirSync(path.join(dir, '.git'));
      for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
      }
      return dir;
    }
    const floatWarmup = JSON.stringify({ learning_rate: 1.0, max_steps: 10, warmup_steps: 0.05 });

    it('a requirements.txt pin is read, and the flag still wins over it', async () => {
      const dir = repo({ 'requirements.txt': 'transformers==4.46.1\n', 'exp/training_args.json': floatWarmup });
      const file = path.join(dir, 'exp/training_args.json');
      const lrAt1 = async (...flags: string[]) => JSON.parse((await eval_(file, '--json', ...flags)).out).schedules[0].lr[1] as number;
      // the pin says 4: warmup_steps 0.05 is 0.05 steps, λ(1) = (10 − 1) / (10 − 0.05); the flag says 5: one update
      assertLrClose(await lrAt1(), 9 / 9.95, 'pinned 4');
      assertLrClose(await lrAt1('--framework-version', 'transformers=5'), 1, 'flag 5');
      const text = await eval_(file);
      assert.equal(text.code, 0);
      assert.match(text.out, /# assumed transformers = 4 \(inferred\b/);
      fs.rmSync(dir, { recursive: true, force: true });
    });
    it('--root bounds the walk: a pin above it is not read', async () => {
      const dir = repo({ 'requirements.txt': 'transformers==4.46.1\n', 'exp/training_args.json': floatWarmup });
      const file = path.join(dir, 'exp/training_args.json');
      const r = await eval_(file, '--json', '--root', path.join(dir, 'exp'));
      // unpinned, the float warmup_steps implies transformers 5: ceil(0.05 × 10) = 1 warm-up update
      assertLrClose(JSON.parse(r.out).schedules[0].lr[1], 1, 'implied 5');
      fs.rmSync(dir, { recursive: true, force: true });
    });
    it('unpinned warmup_ratio: exit 0, a warning naming transformers 4 and 5, the v4 warm-up', async () => {
      const dir = repo({ 'training_args.json': JSON.stringify({ learning_rate: 1.0, max_steps: 100, warmup_ratio: 0.1 }) });
      const file = path.join(dir, 'training_args.json');
      const r = await eval_(file, '--json');
      assert.equal(r.code, 0);
      assert.match(r.err, /hf-warmup-ratio-v4/);
      assert.match(r.err, /transformers 4/);
      assert.match(r.err, /transformers 5\.2/);
      // v4: W = ceil(0.1 × 100) = 10, λ(5) = 5 / 10
      assertLrClose(JSON.parse(r.out).schedules[0].lr[5], 0.5, 'warm-up of 10 updates');
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });
});
