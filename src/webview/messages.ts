// The message contract between the extension (src/vscode/preview.ts) and the chart webview (main.ts). Both
// sides import this file; neither imports the other. The webview posts `ready` once its script runs, and only
// then does the extension post the first `render` (a message posted earlier would be lost).
import type { ChartData, LineColumns } from '../service/chart';

/** A breakpoint kind of the chart, or the whole curve. */
export type RevealTarget = 'series' | 'warmupEnd' | 'milestone' | 'restart' | 'phaseEnd';
export type ExportFormat = 'svg' | 'png' | 'csv';

/** What the panel keeps across a window reload (the webview's setState, read back by the serializer). */
export interface PreviewState {
  uri: string;
  logScale: boolean;
  compareUri?: string;
  batchSize?: number;
}

/** The batch-size what-if control: shown when the schedule's LR follows a scaling rule. */
export interface BatchWhatIf {
  /** the global batch the file gives */
  fileBatch: number;
  /** the batch the chart is drawn for (equal to fileBatch when the what-if is off) */
  batch: number;
  /** the scaled LR the file's rule gives for `batch` */
  scaledLr: number;
  rule: string;
}

/**
 * Where a render's time went inside the webview, by its own clock (the extension host's clock is another
 * process's): waiting behind the previous render, and drawing (Vega's data swap or rebuild, up to the SVG).
 */
export interface WebviewTiming {
  queuedMs: number;
  drawMs: number;
}

export type ToWebview =
  | {
    type: 'render';
    /** the file shown, for the title */
    title: string;
    /** the Vega-Lite layout; the webview rebuilds its view only when this changes */
    layout: Record<string, unknown>;
    /** the chart's datasets but the line, whose rows travel as `lines` (linesFromColumns restores them, tooltipRows picks the tips) */
    data: Omit<ChartData, 'lines' | 'tips'>;
    lines: LineColumns;
    state: PreviewState;
    pinned: boolean;
    compareTitle?: string;
    whatIf?: BatchWhatIf;
    /** numbers the renders, so that the webview's `rendered` report names the one it drew */
    seq?: number;
  }
  | { type: 'empty'; message: string; state?: PreviewState }
  /** asks for the chart as shown, in a format (the extension's "Export" commands) */
  | { type: 'requestExport'; format: ExportFormat };

export type ToExtension =
  /** `width`: the plot's width in pixels, which bounds the points worth drawing */
  | { type: 'ready'; width?: number }
  /** the view shows new data: counts of what it drew (for tests and the latency bench) */
  | { type: 'rendered'; lines: number; rules: number; rebuilt: boolean; seq?: number; timing?: WebviewTiming; width?: number }
  | { type: 'setLogScale'; logScale: boolean }
  | { type: 'pin' }
  | { type: 'unpin' }
  | { type: 'compare' }
  | { type: 'clearCompare' }
  | { type: 'setBatch'; batchSize: number | null }
  | { type: 'applyBatch'; batchSize: number }
  | { type: 'reveal'; schedule: number; target: RevealTarget; ordinal: number }
  | { type: 'export'; format: ExportFormat; content: string }
  | { type: 'cspViolation'; directive: string; blockedUri: string; sample: string }
  | { type: 'error'; message: string };

const REVEAL_TARGETS: readonly string[] = ['series', 'warmupEnd', 'milestone', 'restart', 'phaseEnd'] satisfies RevealTarget[];
const EXPORT_FORMATS: readonly string[] = ['svg', 'png', 'csv'] satisfies ExportFormat[];

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isString = (x: unknown): x is string => typeof x === 'string';

/**
 * Whether a message from the webview is one the extension understands. The webview runs a large third-party
 * bundle on the page: the extension checks every message before acting on it.
 */
export function isToExtension(message: unknown): message is ToExtension {
  if (!isRecord(message)) return false;
  const m = message;
  switch (m.type) {
    case 'ready': return m.width === undefined || (isCount(m.width) && m.width > 0);
    case 'pin': case 'unpin': case 'compare': case 'clearCompare': return true;
    case 'rendered': return isCount(m.lines) && isCount(m.rules) && typeof m.rebuilt === 'boolean'
      && (m.seq === undefined || isCount(m.seq)) && (m.timing === undefined || isWebviewTiming(m.timing))
      && (m.width === undefined || (isCount(m.width) && m.width > 0));
    case 'setLogScale': return typeof m.logScale === 'boolean';
    case 'setBatch': return m.batchSize === null || (isCount(m.batchSize) && m.batchSize > 0);
    case 'applyBatch': return isCount(m.batchSize) && m.batchSize > 0;
    case 'reveal': return isCount(m.schedule) && isString(m.target) && REVEAL_TARGETS.includes(m.target) && isCount(m.ordinal);
    case 'export': return isString(m.format) && EXPORT_FORMATS.includes(m.format) && isString(m.content);
    case 'cspViolation': return isString(m.directive) && isString(m.blockedUri) && isString(m.sample);
    case 'error': return isString(m.message);
    default: return false;
  }
}

const isDuration = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;
const isWebviewTiming = (x: unknown): x is WebviewTiming => isRecord(x) && isDuration(x.queuedMs) && isDuration(x.drawMs);

/** Columns whose runs account for every value (an LR that was NaN arrives as null: JSON has no NaN). */
function isLineColumns(x: unknown): x is LineColumns {
  if (!isRecord(x) || !Array.isArray(x.runs) || !Array.isArray(x.update) || !Array.isArray(x.lr) || x.update.length !== x.lr.length) return false;
  let total = 0;
  for (const run of x.runs as unknown[]) {
    if (!isRecord(run) || !isString(run.series) || !isString(run.role) || !isCount(run.schedule) || !isCount(run.count)
      || !(run.stepsPerEpoch === undefined || (typeof run.stepsPerEpoch === 'number' && run.stepsPerEpoch > 0))
      || !(run.epochsOnly === undefined || run.epochsOnly === true)) return false;
    total += run.count;
  }
  return total === x.update.length && x.update.every(u => typeof u === 'number') && x.lr.every(v => typeof v === 'number' || v === null);
}

/** Whether a message from the extension is one the webview understands. */
export function isToWebview(message: unknown): message is ToWebview {
  if (!isRecord(message)) return false;
  const m = message;
  switch (m.type) {
    case 'render':
      return isString(m.title) && isRecord(m.layout) && isRecord(m.data) && isPreviewState(m.state) && typeof m.pinned === 'boolean'
        && ['rules', 'warmups', 'labels'].every(k => Array.isArray((m.data as Record<string, unknown>)[k])) && isLineColumns(m.lines);
    case 'empty': return isString(m.message) && (m.state === undefined || isPreviewState(m.state));
    case 'requestExport': return isString(m.format) && EXPORT_FORMATS.includes(m.format);
    default: return false;
  }
}

/** A state restored by the serializer comes from the webview: check it like a message. */
export function isPreviewState(x: unknown): x is PreviewState {
  return isRecord(x) && isString(x.uri) && typeof x.logScale === 'boolean'
    && (x.compareUri === undefined || isString(x.compareUri))
    && (x.batchSize === undefined || (isCount(x.batchSize) && x.batchSize > 0));
}
