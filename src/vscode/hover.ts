import * as vscode from 'vscode';
import { hoverAt } from '../service/hover';
import { type AnalysisCache, localize, toRange } from './documents';

/** Hover on a schedule setting: the service's Markdown, untrusted (no command links, no HTML). */
export class ScheduleHoverProvider implements vscode.HoverProvider {
  constructor(private readonly cache: AnalysisCache) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!vscode.workspace.getConfiguration('lrLens', document.uri).get<boolean>('hover.enabled', true)) return undefined;
    const analysis = this.cache.get(document);
    if (!analysis) return undefined;
    const hover = hoverAt(analysis, document.getText(), document.offsetAt(position), localize);
    if (!hover) return undefined;
    const markdown = new vscode.MarkdownString(hover.markdown);
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    return new vscode.Hover(markdown, toRange(document, hover.range));
  }
}
