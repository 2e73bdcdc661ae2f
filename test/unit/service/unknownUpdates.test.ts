// Issue 12 §1, "a missing fact is never an error": a schedule whose updates per epoch no one says is drawn and
// told in epochs only (Schedule.updatesPerEpochUnknown, `stepsPerEpoch` = nominal slices of an epoch). These tests
// build such schedules from a timm args.yaml read with a stated counter (`steps_per_epoch=1` for a per-epoch
// schedule, `=10` slices with `sched_on_updates`) and then mark the updates per epoch unknown as a reader does
// (src/core/schedule.ts), so they check the front ends whatever a reader does today. The LR values come from
// timm's own formula (timm/scheduler/cosine_lr.py: lr_min + 0.5 (lr − lr_min)(1 + cos(π t / t_initial)), a
// linear warm-up from warmup_lr_init 1e-5 over warmup_t, t the epoch), not from numbers LR Lens printed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { summarize } from '../../../src/core/summary';
import type { Assumption } from '../../../src/core/schedule';
import { analyze, type Analysis } from '../../../src/service/analyze';
import { chartCsv, chartData, chartLayout, chartSeries, drawnInEpochs, EPOCHS_ONLY_AXIS_TITLE, lineColumns, linesFromColumns, withRole } from '../../../src/service/chart';
import { scheduleChecks } from '../../../src/service/checks';
import { describeLength, localizeFrom, pointName, scheduleLength, summaryLine } from '../../../src/service/describe';
import { assumptionLine, hoverAt } from '../../../src/service/hover';
import { inlayHints } from '../../../src/service/inlayHints';
import { isToWebview } from '../../../src/webview/messages';
import { assertLrClose } from '../helpers';

const ZH = localizeFrom(JSON.parse(readFileSync('l10n/bundle.l10n.zh-cn.json', 'utf8')) as Record<string, string>);
const HOW_TO = 'set `lrLens.stepsPerEpoch`, a `# lr-lens: steps_per_epoch=N` comment, or --steps-per-epoch';
const UNKNOWN: Assumption = { fact: 'steps_per_epoch', value: 'unknown', source: 'unknown', howToSet: HOW_TO };

/** The timm args.yaml: 100 epochs of cosine, a 5-epoch warm-up, nothing about the data. */
const TIMM = 'epochs: 100\nsched: cosine\nwarmup_epochs: 5\nlr: 0.1\nmodel: resnet50\nopt: sgd\nbatch_size: 128\n';

/** `text` read with `slices` counter steps per epoch, then marked as a reader marks unknown updates per epoch. */
function unknownUpdates(text: string, slices: number): { analysis: Analysis; text: string } {
  const stated = `# lr-lens: steps_per_epoch=${slices}\n${text}`;
  const analysis = analyze(stated, 'args.yaml', 'yaml');
  assert.equal(analysis.schedules.length, 1, 'one schedule');
  const { schedule } = analysis.schedules[0];
  assert.equal(schedule.stepsPerEpoch, slices);
  schedule.updatesPerEpochUnknown = true;
  schedule.assumptions = [...schedule.assumptions.filter(a => a.fact !== 'steps_per_epoch'), UNKNOWN];
  return { analysis, text: stated };
}

/** timm's cosine at epoch t (warm-up prefix off: the decay counts the warm-up epochs too). */
function timmCosine(t: number, { lr = 0.1, warmup = 5, tInitial = 100, warmupLrInit = 1e-5, lrMin = 0 } = {}): number {
  if (t < warmup) return warmupLrInit + t * (lr - warmupLrInit) / warmup;
  return lrMin + 0.5 * (lr - lrMin) * (1 + Math.cos(Math.PI * t / tInitial));
}

