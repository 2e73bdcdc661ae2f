import * as vscode from 'vscode';
import { batchWhatIf, type BatchWhatIfPlan } from '../service/batchWhatIf';
import { DEFAULT_SAMPLE_POINTS } from '../core/sample';
import { chartLayout, chartMarks, chartSeries, lineColumns, withRole, type ChartSeries } from '../service/chart';
import { sourceOfChartPart } from '../service/chartSource';
import { isPreviewState, isToExtension, type ExportFormat, type PreviewState, type ToExtension, type ToWebview, type WebviewTiming } from '../webview/messages';
import { fileNameOf, toRange, type AnalysisCache } from './documents';

/** A Content-Security-Policy violation the webview reported. */
export interface CspViolationReport {
  directive: string;
  blockedUri: string;
  sample: string;
}

/** What the preview has drawn and reported, for tests and the bench (through the extension's API). */
export interface PreviewProbe {
  violations(): CspViolationReport[];
  /** the last `rendered` report of the webview, the file it showed and its batch what-if line */
  lastRender(): { uri: string; lines: number; rules: number; rebuilt: boolean; count: number; whatIf?: WhatIfShown } | undefined;
  /** what the batch field does (a global batch to draw, undefined: the file's), as the webview asks it */
  setBatch(batchSize: number | undefined): Promise<void>;
  /** what the batch field's Apply button does, as the webview asks it */
  applyBatch(batchSize: number): Promise<void>;
  /** the chart as shown, in a format, without a save dialog */
  exportContent(format: ExportFormat): Promise<string>;
  /** resolves when the webview reports its next render drawn, with where the time went (for the bench) */
  nextRender(): Promise<RenderTiming>;
}

/**
 * One redraw, by the extension host's clock (performance.now(), ms); the webview's share by its own clock.
 * What is left of postedAt → renderedAt after the webview's share is the two message trips.
 */
export interface RenderTiming {
  seq: number;
  /** the last document change the render follows (none: a render for another reason) */
  editAt?: number;
  /** the render started (for an edit: the debounce fired) */
  startAt: number;
  /** the analysis is read and the chart's data and layout are built */
  dataAt: number;
  /** the message is handed to postMessage */
  postedAt: number;
  /** the webview's `rendered` report arrived */
  renderedAt: number;
  webview?: WebviewTiming;
  rebuilt: boolean;
}

/** The panel's batch what-if line: "{rule} rule: batch {fileBatch} → {batch} gives LR {scaledLr}" (or "LR … for batch …" at the file's batch). */
export interface WhatIfShown {
  fileBatch: number;
  batch: number;
  scaledLr: number;
  rule: string;
}

const VIEW_TYPE = 'lrLens.preview';
const CONTEXT_KEY = 'lrLens.scheduleFile';

/**
 * The LR chart beside the editor: one panel that follows the active editor and redraws on each edit. It owns
 * its WebviewPanel (as vscode-extension-samples' webview-sample); the webview draws what it is posted.
 */
export class PreviewPanel {
  private static current: PreviewPanel | undefined;
  private static readonly violations: CspViolationReport[] = [];
  private static lastRendered: ReturnType<PreviewProbe['lastRender']>;
  private static pendingExports: { format: ExportFormat; resolve: (content: string) => void }[] = [];
  private static seq = 0;
  /** renders posted and not yet reported drawn (a few at most: the webview reports each one) */
  private static readonly inFlight = new Map<number, Omit<RenderTiming, 'renderedAt' | 'webview' | 'rebuilt'>>();
  private static renderWaiters: ((timing: RenderTiming) => void)[] = [];

  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastEditAt: number | undefined;
  /** the plot's width in pixels, as the webview last reported it */
  private plotWidth: number | undefined;
  private pinned: ChartSeries[] | undefined;
  /** the batch-size what-if: a global batch to draw instead of the file's */
  private whatIfBatch: number | undefined;
  /** the what-if line of each render posted and not yet reported drawn, by seq */
  private readonly postedWhatIf = new Map<number, WhatIfShown | undefined>();

