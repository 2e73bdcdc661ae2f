import * as vscode from 'vscode';
import type { Fix } from '../dialects/types';
import { type AnalysisCache, toRange } from './documents';

/**
 * Quick fixes for LR Lens diagnostics. Each editor diagnostic is matched by `code` and range to the analysis
 * diagnostic it was published from (the same document version, so the same cached analysis), whose fixes carry
 * the source ranges to edit: nothing is searched in the text again.
 */
export class ScheduleCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly cache: AnalysisCache) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter(d => d.source === 'LR Lens');
    if (ours.length === 0) return [];
    const analysis = this.cache.get(document);
    if (!analysis) return [];
    const actions: vscode.CodeAction[] = [];
    for (const shown of ours) {
      const source = analysis.diagnostics.find(d => d.code === codeOf(shown) && toRange(document, d.range).isEqual(shown.range));
      for (const fix of source?.fixes ?? []) actions.push(this.action(document, shown, fix));
    }
    return actions;
  }

  private action(document: vscode.TextDocument, shown: vscode.Diagnostic, fix: Fix): vscode.CodeAction {
    const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [shown];
    action.isPreferred = fix.preferred === true;
    action.edit = new vscode.WorkspaceEdit();
    for (const edit of fix.edits) action.edit.replace(document.uri, toRange(document, edit.range), edit.newText);
    return action;
  }
}

function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}
