import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { MAX_INTERPOLATED_FILE, MAX_INTERPOLATED_VALUE } from '../../../src/dialects/pytorch/interpolation';
import { curveAt } from '../../../src/core/evaluate';
import { performance } from 'node:perf_hooks';
import { lineColumnAt } from '../../../src/formats/access';
import { MAX_DEPTH } from '../../../src/formats/depth';
import { MAX_YAML_SIZE, maxFileSize } from '../../../src/formats/parse';
import type { FormatLanguage } from '../../../src/formats/tree';
import { MAX_ALIAS_NODES } from '../../../src/formats/yaml';
import type { Diagnostic } from '../../../src/dialects/types';
import { sampleSchedule } from '../../../src/core/sample';
import { analyze, type Analysis } from '../../../src/service/analyze';
import { hoverAt } from '../../../src/service/hover';
import { chartData, chartSeries } from '../../../src/service/chart';

/**
 * Files built to break the analysis (issue 6): each must give a clear diagnostic (its code, and a message that
 * names what is wrong) and throw nothing. The work is bounded by design, not by a timing assertion: files over
 * the size limit (maxFileSize) are not parsed, nesting stops at MAX_DEPTH, aliases at MAX_ALIAS_NODES, runs past 2^53 updates
 * are refused. Each case prints its time so a regression is visible.
 */

const times: string[] = [];

/** analyze + the consumers that walk the whole result (sampling, hover on every setting, the plot's data). */
function run(label: string, text: string, fileName: string, language: FormatLanguage): Analysis {
  const start = performance.now();
  const analysis = analyze(text, fileName, language);
  for (const read of analysis.schedules) {
    sampleSchedule(read.schedule);
    for (const setting of read.settings) hoverAt(analysis, text, setting.keyRange.start);
  }
  chartData(chartSeries(analysis.schedules, fileName));
  times.push(`${label.padEnd(48)} ${(performance.now() - start).toFixed(1).padStart(8)} ms  (${text.length.toLocaleString('en-US')} chars)`);
  return analysis;
}

function only(analysis: Analysis, code: string): Diagnostic {
  const found = analysis.diagnostics.filter(d => d.code === code);
  assert.ok(found.length >= 1, `expected ${code}, got ${JSON.stringify(analysis.diagnostics.map(d => `${d.code}: ${d.message}`))}`);
  return found[0];
}

function lineCol(text: string, d: Diagnostic): string {
  const { line, column } = lineColumnAt(text, d.range.start);
  return `${line + 1}:${column + 1}`;
}

/** The seed's step recipe (examples/seed): 0.1 → 0.4 warmup over 6,260 updates, ×0.1 at epochs 30, 60, 80. */
const SEED = `name: ResNet-50 step
lr:
  reference: 0.1
  referenceBatch: 256
  scaling: linear
batch:
  perDevice: 32
  devices: 32
  accumulation: 1
datasetSize: 1281167
epochs: 90
warmup:
  type: linear
  epochs: 5
  startLr: 0.1
decay:
  type: multistep
  milestones: [30, 60, 80]
  gamma: 0.1
`;
const SEED_NAME = 'resnet50.lrschedule.yaml';

function seedWith(search: string, replacement: string): string {
  assert.ok(SEED.includes(search), search);
  return SEED.replace(search, replacement);
}

