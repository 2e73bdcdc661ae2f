import * as vscode from 'vscode';
import { formatNumber } from '../core/scaling';
import { summarize } from '../core/summary';
import { scheduleLength } from '../service/describe';
import { type AnalysisCache, localize } from './documents';

/**
 * The schedule at the cursor (peak LR, length) and its dialect; a click opens the LR curve preview. It shows
 * the cache's analysis of the active editor's document and redraws on each change of it, as the preview
 * does, so the two never show different states of the file.
 */
export class ScheduleStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('lrLens.schedule', vscode.StatusBarAlignment.Right, 100);
  private readonly subscription: vscode.Disposable;
  private shown = false;

  constructor(private readonly cache: AnalysisCache) {
    this.item.name = 'LR Lens';
    this.item.command = 'lrLens.preview';
    this.subscription = cache.onDidChange(document => {
      if (!document || document === vscode.window.activeTextEditor?.document) this.update();
    });
  }

  /** The text as shown, undefined while hidden. */
  shownText(): string | undefined {
    return this.shown ? this.item.text : undefined;
  }

  update(editor: vscode.TextEditor | undefined = vscode.window.activeTextEditor): void {
    const document = editor?.document;
    const enabled = document && vscode.workspace.getConfiguration('lrLens', document.uri).get<boolean>('statusBar.enabled', true);
    const analysis = enabled ? this.cache.get(document) : undefined;
    if (!editor || !analysis || analysis.schedules.length === 0) { this.item.hide(); this.shown = false; return; }
    const offset = document!.offsetAt(editor.selection.active);
    // The schedule whose span holds the cursor, else the file's first one.
    const read = analysis.schedules.find(s => offset >= s.range.start && offset <= s.range.end) ?? analysis.schedules[0];
    const summary = summarize(read.schedule);
    // `100 ep · updates/epoch unknown` when no one says the updates per epoch
    const length = scheduleLength(read.schedule, summary, localize);
    this.item.text = `$(graph-line) ${vscode.l10n.t('LR {0} · {1} · {2}', formatNumber(summary.peakLr), length, read.dialect)}`;
    this.item.tooltip = vscode.l10n.t('LR Lens: peak LR, length and framework of the schedule at the cursor. Click to preview the LR curve.');
    this.item.show();
    this.shown = true;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
