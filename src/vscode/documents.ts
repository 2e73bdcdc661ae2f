import * as vscode from 'vscode';
import type { AnalysisContext, InputFacts, TextEdit } from '../dialects/types';
import type { FormatLanguage } from '../formats/tree';
import { analyze, type Analysis, type AnalyzeOptions } from '../service/analyze';
import { normalizePath } from '../workspace/paths';
import { applyEdits } from '../service/batchWhatIf';
import type { Localize } from '../service/describe';
import { WorkspaceFileStore } from './workspaceFiles';

// A Map, not an object literal: a language id such as `constructor` must not find Object.prototype's members.
const LANGUAGES = new Map<string, FormatLanguage>([['json', 'json'], ['jsonc', 'json'], ['yaml', 'yaml'], ['typescript', 'typescript']]);

export function formatOf(document: vscode.TextDocument): FormatLanguage | undefined {
  return LANGUAGES.get(document.languageId);
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
 * What every analysis of `document` is given: the user's `lrLens.*` settings and framework versions. The
 * one place that builds them, so that no view (a what-if curve, say) analyses under other rules than the rest.
 */
export function analysisOptions(document: vscode.TextDocument): AnalyzeOptions {
  return { settings: settingsFacts(document), versions: settingsVersions(document) };
}

/** The last segment of a document's path: what detection reads (`args.yaml`, `ds_config.json`) and titles show. */
export const fileNameOf = (uri: vscode.Uri) => uri.path.split('/').pop() ?? '';

/**
 * One analysis per document version: diagnostics, CodeLens, the status bar, the preview and the API all read
 * the same result instead of parsing the text again. `onDidChange` is the one signal that a document's
 * analysis (or, with `undefined`, every document's, after a settings change) may have changed: every view
 * redraws from it, so none is left showing an older state than the others (an edit made from the preview,
 * or its undo, moves no cursor, and the status bar used to wait for one).
 *
 * An analysis also depends on the other files it read (`Analysis.read`: base files, version pins). An edit of one
 * of them (saved or not), a change on disk (a FileSystemWatcher inside the workspace folders), or the arrival of a
 * file that was still loading drops the analyses that read it, and `onDidChange` fires with `undefined`: the
 * documents to redraw are not the one that changed, and the CodeLens and inlay hints refresh only on that.
 */
export class AnalysisCache implements vscode.Disposable {
  private readonly entries = new Map<string, { version: number; analysis: Analysis }>();
  private readonly settledEntries = new Map<string, { version: number; analysis: Analysis }>();
  private readonly changed = new vscode.EventEmitter<vscode.TextDocument | undefined>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private readonly files = new WorkspaceFileStore();
  private readonly watchers = new Map<string, vscode.Disposable>();
  private fireSoon: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.subscriptions = [
      this.changed,
      this.files,
      vscode.workspace.onDidChangeTextDocument(e => {
        if (formatOf(e.document)) this.changed.fire(e.document);
        this.dependentsChanged([e.document.uri.path]);
      }),
      vscode.workspace.onDidCloseTextDocument(d => {
        this.forget(d);
        // a base closed with unsaved edits: its disk text counts again
        this.dependentsChanged([d.uri.path]);
      }),
      vscode.workspace.onDidChangeConfiguration(e => {
        if (!e.affectsConfiguration('lrLens')) return;
        this.entries.clear();
        this.settledEntries.clear();
        this.changed.fire(undefined);
      }),
      this.files.onDidLoad(paths => this.dependentsChanged(paths, true)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.watchFolders()),
    ];
    this.watchFolders();
  }

  /**
   * One watcher per workspace folder, on the folder only (VS Code serves it from its own workspace watcher): a
   * base file or pin changed, created or deleted on disk (a `git checkout`, another editor) is read again.
   */
  private watchFolders(): void {
    const folders = new Map((vscode.workspace.workspaceFolders ?? []).map(f => [f.uri.toString(), f]));
    for (const [key, watcher] of this.watchers) {
      if (!folders.has(key)) { watcher.dispose(); this.watchers.delete(key); }
    }
    for (const [key, folder] of folders) {
      if (this.watchers.has(key)) continue;
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'));
      const onDisk = (uri: vscode.Uri) => {
        const known = this.files.invalidate(uri);
        if (known) this.dependentsChanged([uri.path]);
      };
      this.watchers.set(key, vscode.Disposable.from(watcher, watcher.onDidChange(onDisk), watcher.onDidCreate(onDisk), watcher.onDidDelete(onDisk)));
    }
  }

  /** Drops the analyses that read one of `paths` (and, after a load, those still waiting for a file), and tells. */
  private dependentsChanged(paths: readonly string[], loaded = false): void {
    if (this.entries.size === 0) return;
    const changed = new Set(paths.map(p => normalizePath(p)));
    let any = false;
    for (const [key, { analysis }] of this.entries) {
      if ((loaded && analysis.pending) || analysis.read.some(p => changed.has(p))) { this.entries.delete(key); any = true; }
    }
    // one redraw for a burst (a `git checkout` changes many files; loads arrive one by one)
    if (any && this.fireSoon === undefined) {
      this.fireSoon = setTimeout(() => { this.fireSoon = undefined; this.changed.fire(undefined); }, 0);
    }
  }

  get(document: vscode.TextDocument): Analysis | undefined {
    const language = formatOf(document);
    if (!language) return undefined;
    const key = document.uri.toString();
    const cached = this.entries.get(key);
    if (cached && cached.version === document.version) return this.shown(key, document.version, cached.analysis);
    const analysis = analyze(document.getText(), fileNameOf(document.uri), language, this.optionsFor(document));
    this.entries.set(key, { version: document.version, analysis });
    if (!analysis.pending) this.settledEntries.set(key, { version: document.version, analysis });
    return this.shown(key, document.version, analysis);
  }

  /**
   * While a base or pin file (re)loads, the analysis of an unchanged document is pending and drawn without that
   * file (detectron2's defaults for a base being re-read after a save): every view keeps showing the newest
   * analysis of this document version that waited for nothing, until the loaded file brings a new one. A first
   * analysis has nothing to fall back on and is shown as it is (its diagnostics are held back, see diagnostics.ts).
   */
  private shown(key: string, version: number, analysis: Analysis): Analysis {
    if (!analysis.pending) return analysis;
    const settled = this.settledEntries.get(key);
    return settled && settled.version === version ? settled.analysis : analysis;
  }

  /** analysisOptions() and the workspace around the document (its base files, version pins). */
  private optionsFor(document: vscode.TextDocument): AnalyzeOptions {
    return { ...analysisOptions(document), files: this.files.filesFor(document) };
  }

  /** The analysis `document` would have if `facts` were stated (flag-strength), under the same options as get(). */
  withFacts(document: vscode.TextDocument, facts: InputFacts): Analysis | undefined {
    const language = formatOf(document);
    return language && analyze(document.getText(), fileNameOf(document.uri), language, { ...this.optionsFor(document), overrides: facts });
  }

  /** The analysis `document` would have with `edits` applied (a what-if), under the same options as get(). */
  withEdits(document: vscode.TextDocument, edits: TextEdit[]): Analysis | undefined {
    const language = formatOf(document);
    return language && analyze(applyEdits(document.getText(), edits), fileNameOf(document.uri), language, this.optionsFor(document));
  }

  forget(document: vscode.TextDocument): void {
    this.entries.delete(document.uri.toString());
    this.settledEntries.delete(document.uri.toString());
  }

  dispose(): void {
    clearTimeout(this.fireSoon);
    this.subscriptions.forEach(d => d.dispose());
    this.watchers.forEach(d => d.dispose());
    this.watchers.clear();
    this.entries.clear();
    this.settledEntries.clear();
  }
}

/** The service's words in the editor's language, from l10n/bundle.l10n.*.json. */
export const localize: Localize = (message, ...args) => vscode.l10n.t(message, ...args);

export function toRange(document: vscode.TextDocument, range: { start: number; end: number }): vscode.Range {
  return new vscode.Range(document.positionAt(range.start), document.positionAt(range.end));
}
