// The chart the preview and `lr-lens plot` draw, checked against the seed's numbers: the ResNet-50 step example
// is 0.1 → 0.4 over a 5-epoch warmup, × 0.1 at epochs 30, 60 and 80, 1252 updates per epoch, 112,680 updates.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { batchWhatIf, applyEdits } from '../../../src/service/batchWhatIf';
import { analyze } from '../../../src/service/analyze';
import { chartCsv, chartData, chartLayout, chartSeries, chartSpec, epochTicks, lineColumns, linesFromColumns, MAX_DRAWN_SCHEDULES, tooltipRows, withRole, xmlSafe, type ChartData } from '../../../src/service/chart';
import { sourceOfChartPart } from '../../../src/service/chartSource';
import { renderSvg } from '../../../src/cli/svg';
import { xmlError } from '../robustness/xml';
import { assertLrClose } from '../helpers';

const ROOT = path.resolve(__dirname, '../../../..');
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');
const STEP_TEXT = read('examples/seed/resnet50-step.lrschedule.yaml');
const COSINE_TEXT = read('examples/seed/resnet50-cosine.lrschedule.yaml');
const step = () => analyze(STEP_TEXT, 'resnet50-step.lrschedule.yaml', 'yaml');
const cosine = () => analyze(COSINE_TEXT, 'resnet50-cosine.lrschedule.yaml', 'yaml');
const SPE = 1252;

type Layer = { name: string; data: { name: string }; encoding: Record<string, Record<string, unknown>> };
const layersOf = (spec: Record<string, unknown>) => spec.layer as Layer[];

