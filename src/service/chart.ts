import { formatNumber } from '../core/scaling';
import { sampleSchedule, DEFAULT_SAMPLE_POINTS } from '../core/sample';
import type { MarkerKind } from '../core/schedule';
import { summarize } from '../core/summary';
import type { ReadSchedule } from '../dialects/types';
import { quoted } from '../formats/quote';

/**
 * What a series is to the user: the file being edited, a pinned earlier state of it (drawn faint, to see
 * before/after an edit), or another file it is compared with.
 */
export type SeriesRole = 'current' | 'pinned' | 'compare';

/**
 * At most this many schedules of a file are drawn (the first ones). A 140 KB YAML stream of 3,000 schedules,
 * each sampled, made millions of rows and ran `lr-lens plot` out of a 400 MB heap after 18 s; twenty lines are
 * already more than a reader tells apart (Vega's largest categorical palette has 20 colours). The chart says so
 * in its title (chartLayout).
 */
export const MAX_DRAWN_SCHEDULES = 20;

/** One schedule ready to draw. */
export interface ChartSeries {
  name: string;
  /** how many schedules its file has (more than are drawn when over MAX_DRAWN_SCHEDULES) */
  schedulesInFile?: number;
  role: SeriesRole;
  /** index of the schedule among its file's schedules (to find its source again on a click) */
  scheduleIndex: number;
  stepsPerEpoch?: number;
  /**
   * No one says the updates per epoch (Schedule.updatesPerEpochUnknown): `update` counts nominal slices of an
   * epoch, `stepsPerEpoch` slices per epoch, and the series is drawn and told in epochs only.
   */
  epochsOnly?: true;
  points: { update: number; lr: number; epoch?: number }[];
  markers: { update: number; kind: MarkerKind; label: string }[];
  warmupUpdates: number;
  peak: { update: number; lr: number };
  final: { update: number; lr: number };
}

/** Sampled, plot-ready data for every schedule of a file. */
export function chartSeries(schedules: ReadSchedule[], fileLabel: string, maxPoints = DEFAULT_SAMPLE_POINTS, role: SeriesRole = 'current'): ChartSeries[] {
  return schedules.slice(0, MAX_DRAWN_SCHEDULES).map((read, i) => {
    const { schedule } = read;
    const samples = sampleSchedule(schedule, maxPoints);
    const summary = summarize(schedule);
    const spe = schedule.stepsPerEpoch;
    // Clipped as messages quote a value (a legend entry of a 200 KB name is no use to anyone).
    const name = `${quoted(schedule.name ?? fileLabel)}${schedules.length > 1 && !schedule.name ? ` #${i + 1}` : ''}`;
    return {
      name,
      schedulesInFile: schedules.length,
      role,
      scheduleIndex: i,
      stepsPerEpoch: spe,
      ...(schedule.updatesPerEpochUnknown && spe ? { epochsOnly: true as const } : {}),
      points: drawnPoints(samples.points, samples.markers).map(p => ({ update: p.update, lr: p.lr, epoch: spe ? p.update / spe : undefined })),
      markers: samples.markers,
      warmupUpdates: schedule.warmupUpdates,
      peak: { update: summary.peakUpdate, lr: summary.peakLr },
      final: { update: schedule.totalUpdates - 1, lr: summary.finalLr },
    };
  });
}

/**
 * The samples the line needs: it is drawn step-after (each LR holds until the next point), so a point with
 * the LR of the point before it changes nothing on screen. A step schedule's long flat stretches then cost
 * no rows (1,950 of them for the seed's step example), which every redraw posts to the webview and Vega lays
 * out. The first and last points and every breakpoint stay.
 */
function drawnPoints<P extends { update: number; lr: number }>(points: P[], markers: { update: number }[]): P[] {
  const breakpoints = new Set(markers.map(m => m.update));
  return points.filter((p, i) => i === 0 || i === points.length - 1 || !(p.lr === points[i - 1].lr) || breakpoints.has(p.update));
}

/**
 * `text` with every character XML 1.0 forbids written as a visible escape (`\x1b`, `\ufffe`, a lone surrogate
 * `\ud800`), as the CLI prints control characters. XML allows only #x9, #xA, #xD, #x20–#xD7FF, #xE000–#xFFFD
 * and #x10000–#x10FFFF (https://www.w3.org/TR/xml/#charsets): one other character in a name made `lr-lens plot`
 * and the panel's SVG export write a file no XML parser reads. Every string from a config that reaches the
 * chart's data goes through this where the rows are made (chartData, lineColumns, chartMarks), so a suffix added
 * to a series name later (a compared file's name) is covered too.
 */
