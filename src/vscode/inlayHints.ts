import * as vscode from 'vscode';
import { inlayHints } from '../service/inlayHints';
import type { AnalysisCache } from './documents';

/** The service's hints (scaled LR, LR after milestones, updates of epoch counts) inside the visible range. */
export class ScheduleInlayHintsProvider implements vscode.InlayHintsProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(private readonly cache: AnalysisCache) {}

  refresh(): void {
    this.changed.fire();
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    if (!vscode.workspace.getConfiguration('lrLens', document.uri).get<boolean>('inlayHints.enabled', true)) return [];
    const analysis = this.cache.get(document);
    if (!analysis) return [];
    return inlayHints(analysis, document.getText())
      .map(h => ({ position: document.positionAt(h.offset), label: h.label }))
      .filter(h => range.contains(h.position))
      .map(h => {
        const hint = new vscode.InlayHint(h.position, h.label);
        hint.paddingLeft = true;
        return hint;
      });
  }
}