describe('chart: the seed step example', () => {
  const series = chartSeries(step().schedules, 'resnet50-step.lrschedule.yaml');
  const data = chartData(series);

  it('has one series, named by the file', () => {
    assert.equal(series.length, 1);
    assert.equal(series[0].name, 'ResNet-50 / ImageNet, step decay');
    assert.deepEqual([...new Set(data.lines.map(r => r.series))], ['ResNet-50 / ImageNet, step decay']);
  });

  it('has a rule at the warmup end and at each milestone: epochs 5, 30, 60, 80 × 1252', () => {
    assert.deepEqual(data.rules.map(r => r.update), [5 * SPE, 30 * SPE, 60 * SPE, 80 * SPE]);
    assert.deepEqual(data.rules.map(r => r.update), [6260, 37560, 75120, 100160]);
    assert.deepEqual(data.rules.map(r => r.kind), ['warmupEnd', 'milestone', 'milestone', 'milestone']);
    assert.deepEqual(data.rules.map(r => r.ordinal), [0, 0, 1, 2]);
    assert.deepEqual(data.rules.map(r => r.epoch), [5, 30, 60, 80]);
  });

  it('shades the warmup: updates 0 to 6260', () => {
    assert.deepEqual(data.warmups.map(w => [w.from, w.to]), [[0, 6260]]);
  });

  it('labels the peak 0.4 (reached at the warmup end) and the final 0.0004 (update 112,679)', () => {
    assert.deepEqual(data.labels.map(l => [l.which, l.update, l.text]), [['peak', 6260, 'peak 0.4'], ['final', 112679, 'final 0.0004']]);
    assertLrClose(data.labels[0].lr, 0.4, 'peak');
    assertLrClose(data.labels[1].lr, 0.0004, 'final');
  });

  it('draws the LR at the breakpoints: 0.1 at update 0, 0.4, 0.04, 0.004, 0.0004 after each', () => {
    const at = (u: number) => data.lines.find(r => r.update === u)?.lr;
    for (const [u, lr] of [[0, 0.1], [6260, 0.4], [37560, 0.04], [75120, 0.004], [100160, 0.0004], [112679, 0.0004]]) {
      assert.ok(at(u) !== undefined, `update ${u} is drawn`);
      assertLrClose(at(u)!, lr, `LR at update ${u}`);
    }
    // The sampler keeps the drawing O(its budget), not O(N): 112,680 updates, at most 2000 points.
    assert.ok(data.lines.length <= 2000, `${data.lines.length} points`);
    assert.ok(data.lines.every(r => r.epoch === r.update / SPE));
  });

  it('has an epochs axis on top with a tick every 10 epochs, at 10 × 1252 updates', () => {
    const layers = layersOf(chartLayout(series));
    const epochs = layers.find(l => l.name === 'epochs');
    assert.ok(epochs, 'an epochs layer');
    const axis = epochs.encoding.x.axis as { orient: string; values: number[]; title: string };
    assert.equal(axis.orient, 'top');
    assert.equal(axis.title, 'epoch');
    assert.deepEqual(axis.values, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90].map(e => e * SPE));
  });

  it('puts the LR tooltip on a point per drawn point, not on the line (whose tooltip is its first point\'s)', () => {
    const layers = layersOf(chartLayout(series));
    const line = layers.find(l => l.name === 'lines')!;
    const points = layers.find(l => l.name === 'points')!;
    assert.equal((line.encoding as Record<string, unknown>).tooltip, undefined);
    assert.equal(points.data.name, 'tips');
    const fields = ((points.encoding as Record<string, unknown>).tooltip as { field: string }[]).map(t => t.field);
    assert.deepEqual(fields, ['series', 'update', 'epoch', 'lr']);
  });

  it('tooltip points: every row of a short line, every k-th and the last of a long one (at most 160 per series)', () => {
    const rows = (n: number, name: string) => Array.from({ length: n }, (_, i) => ({ series: name, role: 'current' as const, schedule: 0, update: i, lr: 1 }));
    assert.equal(tooltipRows(rows(120, 'a')).length, 120);
    const long = tooltipRows([...rows(2000, 'a'), ...rows(7, 'b')]);
    const a = long.filter(r => r.series === 'a');
    assert.ok(a.length <= 161 && a[0].update === 0 && a[a.length - 1].update === 1999, `${a.length} rows`);
    assert.equal(long.filter(r => r.series === 'b').length, 7);
  });

  it('reads every layer from a named dataset, so the webview can swap the data of a live view', () => {
    const layers = layersOf(chartLayout(series));
    assert.deepEqual(layers.map(l => l.name), ['warmup', 'rules', 'lines', 'points', 'labels', 'finalLabels', 'epochs']);
    for (const l of layers) assert.ok(['lines', 'tips', 'rules', 'warmups', 'labels'].includes(l.data.name), `${l.name} reads ${l.data.name}`);
    const spec = chartSpec(series);
    assert.deepEqual(Object.keys(spec.datasets as object).sort(), ['labels', 'lines', 'rules', 'tips', 'warmups']);
  });

  it('compiles to Vega with data sources of those names (what view.change() addresses)', async () => {
    const { compile } = await import('vega-lite');
    const vega = compile(chartSpec(series) as never).spec;
    const names = (vega.data ?? []).map(d => d.name);
    for (const name of ['lines', 'rules', 'warmups', 'labels']) assert.ok(names.includes(name), `${name} among ${names}`);
    // three axes: updates below, epochs on top, the LR on the left (a layer's `axis: null` must not drop it)
    const titles = (vega.axes ?? []).filter(a => a.title).map(a => `${a.orient}: ${a.title}`).sort(); // (untitled: grid lines)
    assert.deepEqual(titles, ['bottom: optimizer update', 'left: learning rate', 'top: epoch']);
  });

  it('the log scale is a symlog whose linear part ends at the smallest LR drawn (0.0004), so 0 still draws', () => {
    const y = layersOf(chartLayout(series, { logScale: true })).find(l => l.name === 'lines')!.encoding.y;
    assert.deepEqual(y.scale, { type: 'symlog', constant: 0.0004 });
    assert.deepEqual(layersOf(chartLayout(series)).find(l => l.name === 'lines')!.encoding.y.scale, { type: 'linear' });
  });

  it('an edit that moves a milestone changes the data only, not the layout', () => {
    const edited = STEP_TEXT.replace('milestones: [30, 60, 80]', 'milestones: [30, 45, 80]');
    const after = chartSeries(analyze(edited, 'x.lrschedule.yaml', 'yaml').schedules, 'x');
    assert.deepEqual(chartLayout(after), chartLayout(series));
    assert.deepEqual(chartData(after).rules.map(r => r.update), [6260, 37560, 45 * SPE, 100160]);
  });

  it('CSV export: a header and one row per drawn point', () => {
    const csv = chartCsv(data).trimEnd().split('\n');
    assert.equal(csv[0], 'series,role,update,epoch,lr');
    assert.equal(csv.length, data.lines.length + 1);
    assert.equal(csv[1], '"ResNet-50 / ImageNet, step decay",current,0,0,0.1');
  });
});