describe('robustness: adversarial files', function () {
  this.timeout(120_000);
  after(() => console.log(`      analysis times (printed, not asserted):\n${times.map(t => `        ${t}`).join('\n')}`));

  it('the seed recipe itself reads cleanly (the base of the cases below)', () => {
    const analysis = run('seed recipe', SEED, SEED_NAME, 'yaml');
    assert.deepEqual(analysis.diagnostics.map(d => d.code), []);
    assert.equal(analysis.schedules[0].schedule.totalUpdates, 112_680);
  });

  it('a YAML alias bomb ("billion laughs", 9^9 nodes) stops at the alias limit with yaml-alias-limit', () => {
    const lines = ['lr: 0.1', 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    const names = 'abcdefghi';
    for (let i = 1; i < names.length; i++) lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]`);
    const text = lines.join('\n') + '\n';
    const d = only(run('YAML alias bomb', text, 'config.yaml', 'yaml'), 'yaml-alias-limit');
    assert.match(d.message, /aliases .* expand to more than 100,000 nodes/);
    assert.equal(d.severity, 'error');
    assert.ok(MAX_ALIAS_NODES <= 100_000);
  });

  for (const [language, fileName, make] of [
    ['json', 'training_args.json', (n: number) => `{"learning_rate": 0.1, "data": [${'"0123456789abcdef", '.repeat(n)}0]}`],
    ['yaml', 'config.yaml', (n: number) => `lr: 0.1\ndata:\n${'  - 0123456789abcdef\n'.repeat(n)}`],
    ['typescript', 'big.lrschedule.ts', (n: number) => `export default { lr: 0.1, data: [${"'0123456789abcdef', ".repeat(n)}] };`],
  ] as const) {
    it(`a 10 MB ${language} file is not parsed: file-too-large, saying its size and the limit`, () => {
      const text = make(Math.ceil(10 * 1024 * 1024 / 20));
      assert.ok(text.length >= 10 * 1024 * 1024);
      const analysis = run(`10 MB ${language}`, text, fileName, language);
      const d = only(analysis, 'file-too-large');
      // YAML's limit is smaller than JSON's and TypeScript's: the yaml package's parse is the slow part (formats/parse.ts)
      assert.match(d.message, language === 'yaml' ? /^The file is 10\.\d MB, larger than the 64 KB LR Lens reads in YAML/ : /^The file is 10\.\d MB, larger than the 256 KB LR Lens reads \(/);
      assert.equal(d.severity, 'warning');
      assert.deepEqual({ start: d.range.start, end: d.range.end }, { start: 0, end: 0 });
      assert.equal(analysis.diagnostics.length, 1);
      assert.deepEqual(analysis.schedules, []);
    });
  }

  it('a file just under the size limit is still analysed', () => {
    const filler = `# ${'x'.repeat(70)}\n`;
    const text = SEED + filler.repeat(Math.floor((MAX_YAML_SIZE - SEED.length) / filler.length));
    assert.ok(text.length <= MAX_YAML_SIZE && text.length > MAX_YAML_SIZE - 100);
    const analysis = run('seed + comments to just under the limit', text, SEED_NAME, 'yaml');
    assert.deepEqual(analysis.diagnostics.map(d => d.code), []);
    assert.equal(analysis.schedules[0].schedule.totalUpdates, 112_680);
  });

  const DEPTH = 100_000;
  for (const [label, language, fileName, prefix, open, close] of [
    ['JSON [[[[…', 'json', 'training_args.json', '', '[', ''],
    ['JSON {"a":{"a":…', 'json', 'training_args.json', '', '{"a":', ''],
    ['JSON [[[[…]]]] closed', 'json', 'training_args.json', '', '[', ']'],
    ['YAML - - - …', 'yaml', 'config.yaml', '', '- ', ''],
    ['YAML flow [[[[…', 'yaml', 'config.yaml', 'lr: ', '[', ''],
    ['YAML flow {a: {a: …', 'yaml', 'config.yaml', 'lr: ', '{a: ', ''],
    ['TS [[[[…', 'typescript', 'deep.lrschedule.ts', 'export default ', '[', ''],
    ['TS {a: {a: …', 'typescript', 'deep.lrschedule.ts', 'export default ', '{a: ', ''],
  ] as const) {
    // 100,000 levels where they fit under the format's size limit; wider openers nest as deep as the limit allows
    // (the full 100,000 levels of them are cut by the size limit, as the 10 MB cases show).
    const depth = Math.min(DEPTH, Math.floor((maxFileSize(language) - prefix.length) / (open.length + close.length)));
    const text = prefix + open.repeat(depth) + close.repeat(depth);
    it(`${depth.toLocaleString('en-US')}-deep nesting (${label}) gives too-deep at the level that goes past the limit`, () => {
      assert.ok(depth > 10 * MAX_DEPTH);
      const d = only(run(`${depth.toLocaleString('en-US')}-deep ${label}`, text, fileName, language), 'too-deep');
      assert.match(d.message, new RegExp(`nests more than ${MAX_DEPTH} levels deep`));
      // The diagnostic sits inside the nesting, not at some arbitrary place: on line 1, past the first MAX_DEPTH openers.
      assert.equal(lineColumnAt(text, d.range.start).line, 0);
      assert.ok(d.range.start >= MAX_DEPTH, `at ${d.range.start}`);
    });
  }

  it('YAML block nesting (each key one space deeper): as deep as the size limit allows, read without overflow', () => {
    // Indentation grows with depth, so past ~360 levels the file outgrows MAX_YAML_SIZE before it reaches MAX_DEPTH.
    const nested = (levels: number) => Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + '\n';
    let levels = 1;
    while (nested(levels + 1).length <= MAX_YAML_SIZE) levels++;
    assert.ok(levels > 350 && levels < MAX_DEPTH, `${levels}`);
    const deepest = run(`${levels}-deep YAML block mapping`, nested(levels), 'config.yaml', 'yaml');
    assert.deepEqual(deepest.diagnostics.map(d => d.code), []);
    only(run(`${levels + 1}-deep YAML block mapping`, nested(levels + 1), 'config.yaml', 'yaml'), 'file-too-large');
  });

  for (const [value, code, says] of [
    ['.nan', 'not-finite', /`lr\.reference` is NaN/],
    ['.NaN', 'not-finite', /`lr\.reference` is NaN/],
    ['NaN', 'expected-number', /`lr\.reference` should be a number, not the string "NaN"/],
    ['.inf', 'not-finite', /`lr\.reference` is Infinity/],
    ['-.inf', 'not-finite', /`lr\.reference` is -Infinity/],
    ['1e400', 'not-finite', /`lr\.reference` is Infinity/],
    ['1e308', 'lr-not-finite', /The LR is (Infinity|NaN) at update \d+/],
    ['-1', 'out-of-range', /`lr\.reference` should be at least 0, not -1/],
  ] as const) {
    it(`LR ${value} gives ${code}`, () => {
      const text = seedWith('reference: 0.1', `reference: ${value}`);
      const d = only(run(`LR ${value}`, text, SEED_NAME, 'yaml'), code);
      assert.match(d.message, says);
      assert.equal(d.severity, 'error');
      // a value's own problem points at the value; the curve-wide check points at the schedule (the document)
      assert.equal(lineCol(text, d), code === 'lr-not-finite' ? '1:1' : '3:14');
    });
  }

  it('LR -0 is a zero LR: lr-all-zero is not claimed for a schedule that warms up from 0.1, and nothing throws', () => {
    // -0 × 1024/256 = -0: the warmup climbs from startLr 0.1 down to -0, then decays -0 → every LR after warmup is 0.
    const analysis = run('LR -0', seedWith('reference: 0.1', 'reference: -0'), SEED_NAME, 'yaml');
    const { points } = sampleSchedule(analysis.schedules[0].schedule);
    for (const p of points) assert.ok(Number.isFinite(p.lr) && !Object.is(p.lr, -0) || p.lr === 0, `LR ${p.lr}`);
  });

  for (const [value, code, says] of [
    ['.nan', 'not-finite', /`epochs` is NaN/],
    ['.inf', 'not-finite', /`epochs` is Infinity/],
    ['1e400', 'not-finite', /`epochs` is Infinity/],
    ['-0', 'out-of-range', /`epochs` should be greater than 0, not 0/],
    ['-5', 'out-of-range', /`epochs` should be greater than 0, not -5/],
    ['1e308', 'run-too-long', /^The run is Infinity updates long: LR Lens counts updates exactly only up to 2\^53/],
    ['1000000000000000', 'run-too-long', /^The run is 1252000000000000000 updates long/],
  ] as const) {
    it(`epochs ${value} gives ${code}`, () => {
      const text = seedWith('epochs: 90', `epochs: ${value}`);
      const analysis = run(`epochs ${value}`, text, SEED_NAME, 'yaml');
      const d = only(analysis, code);
      assert.match(d.message, says);
      assert.equal(d.severity, 'error');
      if (code === 'run-too-long') assert.deepEqual(analysis.schedules, [], 'a run past 2^53 updates is not plotted');
    });
  }

  it('10^15 epochs of one update each (under 2^53) is read, sampled and summarised', () => {
    const text = `name: long\nlr: 0.1\nepochs: 1000000000000000\nstepsPerEpoch: 1\ndecay:\n  type: cosine\n`;
    const analysis = run('10^15 epochs × 1 update', text, 'long.lrschedule.yaml', 'yaml');
    assert.deepEqual(analysis.diagnostics.filter(d => d.severity === 'error').map(d => d.message), []);
    const { schedule } = analysis.schedules[0];
    assert.equal(schedule.totalUpdates, 1e15);
    const { points } = sampleSchedule(schedule);
    assert.equal(points[0].lr, 0.1);
    assert.equal(points[points.length - 1].update, 1e15 - 1);
  });

  it('counts 1e15 and -0 as counts: warmup.epochs -0 is no warmup, batch.devices -0 is out-of-range', () => {
    const noWarmup = run('warmup epochs -0', seedWith('  epochs: 5', '  epochs: -0'), SEED_NAME, 'yaml');
    assert.ok(noWarmup.schedules[0].schedule.warmupUpdates === 0, `${noWarmup.schedules[0].schedule.warmupUpdates}`);
    const d = only(run('devices -0', seedWith('devices: 32', 'devices: -0'), SEED_NAME, 'yaml'), 'out-of-range');
    assert.match(d.message, /`batch\.devices` should be greater than 0, not 0/);
  });

  it('a milestone list of 10^6 entries: the 5 MB file is cut at the size limit', () => {
    const text = seedWith('[30, 60, 80]', `[${Array.from({ length: 1_000_000 }, (_, i) => i % 89 + 1).join(', ')}]`);
    const d = only(run('10^6 milestones', text, SEED_NAME, 'yaml'), 'file-too-large');
    assert.match(d.message, /^The file is \d+\.\d MB, larger than the 64 KB LR Lens reads in YAML/);
  });

  it('a milestone list of 9,000 unsorted entries (under the YAML limits) gives short messages', () => {
    const values = Array.from({ length: 9_000 }, (_, i) => (i * 7919) % 89 + 1);
    const text = seedWith('[30, 60, 80]', `[${values.join(',')}]`);
    assert.ok(text.length <= MAX_YAML_SIZE);
    const analysis = run('9,000 milestones', text, SEED_NAME, 'yaml');
    const d = only(analysis, 'milestones-unsorted');
    assert.match(d.message, /^The milestones \[1, 7920 .*|^The milestones \[1, \d+, .*… \(9,000 in all\)\] are not in increasing order/);
    for (const x of analysis.diagnostics) assert.ok(x.message.length < 1000, `${x.code}: ${x.message.length} characters`);
    assert.ok(d.fixes![0].title.length < 300, d.fixes![0].title);
  });

  for (const [language, fileName] of [['json', 'training_args.json'], ['yaml', 'config.yaml'], ['typescript', 'garbage.lrschedule.ts']] as const) {
    it(`binary garbage (random bytes with NUL) as ${language}: a syntax diagnostic, nothing thrown`, () => {
      // A fixed pseudo-random byte stream (xorshift), decoded as a file read as UTF-8 would be.
      let x = 2463534242;
      const bytes = Buffer.alloc(64 * 1024);
      for (let i = 1; i < bytes.length; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; bytes[i] = (x >>> 0) & 0xff; }
      const text = bytes.toString('utf8');
      assert.ok(text.includes('\0'));
      const analysis = run(`64 KB binary garbage as ${language}`, text, fileName, language);
      const syntax = { json: 'json-syntax', yaml: 'yaml-syntax', typescript: 'ts-syntax' }[language];
      const d = analysis.diagnostics.find(x => x.code === syntax || x.code === 'too-deep');
      assert.ok(d, JSON.stringify(analysis.diagnostics.slice(0, 5).map(x => x.code)));
      assert.match(d.message, /^(JSON|YAML|TypeScript): |nests more than/);
      assert.deepEqual(analysis.schedules, []);
    });
  }

  it('a UTF-8 BOM: the seed still reads, and a diagnostic points at the right line and column', () => {
    const text = '\uFEFF' + seedWith('gamma: 0.1', 'gamma: -1');
    const d = only(run('BOM', text, SEED_NAME, 'yaml'), 'out-of-range');
    assert.match(d.message, /`decay\.gamma` should be at least 0, not -1/);
    // line 19 `  gamma: -1`: the BOM is one code unit before line 1, not on line 19
    assert.equal(lineCol(text, d), '19:10');
    assert.equal(text.slice(d.range.start, d.range.end), '-1');
  });

  it('a UTF-8 BOM in JSON and TypeScript keeps ranges on the original text', () => {
    const json = '\uFEFF{\n  "learning_rate": -1,\n  "lr_scheduler_type": "cosine",\n  "max_steps": 100\n}\n';
    const jd = run('BOM JSON', json, 'training_args.json', 'json').diagnostics.find(d => d.severity === 'error');
    assert.ok(jd, 'an error for the negative LR');
    assert.equal(json.slice(jd.range.start, jd.range.end), '-1');
    assert.equal(lineCol(json, jd), '2:20');
    const ts = "\uFEFFexport default {\n  lr: 0.1,\n  epochs: -5,\n  updatesPerEpoch: 10,\n};\n";
    const td = run('BOM TS', ts, 'x.lrschedule.ts', 'typescript').diagnostics.find(d => d.severity === 'error');
    assert.ok(td, 'an error for the negative epochs');
    assert.equal(ts.slice(td.range.start, td.range.end), '-5');
    assert.equal(lineCol(ts, td), '3:11');
  });

  it('CRLF line endings and tabs: the seed reads the same, and a diagnostic range lands on the right line/column', () => {
    const crlf = seedWith('gamma: 0.1', 'gamma: -1').replace(/\n/g, '\r\n');
    const analysis = run('CRLF', crlf, SEED_NAME, 'yaml');
    const d = only(analysis, 'out-of-range');
    assert.equal(crlf.slice(d.range.start, d.range.end), '-1');
    assert.equal(lineCol(crlf, d), '19:10');
    const clean = run('CRLF seed', SEED.replace(/\n/g, '\r\n'), SEED_NAME, 'yaml');
    assert.deepEqual(clean.diagnostics.map(x => x.code), []);
    assert.equal(clean.schedules[0].schedule.totalUpdates, 112_680);
  });

  it('tabs: JSON indented with tabs and CRLF, YAML with a tab after the colon, TS with tabs', () => {
    const json = '{\r\n\t"learning_rate":\t-1,\r\n\t"lr_scheduler_type": "cosine",\r\n\t"max_steps": 100\r\n}\r\n';
    const jd = run('tabs JSON', json, 'training_args.json', 'json').diagnostics.find(d => d.severity === 'error');
    assert.ok(jd);
    assert.equal(json.slice(jd.range.start, jd.range.end), '-1');
    assert.equal(lineCol(json, jd), '2:19');
    const yaml = seedWith('gamma: 0.1', 'gamma:\t-1');
    const yd = only(run('tab YAML', yaml, SEED_NAME, 'yaml'), 'out-of-range');
    assert.equal(yaml.slice(yd.range.start, yd.range.end), '-1');
    assert.equal(lineCol(yaml, yd), '19:10');
    // A tab as YAML indentation is a syntax error that YAML itself reports, on the line it is on.
    const tabIndent = seedWith('  gamma: 0.1', '\tgamma: 0.1');
    const sd = only(run('tab-indented YAML', tabIndent, SEED_NAME, 'yaml'), 'yaml-syntax');
    assert.match(sd.message, /^YAML: .*tab/i);
    assert.equal(lineColumnAt(tabIndent, sd.range.start).line + 1, 19);
  });

  for (const [language, fileName, text, code, says, at] of [
    ['json', 'training_args.json', '{\n  "learning_rate": 0.1,\n  "lr_scheduler_type": "cosine\n}\n', 'json-syntax', /^JSON: unexpected end of string/, '3:24'],
    // YAML quoted scalars span lines: the parser knows the quote is missing only at the end of the document.
    ['yaml', SEED_NAME, seedWith('name: ResNet-50 step', 'name: "ResNet-50 step'), 'yaml-syntax', /^YAML: Missing closing "quote/, '20:1'],
    ['typescript', 'x.lrschedule.ts', "export default {\n  name: 'ResNet,\n  lr: 0.1,\n};\n", 'ts-syntax', /^TypeScript: unterminated string/, '2:9'],
  ] as const) {
    it(`an unterminated string in ${language} gives ${code} where the parser finds it`, () => {
      const d = only(run(`unterminated string ${language}`, text, fileName, language), code);
      assert.match(d.message, says);
      assert.equal(lineCol(text, d), at);
    });
  }
});

describe('robustness: run lengths the sampler cannot count', () => {
  it('a fractional run (DeepSpeed total_num_steps 2e-4, found by the property tests) gives run-length-invalid', () => {
    const text = JSON.stringify({ train_batch_size: 256, train_micro_batch_size_per_gpu: 32, gradient_accumulation_steps: 2,
      optimizer: { type: 'AdamW', params: { lr: 2e-4 } },
      scheduler: { type: 'WarmupDecayLR', params: { total_num_steps: 2e-4, warmup_min_lr: 0, warmup_max_lr: 2e-4, warmup_num_steps: 150 } } }, null, 2);
    const analysis = analyze(text, 'ds_config.json', 'json');
    const d = only(analysis, 'run-length-invalid');
    assert.match(d.message, /^The run is 0\.0002 updates long: a run is a whole number of optimizer updates/);
    assert.deepEqual(analysis.schedules, []);
  });

  it('Hugging Face num_cycles: 1e308 (cycles shorter than an update, found by the quick-fix property): no endless loop over restarts', () => {
    // past 2^53 restarts, cycle + 1 === cycle: the restart loops of the markers and the pieces stood still
    const text = JSON.stringify({ learning_rate: 100, max_steps: 1500, warmup_steps: 10, lr_scheduler_type: 'cosine_with_restarts',
      lr_scheduler_kwargs: { num_cycles: 1e308 }, output_dir: 'x' }, null, 2);
    const analysis = run('num_cycles 1e308', text, 'training_args.json', 'json');
    assert.equal(analysis.schedules.length, 1);
    const { schedule } = analysis.schedules[0];
    // HF: 0.5 (1 + cos(π ((num_cycles × progress) mod 1))), and a float past 2^53 has no fraction: the peak LR
    assert.equal(curveAt(schedule.curve, 750), 100);
    assert.ok(schedule.markers.length <= 10, `${schedule.markers.length} markers`);
  });
});

/** Issue 11, items 1, 3 and 11 (CR line ends): interpolation bombs, the alias budget per file, old Mac line ends. */
describe('robustness: interpolation bombs, the alias budget per file, CR-only line ends', function () {
  this.timeout(120_000);
  const HOSTILE = path.resolve(__dirname, '../../../../test/fixtures/hostile');
  const hostile = (name: string) => fs.readFileSync(path.join(HOSTILE, name), 'utf8');
  /** Every message is short: at most a bound value quoted, never the expansion. */
  const assertShortMessages = (analysis: Analysis) => {
    for (const d of analysis.diagnostics) assert.ok(d.message.length <= 400, `${d.code}: ${d.message.length} characters`);
  };

  // 8 characters doubled: v10 is 8 × 2^10 = 8,192 characters, v11 16,384, the first past the 10,000 bound.
  for (const [file, levels] of [['interpolation-doubling-25.yaml', 25], ['interpolation-doubling-26.yaml', 26], ['interpolation-doubling-32.yaml', 32]] as const) {
    it(`${file}: a value doubled ${levels} times (${(8 * 2 ** levels).toLocaleString('en-US')} characters) stops at the bound, with interpolation-limit at v11`, () => {
      assert.equal(MAX_INTERPOLATED_VALUE, 10_000);
      const text = hostile(file);
      assert.ok(text.length < 1200);
      const analysis = run(file, text, 'config.yaml', 'yaml');
      const limits = analysis.diagnostics.filter(d => d.code === 'interpolation-limit');
      assert.equal(limits.length, 1, JSON.stringify(analysis.diagnostics.map(d => d.code)));
      assert.match(limits[0].message, /^`v11` \(`"\$\{v10\}\$\{v10\}"`\) expands through `\$\{…\}` interpolations to more than 10,000 characters/);
      assert.equal(text.slice(limits[0].range.start, limits[0].range.end), '"${v10}${v10}"');
      assert.equal(limits[0].severity, 'error');
      // the scheduler's step_size names the bomb: not read, and nothing guessed in its place
      assert.deepEqual(analysis.schedules, []);
      assertShortMessages(analysis);
    });
  }

  it('a bomb beside the scheduler: the rest of the file is still read (and its own interpolations resolved)', () => {
    const lines = ['# lr-lens: steps_per_epoch=1', 'optimizer:', '  _target_: torch.optim.SGD', '  lr: 1.0', 'lr_scheduler:', '  _target_: torch.optim.lr_scheduler.StepLR',
      '  step_size: ${trainer.decay_every}', '  gamma: 0.5', 'trainer:', '  max_epochs: 4', '  decay_every: 2', 'bomb:', '  v0: "abcdefgh"'];
    for (let i = 1; i <= 30; i++) lines.push(`  v${i}: "\${.v${i - 1}}\${.v${i - 1}}"`);
    const analysis = run('bomb beside a StepLR', lines.join('\n') + '\n', 'config.yaml', 'yaml');
    assert.deepEqual(analysis.diagnostics.filter(d => d.code === 'interpolation-limit').length, 1);
    assert.equal(analysis.schedules.length, 1);
    // StepLR(step_size=2, gamma=0.5) stepped per epoch over 4 epochs: 1, 1, 0.5, 0.5 (one update per epoch)
    const schedule = analysis.schedules[0].schedule;
    assert.equal(schedule.totalUpdates, 4);
    assert.deepEqual([0, 1, 2, 3].map(u => curveAt(schedule.curve, u)), [1, 1, 0.5, 0.5]);
    assertShortMessages(analysis);
  });

  it('a chain of 30 references resolves; a chain of 40 stops at 32 with interpolation-limit', () => {
    const chain = (n: number) => ['# lr-lens: steps_per_epoch=1', 'optimizer:', '  _target_: torch.optim.SGD', '  lr: 1.0', 'lr_scheduler:',
      '  _target_: torch.optim.lr_scheduler.StepLR', `  step_size: \${c${n}}`, 'trainer:', '  max_epochs: 4', 'c0: 2',
      ...Array.from({ length: n }, (_, i) => `c${i + 1}: \${c${i}}`)].join('\n') + '\n';
    const short = run('30 references in a chain', chain(30), 'config.yaml', 'yaml');
    assert.deepEqual(short.diagnostics.filter(d => d.severity === 'error'), []);
    assert.equal(curveAt(short.schedules[0].schedule.curve, 2), 0.1);
    const long = run('40 references in a chain', chain(40), 'config.yaml', 'yaml');
    assert.match(only(long, 'interpolation-limit').message, /goes through more than 32 references in a chain/);
    assert.deepEqual(long.schedules, []);
  });

  it('interpolation-file-budget.yaml: 400 values of 9,000 characters stop at the file budget, said once, at v111', () => {
    // 111 values (v0 … v110) are 999,000 characters; v111 would pass 1,000,000.
    assert.equal(MAX_INTERPOLATED_FILE, 1_000_000);
    const text = hostile('interpolation-file-budget.yaml');
    const analysis = run('interpolation file budget', text, 'config.yaml', 'yaml');
    const limits = analysis.diagnostics.filter(d => d.code === 'interpolation-limit');
    assert.equal(limits.length, 1);
    assert.match(limits[0].message, /^`v111` \(`"\$\{base\}\$\{base\}"`\) would take the text produced by `\$\{…\}` interpolations in this file past 1,000,000 characters/);
    assert.equal(analysis.diagnostics.filter(d => d.code === 'pt-unresolved-interpolation').length, 0);
    assertShortMessages(analysis);
  });

  it('interpolation-wide.yaml: one value naming another 2,000 times stops at the value bound, quoted in 100 characters', () => {
    const analysis = run('interpolation wide', hostile('interpolation-wide.yaml'), 'config.yaml', 'yaml');
    const d = only(analysis, 'interpolation-limit');
    assert.match(d.message, /^`lr_scheduler\.name` \(`"(\$\{word\}){14}\$… \(14,002 characters\)`\) expands through/);
    assertShortMessages(analysis);
  });

  /** One document of aliases expanding to 9 + 9·10 + 9·91 + 9·820 = 8,298 … (9^5 leaves): about 66,000 nodes. */
  const aliasDocument = () => {
    const names = 'abcde';
    const lines = ['lr: 0.1', 'a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]'];
    for (let i = 1; i < names.length; i++) lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]`);
    return lines.join('\n') + '\n';
  };

  it('one document of ~66,000 alias nodes is under the limit and reads without yaml-alias-limit', () => {
    const analysis = run('66,000 alias nodes', aliasDocument(), 'config.yaml', 'yaml');
    assert.deepEqual(analysis.diagnostics.filter(d => d.code === 'yaml-alias-limit'), []);
  });

  it('150 such documents in one stream share one budget: yaml-alias-limit once, in the second document', () => {
    const text = Array.from({ length: 150 }, () => `---\n${aliasDocument()}`).join('');
    assert.ok(text.length <= MAX_YAML_SIZE, `${text.length}`);
    const analysis = run('150 alias documents', text, 'config.yaml', 'yaml');
    const limits = analysis.diagnostics.filter(d => d.code === 'yaml-alias-limit');
    assert.equal(limits.length, 1);
    assert.match(limits[0].message, /expand to more than 100,000 nodes in this file/);
    // two documents of ~66,000 pass 100,000: the stop is in the second one
    const second = text.indexOf('---', 1);
    const third = text.indexOf('---', second + 1);
    assert.ok(limits[0].range.start > second && limits[0].range.start < third, `at ${limits[0].range.start}`);
  });

  it('aliases-stream-100-documents.yaml: the limit is said once, in the second document', () => {
    const text = hostile('aliases-stream-100-documents.yaml');
    const limits = run('100 alias documents', text, 'config.yaml', 'yaml').diagnostics.filter(d => d.code === 'yaml-alias-limit');
    assert.equal(limits.length, 1);
    const second = text.indexOf('\n---', text.indexOf('\n---') + 1);
    assert.ok(limits[0].range.start > second && limits[0].range.start < text.indexOf('\n---', second + 1));
  });

  for (const [file, like, language] of [
    ['lineendings-cr-only-seed.lrschedule.yaml', 'examples/seed/resnet50-step.lrschedule.yaml', 'yaml'],
    ['lineendings-mixed-seed.lrschedule.yaml', 'examples/seed/resnet50-step.lrschedule.yaml', 'yaml'],
    ['lineendings-cr-only-bert.lrschedule.json', 'examples/bert-mrpc.lrschedule.json', 'json'],
    ['lineendings-cr-only-vit.lrschedule.ts', 'examples/vit-cosine.lrschedule.ts', 'typescript'],
  ] as const) {
    it(`${file} (CR, or CR, LF and CRLF mixed) reads as ${like} does`, () => {
      const text = hostile(file);
      assert.ok(/\r(?!\n)/.test(text));
      const a = run(file, text, file, language);
      // the TS example imports defineSchedule, which the fixture leaves out (it is only a wrapper)
      const original = fs.readFileSync(path.resolve(__dirname, '../../../..', like), 'utf8')
        .replace("import { defineSchedule } from './lr-lens';\n\nexport default defineSchedule({", 'export default {').replace(/\n\}\);\n$/, '\n};\n');
      const b = run(like, original, file, language);
      assert.ok(b.schedules.length >= 1);
      assert.deepEqual(a.schedules.map(r => sampleSchedule(r.schedule).points), b.schedules.map(r => sampleSchedule(r.schedule).points));
      assert.deepEqual(a.diagnostics.map(d => d.code), b.diagnostics.map(d => d.code));
    });
  }

  for (const [file, language, fileName] of [
    ['examples/seed/resnet50-step.lrschedule.yaml', 'yaml', 'resnet50-step.lrschedule.yaml'],
    ['examples/seed/resnet50-cosine.lrschedule.yaml', 'yaml', 'resnet50-cosine.lrschedule.yaml'],
    ['examples/vit-cosine.lrschedule.ts', 'typescript', 'vit-cosine.lrschedule.ts'],
    ['examples/bert-mrpc.lrschedule.json', 'json', 'bert-mrpc.lrschedule.json'],
  ] as const) {
    it(`${file} with CR-only line ends (old Mac OS) gives the same schedule as with LF`, () => {
      const lf = fs.readFileSync(path.resolve(__dirname, '../../../..', file), 'utf8').replace(/\r\n/g, '\n');
      const cr = lf.replace(/\n/g, '\r');
      const a = run(`${file} LF`, lf, fileName, language);
      const b = run(`${file} CR`, cr, fileName, language);
      assert.equal(b.schedules.length, a.schedules.length);
      assert.ok(a.schedules.length >= 1);
      const samples = (x: Analysis) => x.schedules.map(r => sampleSchedule(r.schedule).points);
      assert.deepEqual(samples(b), samples(a));
      assert.deepEqual(b.diagnostics.map(d => [d.code, d.range]), a.diagnostics.map(d => [d.code, d.range]));
    });
  }

  it('CR-only YAML: a diagnostic points at the value, on the right line; its hover and quick fix land on the original text', () => {
    const cr = seedWith('gamma: 0.1', 'gamma: -1').replace(/\n/g, '\r');
    const d = only(run('CR-only seed', cr, SEED_NAME, 'yaml'), 'out-of-range');
    assert.equal(cr.slice(d.range.start, d.range.end), '-1');
    assert.equal(lineCol(cr, d), '19:10');
    // a milestone list out of order: its fix rewrites exactly the list in the CR text
    const unsorted = SEED.replace('[30, 60, 80]', '[60, 30, 80]').replace(/\n/g, '\r');
    const analysis = run('CR-only unsorted milestones', unsorted, SEED_NAME, 'yaml');
    const fix = only(analysis, 'milestones-unsorted').fixes![0];
    const edit = fix.edits[0];
    assert.equal(unsorted.slice(edit.range.start, edit.range.end).replace(/\s/g, ''), '[60,30,80]');
    const hover = hoverAt(analysis, unsorted, unsorted.indexOf('milestones'));
    assert.ok(hover && /milestones/.test(hover.markdown));
    assert.equal(unsorted.slice(hover.range.start, hover.range.end), 'milestones: [60, 30, 80]');
  });

  it('CR-only JSON and TypeScript (a `//` comment ends at a CR): ranges on the original text', () => {
    const json = '{\r  "learning_rate": -1,\r  "lr_scheduler_type": "cosine",\r  "max_steps": 100\r}\r';
    const jd = run('CR JSON', json, 'training_args.json', 'json').diagnostics.find(d => d.severity === 'error');
    assert.ok(jd);
    assert.equal(json.slice(jd.range.start, jd.range.end), '-1');
    assert.equal(lineCol(json, jd), '2:20');
    const ts = 'export default {\r  lr: 0.1, // the peak\r  epochs: -5,\r  updatesPerEpoch: 10,\r};\r';
    const analysis = run('CR TS', ts, 'x.lrschedule.ts', 'typescript');
    assert.deepEqual(analysis.diagnostics.filter(d => d.code === 'ts-syntax'), []);
    const td = only(analysis, 'out-of-range');
    assert.equal(ts.slice(td.range.start, td.range.end), '-5');
    assert.equal(lineCol(ts, td), '3:11');
  });
});

