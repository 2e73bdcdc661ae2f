// The chart webview: draws what the extension posts (src/vscode/preview.ts), under a CSP without
// 'unsafe-eval' or inline styles. vega-embed runs with `ast: true` and vega-interpreter, so Vega evaluates its
// expressions without generating code; its own and vega-tooltip's injected <style> elements are turned off
// (media/preview.css styles both).
import embed, { type Result } from 'vega-embed';
import { expressionInterpreter } from 'vega-interpreter';
import { changeset } from 'vega';
import { CHART_DATASETS, chartCsv, linesFromColumns, tooltipRows, type ChartData } from '../service/chart';
import { isToWebview, type ExportFormat, type PreviewState, type RevealTarget, type ToExtension, type ToWebview } from './messages';
import { themeConfig } from './theme';

interface VsCodeApi {
  postMessage(message: ToExtension): void;
  getState(): unknown;
  setState(state: PreviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (message: ToExtension) => vscode.postMessage(message);

// First, so that a violation by anything below is reported too.
document.addEventListener('securitypolicyviolation', e => {
  post({ type: 'cspViolation', directive: e.effectiveDirective || e.violatedDirective, blockedUri: e.blockedURI, sample: e.sample ?? '' });
});
window.addEventListener('error', e => post({ type: 'error', message: String(e.message) }));

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const chartEl = byId<HTMLDivElement>('chart');
const statusEl = byId<HTMLDivElement>('status');
const titleEl = byId<HTMLSpanElement>('title');
const logBox = byId<HTMLInputElement>('log-scale');
const pinButton = byId<HTMLButtonElement>('pin');
const compareButton = byId<HTMLButtonElement>('compare');
const batchBox = byId<HTMLInputElement>('batch');
const batchApply = byId<HTMLButtonElement>('batch-apply');
const batchNote = byId<HTMLSpanElement>('batch-note');
const whatIfEl = byId<HTMLDivElement>('what-if');

let result: Result | undefined;
let shownLayout = '';
let shownTheme = '';
/** A render message with its line rows restored from the columns it travelled as. */
type Render = Omit<Extract<ToWebview, { type: 'render' }>, 'data' | 'lines'> & { data: ChartData };
let last: Render | undefined;
let pinned = false;
let comparing = false;
/** Renders run one after another: a rebuild is asynchronous, and a data swap must not land in a view being replaced. */
let queue: Promise<void> = Promise.resolve();

/** The plot's width for the panel's width (room left for the LR axis), at least the layout's minimum. */
function plotWidth(): number {
  return Math.max(320, Math.floor(chartEl.clientWidth - 70));
}
let shownWidth = 0;

function withData(layout: Record<string, unknown>, data: ChartData): Record<string, unknown> {
  return { ...layout, width: shownWidth, datasets: data };
}

async function rebuild(message: Render, theme: string): Promise<void> {
  result?.finalize();
  shownWidth = plotWidth();
  result = await embed(chartEl, withData(message.layout, message.data) as never, {
    renderer: 'svg', actions: false, ast: true, expr: expressionInterpreter, defaultStyle: false,
    tooltip: { disableDefaultStyle: true, theme: 'custom' }, config: JSON.parse(theme) as never,
  });
  result.view.addEventListener('click', (_event, item) => onChartClick(item?.datum as Record<string, unknown> | undefined));
}

/** Swaps each dataset's rows in the live view: Vega re-runs only the dataflow behind what changed. */
async function swapData(data: ChartData): Promise<void> {
  const view = result!.view;
  for (const name of CHART_DATASETS) view.change(name, changeset().remove(() => true).insert(data[name]));
  await view.runAsync();
}

async function render(message: Render, receivedAt = performance.now()): Promise<void> {
  const startedAt = performance.now();
  last = message;
  vscode.setState(message.state);
  statusEl.textContent = '';
  titleEl.textContent = message.compareTitle ? `${message.title} vs ${message.compareTitle}` : message.title;
  logBox.checked = message.state.logScale;
  pinned = message.pinned;
  pinButton.textContent = pinned ? 'Unpin' : 'Pin';
  comparing = message.compareTitle !== undefined;
  compareButton.textContent = comparing ? 'Stop comparing' : 'Compare…';
  showWhatIf(message);
  const layout = JSON.stringify(message.layout);
  const theme = JSON.stringify(themeConfig());
  const rebuilt = !result || layout !== shownLayout || theme !== shownTheme || Math.abs(plotWidth() - shownWidth) > 16;
  if (rebuilt) await rebuild(message, theme);
  else await swapData(message.data);
  shownLayout = layout;
  shownTheme = theme;
  const timing = { queuedMs: startedAt - receivedAt, drawMs: performance.now() - startedAt };
  post({ type: 'rendered', lines: new Set(message.data.lines.map(r => r.series)).size, rules: message.data.rules.length, rebuilt, seq: message.seq, timing, width: shownWidth });
}

function showWhatIf(message: Render): void {
  const w = message.whatIf;
  whatIfEl.hidden = !w;
  if (!w) return;
  if (document.activeElement !== batchBox) batchBox.value = String(w.batch);
  batchApply.disabled = w.batch === w.fileBatch;
  batchNote.textContent = w.batch === w.fileBatch
    ? `${w.rule} rule: LR ${formatLr(w.scaledLr)} for batch ${w.fileBatch}`
    : `${w.rule} rule: batch ${w.fileBatch} → ${w.batch} gives LR ${formatLr(w.scaledLr)}`;
}

const formatLr = (lr: number) => Number(lr.toPrecision(6)).toString();

function onChartClick(datum: Record<string, unknown> | undefined): void {
  if (!datum || datum.role !== 'current' || typeof datum.schedule !== 'number') return;
  const target: RevealTarget = typeof datum.kind === 'string' ? datum.kind as RevealTarget : 'series';
  post({ type: 'reveal', schedule: datum.schedule, target, ordinal: typeof datum.ordinal === 'number' ? datum.ordinal : 0 });
}

async function exportAs(format: ExportFormat): Promise<void> {
  if (!result || !last) return;
  let content: string;
  if (format === 'svg') content = await result.view.toSVG();
  else if (format === 'png') content = await result.view.toImageURL('png', 2);
  else content = chartCsv(last.data);
  post({ type: 'export', format, content });
}

function enqueue(job: () => Promise<void>): void {
  queue = queue.then(job).catch(e => {
    statusEl.textContent = `The chart could not be drawn: ${e instanceof Error ? e.message : String(e)}`;
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  });
}

window.addEventListener('message', event => {
  const message: unknown = event.data;
  if (!isToWebview(message)) return;
  switch (message.type) {
    case 'render': {
      const receivedAt = performance.now();
      const { lines, ...rest } = message;
      const rows = linesFromColumns(lines);
      const job: Render = { ...rest, data: { ...message.data, lines: rows, tips: tooltipRows(rows) } };
      enqueue(() => render(job, receivedAt));
      break;
    }
    case 'empty':
      enqueue(async () => {
        if (message.state) vscode.setState(message.state);
        statusEl.textContent = message.message;
      });
      break;
    case 'requestExport': enqueue(() => exportAs(message.format)); break;
  }
});

logBox.addEventListener('change', () => post({ type: 'setLogScale', logScale: logBox.checked }));
pinButton.addEventListener('click', () => post({ type: pinned ? 'unpin' : 'pin' }));
compareButton.addEventListener('click', () => post({ type: comparing ? 'clearCompare' : 'compare' }));
for (const format of ['svg', 'png', 'csv'] as const) {
  byId<HTMLButtonElement>(`export-${format}`).addEventListener('click', () => enqueue(() => exportAs(format)));
}
batchBox.addEventListener('change', () => {
  const value = Number(batchBox.value);
  post({ type: 'setBatch', batchSize: Number.isInteger(value) && value > 0 ? value : null });
});
batchApply.addEventListener('click', () => {
  const value = Number(batchBox.value);
  if (Number.isInteger(value) && value > 0) post({ type: 'applyBatch', batchSize: value });
});

// The panel resized (dragged, or the editor split changed): redraw at the new width once it settles.
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
new ResizeObserver(() => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => { if (last && Math.abs(plotWidth() - shownWidth) > 16) enqueue(() => render(last!)); }, 150);
}).observe(chartEl);

// VS Code switches the theme by changing the body's class and its CSS variables: redraw in the new colours.
new MutationObserver(() => { if (last) enqueue(() => render(last!)); })
  .observe(document.body, { attributes: true, attributeFilter: ['class'] });

post({ type: 'ready', width: plotWidth() });
