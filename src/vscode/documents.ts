import * as vscode from 'vscode';
import type { AnalysisContext, InputFacts } from '../dialects/types';
import type { FormatLanguage } from '../formats/tree';
import { analyze, type Analysis } from '../service/analyze';
import type { Localize } from '../service/describe';

const LANGUAGES: Record<string, FormatLanguage> = { json: 'json', jsonc: 'json', yaml: 'yaml', typescript: 'typescript' };

export function formatOf(document: vscode.TextDocument): FormatLanguage | undefined {
  return LANGUAGES[document.languageId];
}

/** The context facts from `lrLens.*` settings. */
function settingsFacts(document: vscode.TextDocument): InputFacts {
  const config = vscode.workspace.getConfiguration('lrLens', document.uri);
  const facts: InputFacts = {};
  const number = (key: string) => {
    const v = config.get<number | null>(key);
    return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
  };
  facts.steps_per_epoch = number('stepsPerEpoch');
  facts.dataset_size = number('datasetSize');
  facts.world_size = number('worldSize');
  const interval = config.get<string>('schedulerInterval');
  if (interval === 'step' || interval === 'epoch') facts.scheduler_interval = interval;
  // Only values the user set: left at their defaults, the file's reader says "default" in the hover's assumptions.
  const referenceBatch = explicitly<number>(config, 'referenceBatchSize');
  if (typeof referenceBatch === 'number' && Number.isFinite(referenceBatch) && referenceBatch > 0) facts.reference_batch = referenceBatch;
  const rule = explicitly<string>(config, 'scalingRule');
  if (rule === 'linear' || rule === 'sqrt' || rule === 'none') facts.scaling_rule = rule;
  return facts;
}

/** A setting's value when the user set it anywhere (user, workspace, folder, per language), else undefined. */
function explicitly<T>(config: vscode.WorkspaceConfiguration, key: string): T | undefined {
  const i = config.inspect<T>(key);
  if (!i) return undefined;
  return i.workspaceFolderLanguageValue ?? i.workspaceLanguageValue ?? i.globalLanguageValue
    ?? i.workspaceFolderValue ?? i.workspaceValue ?? i.globalValue;
}

/** The framework versions from `lrLens.versions.*` (newest behaviour when unset). */
function settingsVersions(document: vscode.TextDocument): AnalysisContext['versions'] {
  const config = vscode.workspace.getConfiguration('lrLens.versions', document.uri);
  const versions: AnalysisContext['versions'] = {};
  const transformers = config.get<string | null>('transformers');
  if (transformers === '4' || transformers === '5') versions.transformers = transformers;
  const ultralytics = config.get<string | null>('ultralytics');
  if (ultralytics === '8.3' || ultralytics === 'main') versions.ultralytics = ultralytics;
  const deepspeed = config.get<string | null>('deepspeed');
  if (typeof deepspeed === 'string' && deepspeed.trim()) versions.deepspeed = deepspeed.trim();
  return versions;
}

/**
 * One analysis per document version: diagnostics, CodeLens, the status bar and the API all read the same
 * result instead of parsing the text again.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, { version: number; analysis: Analysis }>();

  get(document: vscode.TextDocument): Analysis | undefined {
    const language = formatOf(document);
    if (!language) return undefined;
    const key = document.uri.toString();
    const cached = this.entries.get(key);
    if (cached && cached.version === document.version) return cached.analysis;
    const name = document.uri.path.split('/').pop() ?? '';
    const analysis = analyze(document.getText(), name, language, { settings: settingsFacts(document), versions: settingsVersions(document) });
    this.entries.set(key, { version: document.version, analysis });
    return analysis;
  }

  forget(document: vscode.TextDocument): void {
    this.entries.delete(document.uri.toString());
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The service's words in the editor's language, from l10n/bundle.l10n.*.json. */
export const localize: Localize = (message, ...args) => vscode.l10n.t(message, ...args);

export function toRange(document: vscode.TextDocument, range: { start: number; end: number }): vscode.Range {
  return new vscode.Range(document.positionAt(range.start), document.positionAt(range.end));
}