describe('updates per epoch unknown: the words of every view', () => {
  const perEpoch = () => unknownUpdates(TIMM, 1);
  const perUpdate = () => unknownUpdates(`${TIMM}sched_on_updates: true\n`, 10);

  it('the CodeLens line: its epochs and "updates/epoch unknown", no step count (English and Chinese)', () => {
    const { schedule } = perEpoch().analysis.schedules[0];
    const summary = summarize(schedule);
    const line = summaryLine(schedule, summary);
    // timm's peak is its cosine at the warm-up end (t = 5, warmup_prefix off), the final LR its cosine at epoch 99
    const shown = (lr: number) => String(Number(lr.toPrecision(6)));
    assert.equal(line, `100 epochs · updates/epoch unknown · warmup 5 ep · ${shown(timmCosine(5))} → ${shown(timmCosine(99))}`);
    assert.doesNotMatch(line, /steps/);
    assert.match(summaryLine(schedule, summary, ZH), /^100 轮 · 每轮更新次数未知 · 预热 5 轮 · /);
    // a per-update schedule drawn at 10 slices per epoch says the same: the slices are no steps
    const slices = perUpdate().analysis.schedules[0].schedule;
    assert.match(summaryLine(slices, summarize(slices)), /^100 epochs · updates\/epoch unknown · warmup 5 ep · /);
  });

  it('the status bar length: `100 ep · updates/epoch unknown`, never a step count', () => {
    const { schedule } = perUpdate().analysis.schedules[0];
    assert.equal(scheduleLength(schedule, summarize(schedule)), '100 ep · updates/epoch unknown');
    assert.equal(scheduleLength(schedule, summarize(schedule), ZH), '100 轮 · 每轮更新次数未知');
    // a known schedule keeps its words: 90 epochs of 1252 updates, and a length that is no whole number of epochs
    assert.equal(describeLength(112680, 1252), '90 ep');
    assert.equal(describeLength(6000, 1252), '6,000 steps');
    // in epochs only, a length that is no whole number of epochs is still in epochs (2.5 epochs of 10 slices)
    assert.equal(describeLength(25, 10, 'ep', undefined, true), '2.5 ep');
  });

  it('messages name a point by its epoch, not by a slice LR Lens made up', () => {
    const { schedule } = perUpdate().analysis.schedules[0];
    assert.equal(pointName(schedule, 35), 'epoch 3.5');
    assert.equal(pointName({ stepsPerEpoch: 1252 }, 6260), 'update 6260');
  });

  it('hover: values at epochs (the warm-up end at epoch 5 is timm\'s cosine at t = 5), no update index', () => {
    const { analysis, text } = perEpoch();
    const h = hoverAt(analysis, text, text.indexOf('warmup_epochs'));
    assert.ok(h);
    assert.match(h.markdown, /LR values \(by epoch: updates per epoch unknown\)/);
    const warmupEnd = /warmup end, epoch 5: \*\*([\d.e-]+)\*\*/.exec(h.markdown);
    assert.ok(warmupEnd, h.markdown);
    assertLrClose(Number(warmupEnd[1]), Number(timmCosine(5).toPrecision(6)), 'LR at the warm-up end');
    // the last epoch of 100 is epoch 99
    const end = /end, epoch 99: \*\*([\d.e-]+)\*\*/.exec(h.markdown);
    assert.ok(end, h.markdown);
    assertLrClose(Number(end[1]), Number(timmCosine(99).toPrecision(6)), 'LR in the last epoch');
    assert.doesNotMatch(h.markdown.split('![')[0], /\bupdate \d/);
    assert.match(h.markdown, /- steps\\_per\\_epoch: \*\*unknown\*\*, so values are by epoch: set/);
  });

  it('hover on a per-update schedule: the warm-up end at epoch 5 of 10 slices each, not at "update 50"', () => {
    const { analysis, text } = perUpdate();
    const h = hoverAt(analysis, text, text.indexOf('warmup_epochs'))!;
    assert.match(h.markdown, /warmup end, epoch 5: /);
    assert.match(h.markdown, /end, epoch 99\.9: /);
    assert.doesNotMatch(h.markdown, /update 50\b/);
  });

  it('the assumptions list: "unknown" for a fact no one states, "inferred from …" with its origin, the source otherwise', () => {
    assert.equal(assumptionLine(UNKNOWN), `- steps\\_per\\_epoch: **unknown**, so values are by epoch: set \\\`lrLens\\.stepsPerEpoch\\\`, a \\\`\\# lr\\-lens\\: steps\\_per\\_epoch=N\\\` comment, or \\-\\-steps\\-per\\-epoch`);
    const inferred = assumptionLine({ fact: 'dataset_size', value: 1281167, source: 'inferred', origin: 'ImageNet-1k train split, from `data_dir: /data/imagenet`', howToSet: 'set it' });
    assert.equal(inferred, '- dataset\\_size = 1281167 (inferred from ImageNet\\-1k train split, from \\`data\\_dir\\: /data/imagenet\\`): set it');
    assert.equal(assumptionLine({ fact: 'world_size', value: 1, source: 'default', howToSet: 'x' }), '- world\\_size = 1 (default): x');
  });

  it('inlay hints: no "= N updates" after an epoch count when the updates per epoch are unknown', () => {
    const { analysis, text } = perEpoch();
    assert.deepEqual(inlayHints(analysis, text).filter(h => /updates/.test(h.label)), []);
    // the same file with 1252 updates per epoch stated does show them: 100 × 1252 = 125,200
    const known = `# lr-lens: steps_per_epoch=1252\n${TIMM}`;
    const labels = inlayHints(analyze(known, 'args.yaml', 'yaml'), known).map(h => h.label);
    assert.ok(labels.includes('= 125,200 updates'), labels.join(' | '));
  });

  it('checks: no unit-mixup from nominal slices (a 10-slice epoch makes "50 updates" look like 5 epochs)', () => {
    // A per-update cosine whose warm-up of 50 is 5 slice-epochs: with 10 real updates per epoch unit-mixup would
    // reason about it; with the 10 made up it must not.
    const { analysis, text } = perUpdate();
    const diagnostics = scheduleChecks(analysis.schedules, text, []);
    assert.deepEqual(diagnostics.filter(d => d.code === 'unit-mixup'), []);
    for (const d of diagnostics) assert.doesNotMatch(d.message, /\bupdates?\b \d/, d.message);
  });

  it('checks: a warm-up as long as training is told in epochs (20 of a 10-epoch run), with no update count', () => {
    const { analysis, text } = unknownUpdates('epochs: 10\nsched: cosine\nwarmup_epochs: 20\nwarmup_prefix: false\nlr: 0.1\nmodel: resnet50\nopt: sgd\nbatch_size: 128\n', 1);
    // (no dialect diagnostic passed in, so the generic check speaks)
    const d = scheduleChecks(analysis.schedules, text, []).find(x => x.code === 'warmup-too-long');
    assert.ok(d);
    assert.match(d.message, /The warm-up \(20 epochs\) is at least as long as training \(10 epochs\)/);
    assert.doesNotMatch(d.message, /updates/);
  });
});