describe('chart: pinned and compared curves', () => {
  const current = chartSeries(step().schedules, 'step');
  const pinned = withRole(current, 'pinned', ' (pinned)');
  const compared = chartSeries(cosine().schedules, 'cosine', undefined, 'compare');
  const data = chartData([...current, ...pinned, ...compared]);

  it('draws one line per series: the file, its pinned copy, the compared file', () => {
    assert.deepEqual([...new Set(data.lines.map(r => `${r.role}: ${r.series}`))], [
      'current: ResNet-50 / ImageNet, step decay',
      'pinned: ResNet-50 / ImageNet, step decay (pinned)',
      'compare: ResNet-50 / ImageNet, cosine decay',
    ]);
  });

  it('shades and labels only the current file (the others would hide it)', () => {
    assert.deepEqual([...new Set(data.labels.map(r => r.role))], ['current']);
    assert.deepEqual([...new Set(data.warmups.map(r => r.role))], ['current']);
  });

  it('draws the pinned line faint and the other files dashed', () => {
    const lines = layersOf(chartLayout([...current, ...pinned, ...compared])).find(l => l.name === 'lines')!;
    assert.deepEqual(lines.encoding.opacity, { condition: { test: "datum.role === 'pinned'", value: 0.35 }, value: 1 });
    assert.equal((lines.encoding.color as { legend: unknown }).legend !== null, true, 'a legend when there are several series');
  });
});