export function xmlSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    ch => (ch.charCodeAt(0) < 0x100 ? `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u${ch.charCodeAt(0).toString(16)}`));
}

/** The same series under another role and name, e.g. a pinned copy `… (pinned)`. */
export function withRole(series: ChartSeries[], role: SeriesRole, suffix: string): ChartSeries[] {
  return series.map(s => ({ ...s, role, name: `${s.name}${suffix}` }));
}

export interface ChartOptions {
  logScale?: boolean;
  width?: number;
  height?: number;
}

/** One row per drawn point: what the chart's line layer shows and the CSV export writes. */
export interface LineRow { series: string; role: SeriesRole; schedule: number; update: number; epoch?: number; lr: number; epochsOnly?: true }
/** One row per breakpoint rule; `ordinal` counts the breakpoints of its kind (the 2nd milestone is 1). */
export interface RuleRow { series: string; role: SeriesRole; schedule: number; update: number; epoch?: number; kind: MarkerKind; ordinal: number; label: string; epochsOnly?: true }
/** The warm-up's span in updates and, when epochs are known, in epochs (what an epochs-only chart draws). */
export interface WarmupRow { series: string; role: SeriesRole; schedule: number; from: number; to: number; fromEpoch?: number; toEpoch?: number }
export interface LabelRow { series: string; role: SeriesRole; schedule: number; which: 'peak' | 'final'; update: number; epoch?: number; lr: number; text: string }

/**
 * The chart's data, by the names the spec's layers use. The webview swaps these into the live view (a
 * Vega changeset) on each edit, so an edit does not rebuild the chart.
 */
export interface ChartData {
  lines: LineRow[];
  /** the line rows that carry the tooltip (tooltipRows) */
  tips: LineRow[];
  rules: RuleRow[];
  warmups: WarmupRow[];
  labels: LabelRow[];
}
export const CHART_DATASETS = ['lines', 'tips', 'rules', 'warmups', 'labels'] as const satisfies readonly (keyof ChartData)[];

/** At most this many tooltip points per series: one every 4 px or so of the plot. */
const TOOLTIP_POINTS = 160;

/**
 * Every k-th row of each series, and its last, for the tooltip's invisible points: an SVG point per drawn row
 * (2,000 for a cosine) tripled the time of a redraw.
 */
export function tooltipRows(lines: LineRow[], max = TOOLTIP_POINTS): LineRow[] {
  const tips: LineRow[] = [];
  for (let i = 0; i < lines.length;) {
    let j = i;
    while (j < lines.length && lines[j].series === lines[i].series && lines[j].role === lines[i].role) j++;
    const stride = Math.max(1, Math.ceil((j - i) / max));
    for (let r = i; r < j; r += stride) tips.push(lines[r]);
    if ((j - 1 - i) % stride !== 0) tips.push(lines[j - 1]);
    i = j;
  }
  return tips;
}

export function chartData(series: ChartSeries[]): ChartData {
  // The line rows are most of the data (thousands per series, rebuilt on each edit): written out, not spread.
  const lines: LineRow[] = [];
  for (const s of series) {
    const name = xmlSafe(s.name);
    for (const p of s.points) {
      const row: LineRow = { series: name, role: s.role, schedule: s.scheduleIndex, update: p.update, epoch: p.epoch, lr: p.lr };
      if (s.epochsOnly) row.epochsOnly = true;
      lines.push(row);
    }
  }
  return { lines, tips: tooltipRows(lines), ...chartMarks(series) };
}

/**
 * The line rows by columns, as the preview posts them: one run per series, then a number per point. Rows of
 * named fields repeat the series name, role and epoch in each of ~2,000 points, which made a render message
 * several times larger; the webview turns the columns back into exactly the rows chartData gives.
 */
export interface LineColumns {
  runs: { series: string; role: SeriesRole; schedule: number; stepsPerEpoch?: number; epochsOnly?: true; count: number }[];
  update: number[];
  lr: number[];
}

export function lineColumns(series: ChartSeries[]): LineColumns {
  const columns: LineColumns = { runs: [], update: [], lr: [] };
  for (const s of series) {
    columns.runs.push({ series: xmlSafe(s.name), role: s.role, schedule: s.scheduleIndex, stepsPerEpoch: s.stepsPerEpoch, ...(s.epochsOnly ? { epochsOnly: true as const } : {}), count: s.points.length });
    for (const p of s.points) {
      columns.update.push(p.update);
      columns.lr.push(p.lr);
    }
  }
  return columns;
}

