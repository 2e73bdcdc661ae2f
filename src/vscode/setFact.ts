import * as vscode from 'vscode';
import type { Analysis } from '../service/analyze';
import { type CommentStyle, factRequests, factWrite, type FactRequest, parseFactValue, type SettableFact } from '../service/setFact';
import { type AnalysisCache, formatOf, toRange } from './documents';

/** The command of each fact the editor can ask for ("Set updates per epoch…", "Set dataset size…"). */
export const FACT_COMMANDS = new Map<SettableFact, string>([['steps_per_epoch', 'lrLens.setStepsPerEpoch'], ['dataset_size', 'lrLens.setDatasetSize']]);

/** The words of each fact: the lens and action title, the input box's prompt. */
function factWords(fact: SettableFact): { title: string; prompt: string } {
  return fact === 'steps_per_epoch'
    ? { title: vscode.l10n.t('Set updates per epoch…'), prompt: vscode.l10n.t('Optimizer updates per epoch of this run (batches per epoch ÷ gradient accumulation)') }
    : { title: vscode.l10n.t('Set dataset size…'), prompt: vscode.l10n.t('Training samples per epoch (the size of the training split)') };
}

/**
 * The facts each analysis lacks, worked out once per analysis (the cache gives the same object for the same
 * document version): the dataset-size probe is a second analysis of the text, not to be run on every call.
 */
const requestsOf = new WeakMap<Analysis, FactRequest[]>();

export function factRequestsFor(cache: AnalysisCache, document: vscode.TextDocument): FactRequest[] {
  const analysis = cache.get(document);
  const language = formatOf(document);
  if (!analysis || !language) return [];
  let requests = requestsOf.get(analysis);
  if (!requests) {
    // the probe reads the same base files and pins as every other analysis of the document (cache.withFacts)
    requests = factRequests(analysis, facts => cache.withFacts(document, facts)!);
    requestsOf.set(analysis, requests);
  }
  return requests;
}

/** The lenses beside a schedule's own: one per fact it lacks. */
export function factLenses(requests: readonly FactRequest[], schedule: number, line: vscode.Range, uri: vscode.Uri): vscode.CodeLens[] {
  return requests.filter(r => r.schedule === schedule).map(r =>
    new vscode.CodeLens(line, { title: factWords(r.fact).title, command: FACT_COMMANDS.get(r.fact)!, arguments: [uri] }));
}

/**
 * "Set updates per epoch…" and "Set dataset size…" as code actions, with no diagnostic behind them (a missing
 * fact is no problem of the file). Kind QuickFix: it is what makes the schedule's numbers whole, and quick fixes
 * are what the light bulb and Ctrl+. list first; a Refactor would sit in a submenu meant for reshaping code
 * without changing what it does. Offered where a user looks for it, not on every line of the file (a light bulb
 * on each line would be noise): on the schedule's first line and on its settings in epochs (`epochs`,
 * `warmup_epochs`), the numbers that lack their updates.
 */
export class FactCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly cache: AnalysisCache) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix) && !vscode.CodeActionKind.QuickFix.contains(context.only)) return [];
    const requests = factRequestsFor(this.cache, document);
    if (requests.length === 0) return [];
    const analysis = this.cache.get(document)!;
    const offered = new Set<SettableFact>();
    for (const request of requests) {
      const read = analysis.schedules[request.schedule];
      if (!read || offered.has(request.fact)) continue;
      const firstLine = document.positionAt(read.range.start).line;
      const epochSettings = read.settings.filter(s => /epoch/i.test(s.path.split('.').pop() ?? ''));
      const near = range.start.line <= firstLine && range.end.line >= firstLine
        || epochSettings.some(s => toRange(document, s.keyRange).intersection(range) !== undefined);
      if (near) offered.add(request.fact);
    }
    return [...offered].map(fact => {
      const action = new vscode.CodeAction(factWords(fact).title, vscode.CodeActionKind.QuickFix);
      action.command = { title: factWords(fact).title, command: FACT_COMMANDS.get(fact)!, arguments: [document.uri] };
      return action;
    });
  }
}

/** How the document can hold a directive: YAML `#`, JSONC and TypeScript `//`, strict JSON none. */
function commentStyle(document: vscode.TextDocument): CommentStyle {
  switch (document.languageId) {
    case 'yaml': return '#';
    case 'jsonc': case 'typescript': return '//';
    default: return 'none';
  }
}

/**
 * The command: asks for the number (a whole number ≥ 1, checked as it is typed), then writes the directive
 * comment into the file, or for strict JSON the `lrLens.*` setting of the workspace folder (of the workspace,
 * else the user's settings when no folder is open). `value` skips the question (tests, other extensions).
 */
export async function setFactCommand(cache: AnalysisCache, fact: SettableFact, uri?: vscode.Uri, value?: number): Promise<boolean> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document || !formatOf(document)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a training config to set a fact for it.'));
    return false;
  }
  const words = factWords(fact);
  const wanted = vscode.l10n.t('A whole number of at least 1, e.g. 1252');
  let chosen = value !== undefined ? parseFactValue(String(value)) : undefined;
  if (value !== undefined && chosen === undefined) throw new Error(wanted);
  if (chosen === undefined) {
    const answer = await vscode.window.showInputBox({
      title: words.title.replace(/…$/, ''), prompt: words.prompt, placeHolder: fact === 'steps_per_epoch' ? '1252' : '1281167',
      validateInput: text => (text.trim() === '' || parseFactValue(text) !== undefined ? undefined : wanted),
    });
    if (answer === undefined) return false;
    chosen = parseFactValue(answer);
    if (chosen === undefined) return false;
  }
  const parsed = cache.get(document)?.document;
  const write = factWrite(document.getText(), parsed?.comments ?? [], commentStyle(document), fact, chosen);
  if (write.kind === 'setting') {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    const target = folder ? vscode.ConfigurationTarget.WorkspaceFolder
      : vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration('lrLens', document.uri).update(write.key, write.value, target);
    void vscode.window.showInformationMessage(target === vscode.ConfigurationTarget.Global
      ? vscode.l10n.t('Set lrLens.{0} to {1} in the user settings: strict JSON holds no comment, and no folder is open.', write.key, write.value)
      : vscode.l10n.t('Set lrLens.{0} to {1} in the workspace settings: strict JSON holds no comment.', write.key, write.value));
    return true;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, toRange(document, write.edit.range), write.edit.newText);
  return vscode.workspace.applyEdit(edit);
}
