import * as vscode from 'vscode';
import type { Diagnostic } from '../dialects/types';
import { type AnalysisCache, toRange } from './documents';

const SEVERITY: Record<Diagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** Publishes each analysis's diagnostics, debounced per document while the user types. */
export class DiagnosticsPublisher implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('lr-lens');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly cache: AnalysisCache, private readonly delayMs = 150) {}

  schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.publish(document);
    }, this.delayMs));
  }

  publish(document: vscode.TextDocument): void {
    const analysis = this.cache.get(document);
    // Only files LR Lens recognises get its diagnostics: a random JSON file's syntax errors are not ours to report.
    const enabled = vscode.workspace.getConfiguration('lrLens', document.uri).get<boolean>('diagnostics.enabled', true);
    if (!enabled || !analysis || analysis.dialects.length === 0) {
      this.collection.delete(document.uri);
      return;
    }
    // A base file is still loading: the analysis is made again when it is in (the cache tells), and the
    // diagnostics shown until then stay, rather than a moment of "base not read" warnings.
    if (analysis.pending) return;
    this.collection.set(document.uri, analysis.diagnostics.map(d => {
      const diagnostic = new vscode.Diagnostic(toRange(document, d.range), d.message, SEVERITY[d.severity]);
      diagnostic.code = d.code;
      diagnostic.source = 'LR Lens';
      // where in a base file the value or the problem is (the path is the real one, in the document's scheme)
      if (d.related?.length) {
        diagnostic.relatedInformation = d.related.map(r => new vscode.DiagnosticRelatedInformation(
          new vscode.Location(document.uri.with({ path: r.path }), new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character)),
          r.message));
      }
      return diagnostic;
    }));
  }

  clear(document: vscode.TextDocument): void {
    clearTimeout(this.timers.get(document.uri.toString()));
    this.collection.delete(document.uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.collection.dispose();
  }
}