/** The rows of lineColumns' columns: what chartData(series).lines holds (the epoch computed the same way). */
export function linesFromColumns(columns: LineColumns): LineRow[] {
  const lines: LineRow[] = [];
  let i = 0;
  for (const run of columns.runs) {
    const spe = run.stepsPerEpoch;
    for (const end = i + run.count; i < end; i++) {
      const update = columns.update[i];
      const row: LineRow = { series: run.series, role: run.role, schedule: run.schedule, update, epoch: spe ? update / spe : undefined, lr: columns.lr[i] };
      if (run.epochsOnly) row.epochsOnly = true;
      lines.push(row);
    }
  }
  return lines;
}

/** Everything but the line: breakpoint rules, warmup shading, peak and final labels. */
export function chartMarks(series: ChartSeries[]): Omit<ChartData, 'lines' | 'tips'> {
  const base = (s: ChartSeries) => ({ series: xmlSafe(s.name), role: s.role, schedule: s.scheduleIndex });
  const epochOf = (s: ChartSeries, update: number) => (s.stepsPerEpoch ? update / s.stepsPerEpoch : undefined);
  return {
    rules: series.flatMap(s => {
      const seen = new Map<MarkerKind, number>();
      return s.markers.map(m => {
        const ordinal = seen.get(m.kind) ?? 0;
        seen.set(m.kind, ordinal + 1);
        return { ...base(s), update: m.update, epoch: epochOf(s, m.update), kind: m.kind, ordinal, label: xmlSafe(m.label), ...(s.epochsOnly ? { epochsOnly: true as const } : {}) };
      });
    }),
    // A pinned or compared curve keeps its line only: its shading and labels would hide the current one's.
    warmups: series.filter(s => s.role === 'current' && s.warmupUpdates > 0)
      .map(s => ({ ...base(s), from: 0, to: s.warmupUpdates, fromEpoch: epochOf(s, 0), toEpoch: epochOf(s, s.warmupUpdates) })),
    labels: series.filter(s => s.role === 'current').flatMap(s => [
      { ...base(s), which: 'peak' as const, update: s.peak.update, epoch: epochOf(s, s.peak.update), lr: s.peak.lr, text: `peak ${formatNumber(s.peak.lr)}` },
      { ...base(s), which: 'final' as const, update: s.final.update, epoch: epochOf(s, s.final.update), lr: s.final.lr, text: `final ${formatNumber(s.final.lr)}` },
    ]),
  };
}

/** Round epoch counts for the top axis: at most about ten ticks. */
export function epochTicks(totalEpochs: number): number[] {
  if (!(totalEpochs >= 2)) return [];
  const step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000].find(s => totalEpochs / s <= 10) ?? Math.ceil(totalEpochs / 10);
  const ticks: number[] = [];
  for (let e = 0; e <= totalEpochs + 1e-9; e += step) ticks.push(e);
  return ticks;
}

/** Steps per epoch shared by every current series (the top axis would lie if they differed). */
function sharedStepsPerEpoch(series: ChartSeries[]): number | undefined {
  const current = series.filter(s => s.role === 'current');
  const spe = current[0]?.stepsPerEpoch;
  return spe && current.every(s => s.stepsPerEpoch === spe) ? spe : undefined;
}

/**
 * Whether the chart is drawn in epochs only: every current series has its updates per epoch unknown, so an
 * update axis would count slices LR Lens made up. The x axis is then the epoch, and nothing says "update".
 */
export function drawnInEpochs(series: ChartSeries[]): boolean {
  const current = series.filter(s => s.role === 'current');
  return current.length > 0 && current.every(s => s.epochsOnly === true);
}

/** The x axis title of an epochs-only chart: its unit, and what is missing. */
export const EPOCHS_ONLY_AXIS_TITLE = 'epoch (updates per epoch unknown)';

/**
 * The chart without its data (the layers read named datasets): when only the data change (an edit that moves
 * a milestone), the webview keeps its view and swaps the data; when this layout changes (log scale, a new
 * epochs axis), it rebuilds the view.
 */