describe('updates per epoch unknown: the chart', () => {
  const perEpoch = () => unknownUpdates(TIMM, 1).analysis;
  const perUpdate = () => unknownUpdates(`${TIMM}sched_on_updates: true\n`, 10).analysis;
  type Layer = { name: string; transform?: unknown[]; encoding: Record<string, Record<string, unknown>> };
  const layers = (layout: Record<string, unknown>) => layout.layer as Layer[];

  it('draws in epochs: the x axis is the epoch and says what is missing; there is no update axis', () => {
    const series = chartSeries(perUpdate().schedules, 'args.yaml');
    assert.equal(series[0].epochsOnly, true);
    assert.ok(drawnInEpochs(series));
    const layout = chartLayout(series);
    const lines = layers(layout).find(l => l.name === 'lines')!;
    assert.equal(lines.encoding.x.field, 'epoch');
    assert.equal(lines.encoding.x.title, EPOCHS_ONLY_AXIS_TITLE);
    assert.match(EPOCHS_ONLY_AXIS_TITLE, /^epoch \(updates per epoch unknown\)$/);
    // the x domain ends at the last point, epoch 99.9 (slice 999 of 10 per epoch)
    assert.deepEqual((lines.encoding.x.scale as { domain: number[] }).domain, [0, 99.9]);
    assert.equal(layers(layout).find(l => l.name === 'epochs'), undefined, 'no second (top) axis');
    const text = JSON.stringify(layout);
    assert.doesNotMatch(text, /optimizer update|"title":"update"/);
    // every layer places its marks by epoch
    for (const l of layers(layout)) {
      const x = l.encoding.x?.field;
      if (x !== undefined) assert.ok(['epoch', 'fromEpoch'].includes(String(x)), `${l.name}: ${String(x)}`);
    }
  });

  it('tooltips show the epoch and the LR, never an update', () => {
    const layout = chartLayout(chartSeries(perEpoch().schedules, 'args.yaml'));
    for (const name of ['points', 'rules']) {
      const tips = (layers(layout).find(l => l.name === name)!.encoding.tooltip as unknown as { field: string }[]).map(t => t.field);
      assert.ok(tips.includes('epoch'), `${name}: ${tips}`);
      assert.ok(!tips.includes('update'), `${name}: ${tips}`);
    }
  });

  it('the data: points at epochs 0 … 99 with timm\'s LR, the warm-up shaded 0 → 5 epochs, the rule at epoch 5', () => {
    const data = chartData(chartSeries(perEpoch().schedules, 'args.yaml'));
    const byEpoch = new Map(data.lines.map(r => [r.epoch, r.lr]));
    for (const t of [0, 1, 4, 5, 50, 99]) {
      if (byEpoch.has(t)) assertLrClose(byEpoch.get(t)!, timmCosine(t), `epoch ${t}`);
    }
    assertLrClose(byEpoch.get(0)!, 1e-5, 'epoch 0 (warmup_lr_init)');
    assert.equal(data.lines[data.lines.length - 1].epoch, 99);
    assert.deepEqual(data.warmups.map(w => [w.fromEpoch, w.toEpoch]), [[0, 5]]);
    assert.deepEqual(data.rules.map(r => [r.kind, r.epoch]), [['warmupEnd', 5]]);
    assert.ok(data.labels.every(l => l.epoch !== undefined));
  });

  it('CSV export leaves the update column empty: there is no update to write', () => {
    const csv = chartCsv(chartData(chartSeries(perUpdate().schedules, 'args.yaml')));
    const rows = csv.trim().split('\n');
    assert.equal(rows[0], 'series,role,update,epoch,lr');
    const cells = rows[1].split(',');
    assert.equal(cells[2], '');
    assert.equal(cells[3], '0');
    // half an epoch in: slice 5 of 10, in the warm-up (timm counts the warm-up in updates here: t = 5 of 50)
    const half = rows.find(r => r.split(',')[3] === '0.5')!;
    assert.match(half, /^timm cosine \(per update\),current,,0\.5,/);
    assertLrClose(Number(half.split(',')[4]), 1e-5 + 5 * (0.1 - 1e-5) / 50, 'LR half an epoch in');
  });

  it('the preview\'s columns carry the unit and the webview accepts them (and rebuilds the same rows)', () => {
    const series = chartSeries(perUpdate().schedules, 'args.yaml');
    const columns = lineColumns(series);
    assert.equal(columns.runs[0].epochsOnly, true);
    assert.deepEqual(linesFromColumns(columns), chartData(series).lines);
    const message = { type: 'render', title: 'args.yaml', layout: chartLayout(series), data: { rules: [], warmups: [], labels: [] }, lines: columns,
      state: { uri: 'file:///args.yaml', logScale: false }, pinned: false };
    assert.ok(isToWebview(JSON.parse(JSON.stringify(message))));
    const forged = { ...message, lines: { ...columns, runs: [{ ...columns.runs[0], epochsOnly: 'yes' }] } };
    assert.ok(!isToWebview(forged));
  });

  it('a file with known updates compared to one without: the update axis stays, the epochs-only line is left out of it', () => {
    const known = analyze(`# lr-lens: steps_per_epoch=1252\n${TIMM}`, 'args.yaml', 'yaml');
    const series = [...chartSeries(known.schedules, 'known.yaml'), ...chartSeries(perEpoch().schedules, 'other.yaml', undefined, 'compare')];
    assert.ok(!drawnInEpochs(series));
    const layout = chartLayout(series);
    const lines = layers(layout).find(l => l.name === 'lines')!;
    assert.equal(lines.encoding.x.field, 'update');
    assert.deepEqual(lines.transform, [{ filter: 'datum.epochsOnly !== true' }]);
    // and the other way round, an epochs-only file compared to a known one lines both up by epoch
    const flipped = [...chartSeries(perEpoch().schedules, 'args.yaml'), ...withRole(chartSeries(known.schedules, 'known.yaml'), 'compare', ' (known)')];
    assert.ok(drawnInEpochs(flipped));
    assert.equal(layers(chartLayout(flipped)).find(l => l.name === 'lines')!.encoding.x.field, 'epoch');
  });

  it('a known schedule\'s chart is unchanged: update axis, epochs axis on top, no filter', () => {
    const known = analyze(`# lr-lens: steps_per_epoch=1252\n${TIMM}`, 'args.yaml', 'yaml');
    const layout = chartLayout(chartSeries(known.schedules, 'args.yaml'));
    const lines = layers(layout).find(l => l.name === 'lines')!;
    assert.equal(lines.encoding.x.field, 'update');
    assert.equal(lines.encoding.x.title, 'optimizer update');
    assert.equal(lines.transform, undefined);
    assert.ok(layers(layout).some(l => l.name === 'epochs'));
  });
});
