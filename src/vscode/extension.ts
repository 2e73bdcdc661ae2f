// First: its timestamp marks the start of the bundle's evaluation (the start-up bench reads it).
import { benchProbe, type BenchProbe } from './timing';
import * as vscode from 'vscode';
import { summarize } from '../core/summary';
import { summaryLine } from '../service/describe';
import { ScheduleCodeActionProvider } from './codeActions';
import { ScheduleCodeLensProvider } from './codeLens';
import { ScheduleCompletionProvider } from './completion';
import { DiagnosticsPublisher } from './diagnostics';
import { AnalysisCache, formatOf } from './documents';
import { ScheduleHoverProvider } from './hover';
import { ScheduleInlayHintsProvider } from './inlayHints';
import { registerPreview, showPreview, type PreviewProbe } from './preview';
import { ScheduleStatusBar } from './statusBar';

/** What other extensions and the tests can ask LR Lens. */
export interface LrLensApi {
  schedulesFor(uri: vscode.Uri): Promise<ScheduleReport[]>;
  /** the LR chart panel's reports: CSP violations, what it drew, its export (for tests and the bench) */
  preview: PreviewProbe;
  /** start-up timestamps and a heap reading after GC (for `npm run bench`) */
  bench: BenchProbe;
}

export interface ScheduleReport {
  dialect: string;
  name?: string;
  totalUpdates: number;
  stepsPerEpoch?: number;
  peakLr: number;
  finalLr: number;
  warmupUpdates: number;
  summary: string;
}

const SELECTOR: vscode.DocumentSelector = ['json', 'jsonc', 'yaml', 'typescript'].map(language => ({ language }));

export function activate(context: vscode.ExtensionContext): LrLensApi {
  const activateCalledAt = performance.now();
  const cache = new AnalysisCache();
  const diagnostics = new DiagnosticsPublisher(cache);
  const lenses = new ScheduleCodeLensProvider(cache);
  const hints = new ScheduleInlayHintsProvider(cache);
  const statusBar = new ScheduleStatusBar(cache);

  const reports = (document: vscode.TextDocument): ScheduleReport[] =>
    (cache.get(document)?.schedules ?? []).map(read => {
      const summary = summarize(read.schedule);
      return {
        dialect: read.dialect, name: read.schedule.name, totalUpdates: summary.totalUpdates,
        stepsPerEpoch: read.schedule.stepsPerEpoch, peakLr: summary.peakLr, finalLr: summary.finalLr,
        warmupUpdates: summary.warmupUpdates, summary: summaryLine(read.schedule, summary),
      };
    });

  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new ScheduleCodeActionProvider(cache), ScheduleCodeActionProvider.metadata),
    vscode.languages.registerHoverProvider(SELECTOR, new ScheduleHoverProvider(cache)),
    vscode.languages.registerInlayHintsProvider(SELECTOR, hints),
    vscode.languages.registerCompletionItemProvider(SELECTOR, new ScheduleCompletionProvider(cache), ':', ' ', '"'),
    statusBar,
    vscode.window.onDidChangeActiveTextEditor(editor => statusBar.update(editor)),
    vscode.window.onDidChangeTextEditorSelection(e => statusBar.update(e.textEditor)),
    vscode.workspace.onDidOpenTextDocument(d => formatOf(d) && diagnostics.schedule(d)),
    vscode.workspace.onDidChangeTextDocument(e => formatOf(e.document) && diagnostics.schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument(d => { cache.forget(d); diagnostics.clear(d); }),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (!e.affectsConfiguration('lrLens')) return;
      cache.clear();
      vscode.workspace.textDocuments.forEach(d => formatOf(d) && diagnostics.schedule(d));
      lenses.refresh();
      hints.refresh();
      statusBar.update();
    }),
    vscode.commands.registerCommand('lrLens.preview', (uri?: vscode.Uri) => showPreview(context, cache, uri)),
  );
  vscode.workspace.textDocuments.forEach(d => formatOf(d) && diagnostics.schedule(d));
  const preview = registerPreview(context, cache);
  statusBar.update();

  return {
    preview,
    bench: benchProbe(activateCalledAt, performance.now()),
    async schedulesFor(uri) {
      return reports(await vscode.workspace.openTextDocument(uri));
    },
  };
}

export function deactivate(): void {}