  static show(context: vscode.ExtensionContext, cache: AnalysisCache, uri: vscode.Uri): void {
    if (PreviewPanel.current) {
      PreviewPanel.current.follow(uri);
      PreviewPanel.current.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'LR curve', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      PreviewPanel.webviewOptions(context));
    PreviewPanel.current = new PreviewPanel(panel, context, cache, { uri: uri.toString(), logScale: false });
  }

  /** After a window reload: the serializer hands back the panel and the state the webview saved. */
  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, cache: AnalysisCache, state: unknown): void {
    panel.webview.options = PreviewPanel.webviewOptions(context);
    const restored = isPreviewState(state) ? state : { uri: vscode.window.activeTextEditor?.document.uri.toString() ?? '', logScale: false };
    PreviewPanel.current?.panel.dispose();
    PreviewPanel.current = new PreviewPanel(panel, context, cache, restored);
  }

  static probe(): PreviewProbe {
    return {
      violations: () => [...PreviewPanel.violations],
      lastRender: () => PreviewPanel.lastRendered,
      exportContent: format => new Promise((resolve, reject) => {
        const panel = PreviewPanel.current;
        if (!panel) { reject(new Error('no LR Lens preview is open')); return; }
        PreviewPanel.pendingExports.push({ format, resolve });
        panel.post({ type: 'requestExport', format });
      }),
      nextRender: () => new Promise(resolve => PreviewPanel.renderWaiters.push(resolve)),
      setBatch: async batchSize => { await PreviewPanel.current?.onMessage({ type: 'setBatch', batchSize: batchSize ?? null }); },
      applyBatch: async batchSize => { await PreviewPanel.current?.onMessage({ type: 'applyBatch', batchSize }); },
    };
  }

  private static webviewOptions(context: vscode.ExtensionContext): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    // Only the bundle and its stylesheet are loadable; no retainContextWhenHidden: a hidden panel is
    // rebuilt from the extension's state when shown again (the ready handshake asks for it).
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(context.extensionUri, 'media')],
    };
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly cache: AnalysisCache,
    private state: PreviewState,
  ) {
    this.whatIfBatch = state.batchSize;
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'preview-icon.svg');
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage(m => { if (isToExtension(m)) void this.onMessage(m); }),
      vscode.window.onDidChangeActiveTextEditor(editor => {
        if (editor && editor.document.uri.toString() !== this.state.uri && this.hasSchedule(editor.document)) this.follow(editor.document.uri);
      }),
      // The cache's change signal, as the status bar's: an edit (also one made from this panel, or its undo)
      // or a settings change (document undefined) that the cache has already taken in.
      cache.onDidChange(document => {
        const uri = document?.uri.toString();
        if (uri === undefined) this.scheduleRender();
        else if (uri === this.state.uri || uri === this.state.compareUri) {
          this.lastEditAt = performance.now();
          this.scheduleRender();
        }
      }),
    );
  }

  private hasSchedule(document: vscode.TextDocument): boolean {
    return (this.cache.get(document)?.schedules.length ?? 0) > 0;
  }

  private follow(uri: vscode.Uri): void {
    if (uri.toString() === this.state.uri) return;
    this.state = { ...this.state, uri: uri.toString(), batchSize: undefined };
    this.whatIfBatch = undefined;
    this.pinned = undefined;
    void this.render();
  }

  /** Edits arrive per keystroke: draw once the typing pauses. */
  private scheduleRender(delayMs = 120): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = undefined; void this.render(); }, delayMs);
  }

  private post(message: ToWebview): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private async documentAt(uri: string): Promise<vscode.TextDocument | undefined> {
    const parsed = vscode.Uri.parse(uri);
    return vscode.workspace.textDocuments.find(d => d.uri.toString() === uri) ?? await vscode.workspace.openTextDocument(parsed).then(d => d, () => undefined);
  }

  private async currentSeries(): Promise<{ document?: vscode.TextDocument; series: ChartSeries[]; plan?: BatchWhatIfPlan }> {
    const document = this.state.uri ? await this.documentAt(this.state.uri) : undefined;
    const analysis = document && this.cache.get(document);
    if (!document || !analysis || analysis.schedules.length === 0) return { document, series: [] };
    const plan = analysis.schedules.length === 1 ? batchWhatIf(analysis.schedules[0], document.getText()) : undefined;
    const edits = plan && this.whatIfBatch !== undefined && this.whatIfBatch !== plan.fileBatch ? plan.editsFor(this.whatIfBatch) : undefined;
    if (plan && edits) {
      // The what-if curve is the file as it would read with the new batch: fewer updates per epoch and the
      // scaled LR come out of the same reader.
      const whatIf = this.cache.withEdits(document, edits);
      const drawn = chartSeries(whatIf?.schedules ?? [], fileNameOf(document.uri), this.maxPoints());
      return { document, plan, series: [...withRole(chartSeries(analysis.schedules, fileNameOf(document.uri), this.maxPoints()), 'pinned', ' (file)'), ...drawn.map(s => ({ ...s, name: `${s.name} (batch ${this.whatIfBatch})` }))] };
    }
    return { document, plan, series: chartSeries(analysis.schedules, fileNameOf(document.uri), this.maxPoints()) };
  }

  /**
   * Points per series: a line shows at most a minimum and a maximum per pixel column, which is what the
   * sampler keeps per bucket. Every point costs the webview's Vega dataflow on each redraw (~2,000 points of
   * a smooth curve were most of its time), so a narrower plot asks for fewer.
   */
  private maxPoints(): number {
    return this.plotWidth ? Math.min(DEFAULT_SAMPLE_POINTS, Math.max(400, 2 * this.plotWidth)) : DEFAULT_SAMPLE_POINTS;
  }

  private async render(): Promise<void> {
    if (!this.ready) return;
    const startAt = performance.now();
    const editAt = this.lastEditAt;
    this.lastEditAt = undefined;
    const { document, series, plan } = await this.currentSeries();
    if (!document || series.length === 0) {
      this.panel.title = 'LR curve';
      this.post({ type: 'empty', message: document ? `No learning-rate schedule in ${fileNameOf(document.uri)}.` : 'Open a training config to see its LR curve.', state: this.state });
      return;
    }
    this.panel.title = `LR: ${fileNameOf(document.uri)}`;
    const all = [...series];
    if (this.pinned) all.push(...this.pinned);
    let compareTitle: string | undefined;
    if (this.state.compareUri) {
      const other = await this.documentAt(this.state.compareUri);
      const analysis = other && this.cache.get(other);
      if (other && analysis?.schedules.length) {
        compareTitle = fileNameOf(other.uri);
        const names = new Set(all.map(s => s.name));
        all.push(...chartSeries(analysis.schedules, compareTitle, this.maxPoints(), 'compare')
          .map(s => (names.has(s.name) ? { ...s, name: `${s.name} (${compareTitle})` } : s)));
      }
    }
    const whatIf = plan && {
      fileBatch: plan.fileBatch, batch: this.whatIfBatch ?? plan.fileBatch, scaledLr: plan.lrFor(this.whatIfBatch ?? plan.fileBatch), rule: plan.rule,
    };
    const seq = ++PreviewPanel.seq;
    const message: ToWebview = {
      type: 'render', title: fileNameOf(document.uri), layout: chartLayout(all, { logScale: this.state.logScale }),
      data: chartMarks(all), lines: lineColumns(all), state: this.state, pinned: this.pinned !== undefined, compareTitle, whatIf, seq,
    };
    const dataAt = performance.now();
    this.post(message);
    this.postedWhatIf.set(seq, whatIf || undefined);
    if (this.postedWhatIf.size > 32) this.postedWhatIf.delete(this.postedWhatIf.keys().next().value!);
    PreviewPanel.inFlight.set(seq, { seq, editAt, startAt, dataAt, postedAt: performance.now() });
    // A webview that was disposed mid-render never reports: keep the record bounded.
    if (PreviewPanel.inFlight.size > 32) PreviewPanel.inFlight.delete(PreviewPanel.inFlight.keys().next().value!);
  }

  private async onMessage(message: ToExtension): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.plotWidth = message.width;
        await this.render();
        return;
      case 'rendered': {
        const renderedAt = performance.now();
        // A resized panel draws at its new width now; the next render samples for it.
        if (message.width !== undefined) this.plotWidth = message.width;
        const count = (PreviewPanel.lastRendered?.count ?? 0) + 1;
        const whatIf = message.seq !== undefined ? this.postedWhatIf.get(message.seq) : undefined;
        if (message.seq !== undefined) for (const seq of this.postedWhatIf.keys()) if (seq <= message.seq) this.postedWhatIf.delete(seq);
        PreviewPanel.lastRendered = { uri: this.state.uri, lines: message.lines, rules: message.rules, rebuilt: message.rebuilt, count, whatIf };
        const posted = message.seq !== undefined ? PreviewPanel.inFlight.get(message.seq) : undefined;
        if (posted) {
          PreviewPanel.inFlight.delete(posted.seq);
          const waiters = PreviewPanel.renderWaiters;
          PreviewPanel.renderWaiters = [];
          for (const resolve of waiters) resolve({ ...posted, renderedAt, webview: message.timing, rebuilt: message.rebuilt });
        }
        return;
      }
      case 'setLogScale':
        this.state = { ...this.state, logScale: message.logScale };
        await this.render();
        return;
      case 'pin': {
        const { series } = await this.currentSeries();
        this.pinned = withRole(series.filter(s => s.role === 'current'), 'pinned', ' (pinned)');
        await this.render();
        return;
      }
      case 'unpin':
        this.pinned = undefined;
        await this.render();
        return;
      case 'compare': {
        const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Compare', title: 'Compare the LR curve with another config' });
        if (picked?.[0]) {
          this.state = { ...this.state, compareUri: picked[0].toString() };
          await this.render();
        }
        return;
      }
      case 'clearCompare':
        this.state = { ...this.state, compareUri: undefined };
        await this.render();
        return;
      case 'setBatch':
        this.whatIfBatch = message.batchSize ?? undefined;
        this.state = { ...this.state, batchSize: this.whatIfBatch };
        await this.render();
        return;
      case 'applyBatch':
        await this.applyBatch(message.batchSize);
        return;
      case 'reveal':
        await this.reveal(message.schedule, message.target, message.ordinal);
        return;
      case 'export':
        await this.export(message.format, message.content);
        return;
      case 'cspViolation':
        PreviewPanel.violations.push({ directive: message.directive, blockedUri: message.blockedUri, sample: message.sample });
        console.error(`LR Lens preview: Content-Security-Policy violation: ${message.directive} blocked ${message.blockedUri || 'inline'} ${message.sample}`);
        return;
      case 'error':
        console.error(`LR Lens preview: ${message.message}`);
        return;
    }
  }

  /** Writes the what-if batch (and a rescaled explicit LR) into the file as one undoable edit. */
  private async applyBatch(batchSize: number): Promise<void> {
    const document = await this.documentAt(this.state.uri);
    const read = document && this.cache.get(document)?.schedules[0];
    const edits = read && batchWhatIf(read, document.getText())?.editsFor(batchSize);
    if (!document || !edits) {
      void vscode.window.showWarningMessage(`LR Lens: a global batch of ${batchSize} cannot be written as a whole per-device batch.`);
      return;
    }
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) edit.replace(document.uri, toRange(document, e.range), e.newText);
    if (await vscode.workspace.applyEdit(edit)) {
      this.whatIfBatch = undefined;
      this.state = { ...this.state, batchSize: undefined };
      await this.render();
    }
  }

  private async reveal(scheduleIndex: number, target: Parameters<typeof sourceOfChartPart>[1], ordinal: number): Promise<void> {
    const document = await this.documentAt(this.state.uri);
    const read = document && this.cache.get(document)?.schedules[scheduleIndex];
    if (!document || !read) return;
    const range = toRange(document, sourceOfChartPart(read, target, ordinal));
    const visible = vscode.window.visibleTextEditors.find(e => e.document === document);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async export(format: ExportFormat, content: string): Promise<void> {
    const pending = PreviewPanel.pendingExports.findIndex(p => p.format === format);
    if (pending >= 0) {
      PreviewPanel.pendingExports.splice(pending, 1)[0].resolve(content);
      return;
    }
    const source = vscode.Uri.parse(this.state.uri);
    const name = fileNameOf(source).replace(/(\.lrschedule)?\.(json|jsonc|ya?ml|ts)$/, '');
    const filters: Record<ExportFormat, Record<string, string[]>> = { svg: { 'SVG image': ['svg'] }, png: { 'PNG image': ['png'] }, csv: { 'CSV table': ['csv'] } };
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(source, '..', `${name}-lr.${format}`), filters: filters[format], title: `Export the LR chart as ${format.toUpperCase()}`,
    });
    if (!target) return;
    // PNG arrives as a data: URL from the canvas renderer.
    const bytes = format === 'png' ? Buffer.from(content.replace(/^data:image\/png;base64,/, ''), 'base64') : Buffer.from(content, 'utf8');
    await vscode.workspace.fs.writeFile(target, bytes);
  }

  private html(): string {
    const webview = this.panel.webview;
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview', 'webview.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'media', 'preview.css'));
    const nonce = makeNonce();
    // No 'unsafe-eval' (Vega runs its expressions through vega-interpreter), no inline styles, nothing from
    // the network: data arrive by postMessage, and only the extension's own bundle and stylesheet load.
    const csp = [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src ${webview.cspSource}`,
      `img-src ${webview.cspSource} data:`, `font-src ${webview.cspSource}`].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>LR curve</title>
</head>
<body>
<div class="toolbar">
  <span class="title" id="title"></span>
  <label title="Draw the LR on a logarithmic scale"><input type="checkbox" id="log-scale"> Log scale</label>
  <button id="pin" title="Keep the current curve as a faint reference, to compare with your next edits">Pin</button>
  <button id="compare" title="Draw another config's curve beside this one">Compare…</button>
  <button id="export-svg" title="Save the chart as SVG">SVG</button>
  <button id="export-png" title="Save the chart as PNG">PNG</button>
  <button id="export-csv" title="Save the drawn points as CSV">CSV</button>
</div>
<div class="what-if" id="what-if" hidden>
  <label title="Draw the curve the scaling rule gives for another global batch size">Batch size <input type="number" id="batch" min="1" step="1"></label>
  <button id="batch-apply" title="Write this batch size (and the scaled LR) into the file">Apply to file</button>
  <span class="note" id="batch-note"></span>
</div>
<div class="status" id="status">Loading…</div>
<div id="chart"></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  private dispose(): void {
    if (PreviewPanel.current === this) PreviewPanel.current = undefined;
    clearTimeout(this.timer);
    for (const p of PreviewPanel.pendingExports.splice(0)) p.resolve('');
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function makeNonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let nonce = '';
  for (let i = 0; i < 32; i++) nonce += chars.charAt(Math.floor(Math.random() * chars.length));
  return nonce;
}

/**
 * Registers the preview: the command, the serializer that restores the panel after a window reload, and the
 * `lrLens.scheduleFile` context key that shows the editor-title button on files with a schedule.
 */
export function registerPreview(context: vscode.ExtensionContext, cache: AnalysisCache): PreviewProbe {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let shown: boolean | undefined;
  const updateContext = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const document = vscode.window.activeTextEditor?.document;
      const detected = !!document && (cache.get(document)?.schedules.length ?? 0) > 0;
      // Only on a change: each setContext makes the workbench re-evaluate its menus, on every keystroke
      // while the chart is being redrawn.
      if (detected === shown) return;
      shown = detected;
      void vscode.commands.executeCommand('setContext', CONTEXT_KEY, detected);
    }, 100);
  };
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state) { PreviewPanel.revive(panel, context, cache, state); },
    }),
    vscode.window.onDidChangeActiveTextEditor(updateContext),
    vscode.workspace.onDidChangeTextDocument(e => { if (e.document === vscode.window.activeTextEditor?.document) updateContext(); }),
    { dispose: () => clearTimeout(timer) },
  );
  updateContext();
  return PreviewPanel.probe();
}

/** The `lrLens.preview` command: the panel for a file (the CodeLens passes its URI) or the active editor's. */
export function showPreview(context: vscode.ExtensionContext, cache: AnalysisCache, uri?: vscode.Uri): void {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    void vscode.window.showInformationMessage('LR Lens: open a training config to preview its LR curve.');
    return;
  }
  PreviewPanel.show(context, cache, target);
}