describe('chart: epoch ticks', () => {
  it('picks round steps, at most about ten ticks', () => {
    assert.deepEqual(epochTicks(90), [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    assert.deepEqual(epochTicks(5), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(epochTicks(300), [0, 50, 100, 150, 200, 250, 300]);
    assert.deepEqual(epochTicks(1.5), [], 'no epochs axis for a run under two epochs');
  });
});

describe('chart: click to source', () => {
  const text = STEP_TEXT;
  const [schedule] = step().schedules;
  const at = (r: { start: number; end: number }) => text.slice(r.start, r.end);

  it('a milestone rule reveals `milestones`, the warmup end `warmup.epochs`, the curve the whole schedule', () => {
    assert.equal(at(sourceOfChartPart(schedule, 'milestone', 1)), 'milestones: [30, 60, 80]');
    assert.equal(at(sourceOfChartPart(schedule, 'warmupEnd')), 'epochs: 5');
    assert.deepEqual(sourceOfChartPart(schedule, 'series'), schedule.range);
  });

  it('in a Hugging Face config, the warmup end reveals `warmup_steps` and a restart `num_cycles`', () => {
    const golden = JSON.parse(read('test/fixtures/golden/huggingface/hf-cosine-restarts-warmup-steps.json'));
    const hf = analyze(golden.file.text, golden.file.name, 'json').schedules[0];
    assert.equal(golden.file.text.slice(sourceOfChartPart(hf, 'warmupEnd').start, sourceOfChartPart(hf, 'warmupEnd').end), '"warmup_steps": 100');
    const restart = sourceOfChartPart(hf, 'restart');
    assert.match(golden.file.text.slice(restart.start, restart.end), /num_cycles/);
  });
});

describe('chart: batch-size what-if', () => {
  const [schedule] = step().schedules;
  const plan = batchWhatIf(schedule, STEP_TEXT)!;

  it('reads the file batch 32 × 32 × 1 = 1024 and the linear rule', () => {
    assert.equal(plan.fileBatch, 1024);
    assert.equal(plan.rule, 'linear');
    assertLrClose(plan.lrFor(1024), 0.4, '0.1 × 1024 / 256');
    assertLrClose(plan.lrFor(2048), 0.8, '0.1 × 2048 / 256');
  });

  it('a batch of 2048 is written as 64 per device; the file then reads 0.8 peak and ceil(1281167 / 2048) = 626 updates per epoch', () => {
    const edits = plan.editsFor(2048)!;
    assert.deepEqual(edits.map(e => [STEP_TEXT.slice(e.range.start, e.range.end), e.newText]), [['32', '64']]);
    const after = analyze(applyEdits(STEP_TEXT, edits), 'x.lrschedule.yaml', 'yaml').schedules[0].schedule;
    assert.equal(after.stepsPerEpoch, 626);
    assert.equal(after.totalUpdates, 90 * 626);
    assertLrClose(chartSeries([{ ...schedule, schedule: after }], 'x')[0].peak.lr, 0.8, 'peak');
  });

  it('a batch that is not a whole number per device cannot be written', () => {
    assert.equal(plan.editsFor(1000), undefined, '1000 / 32 devices');
  });

  it('other dialects state their LR as a number: no what-if', () => {
    const golden = JSON.parse(read('test/fixtures/golden/huggingface/hf-cosine-restarts-warmup-steps.json'));
    const hf = analyze(golden.file.text, golden.file.name, 'json').schedules[0];
    assert.equal(batchWhatIf(hf, golden.file.text), undefined);
  });
});

/** The cells of an RFC 4180 CSV text (quoted cells may hold commas, quotes doubled, CR and LF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quotedCell = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quotedCell) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quotedCell = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quotedCell = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else {
      // outside quotes a CR is a row end to a spreadsheet: our CSV must never leave one there
      assert.notEqual(ch, '\r', `a bare CR at ${i}`);
      cell += ch;
    }
  }
  assert.equal(quotedCell, false, 'a quote left open');
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

describe('chart: hostile names (issue 11)', () => {
  const [seedRead] = step().schedules;
  const named = (name: string) => ({ ...seedRead, schedule: { ...seedRead.schedule, name } });
  const lines = (names: string[], lr = 0.1): ChartData => ({
    lines: names.map((series, i) => ({ series, role: 'current', schedule: i, update: i, epoch: i / 2, lr })), tips: [], rules: [], warmups: [], labels: [],
  });

  it('CSV: a name that would start a formula (= + - @ tab CR) is text to a spreadsheet: a leading quote, cell quoted (OWASP)', () => {
    const formulas = ["=cmd|' /C calc'!A0", '+1+1', '-2+3', '@SUM(A1:A2)', '\t=1', '\r=1', '=HYPERLINK("http://example.invalid","x")'];
    const csv = chartCsv(lines(formulas));
    const rows = parseCsv(csv);
    assert.equal(rows.length, formulas.length + 1);
    formulas.forEach((name, i) => {
      assert.equal(rows[i + 1][0], `'${name}`, `row ${i + 1}`);
      assert.ok(csv.split('\n').some(l => l.startsWith(`"'${name.replace(/"/g, '""').split('\r')[0]}`)), `${JSON.stringify(name)} is written quoted`);
    });
  });

  it('CSV: commas, quotes, line breaks and a bare CR inside a name are quoted, so each row stays one row', () => {
    const names = ['a,b', 'say "hi"', 'two\nlines', 'bare\rCR', 'plain name'];
    const rows = parseCsv(chartCsv(lines(names)));
    assert.deepEqual(rows.slice(1).map(r => r[0]), names);
    assert.ok(rows.every(r => r.length === 5), 'five cells in every row');
    assert.ok(chartCsv(lines(['plain name'])).includes('\nplain name,current,'), 'a plain name is written as it is');
  });

  it('CSV: numbers stay numbers — a negative LR is written -0.5, not as text; a non-finite one cannot start a formula', () => {
    const rows = parseCsv(chartCsv(lines(['x'], -0.5)));
    assert.deepEqual(rows[1], ['x', 'current', '0', '0', '-0.5']);
    assert.equal(parseCsv(chartCsv(lines(['x'], -Infinity)))[1][4], "'-Infinity");
  });

  it('SVG text: every character XML 1.0 forbids becomes a visible escape; the allowed ones stay', () => {
    assert.equal(xmlSafe('a\u0000b\u0001\u0008\u000b\u000c\u000e\u001f\u001b]0;x\u0007'), 'a\\x00b\\x01\\x08\\x0b\\x0c\\x0e\\x1f\\x1b]0;x\\x07');
    assert.equal(xmlSafe('\ufffe\uffff lone \ud800 and \udc00'), '\\ufffe\\uffff lone \\ud800 and \\udc00');
    const allowed = 'tab\tLF\nCR\r é 中 \u{1f600} \ud7ff \ue000 \ufffd \u0085';
    assert.equal(xmlSafe(allowed), allowed);
    assert.equal(xmlError(`<t>${xmlSafe('\u0001\ud800\uffff')}</t>`), undefined);
    assert.ok(xmlError('<t>\u0001</t>'), 'the checker itself rejects a forbidden character');
  });

  it('SVG: `lr-lens plot` of names with control characters, U+FFFE and lone surrogates is well-formed XML', async () => {
    const evil = ['\u001b]0;pwned\u0007 \u001b[2J', '\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008 ctl', 'non\ufffechar\uffff \ud83d lone'];
    const series = chartSeries(evil.map(named), 'f.yaml');
    const svg = await renderSvg(chartSpec(series));
    assert.equal(xmlError(svg), undefined);
    assert.ok(svg.includes('\\x1b]0;pwned\\x07'), 'the name shows, its ESC written \\x1b');
    // the webview's rows (the columns the preview posts) carry the same safe names as the CLI's
    const viaColumns = linesFromColumns(lineColumns(series));
    assert.deepEqual([...new Set(viaColumns.map(r => r.series))], [...new Set(chartData(series).lines.map(r => r.series))]);
    assert.ok(viaColumns.every(r => xmlError(`<t>${r.series}</t>`) === undefined));
  });

  it('SVG: a suffix added after chartSeries (a compared file\'s name) is made safe where the rows are made', () => {
    const series = chartSeries([seedRead], 'f.yaml').map(s => ({ ...s, name: `${s.name} (evil\u0001.yaml)` }));
    assert.equal(chartData(series).lines[0].series, 'ResNet-50 / ImageNet, step decay (evil\\x01.yaml)');
    assert.equal(lineColumns(series).runs[0].series, 'ResNet-50 / ImageNet, step decay (evil\\x01.yaml)');
  });

  it('draws the first 20 schedules of a file and says so in the title; a file of 20 or fewer has no title', () => {
    assert.equal(MAX_DRAWN_SCHEDULES, 20);
    const reads = Array.from({ length: 50 }, (_, i) => named(`s${i}`));
    const series = chartSeries(reads, 'f.yaml');
    assert.deepEqual(series.map(s => s.name), Array.from({ length: 20 }, (_, i) => `s${i}`));
    assert.deepEqual(chartLayout(series).title, { text: 'the first 20 of 50 schedules', anchor: 'start', fontWeight: 'normal' });
    assert.equal(chartLayout(chartSeries(reads.slice(0, 20), 'f.yaml')).title, undefined);
  });

  it('legend: several schedules get one legend naming each (no "Conflicting legend property"); one schedule none', async () => {
    const { compile } = await import('vega-lite');
    const compiled = (s: Record<string, unknown>) => {
      const warnings: string[] = [];
      const logger = { level() { return logger; }, info() { return logger; }, debug() { return logger; }, error() { return logger; },
        warn(...m: unknown[]) { warnings.push(m.join(' ')); return logger; } };
      return { vega: compile(s as never, { logger: logger as never }).spec, warnings };
    };
    const several = chartSeries([named('step A'), named('cosine B'), named('third C')], 'f.yaml');
    const { vega, warnings } = compiled(chartSpec(several));
    assert.deepEqual(warnings.filter(w => /legend/i.test(w)), []);
    assert.equal(vega.legends?.length, 1, JSON.stringify(vega.legends));
    const svg = await renderSvg(chartSpec(several));
    for (const name of ['step A', 'cosine B', 'third C']) assert.match(svg, new RegExp(`<text[^>]*>${name}</text>`), `${name} in the legend`);
    const single = compiled(chartSpec(chartSeries([seedRead], 'f.yaml')));
    assert.equal(single.vega.legends?.length ?? 0, 0, 'one schedule needs no legend');
  });
});
