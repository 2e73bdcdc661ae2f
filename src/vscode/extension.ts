// First: its timestamp marks the start of the bundle's evaluation (the start-up bench reads it).
import { benchProbe, BENCH_ENV, type BenchProbe } from './timing';
import * as vscode from 'vscode';
import { summarize } from '../core/summary';
import { inEpochsOnly, summaryLine } from '../service/describe';
import { ScheduleCodeActionProvider } from './codeActions';
import { ScheduleCodeLensProvider } from './codeLens';
import { ScheduleCompletionProvider } from './completion';
import { DiagnosticsPublisher } from './diagnostics';
import { AnalysisCache, formatOf } from './documents';
import { ScheduleHoverProvider } from './hover';
import { ScheduleInlayHintsProvider } from './inlayHints';
import { registerPreview, showPreview, type PreviewProbe } from './preview';
import { FACT_COMMANDS, FactCodeActionProvider, setFactCommand } from './setFact';
import { ScheduleStatusBar } from './statusBar';

/** What other extensions and the tests can ask LR Lens. */
export interface LrLensApi {
  schedulesFor(uri: vscode.Uri): Promise<ScheduleReport[]>;
  /** the LR chart panel's reports: CSP violations, what it drew, its export (for tests and the bench) */
  preview: PreviewProbe;
  /** the status bar item's text as shown, undefined while it is hidden (for tests) */
  statusBarText(): string | undefined;
  /**
   * Start-up timestamps and a heap reading after GC, only in an extension host that `npm run bench` started
   * (its runner sets LR_LENS_BENCH=1): the heap reading turns on --expose-gc, which must not happen in a
   * user's extension host, shared with every other extension.
   */
  bench?: BenchProbe;
}

export interface ScheduleReport {
  dialect: string;
  name?: string;
  /** with `updatesPerEpochUnknown`, the run's nominal slices of epochs (the curve's counter), not updates */
  totalUpdates: number;
  /** undefined when unknown */
  stepsPerEpoch?: number;
  /** the run's length in epochs, when known (always with `updatesPerEpochUnknown`) */
  epochs?: number;
  /** no one says how many optimizer updates an epoch has: the schedule is told in epochs only */
  updatesPerEpochUnknown: boolean;
  peakLr: number;
  finalLr: number;
  warmupUpdates: number;
  summary: string;
}

const SELECTOR: vscode.DocumentSelector = ['json', 'jsonc', 'yaml', 'typescript'].map(language => ({ language }));

export function activate(context: vscode.ExtensionContext): LrLensApi {
  const activateCalledAt = performance.now();
  const cache = new AnalysisCache();
  context.subscriptions.push(cache);
  const diagnostics = new DiagnosticsPublisher(cache);
  const lenses = new ScheduleCodeLensProvider(cache);
  const hints = new ScheduleInlayHintsProvider(cache);
  const statusBar = new ScheduleStatusBar(cache);

  const reports = (document: vscode.TextDocument): ScheduleReport[] =>
    (cache.get(document)?.schedules ?? []).map(read => {
      const summary = summarize(read.schedule);
      return {
        dialect: read.dialect, name: read.schedule.name, totalUpdates: summary.totalUpdates,
        stepsPerEpoch: inEpochsOnly(read.schedule) ? undefined : read.schedule.stepsPerEpoch, epochs: summary.epochs,
        updatesPerEpochUnknown: inEpochsOnly(read.schedule), peakLr: summary.peakLr, finalLr: summary.finalLr,
        warmupUpdates: summary.warmupUpdates, summary: summaryLine(read.schedule, summary),
      };
    });

  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new ScheduleCodeActionProvider(cache), ScheduleCodeActionProvider.metadata),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new FactCodeActionProvider(cache), FactCodeActionProvider.metadata),
    vscode.languages.registerHoverProvider(SELECTOR, new ScheduleHoverProvider(cache)),
    vscode.languages.registerInlayHintsProvider(SELECTOR, hints),
    vscode.languages.registerCompletionItemProvider(SELECTOR, new ScheduleCompletionProvider(cache), ':', ' ', '"'),
    statusBar,
    vscode.window.onDidChangeActiveTextEditor(editor => statusBar.update(editor)),
    vscode.window.onDidChangeTextEditorSelection(e => statusBar.update(e.textEditor)),
    vscode.workspace.onDidOpenTextDocument(d => formatOf(d) && diagnostics.schedule(d)),
    vscode.workspace.onDidCloseTextDocument(d => diagnostics.clear(d)),
    // The status bar and the preview follow the cache's changes themselves.
    cache.onDidChange(document => {
      if (document) { diagnostics.schedule(document); return; }
      vscode.workspace.textDocuments.forEach(d => formatOf(d) && diagnostics.schedule(d));
      lenses.refresh();
      hints.refresh();
    }),
    vscode.commands.registerCommand('lrLens.preview', (uri?: vscode.Uri) => showPreview(context, cache, uri)),
    ...[...FACT_COMMANDS].map(([fact, command]) =>
      vscode.commands.registerCommand(command, (uri?: vscode.Uri, value?: number) => setFactCommand(cache, fact, uri instanceof vscode.Uri ? uri : undefined, value))),
  );
  vscode.workspace.textDocuments.forEach(d => formatOf(d) && diagnostics.schedule(d));
  const preview = registerPreview(context, cache);
  statusBar.update();

  const activatedAt = performance.now();
  return {
    preview,
    statusBarText: () => statusBar.shownText(),
    bench: process.env[BENCH_ENV] === '1' ? benchProbe(activateCalledAt, activatedAt) : undefined,
    async schedulesFor(uri) {
      return reports(await vscode.workspace.openTextDocument(uri));
    },
  };
}

export function deactivate(): void {}
