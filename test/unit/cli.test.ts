import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_PRINTED_LINES, main } from '../../src/cli/main';
import { DIALECTS } from '../../src/dialects';
import { analyze } from '../../src/service/analyze';
import { MAX_FILE_SIZE } from '../../src/formats/parse';
import { assertLrClose } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');
const STEP = path.join(ROOT, 'examples/seed/resnet50-step.lrschedule.yaml');
const COSINE = path.join(ROOT, 'examples/seed/resnet50-cosine.lrschedule.yaml');

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, s => out.push(s), s => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('lr-lens CLI', () => {
  it('eval --all --json gives the seed recipe: 0.1 at update 0, 0.4 from epoch 5, × 0.1 at 30, 60, 80', async () => {
    const { code, out } = await run('eval', STEP, '--json', '--all');
    assert.equal(code, 0);
    const { schedules } = JSON.parse(out);
    assert.equal(schedules.length, 1);
    const [s] = schedules;
    assert.equal(s.dialect, 'lr-lens');
    assert.equal(s.stepsPerEpoch, 1252);
    assert.equal(s.totalUpdates, 90 * 1252);
    assert.equal(s.lr.length, 90 * 1252);
    assertLrClose(s.lr[0], 0.1, 'update 0');
    for (let e = 5; e < 30; e++) assertLrClose(s.lr[e * 1252], 0.4, `epoch ${e}`);
    assertLrClose(s.lr[30 * 1252 - 1], 0.4, 'end of epoch 29');
    assertLrClose(s.lr[30 * 1252], 0.04, 'epoch 30');
    assertLrClose(s.lr[60 * 1252], 0.004, 'epoch 60');
    assertLrClose(s.lr[80 * 1252], 0.0004, 'epoch 80');
    assertLrClose(s.lr[90 * 1252 - 1], 0.0004, 'last update');
  });

  it('eval without --all prints a long run as the plot\'s sample: bounded, exact at the seed\'s breakpoints', async () => {
    const { code, out } = await run('eval', STEP, '--json');
    assert.equal(code, 0);
    const [s] = JSON.parse(out).schedules;
    assert.equal(s.totalUpdates, 90 * 1252);
    assert.equal(s.at.length, s.lr.length);
    assert.ok(s.lr.length <= DEFAULT_PRINTED_LINES && s.lr.length > 10, `${s.lr.length} sampled updates`);
    assert.deepEqual([...s.at].sort((a: number, b: number) => a - b), s.at, 'updates in order');
    const lrAt = (update: number) => s.lr[s.at.indexOf(update)];
    // Goyal et al.'s recipe as the seed writes it: warm-up 0.1 → 0.4 over 5 × 1252 updates, × 0.1 at epochs 30, 60, 80.
    assertLrClose(lrAt(0), 0.1, 'update 0');
    assertLrClose(lrAt(5 * 1252), 0.4, 'warm-up end');
    assertLrClose(lrAt(30 * 1252), 0.04, 'epoch 30');
    assertLrClose(lrAt(60 * 1252), 0.004, 'epoch 60');
    assertLrClose(lrAt(80 * 1252), 0.0004, 'epoch 80');
    assertLrClose(lrAt(90 * 1252 - 1), 0.0004, 'last update');
    const text = await run('eval', STEP);
    assert.match(text.out, /the LR at \d+ of the 112680 updates, as the plot draws them: .*--all prints every update/);
    assert.ok(text.out.length < 64 * 1024, `${text.out.length} characters`);
  });

  it('eval prints a short run whole without --all, and --all with --at is a usage error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-'));
    const file = path.join(dir, 'short.lrschedule.yaml');
    fs.writeFileSync(file, 'lr: 0.1\nbatch: 256\nepochs: 90\nstepsPerEpoch: 1\ndecay: {type: step, stepSize: 30, gamma: 0.1}\n');
    const { code, out } = await run('eval', file, '--json');
    assert.equal(code, 0);
    const [s] = JSON.parse(out).schedules;
    assert.equal(s.at, undefined);
    assert.equal(s.lr.length, 90);
    assertLrClose(s.lr[29], 0.1, 'epoch 29');
    assertLrClose(s.lr[30], 0.01, 'epoch 30');
    assert.equal((await run('eval', file, '--all', '--at', '0')).code, 2);
  });

  it('eval-only flags on plot or check are usage errors, and a usage error quotes a long argument clipped', async () => {
    for (const argv of [['plot', STEP, '-o', '/tmp/x.svg', '--all'], ['check', STEP, '--schedule', '1']]) {
      const { code, err } = await run(...argv);
      assert.equal(code, 2, argv.join(' '));
      assert.match(err, /is an eval flag/);
    }
    const long = '9'.repeat(100_000);
    const { code, err } = await run('eval', STEP, '--at', `x${long}`);
    assert.equal(code, 2);
    assert.ok(err.length < 400, `${err.length} characters`);
    assert.match(err, /100,001 characters/);
  });

  it('eval writes bidi overrides and line separators from a name as \\uNNNN (Trojan Source), not raw', async () => {
    const file = path.join(ROOT, 'test/fixtures/hostile/escapes-bidi-override-name.lrschedule.yaml');
    const { code, out } = await run('eval', file, '--at', '0');
    assert.equal(code, 0);
    assert.match(out, /safe\\u202eevil\\u2066x\\u2069\\u2028forged line/);
    assert.doesNotMatch(out, /[\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
  });

  it('eval --at picks updates; the cosine twin peaks at 0.4 after warmup and ends near 0', async () => {
    const { code, out } = await run('eval', COSINE, '--json', '--at', '0,6260,112679');
    assert.equal(code, 0);
    const [s] = JSON.parse(out).schedules;
    assert.deepEqual(s.lr.length, 3);
    assertLrClose(s.lr[0], 0.1, 'update 0');
    assertLrClose(s.lr[1], 0.4, 'warmup end');
    assert.ok(s.lr[2] < 1e-9 && s.lr[2] >= 0);
  });

  it('eval prints a header and one line per update as text', async () => {
    const { out } = await run('eval', STEP, '--at', '0,6260');
    const lines = out.split('\n');
    assert.match(lines[0], /lr-lens · .* · 112680 updates · 1252 steps per epoch/);
    assert.deepEqual(lines.slice(1), ['0\t0.1', '6260\t0.4']);
  });

  it('flags override the file and the context file only its input keys', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-'));
    const file = path.join(tmp, 'short.lrschedule.yaml');
    fs.writeFileSync(file, 'lr: 0.1\nepochs: 2\ndecay: {type: constant}\n');
    const ctx = path.join(tmp, 'ctx.json');
    fs.writeFileSync(ctx, JSON.stringify({ steps_per_epoch: 7, resolved_lr: 99, total_updates: 1 }));
    const viaContext = JSON.parse((await run('eval', file, '--json', '--context', ctx)).out).schedules[0];
    assert.equal(viaContext.totalUpdates, 14);
    const viaFlag = JSON.parse((await run('eval', file, '--json', '--steps-per-epoch', '3')).out).schedules[0];
    assert.equal(viaFlag.totalUpdates, 6);
  });

  it('check prints file:line:col: severity code: message and exits 1 on an error', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-'));
    const bad = path.join(tmp, 'bad.lrschedule.yaml');
    fs.writeFileSync(bad, 'lr: 0.1\nupdates: 100\ndecay:\n  type: cosin\n');
    const { code, out } = await run('check', bad, STEP);
    assert.equal(code, 1);
    assert.equal(out.split('\n').length, 1);
    assert.match(out, new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:9: error unknown-value: .*Did you mean \`cosine\`\\?$`));
  });

  it('check exits 0 on clean files', async () => {
    assert.deepEqual(await run('check', STEP, COSINE), { code: 0, out: '', err: '' });
  });

  it('plot writes the chart as SVG with one line and the milestone rules', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-'));
    const svgFile = path.join(tmp, 'curve.svg');
    const { code } = await run('plot', STEP, '-o', svgFile);
    assert.equal(code, 0);
    const svg = fs.readFileSync(svgFile, 'utf8');
    assert.match(svg, /^<svg/);
    assert.match(svg, /peak 0\.4/);
    assert.match(svg, /final 0\.0004/);
  });

  for (const [what, argv, message] of [
    ['a missing file', ['eval', '/nonexistent/x.yaml'], /^lr-lens: \/nonexistent\/x\.yaml: no such file$/],
    ['an unknown flag', ['eval', STEP, '--bogus'], /^lr-lens: unknown flag --bogus$/],
    ['a bad number', ['eval', STEP, '--steps-per-epoch', 'many'], /^lr-lens: --steps-per-epoch: steps_per_epoch needs a whole number/],
    ['an unknown command', ['draw', STEP], /^lr-lens: unknown command/],
    ['an unknown format', ['eval', path.join(ROOT, 'README.md')], /unknown format/],
  ] as const) {
    it(`exits 2 with one line on stderr for ${what}`, async () => {
      const { code, err, out } = await run(...argv);
      assert.equal(code, 2);
      assert.equal(out, '');
      assert.equal(err.split('\n').length, 1);
      assert.match(err, message);
    });
  }

  it('--dialect with an unknown id is a usage error (exit 2) that lists every dialect LR Lens reads', async () => {
    const { code, out, err } = await run('eval', STEP, '--dialect', 'nope');
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.equal(err.split('\n').length, 1);
    assert.match(err, /^lr-lens: --dialect .*"nope"/);
    for (const d of DIALECTS) assert.ok(err.includes(d.id), `${d.id} is listed`);
    assert.equal((await run('eval', STEP, '--dialect', 'lr-lens', '--at', '0')).code, 0, 'a known id still works');
  });

  it('--at past the end of the run (112,680 updates: 0 to 112679) is out of range, exit 2, naming the run length', async () => {
    const past = await run('eval', STEP, '--at', '0,112680');
    assert.equal(past.code, 2);
    assert.equal(past.out, '', 'nothing printed before the refusal');
    assert.match(past.err, /^lr-lens: --at 112680 is out of range: .* has 112680 updates \(0 to 112679\)$/);
    const last = await run('eval', STEP, '--at', '112679');
    assert.equal(last.code, 0);
    assert.match(last.out, /\n112679\t0\.0004\d*$/);
  });

  it('eval prints the first 20 schedules of a file and says so; --schedule N prints the Nth (from 1) alone', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-'));
    const file = path.join(tmp, 'many.lrschedule.yaml');
    // 150 schedules, the k-th (from 1) a constant LR of k / 1000 over k updates
    fs.writeFileSync(file, Array.from({ length: 150 }, (_, i) => `name: s${i + 1}\nlr: ${(i + 1) / 1000}\nupdates: ${i + 1}\ndecay: {type: constant}\n`).join('---\n'));
    const all = await run('eval', file, '--at', '0');
    assert.equal(all.code, 0);
    const headers = all.out.split('\n').filter(l => l.startsWith('# '));
    assert.equal(headers.length, 20);
    assert.match(headers[19], / · s20 · 20 updates · /);
    assert.equal(all.err, `${file}: the first 20 of its 150 schedules are printed; --schedule N prints the Nth`);
    const one = await run('eval', file, '--schedule', '150', '--json');
    assert.equal(one.code, 0);
    assert.equal(one.err, '');
    const [s] = JSON.parse(one.out).schedules;
    assert.equal(s.name, 's150');
    assert.equal(s.lr.length, 150);
    assertLrClose(s.lr[149], 0.15, 'the 150th schedule\'s LR');
    const past = await run('eval', file, '--schedule', '151');
    assert.equal(past.code, 2);
    assert.match(past.err, /^lr-lens: --schedule 151 is out of range: .* has 150 schedules$/);
    assert.equal((await run('eval', file, '--schedule', '0')).code, 2);
  });

  it('help prints the usage, every line as it is', async () => {
    const { code, out } = await run('--help');
    assert.equal(code, 0);
    assert.match(out, /^usage:\n {2}lr-lens eval FILE/);
    assert.match(out, /\n {2}lr-lens plot FILE -o curve\.svg/);
  });

  describe('a file over the size limit is not read (issue 11, item 9)', () => {
    let dir: string;
    before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-big-')); });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('a 600 MB file gets the analysis\'s own file-too-large warning, within a 64 MB heap (it is never read)', () => {
      const big = path.join(dir, 'huge.yaml');
      // sparse: 600 MB long, no disk used
      fs.writeFileSync(big, '');
      fs.truncateSync(big, 600 * 1024 * 1024);
      const bin = path.join(ROOT, 'dist/cli.js');
      const check = spawnSync(process.execPath, ['--max-old-space-size=64', bin, 'check', big], { encoding: 'utf8' });
      assert.equal(check.status, 0, check.stderr);
      // what analyze() says of a text over the limit, with this file's size
      const own = analyze(' '.repeat(MAX_FILE_SIZE + 1), 'x.yaml', 'yaml').diagnostics;
      assert.deepEqual(own.map(d => [d.code, d.severity]), [['file-too-large', 'warning']]);
      const expected = own[0].message.replace(/The file is [\d.]+ \w+,/, 'The file is 600.0 MB,');
      assert.equal(check.stdout, `${big}:1:1: warning file-too-large: ${expected}\n`);
      const evalRun = spawnSync(process.execPath, ['--max-old-space-size=64', bin, 'eval', big], { encoding: 'utf8' });
      assert.equal(evalRun.status, 1);
      assert.equal(evalRun.stderr, `${big}:1:1: warning file-too-large: ${expected}\n${big}: no learning-rate schedule found\n`);
    });

    it('a file just over the limit, or many bytes but fewer characters than it, is judged as the editor judges it', async () => {
      const ascii = path.join(dir, 'ascii.yaml');
      fs.writeFileSync(ascii, `# ${'x'.repeat(MAX_FILE_SIZE)}\n`);
      const overByOne = await run('check', ascii);
      assert.match(overByOne.out, /warning file-too-large: The file is 256 KB/);
      // 200,000 CJK characters are 600,000 bytes of UTF-8 but fewer characters than the limit (JSON's: YAML's is
      // smaller): analysed
      const wide = path.join(dir, 'wide.lrschedule.json');
      fs.writeFileSync(wide, `// ${'学'.repeat(200_000)}\n{"lr": 0.1, "updates": 10, "decay": {"type": "constant"}}\n`);
      assert.ok(fs.statSync(wide).size > MAX_FILE_SIZE * 2);
      const analysed = await run('eval', wide, '--at', '9');
      assert.equal(analysed.code, 0, analysed.err);
      assert.match(analysed.out, /\n9\t0\.1$/);
    });
  });

  it('a reader that closes the pipe early (`eval FILE | head -1`) ends the CLI quietly with exit 0', async () => {
    const bin = path.join(ROOT, 'dist/cli.js');
    const child = spawn(process.execPath, [bin, 'eval', STEP, '--all'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', d => { stderr += d; });
    let first = '';
    const code = await new Promise<number | null>(resolve => {
      child.stdout.once('data', d => {
        first = String(d).split('\n')[0];
        child.stdout.destroy(); // what `head -1` does after its line: close the read end
      });
      child.on('close', c => resolve(c));
    });
    assert.match(first, /^# .*resnet50-step\.lrschedule\.yaml: lr-lens · /);
    assert.equal(stderr, '', 'no "Unhandled \'error\' event", no EPIPE');
    assert.equal(code, 0);
  });

  it('the built bin runs as a program, without a stack trace on bad input', () => {
    const bin = path.join(ROOT, 'dist/cli.js');
    const ok = spawnSync(process.execPath, [bin, 'eval', STEP, '--at', '0'], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /\n0\t0\.1$/m);
    const bad = spawnSync(process.execPath, [bin, 'eval', '/nonexistent.yaml'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
    assert.doesNotMatch(bad.stderr, /at .*\.js:\d+/);
  });
});

/**
 * Issue 12 §1: a timm args.yaml that says nothing about the data (`epochs: 100`, `sched: cosine`, `warmup_epochs: 5`)
 * is a valid config. timm steps that schedule per epoch, so its curve is exact in epochs; the updates per epoch are
 * unknown. eval prints it by epoch and says so; check passes it. The LR values are timm's formula
 * (timm/scheduler/cosine_lr.py with warmup_lr_init 1e-5, lr_min 0, warmup_prefix off: the cosine counts the warm-up
 * epochs), not numbers LR Lens printed.
 */
describe('lr-lens CLI: updates per epoch unknown (issue 12 §1)', () => {
  const ARGS = 'epochs: 100\nsched: cosine\nwarmup_epochs: 5\nlr: 0.1\nmodel: resnet50\nopt: sgd\nbatch_size: 128\n';
  const timmAt = (t: number) => (t < 5 ? 1e-5 + t * (0.1 - 1e-5) / 5 : 0.5 * 0.1 * (1 + Math.cos(Math.PI * t / 100)));
  let dir = '';
  let file = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-unknown-'));
    file = path.join(dir, 'args.yaml');
    fs.writeFileSync(file, ARGS);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('eval exits 0 and prints the LR by epoch, saying the unit and what is unknown', async () => {
    const { code, out, err } = await run('eval', file);
    assert.equal(code, 0, err);
    const lines = out.split('\n');
    assert.match(lines[0], /^# .*args\.yaml: timm · .* · 100 epochs · updates per epoch unknown · LR changes per epoch$/);
    // how to state it, in the CLI's words: its flag, or the directive the reader takes (src/service/directives.ts)
    assert.ok(lines.includes('# unknown: steps_per_epoch (no one says it: the values are by epoch); state it with --steps-per-epoch N or a `# lr-lens: steps_per_epoch=N` comment in the file'), out);
    assert.ok(lines.includes('# epoch\tlr'), 'a header naming the unit');
    const values = lines.filter(l => /^\d/.test(l)).map(l => l.split('\t').map(Number));
    // 100 epochs, one LR each (timm steps this scheduler once per epoch)
    assert.deepEqual(values.map(v => v[0]), Array.from({ length: 100 }, (_, e) => e));
    for (const [epoch, lr] of values) assertLrClose(lr, timmAt(epoch), `epoch ${epoch}`);
    assert.doesNotMatch(out, /\bupdates? \d|\d+ updates/);
  });

  it('eval --json carries the unit, the run in epochs and the unknown fact; no update count', async () => {
    const { code, out } = await run('eval', file, '--json');
    assert.equal(code, 0);
    const [s] = JSON.parse(out).schedules;
    assert.equal(s.unit, 'epoch');
    assert.equal(s.updatesPerEpochUnknown, true);
    assert.equal(s.epochs, 100);
    assert.equal(s.totalUpdates, null);
    assert.equal(s.stepsPerEpoch, null);
    assert.deepEqual(s.assumptions.filter((a: { source: string }) => a.source === 'unknown').map((a: { fact: string; value: string }) => [a.fact, a.value]), [['steps_per_epoch', 'unknown']]);
    assert.equal(s.at.length, s.lr.length);
    assert.deepEqual(s.at.slice(0, 3), [0, 1, 2]);
    for (const epoch of [0, 4, 5, 50, 99]) assertLrClose(s.lr[s.at.indexOf(epoch)], timmAt(epoch), `epoch ${epoch}`);
    // a schedule with known updates says its unit too
    const known = JSON.parse((await run('eval', STEP, '--json', '--at', '0')).out).schedules[0];
    assert.equal(known.unit, 'update');
  });

  it('--at takes epochs there: 2.5 is inside epoch 2 (timm steps per epoch); 100 is past the run', async () => {
    const { code, out } = await run('eval', file, '--at', '0,2.5,99.5', '--json');
    assert.equal(code, 0);
    const [s] = JSON.parse(out).schedules;
    assert.deepEqual(s.at, [0, 2.5, 99.5]);
    assertLrClose(s.lr[1], timmAt(2), 'epoch 2.5 holds epoch 2\'s LR');
    assertLrClose(s.lr[2], timmAt(99), 'epoch 99.5 holds epoch 99\'s LR');
    const past = await run('eval', file, '--at', '100');
    assert.equal(past.code, 2);
    assert.match(past.err, /^lr-lens: --at 100 is out of range: the run of .*args\.yaml has 100 epochs \(--at takes epochs/m);
    // where updates are known, --at still takes whole update numbers
    const fraction = await run('eval', STEP, '--at', '2.5');
    assert.equal(fraction.code, 2);
    assert.match(fraction.err, /--at 2\.5: .* counts optimizer updates, a whole number/);
  });

  it('a strict JSON file holds no comment: only the flag is offered', async () => {
    const json = path.join(dir, 'training_args.json');
    fs.writeFileSync(json, '{"learning_rate": 5e-5, "num_train_epochs": 3, "lr_scheduler_type": "linear", "warmup_ratio": 0.1, "output_dir": "out"}');
    const { code, out } = await run('eval', json);
    assert.equal(code, 0);
    assert.ok(out.split('\n').includes('# unknown: steps_per_epoch (no one says it: the values are by epoch); state it with --steps-per-epoch N'), out);
  });

  it('plot draws the curve on an epoch axis that says the updates per epoch are unknown, with no update axis', async () => {
    const svg = path.join(dir, 'args.svg');
    const { code } = await run('plot', file, '-o', svg);
    assert.equal(code, 0);
    const drawn = fs.readFileSync(svg, 'utf8');
    assert.ok(drawn.includes('epoch (updates per epoch unknown)'));
    assert.ok(!drawn.includes('optimizer update'));
  });

  it('check exits 0 on the file: a fact it lacks is no error', async () => {
    const { code, out } = await run('check', file);
    assert.equal(code, 0, out);
    assert.doesNotMatch(out, /\berror\b/);
  });

  it('stated with --steps-per-epoch 1252, the same file is 125,200 updates again', async () => {
    const [s] = JSON.parse((await run('eval', file, '--json', '--steps-per-epoch', '1252', '--at', '0,6260')).out).schedules;
    assert.equal(s.unit, 'update');
    assert.equal(s.totalUpdates, 125200);
    assert.equal(s.stepsPerEpoch, 1252);
    assertLrClose(s.lr[1], timmAt(5), 'update 6260 = epoch 5');
  });

  it('a per-update schedule (sched_on_updates) is printed by epoch too, as the plot\'s bounded sample', async () => {
    const onUpdates = path.join(dir, 'on-updates.yaml');
    fs.writeFileSync(onUpdates, `${ARGS}sched_on_updates: true\n`);
    const { code, out } = await run('eval', onUpdates);
    assert.equal(code, 0);
    const values = out.split('\n').filter(l => /^\d/.test(l)).map(l => l.split('\t').map(Number));
    assert.ok(values.length <= DEFAULT_PRINTED_LINES, `${values.length} lines`);
    assert.equal(values[0][0], 0);
    assert.ok(values.every(([epoch]) => epoch >= 0 && epoch < 100), 'every position is an epoch of the run');
    assert.match(out, /# the LR at \d+ points of the run's 100 epochs, as the plot draws them/);
    // the warm-up ends at epoch 5 whatever the updates per epoch: timm's cosine at t = 5 epochs
    const five = values.find(([epoch]) => epoch === 5);
    assert.ok(five, 'the warm-up end is a breakpoint the sample keeps');
    assertLrClose(five[1], timmAt(5), 'epoch 5');
  });
});