export function chartLayout(series: ChartSeries[], options: ChartOptions = {}): Record<string, unknown> {
  const multiple = new Set(series.map(s => s.name)).size > 1;
  // symlog is linear below its constant: the smallest positive LR drawn keeps the whole curve logarithmic
  // while still drawing an LR of exactly 0 (a cosine to 0), which a plain log scale cannot.
  const positive = series.flatMap(s => s.points.map(p => p.lr)).filter(lr => lr > 0);
  const constant = positive.length ? positive.reduce((a, b) => Math.min(a, b)) : 1e-8;
  const yScale = options.logScale ? { type: 'symlog', constant: Number(constant.toPrecision(3)) } : { type: 'linear' };
  const y = { field: 'lr', type: 'quantitative', title: options.logScale ? 'learning rate (log)' : 'learning rate', scale: yScale };
  // Updates per epoch unknown: every layer is placed by its epoch (a compared file with known updates per
  // epoch lines up by epoch too; one without epochs is not drawn). Otherwise both x axes share the update scale.
  const epochsOnly = drawnInEpochs(series);
  const xField = epochsOnly ? 'epoch' : 'update';
  // From 0 to the last point of the longest curve drawn (also the empty epochs layer below then asks for no
  // data extent).
  const lastX = epochsOnly
    ? Math.max(1, ...series.filter(s => s.stepsPerEpoch).map(s => s.final.update / s.stepsPerEpoch!))
    : Math.max(1, ...series.map(s => s.final.update));
  const xScale = { nice: false, domain: [0, lastX] };
  const x = { field: xField, type: 'quantitative', title: epochsOnly ? EPOCHS_ONLY_AXIS_TITLE : 'optimizer update', scale: xScale };
  const spe = epochsOnly ? undefined : sharedStepsPerEpoch(series);
  const totalUpdates = Math.max(0, ...series.filter(s => s.role === 'current').map(s => s.final.update + 1));
  const ticks = spe ? epochTicks(totalUpdates / spe) : [];
  const noAxis = { field: xField, type: 'quantitative', axis: null, scale: xScale };
  // On an update axis, a compared series whose updates per epoch are unknown has no updates to be placed at.
  const placeable = !epochsOnly && series.some(s => s.epochsOnly) ? [{ filter: 'datum.epochsOnly !== true' }] : [];
  // Tooltips say where a point is in the chart's unit: an epochs-only chart never shows an update.
  const whereTips = epochsOnly
    ? [{ field: 'epoch', title: 'epoch', format: '.4~f' }]
    : [{ field: 'update', title: 'update' }, { field: 'epoch', title: 'epoch', format: '.4~f' }];
  const color = { field: 'series', type: 'nominal', legend: multiple ? { orient: 'bottom', title: null } : null };
  const faint = (pinnedOpacity: number, otherOpacity: number) => ({
    condition: { test: "datum.role === 'pinned'", value: pinnedOpacity }, value: otherOpacity,
  });
  const layer: Record<string, unknown>[] = [
    { name: 'warmup', data: { name: 'warmups' }, mark: { type: 'rect', opacity: 0.12 },
      encoding: { x: { field: epochsOnly ? 'fromEpoch' : 'from', type: 'quantitative', axis: null, scale: xScale }, x2: { field: epochsOnly ? 'toEpoch' : 'to' }, color: { ...color, legend: null } } },
    { name: 'rules', data: { name: 'rules' }, ...(placeable.length ? { transform: placeable } : {}), mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1.5, cursor: 'pointer' },
      encoding: {
        x: noAxis, color: { ...color, legend: null }, opacity: faint(0.25, 0.7),
        tooltip: [{ field: 'series' }, { field: 'label', title: 'what' }, ...whereTips],
      } },
    { name: 'lines', data: { name: 'lines' }, ...(placeable.length ? { transform: placeable } : {}), mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2, cursor: 'pointer' },
      encoding: {
        x, y, color, opacity: faint(0.35, 1),
        strokeDash: { condition: { test: "datum.role === 'current'", value: [1, 0] }, value: [6, 3] },
      } },
    // A line is one mark whose tooltip would show its first point (update 0) wherever it is hovered: the
    // tooltip sits on invisible points along the line instead (tooltipRows). A click on one reveals the
    // series, as a click on the line does.
    { name: 'points', data: { name: 'tips' }, ...(placeable.length ? { transform: placeable } : {}), mark: { type: 'point', filled: true, size: 80, opacity: 0, cursor: 'pointer' },
      encoding: {
        x: noAxis, y: { field: 'lr', type: 'quantitative' }, color: { ...color, legend: null },
        tooltip: [{ field: 'series' }, ...whereTips, { field: 'lr', title: 'LR', format: '.6~g' }],
      } },
    // The peak label sits below and right of the peak (above it is the epochs axis), the final one above and
    // left of the last update (right of it is the chart's edge).
    { name: 'labels', data: { name: 'labels' }, transform: [{ filter: "datum.which === 'peak'" }],
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 6, dy: 4 },
      encoding: { x: noAxis, y: { field: 'lr', type: 'quantitative' }, text: { field: 'text' } } },
    { name: 'finalLabels', data: { name: 'labels' }, transform: [{ filter: "datum.which === 'final'" }],
      mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -2, dy: -4 },
      encoding: { x: noAxis, y: { field: 'lr', type: 'quantitative' }, text: { field: 'text' } } },
  ];
  if (ticks.length) {
    // The epochs axis: a layer with nothing to draw (its filter drops every row, so it neither shows nor
    // catches clicks) that carries a top axis on the shared update scale, with ticks at whole epochs (their
    // update is epoch × steps per epoch) labelled in epochs.
    layer.push({ name: 'epochs', data: { name: 'lines' }, transform: [{ filter: 'false' }], mark: { type: 'rule' },
      encoding: { x: { field: 'update', type: 'quantitative', scale: xScale,
        axis: { orient: 'top', title: 'epoch', values: ticks.map(e => e * spe!), labelExpr: `format(datum.value / ${spe}, '~r')`, grid: false } } } });
  }
  // Our words and numbers only (no name from the file goes into the layout, which Vega parses).
  const current = series.filter(s => s.role === 'current');
  const inFile = current[0]?.schedulesInFile ?? current.length;
  const title = inFile > current.length ? { title: { text: `the first ${current.length} of ${inFile} schedules`, anchor: 'start', fontWeight: 'normal' } } : {};
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...title,
    width: options.width ?? 640,
    height: options.height ?? 320,
    // One legend, the lines': the other layers share the colour scale but say `legend: null`, which Vega-Lite
    // would merge with the lines' legend into none at all ("Conflicting legend property"). Resolved
    // independently, each layer keeps its own legend setting while the scale stays shared.
    resolve: { axis: { x: 'independent' }, legend: { color: 'independent' } },
    layer,
  };
}