describe('robustness: the size limit of each format (issue 11, item 2)', () => {
  // The seed schedule in each format, padded with comments up to a length: the format's limit is the last length
  // analysed, one character more gives file-too-large and nothing else. YAML's limit is smaller: the yaml package's
  // parse is the slow part of a large file (formats/parse.ts).
  const seedJson = JSON.stringify({ name: 'ResNet-50 step', lr: { reference: 0.1, referenceBatch: 256, scaling: 'linear' },
    batch: { perDevice: 32, devices: 32, accumulation: 1 }, datasetSize: 1281167, epochs: 90,
    warmup: { type: 'linear', epochs: 5, startLr: 0.1 }, decay: { type: 'multistep', milestones: [30, 60, 80], gamma: 0.1 } });
  const cases: [FormatLanguage, string, string, string, string][] = [
    ['yaml', SEED_NAME, SEED, '#', '64 KB LR Lens reads in YAML'],
    ['json', 'resnet50.lrschedule.json', seedJson, '//', '256 KB LR Lens reads ('],
    ['typescript', 'resnet50.lrschedule.ts', `export default ${seedJson};`, '//', '256 KB LR Lens reads ('],
  ];
  for (const [language, fileName, body, comment, limitText] of cases) {
    it(`${language}: ${(maxFileSize(language) / 1024).toFixed(0)} KB is analysed, one character more is file-too-large`, () => {
      const limit = maxFileSize(language);
      const padded = (length: number) => {
        const head = `${comment} `;
        return head + 'x'.repeat(length - head.length - 1 - body.length) + '\n' + body;
      };
      const at = run(`${language} at its limit`, padded(limit), fileName, language);
      assert.equal(padded(limit).length, limit);
      assert.deepEqual(at.diagnostics.map(d => d.code), []);
      assert.equal(at.schedules[0].schedule.totalUpdates, 112_680);
      const over = run(`${language} one over its limit`, padded(limit + 1), fileName, language);
      assert.deepEqual(over.diagnostics.map(d => d.code), ['file-too-large']);
      assert.ok(over.diagnostics[0].message.includes(`larger than the ${limitText}`), over.diagnostics[0].message);
      assert.deepEqual(over.schedules, []);
    });
  }
});
