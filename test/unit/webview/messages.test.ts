// The message contract between the extension and the chart webview: each side accepts exactly the messages the
// other sends, and nothing a page script could forge into a different action.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyze } from '../../../src/service/analyze';
import { chartData, chartLayout, chartMarks, chartSeries, lineColumns, linesFromColumns, tooltipRows } from '../../../src/service/chart';
import { isPreviewState, isToExtension, isToWebview, type ToExtension, type ToWebview } from '../../../src/webview/messages';

const ROOT = path.resolve(__dirname, '../../../..');
const STEP_TEXT = fs.readFileSync(path.join(ROOT, 'examples/seed/resnet50-step.lrschedule.yaml'), 'utf8');

/** What postMessage delivers: a structured clone (JSON is close enough for these plain objects). */
const delivered = (m: unknown) => JSON.parse(JSON.stringify(m)) as unknown;

describe('webview messages: extension → webview', () => {
  const series = chartSeries(analyze(STEP_TEXT, 'resnet50-step.lrschedule.yaml', 'yaml').schedules, 'step');
  const render = {
    type: 'render', title: 'resnet50-step.lrschedule.yaml', layout: chartLayout(series), data: chartMarks(series), lines: lineColumns(series),
    state: { uri: 'file:///x/resnet50-step.lrschedule.yaml', logScale: false }, pinned: false,
    whatIf: { fileBatch: 1024, batch: 1024, scaledLr: 0.4, rule: 'linear' }, seq: 7,
  } satisfies ToWebview;

  it('accepts the render message the extension builds, after delivery', () => {
    assert.ok(isToWebview(delivered(render)));
  });

  it('carries the line as columns from which the webview gets back exactly the rows of chartData', () => {
    const { lines } = delivered(render) as typeof render;
    assert.deepStrictEqual(linesFromColumns(lines), chartData(series).lines);
    const rows = chartData(series).lines;
    assert.deepStrictEqual({ ...chartMarks(series), lines: rows, tips: tooltipRows(rows) }, chartData(series));
  });

  it('accepts empty and requestExport', () => {
    assert.ok(isToWebview({ type: 'empty', message: 'No learning-rate schedule in a.json.' }));
    for (const format of ['svg', 'png', 'csv']) assert.ok(isToWebview({ type: 'requestExport', format }));
  });

  it('rejects malformed ones', () => {
    for (const bad of [
      null, 'render', [], {}, { type: 'render' }, { type: 'requestExport', format: 'pdf' },
      { ...render, data: { ...render.data, rules: 'x' } },
      { ...render, lines: { ...render.lines, lr: render.lines.lr.slice(1) } },
      { ...render, lines: { ...render.lines, runs: [{ ...render.lines.runs[0], count: render.lines.runs[0].count + 1 }] } },
      { ...render, lines: undefined },
      { ...render, state: { uri: 1, logScale: false } }, { type: 'empty' }, { type: 'unknown' },
    ]) assert.equal(isToWebview(bad), false, JSON.stringify(bad)?.slice(0, 80));
  });
});

describe('webview messages: webview → extension', () => {
  const good: ToExtension[] = [
    { type: 'ready' }, { type: 'ready', width: 570 }, { type: 'pin' }, { type: 'unpin' }, { type: 'compare' }, { type: 'clearCompare' },
    { type: 'rendered', lines: 1, rules: 4, rebuilt: false },
    { type: 'rendered', lines: 1, rules: 4, rebuilt: false, seq: 3, timing: { queuedMs: 0, drawMs: 12.5 }, width: 570 },
    { type: 'setLogScale', logScale: true },
    { type: 'setBatch', batchSize: 2048 }, { type: 'setBatch', batchSize: null }, { type: 'applyBatch', batchSize: 2048 },
    { type: 'reveal', schedule: 0, target: 'milestone', ordinal: 2 },
    { type: 'export', format: 'svg', content: '<svg/>' },
    { type: 'cspViolation', directive: 'style-src-attr', blockedUri: 'inline', sample: '' },
    { type: 'error', message: 'boom' },
  ];

  it('accepts every message the webview sends', () => {
    for (const m of good) assert.ok(isToExtension(delivered(m)), JSON.stringify(m));
  });

  it('rejects forged or malformed ones', () => {
    for (const bad of [
      undefined, 42, { type: 'ready ' }, { type: 'reveal', schedule: -1, target: 'milestone', ordinal: 0 },
      { type: 'reveal', schedule: 0, target: 'file:///etc/passwd', ordinal: 0 }, { type: 'reveal', schedule: 0.5, target: 'series', ordinal: 0 },
      { type: 'export', format: 'html', content: '' }, { type: 'export', format: 'svg' },
      { type: 'setBatch', batchSize: 0 }, { type: 'setBatch', batchSize: 1.5 }, { type: 'applyBatch', batchSize: null },
      { type: 'setLogScale', logScale: 'yes' }, { type: 'rendered', lines: 1, rules: 4 },
      { type: 'rendered', lines: 1, rules: 4, rebuilt: false, timing: { queuedMs: -1, drawMs: 1 } },
      { type: 'ready', width: 0 }, { type: 'ready', width: '570' },
    ]) assert.equal(isToExtension(bad), false, JSON.stringify(bad));
  });
});

describe('webview messages: restored state', () => {
  it('accepts what the webview saved and rejects anything else (the serializer reads it back after a reload)', () => {
    assert.ok(isPreviewState({ uri: 'file:///a.yaml', logScale: true, compareUri: 'file:///b.yaml', batchSize: 2048 }));
    assert.ok(isPreviewState({ uri: 'file:///a.yaml', logScale: false }));
    for (const bad of [undefined, {}, { uri: 'file:///a.yaml' }, { uri: 'file:///a.yaml', logScale: false, batchSize: -1 }, { uri: 'x', logScale: false, compareUri: 3 }]) {
      assert.equal(isPreviewState(bad), false, JSON.stringify(bad));
    }
  });
});