/**
 * The whole Vega-Lite spec of the LR chart, data inline (no loader ever fetches anything): LR against updates,
 * an epochs axis when steps per epoch are known, warmup shaded, breakpoints as rules, peak and final values
 * labelled, one line per schedule. `lr-lens plot` renders it; the webview renders the same layout and data.
 */
export function chartSpec(series: ChartSeries[], options: ChartOptions = {}): Record<string, unknown> {
  return { ...chartLayout(series, options), datasets: chartData(series) };
}

/**
 * A CSV cell of text from a config (a series name), safe to open in a spreadsheet. As OWASP's "CSV Injection"
 * page advises: a cell starting with `=`, `+`, `-`, `@`, a tab or a CR would be read as a formula (`=cmd|' /C
 * calc'!A0`), so it gets a leading `'` (shown as text, not evaluated) and is quoted; a cell holding a comma, a
 * quote, a CR or a line break is quoted (RFC 4180), with quotes doubled (a bare CR too: spreadsheets end a row at it).
 */
export function csvText(text: string): string {
  const neutralised = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return neutralised !== text || /[",\r\n]/.test(text) ? `"${neutralised.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV cell of a number LR Lens computed. Deliberately not neutralised: a finite number is written by
 * String(n), a decimal literal such as `-0.5` or `1e-7` that no spreadsheet reads as a formula, and a `'` in
 * front would make a negative LR text that no sum or chart takes. NaN and ±Infinity are not numbers to a
 * spreadsheet (`-Infinity` would even start a formula): they go through csvText like any text.
 */
function csvNumber(n: number): string {
  return Number.isFinite(n) ? String(n) : csvText(String(n));
}

/** The data as shown, one line per point: what "Export CSV" writes. */
export function chartCsv(data: ChartData): string {
  // a series whose updates per epoch are unknown has no update to write: its counter is a made-up slice of an epoch
  const rows = data.lines.map(r => [csvText(r.series), r.role, r.epochsOnly ? '' : csvNumber(r.update), r.epoch === undefined ? '' : csvNumber(r.epoch), csvNumber(r.lr)].join(','));
  return ['series,role,update,epoch,lr', ...rows].join('\n') + '\n';
}
