import * as vscode from 'vscode';
import { summarize } from '../core/summary';
import { summaryLine } from '../service/describe';
import { ScheduleCodeLensProvider } from './codeLens';
import { DiagnosticsPublisher } from './diagnostics';
import { AnalysisCache, formatOf } from './documents';

/** What other extensions and the tests can ask LR Lens. */
export interface LrLensApi {
  schedulesFor(uri: vscode.Uri): Promise<ScheduleReport[]>;
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
  const cache = new AnalysisCache();
  const diagnostics = new DiagnosticsPublisher(cache);
  const lenses = new ScheduleCodeLensProvider(cache);

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
    vscode.workspace.onDidOpenTextDocument(d => formatOf(d) && diagnostics.schedule(d)),
    vscode.workspace.onDidChangeTextDocument(e => formatOf(e.document) && diagnostics.schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument(d => { cache.forget(d); diagnostics.clear(d); }),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (!e.affectsConfiguration('lrLens')) return;
      cache.clear();
      vscode.workspace.textDocuments.forEach(d => formatOf(d) && diagnostics.schedule(d));
      lenses.refresh();
    }),
    vscode.commands.registerCommand('lrLens.preview', async (uri?: vscode.Uri) => {
      const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      const found = document ? reports(document) : [];
      if (found.length === 0) {
        void vscode.window.showInformationMessage('LR Lens: no learning-rate schedule in this file.');
      } else {
        void vscode.window.showInformationMessage(found.map(r => `${r.name ?? r.dialect}: ${r.summary}`).join('\n'));
      }
      return found;
    }),
  );
  vscode.workspace.textDocuments.forEach(d => formatOf(d) && diagnostics.schedule(d));

  return {
    async schedulesFor(uri) {
      return reports(await vscode.workspace.openTextDocument(uri));
    },
  };
}

export function deactivate(): void {}
