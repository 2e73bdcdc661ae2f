import * as vscode from 'vscode';
import { summarize } from '../core/summary';
import { summaryLine } from '../service/describe';
import { type AnalysisCache, localize, toRange } from './documents';
import { factLenses, factRequestsFor } from './setFact';

/** Above each schedule: its dialect and numbers, and a lens that opens the LR curve preview. */
export class ScheduleCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly cache: AnalysisCache) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.getConfiguration('lrLens', document.uri).get<boolean>('codeLens.enabled', true)) return [];
    const analysis = this.cache.get(document);
    if (!analysis) return [];
    // "Set updates per epoch…" (and "Set dataset size…") beside each schedule whose updates per epoch no one says
    const requests = factRequestsFor(this.cache, document);
    return analysis.schedules.flatMap((read, i) => {
      const start = toRange(document, { start: read.range.start, end: read.range.start });
      const line = new vscode.Range(start.start.line, 0, start.start.line, 0);
      const title = `${read.dialect} · ${summaryLine(read.schedule, summarize(read.schedule), localize)}`;
      return [
        new vscode.CodeLens(line, { title, command: '' }),
        new vscode.CodeLens(line, { title: vscode.l10n.t('Preview LR curve'), command: 'lrLens.preview', arguments: [document.uri] }),
        ...factLenses(requests, i, line, document.uri),
      ];
    });
  }
}
