import * as vscode from 'vscode';
import { completionsAt } from '../service/completion';
import { fileNameOf, type AnalysisCache } from './documents';

/** Keys and enum values of the file's dialect, from the service; documentation as plain text. */
export class ScheduleCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly cache: AnalysisCache) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    if (!vscode.workspace.getConfiguration('lrLens', document.uri).get<boolean>('completion.enabled', true)) return [];
    const analysis = this.cache.get(document);
    if (!analysis) return [];
    const name = fileNameOf(document.uri);
    const word = document.getWordRangeAtPosition(position, /[\w.-]+/);
    return completionsAt(analysis, document.getText(), document.offsetAt(position), name).map(c => {
      const item = new vscode.CompletionItem(c.label, c.kind === 'key' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.EnumMember);
      item.detail = c.detail;
      item.documentation = c.documentation;
      if (word) item.range = word;
      return item;
    });
  }
}
