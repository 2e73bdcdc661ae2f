import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { main } from '../../../src/cli/main';
import { MAX_DIAGNOSTICS } from '../../../src/service/diagnosticLimit';

/**
 * `lr-lens check` over 1,000 files (issue 6): clean copies of the seed recipes, broken ones, binary garbage and
 * paths that cannot be read. Every problem file is reported, clean files stay silent (as the README says), one bad
 * file never stops the others, and the exit code says the worst that happened: 2 unreadable, 1 errors, 0 clean.
 */

const ROOT = path.resolve(__dirname, '../../../..');
const STEP = fs.readFileSync(path.join(ROOT, 'examples/seed/resnet50-step.lrschedule.yaml'), 'utf8');
const COSINE = fs.readFileSync(path.join(ROOT, 'examples/seed/resnet50-cosine.lrschedule.yaml'), 'utf8');

async function check(files: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const start = performance.now();
  const code = await main(['check', ...files], s => out.push(s), s => err.push(s));
  console.log(`      check of ${files.length} files: ${(performance.now() - start).toFixed(0)} ms (printed, not asserted)`);
  return { code, out, err };
}

describe('robustness: lr-lens check over 1,000 files', function () {
  this.timeout(120_000);
  let dir: string;
  const clean: string[] = [];
  const broken: string[] = [];
  const garbage: string[] = [];
  const unreadable: string[] = [];

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-scale-'));
    let seed = 1;
    const random = () => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) / 2 ** 32; };
    for (let i = 0; i < 1000; i++) {
      const kind = i % 10;
      if (kind < 4) {
        const file = path.join(dir, `clean-${i}.lrschedule.yaml`);
        fs.writeFileSync(file, i % 2 ? STEP : COSINE);
        clean.push(file);
      } else if (kind < 7) {
        // the step recipe with a negative gamma: an out-of-range error on line 22
        const file = path.join(dir, `broken-${i}.lrschedule.yaml`);
        fs.writeFileSync(file, STEP.replace('gamma: 0.1', 'gamma: -1'));
        broken.push(file);
      } else if (kind < 9) {
        const file = path.join(dir, `garbage-${i}.${kind === 7 ? 'json' : 'yaml'}`);
        const bytes = Buffer.alloc(2048);
        for (let b = 0; b < bytes.length; b++) bytes[b] = Math.floor(random() * 256);
        bytes[0] = 0;
        fs.writeFileSync(file, bytes);
        garbage.push(file);
      } else {
        // a directory named like a config, a dangling symlink, a file of unknown format
        const file = path.join(dir, [`dir-${i}.yaml`, `missing-${i}.json`, `notes-${i}.txt`][Math.floor(i / 10) % 3]);
        if (file.includes('dir-')) fs.mkdirSync(file);
        else if (file.includes('missing-')) fs.symlinkSync(path.join(dir, 'nowhere.json'), file);
        else fs.writeFileSync(file, 'not a config');
        unreadable.push(file);
      }
    }
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports every broken, garbage and unreadable file, keeps going, and exits 2', async () => {
    const files = fs.readdirSync(dir).map(f => path.join(dir, f));
    assert.equal(files.length, 1000);
    const { code, out, err } = await check(files);
    assert.equal(code, 2);
    const reported = (file: string, lines: string[]) => lines.some(l => l.startsWith(`${file}:`) || l.startsWith(`lr-lens: ${file}:`));
    for (const file of clean) assert.ok(!reported(file, out) && !reported(file, err), `${file} is clean but reported`);
    for (const file of broken) {
      const line = out.find(l => l.startsWith(`${file}:`));
      assert.equal(line, `${file}:22:10: error out-of-range: \`decay.gamma\` should be at least 0, not -1.`);
    }
    let yamlSyntax = 0;
    for (const file of garbage) {
      const lines = out.filter(l => l.startsWith(`${file}:`));
      // Random bytes are never JSON; YAML reads many of them as one plain string, which is valid and not a config.
      if (file.endsWith('.json')) assert.ok(lines.some(l => / error json-syntax: JSON: /.test(l)), `${file} has no syntax error line`);
      // a file of more syntax errors than a file shows ends with the one summary of the others
      for (const l of lines) assert.match(l, /^[^:]+:\d+:\d+: error ((json|yaml)-syntax: (JSON|YAML): |too-many-diagnostics: \d+ more problems not shown \(\d+ of them errors\))/);
      assert.ok(lines.length <= MAX_DIAGNOSTICS + 1, `${file}: ${lines.length} lines`);
      if (file.endsWith('.yaml') && lines.length) yamlSyntax++;
    }
    assert.ok(yamlSyntax > 0, 'some garbage YAML is reported');
    for (const file of unreadable) {
      const line = err.find(l => l.startsWith(`lr-lens: ${file}:`));
      assert.ok(line, `${file} not reported`);
      assert.match(line, /: (not a file|no such file|unknown format \(expected \.json, \.jsonc, \.yaml, \.yml or \.ts\))$/);
    }
    assert.equal(err.length, unreadable.length, err.filter(l => !unreadable.some(f => l.includes(f))).join('\n'));
  });

  it('exits 1 when files have errors but all could be read, 0 when all are clean', async () => {
    assert.equal((await check([...clean, ...broken, ...garbage])).code, 1);
    const onlyClean = await check(clean);
    assert.deepEqual({ code: onlyClean.code, out: onlyClean.out, err: onlyClean.err }, { code: 0, out: [], err: [] });
  });
});
