import assert from 'node:assert/strict';
import { largestWithin, lightningStream, mmengineList, mmengineStream, pytorchAliases, pytorchMilestones, pytorchSequential, pytorchTopLevel, yamlStream, type ScaleShape } from '../../../bench/quadratic';
import { mmengineDialect } from '../../../src/dialects/mmengine';
import { MAX_COMPOSED_SCHEDULERS, MAX_SCHEDULES } from '../../../src/dialects/limits';
import { pytorchDialect } from '../../../src/dialects/pytorch';
import type { AnalysisContext, Diagnostic, Dialect, ReadSchedule } from '../../../src/dialects/types';
import { MAX_YAML_SIZE, parseDocument } from '../../../src/formats/parse';
import { MAX_YAML_ITEMS } from '../../../src/formats/yaml';
import { analyze } from '../../../src/service/analyze';
import { scheduleChecks } from '../../../src/service/checks';
import { DiagnosticIndex } from '../../../src/service/checks/context';

/**
 * Issue 11, item 2: the analysis grew with the square of the number of schedulers (3,000 aliased PyTorch
 * schedulers in 12 KB took 7–9 s). Times belong to `npm run bench` (bench/scale.ts); here the work is counted
 * instead: every read of the config tree by a reader, and of the diagnostics by the checks, goes through a
 * counting proxy, and four times the schedulers must cost about four times the reads (a quadratic reader costs
 * sixteen). The largest files of each shape must also give the schedules their generator wrote.
 */

interface Counter { reads: number }

/** `value` seen through proxies that count every property read, deep and identity-preserving (aliases stay shared). */
function counted<T>(value: T, counter: Counter, seen = new WeakMap<object, object>()): T {
  if (typeof value !== 'object' || value === null) return value;
  const known = seen.get(value);
  if (known) return known as T;
  const proxy = new Proxy(value, {
    get(target, key, receiver) {
      counter.reads++;
      return counted(Reflect.get(target, key, receiver), counter, seen);
    },
  });
  seen.set(value, proxy);
  return proxy;
}

const CONTEXT: AnalysisContext = { facts: { steps_per_epoch: 100 }, sources: {}, versions: {} };

/** Tree reads by one dialect's reader over every document of the file, with what it returned. */
function readCounted(dialect: Dialect, shape: ScaleShape, n: number) {
  const text = shape.text(n);
  const document = parseDocument(text, 'yaml');
  assert.deepEqual(document.problems, [], `${shape.label} (${n}) parses cleanly`);
  const counter: Counter = { reads: 0 };
  const schedules: ReadSchedule[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const root of document.roots) {
    const result = dialect.read({ fileName: shape.name, text, document, root: counted(root!, counter), context: CONTEXT });
    schedules.push(...result.schedules);
    diagnostics.push(...result.diagnostics);
  }
  return { reads: counter.reads, schedules, diagnostics, text };
}

/** Reads of the diagnostics list (and of each diagnostic) by the schedule-level checks. */
function checkReads(read: ReturnType<typeof readCounted>): number {
  const counter: Counter = { reads: 0 };
  scheduleChecks(read.schedules, read.text, counted(read.diagnostics, counter));
  return counter.reads;
}

/** Four times the schedulers: linear work grows 4×, quadratic 16×; 6× leaves room for constant parts. */
function assertLinear(label: string, small: number, large: number): void {
  assert.ok(small > 0, `${label}: some work is counted`);
  assert.ok(large / small <= 6, `${label}: 4× the schedulers cost ${(large / small).toFixed(1)}× the reads (${small} → ${large})`);
}

