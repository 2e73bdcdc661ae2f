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
});