describe('robustness: analysis linear in the number of schedulers (issue 11, item 2)', function () {
  this.timeout(120_000);

  describe('work counted, not timed', () => {
    // Below MAX_SCHEDULES, so every scheduler is read, and under MAX_YAML_SIZE (400 LightningCLI documents are 64 KB).
    const SMALL = 100;
    const LARGE = 400;

    for (const shape of [pytorchAliases, pytorchMilestones, pytorchTopLevel]) {
      it(`${shape.label}: the PyTorch reader and the checks`, () => {
        const small = readCounted(pytorchDialect, shape, SMALL);
        const large = readCounted(pytorchDialect, shape, LARGE);
        // every scheduler the generator wrote is a schedule (the aliases' anchor is one more)
        const extra = shape === pytorchAliases ? 1 : 0;
        assert.equal(small.schedules.length, SMALL + extra);
        assert.equal(large.schedules.length, LARGE + extra);
        assertLinear(`${shape.label}, tree reads`, small.reads, large.reads);
        assertLinear(`${shape.label}, diagnostics read by the checks`, checkReads(small), checkReads(large));
      });
    }

    it('PyTorch SequentialLR of aliased children: one schedule, its children read once each', () => {
      const small = readCounted(pytorchDialect, pytorchSequential, SMALL);
      const large = readCounted(pytorchDialect, pytorchSequential, LARGE);
      // the SequentialLR, and the anchored ConstantLR, which is a scheduler node of its own
      assert.deepEqual(large.schedules.map(s => s.schedule.name), ['ConstantLR', 'SequentialLR']);
      assertLinear('SequentialLR, tree reads', small.reads, large.reads);
    });

    it('MMEngine param_scheduler list: the reader', () => {
      // under MAX_COMPOSED_SCHEDULERS, so every entry is read
      const small = readCounted(mmengineDialect, mmengineList, SMALL * 2);
      const large = readCounted(mmengineDialect, mmengineList, LARGE * 2);
      assert.equal(large.schedules.length, 1);
      // the name lists the first schedulers and how many there are in all
      assert.match(large.schedules[0].schedule.name ?? '', new RegExp(`^(LinearLR \\+ )+… \\(${(LARGE * 2).toLocaleString('en-US')} in all\\)$`));
      assertLinear('MMEngine list, tree reads', small.reads, large.reads);
    });

    it('YAML streams: the checks read each document\'s diagnostics, not every one for every schedule', () => {
      const small = readCounted(pytorchDialect, lightningStream, SMALL);
      const large = readCounted(pytorchDialect, lightningStream, LARGE);
      assert.equal(large.schedules.length, LARGE);
      // LightningCLI says once per document that it steps per epoch
      assert.equal(large.diagnostics.filter(d => d.code === 'pt-lightningcli-per-epoch').length, LARGE);
      assertLinear('LightningCLI stream, tree reads', small.reads, large.reads);
      assertLinear('LightningCLI stream, diagnostics read by the checks', checkReads(small), checkReads(large));
    });
  });

  describe('the diagnostic index answers as a scan of every diagnostic would', () => {
    it('the first diagnostic made, inside the range, with a code that is or ends with -suffix', () => {
      let seed = 7;
      const random = (k: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % k; };
      const codes = ['pt-milestones-unsorted', 'milestones-unsorted', 'unsorted', 'mm-cosine-period', 'cosine-period', 'period', 'x-steps-order', 'steps-order-x'];
      const diagnostics: Diagnostic[] = Array.from({ length: 400 }, () => {
        const start = random(1000);
        return { range: { start, end: start + random(50) }, severity: 'warning', code: codes[random(codes.length)], message: '' };
      });
      const scan = (list: Diagnostic[], range: { start: number; end: number }, suffixes: string[]) => list.find(d =>
        suffixes.some(s => d.code === s || d.code.endsWith(`-${s}`)) && d.range.start >= range.start && d.range.end <= range.end);
      const index = new DiagnosticIndex(diagnostics.slice(0, 200));
      const added = diagnostics.slice(0, 200);
      for (let q = 0; q < 600; q++) {
        // diagnostics keep coming between questions, as the checks add theirs
        if (q % 3 === 0 && added.length < diagnostics.length) { index.add(diagnostics[added.length]); added.push(diagnostics[added.length]); }
        const start = random(1000);
        const range = { start, end: start + random(300) };
        const suffixes = [['milestones-unsorted'], ['unsorted', 'period'], ['cosine-period', 'steps-order'], ['order-x']][random(4)];
        assert.equal(index.find(range, suffixes), scan(added, range, suffixes), `question ${q}`);
      }
    });
  });

  describe('the largest file of each shape under the size limit', () => {
    // 64 KB of three-byte aliases (`*s,`) is 21,800 of them, one comma each: past MAX_YAML_ITEMS, so the three alias
    // lists are not parsed at all. The other shapes hold a few commas per line and are read up to MAX_SCHEDULES.
    const tooManyItems = new Set([pytorchAliases, pytorchSequential, mmengineList]);
    const cases: [ScaleShape, (n: number) => number][] = [
      [pytorchAliases, () => 0],
      [pytorchMilestones, n => Math.min(n, MAX_SCHEDULES)],
      [pytorchTopLevel, n => Math.min(n, MAX_SCHEDULES)],
      [pytorchSequential, () => 0],
      [mmengineList, () => 0],
      [yamlStream, n => Math.min(n, MAX_SCHEDULES)],
      [mmengineStream, n => Math.min(n, MAX_SCHEDULES)],
      [lightningStream, n => Math.min(n, MAX_SCHEDULES)],
    ];
    for (const [shape, expected] of cases) {
      it(`${shape.label}: analysed, with the schedules it holds up to ${MAX_SCHEDULES.toLocaleString('en-US')}`, () => {
        const n = largestWithin(shape, MAX_YAML_SIZE);
        const text = shape.text(n);
        assert.ok(text.length <= MAX_YAML_SIZE && shape.text(n + 1).length > MAX_YAML_SIZE);
        const analysis = analyze(text, shape.name, 'yaml');
        assert.ok(!analysis.diagnostics.some(d => d.code === 'file-too-large'));
        assert.deepEqual(analysis.diagnostics.filter(d => d.code === 'yaml-too-many-items').length, tooManyItems.has(shape) ? 1 : 0);
        assert.equal(analysis.schedules.length, expected(n));
        const capped = analysis.diagnostics.filter(d => d.code === 'too-many-schedules');
        assert.equal(capped.length, expected(n) === MAX_SCHEDULES && n > MAX_SCHEDULES ? 1 : 0);
      });
    }
  });

  describe('YAML past MAX_YAML_ITEMS lines and commas is not parsed', () => {
    it(`${MAX_YAML_ITEMS.toLocaleString('en-US')} aliased schedulers' commas are read; one more gives yaml-too-many-items alone`, () => {
      // the text has one comma per alias after the first, and the header's line breaks
      const count = (text: string) => (text.match(/[,\n]/g) ?? []).length;
      let n = 1;
      while (count(pytorchAliases.text(n + 1)) <= MAX_YAML_ITEMS) n++;
      const at = analyze(pytorchAliases.text(n), pytorchAliases.name, 'yaml');
      assert.deepEqual(at.diagnostics.filter(d => d.code === 'yaml-too-many-items'), []);
      assert.equal(at.schedules.length, MAX_SCHEDULES);
      const over = analyze(pytorchAliases.text(n + 1), pytorchAliases.name, 'yaml');
      assert.deepEqual(over.diagnostics.map(d => [d.code, d.severity]), [['yaml-too-many-items', 'warning']]);
      assert.equal(over.diagnostics[0].message,
        `The file holds ${(MAX_YAML_ITEMS + 1).toLocaleString('en-US')} lines and commas, more than the ${MAX_YAML_ITEMS.toLocaleString('en-US')} LR Lens reads in YAML (a training config has a few hundred): it is not analysed.`);
      assert.deepEqual(over.schedules, []);
      assert.deepEqual(over.document.roots, [undefined]);
    });
  });

  describe('schedulers composed into one schedule stop at MAX_COMPOSED_SCHEDULERS', () => {
    const cases: [string, Dialect, ScaleShape, string][] = [
      ['a SequentialLR', pytorchDialect, pytorchSequential, 'This SequentialLR'],
      ['an MMEngine param_scheduler list', mmengineDialect, mmengineList, '`param_scheduler`'],
    ];
    for (const [what, dialect, shape, named] of cases) {
      it(`${what} of ${MAX_COMPOSED_SCHEDULERS.toLocaleString('en-US')} is read; one more is not drawn, with too-many-schedulers, and its entries are not read`, () => {
        const at = readCounted(dialect, shape, MAX_COMPOSED_SCHEDULERS);
        assert.deepEqual(at.diagnostics.filter(d => d.code === 'too-many-schedulers'), []);
        const over = readCounted(dialect, shape, MAX_COMPOSED_SCHEDULERS + 1);
        const stops = over.diagnostics.filter(d => d.code === 'too-many-schedulers');
        assert.equal(stops.length, 1);
        assert.equal(stops[0].severity, 'warning');
        assert.equal(stops[0].message, `${named} holds 1,001 schedulers; LR Lens reads at most 1,000 in one schedule (real configs compose a few), so it is not drawn.`);
        // the list's key or the list itself: where the schedule is written
        assert.ok(over.text.slice(stops[0].range.start, stops[0].range.end).startsWith(dialect === pytorchDialect ? '[*c' : 'param_scheduler'));
        // not drawn: the SequentialLR's anchored ConstantLR is the one PyTorch schedule left; MMEngine has none
        assert.deepEqual(over.schedules.map(s => s.schedule.name), dialect === pytorchDialect ? ['ConstantLR'] : []);
        // its entries are not read as schedulers: one entry more, and the reader does a fraction of the work
        // (what remains is the walks over the whole tree every file gets: interpolations, the optimizer)
        assert.ok(over.reads < at.reads / 2, `${at.reads} reads for a list that is read, ${over.reads} for one that is not`);
      });
    }
  });
});

describe('robustness: too-many-schedules is said once, and only when schedules are left unread', () => {
  const code = 'too-many-schedules';
  const told = (text: string) => analyze(text, 'config.yaml', 'yaml').diagnostics.filter(d => d.code === code).length;
  const lrLensDocument = 'lr: 0.1\nupdates: 100\ndecay: {type: cosine}\n';

  it('a first document past the limit and a second schedule after it: one warning', () => {
    assert.equal(told(`${pytorchTopLevel.text(MAX_SCHEDULES + 1)}---\n${lrLensDocument}`), 1);
  });

  it('exactly MAX_SCHEDULES schedules and then a document with none: no warning (nothing was left unread)', () => {
    assert.equal(told(`${pytorchTopLevel.text(MAX_SCHEDULES)}---\nnote: not a schedule\n`), 0);
  });

  it('exactly MAX_SCHEDULES schedules and then one more document of a schedule: one warning', () => {
    assert.equal(told(`${pytorchTopLevel.text(MAX_SCHEDULES)}---\n${lrLensDocument}`), 1);
  });
});
