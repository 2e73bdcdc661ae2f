import { DETECTION_THRESHOLD, DIALECTS } from '../dialects';
import { MAX_SCHEDULES, tooManySchedules } from '../dialects/limits';
import type { AnalysisContext, Diagnostic, Dialect, FactName, InputFacts, ReadSchedule, VersionedFramework } from '../dialects/types';
import { maxFileSize, parseDocument, withLineFeeds } from '../formats/parse';
import type { FormatLanguage, ParsedDocument } from '../formats/tree';
import { limitDiagnostics } from './diagnosticLimit';
import { FACT_NAMES, readDirectives } from './directives';
import { curveProblem, runLengthProblem } from './runLength';
import { scheduleChecks } from './checks';
import { type InferredFact, inferFacts } from '../dialects/datasets';
import type { WorkspaceFiles } from '../workspace/files';
import { composedDialect, withBases } from '../workspace/bases';
import { type PinnedVersions, pinnedVersions } from '../workspace/versions';

export interface AnalyzeOptions {
  /** facts from VS Code settings (lowest priority) */
  settings?: InputFacts;
  /** facts from CLI flags or a --context file (highest priority) */
  overrides?: InputFacts;
  overrideSource?: 'flag' | 'context';
  versions?: AnalysisContext['versions'];
  /** read the file as this dialect instead of detecting it */
  dialect?: string;
  /** the workspace around the file (base files, version pins); none: the file alone */
  files?: WorkspaceFiles;
}

export interface Analysis {
  document: ParsedDocument;
  /** the dialect of each detected root (one entry per schedule-bearing YAML document) */
  dialects: string[];
  schedules: ReadSchedule[];
  diagnostics: Diagnostic[];
  /** the real paths of the other files this analysis read (bases, pins): a change to one re-analyses this file */
  read: string[];
  /** a file it asked for is still loading: analyse again when it is there */
  pending: boolean;
}

/** text → tree → dialect → schedules + diagnostics: the one analysis behind the editor, the CLI and the plot. */
export function analyze(original: string, fileName: string, language: FormatLanguage, options: AnalyzeOptions = {}): Analysis {
  // lone CRs as LFs for the readers and checks too: the same offsets, so every range still fits `original`
  // (not for a file over the size limit, which is refused unread: copying 50 MB to refuse it would cost seconds)
  const text = original.length > maxFileSize(language) ? original : withLineFeeds(original);
  const document = parseDocument(text, language);
  const diagnostics: Diagnostic[] = document.problems.map(p => ({ range: p.range, severity: p.severity, code: p.code, message: p.message }));
  const directives = readDirectives(document.comments);
  diagnostics.push(...directives.diagnostics);
  const pins = pinnedVersions(options.files);
  const context = mergeContext(options, directives.facts, pins);
  const read = [...pins.read];
  let pending = pins.pending;
  const dialects: string[] = [];
  const schedules: ReadSchedule[] = [];
  // Pushed one by one: a crafted file can have more diagnostics than a spread call takes arguments.
  // too-many-schedules is said once, whether a reader (PyTorch's) or this loop finds the file full
  let toldFull = false;
  const tellFull = (range: Diagnostic['range']) => { if (!toldFull) diagnostics.push(tooManySchedules(range)); toldFull = true; };
  const add = (more: readonly Diagnostic[]) => {
    for (const d of more) { diagnostics.push(d); if (d.code === 'too-many-schedules') toldFull = true; }
  };
  let full = false;
  for (const root of document.roots) {
    if (!root) continue;
    const detected = { fileName, text, document, root, context };
    let dialect = pickDialect(detected, options.dialect);
    if (!dialect && !options.dialect) {
      // a Hydra primary config names its scheduler only in its `defaults` list: detected on its composition
      const composed = composedDialect(detected, options.files, input => pickDialect(input, undefined)?.id);
      read.push(...composed.read);
      pending ||= composed.pending;
      dialect = composed.dialect === undefined ? undefined : DIALECTS.find(d => d.id === composed.dialect);
    }
    if (!dialect) continue;
    // MAX_SCHEDULES: a stream of thousands of small documents is read no further than a file of one document
    if (schedules.length >= MAX_SCHEDULES) { tellFull(root.range); break; }
    dialects.push(dialect.id);
    const based = withBases(dialect.id, detected, options.files);
    add(based.diagnostics);
    read.push(...based.read);
    pending ||= based.pending;
    const input = { ...based.input, context: withInferred(based.input.context, inferFacts(dialect.id, based.input.root, fileName)) };
    const result = based.settle(dialect.read(input));
    withOrigins(result.schedules, input.context);
    add(result.diagnostics);
    for (const read of result.schedules) {
      const unusable = runLengthProblem(read) ?? curveProblem(read);
      if (unusable) diagnostics.push(unusable);
      else if (schedules.length < MAX_SCHEDULES) schedules.push(read);
      else { tellFull(read.range); full = true; break; }
    }
    if (full) break;
  }
  add(scheduleChecks(schedules, text, diagnostics));
  return { document, dialects, schedules, diagnostics: limitDiagnostics(diagnostics), read: [...new Set(read)], pending };
}

function pickDialect(input: Parameters<Dialect['detect']>[0], forced: string | undefined): Dialect | undefined {
  if (forced) return DIALECTS.find(d => d.id === forced);
  let best: Dialect | undefined;
  let bestScore = DETECTION_THRESHOLD;
  for (const dialect of DIALECTS) {
    const score = dialect.detect(input);
    if (score >= bestScore && (!best || score > bestScore)) { best = dialect; bestScore = score; }
  }
  return best;
}

/** Inferred facts fill only what no one stated: settings, directives and flags all override them. */
function withInferred(context: AnalysisContext, inferred: readonly InferredFact[]): AnalysisContext {
  const fresh = inferred.filter(i => context.facts[i.fact] === undefined);
  if (fresh.length === 0) return context;
  const facts: InputFacts = { ...context.facts };
  const sources = { ...context.sources };
  const origins = { ...context.origins };
  for (const i of fresh) {
    (facts as Record<string, unknown>)[i.fact] = i.value;
    sources[i.fact] = 'inferred';
    origins[i.fact] = i.origin;
  }
  return { ...context, facts, sources, origins };
}

/** An inferred assumption says where it came from. */
function withOrigins(schedules: readonly ReadSchedule[], context: AnalysisContext): void {
  if (!context.origins) return;
  for (const read of schedules) {
    for (const a of read.schedule.assumptions) {
      const origin = a.source === 'inferred' && Object.hasOwn(context.origins, a.fact) ? context.origins[a.fact as FactName] : undefined;
      if (origin && !a.origin) a.origin = origin;
    }
  }
}

/**
 * Settings < in-file directives < flags / --context: the most specific statement of a fact wins. Framework
 * versions: pins found in the workspace < the user's settings or flags.
 */
function mergeContext(options: AnalyzeOptions, directiveFacts: InputFacts, pins: PinnedVersions): AnalysisContext {
  const facts: InputFacts = {};
  const sources: AnalysisContext['sources'] = {};
  const layers: [InputFacts | undefined, 'setting' | 'directive' | 'flag' | 'context'][] = [
    [options.settings, 'setting'], [directiveFacts, 'directive'], [options.overrides, options.overrideSource ?? 'flag'],
  ];
  for (const [layer, source] of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer) as [FactName, InputFacts[FactName]][]) {
      // Known facts only: a `__proto__` key (JSON.parse makes it an own key) would otherwise set the prototype.
      if (value === undefined || value === null || !FACT_NAMES.includes(key)) continue;
      (facts as Record<string, unknown>)[key] = value;
      sources[key] = source;
    }
  }
  const versions = { ...pins.versions };
  const versionOrigins = { ...pins.origins };
  for (const [name, value] of Object.entries(options.versions ?? {}) as [VersionedFramework, string | undefined][]) {
    if (value === undefined) continue;
    (versions as Record<string, string>)[name] = value;
    delete versionOrigins[name];
  }
  return { facts, sources, versions, versionOrigins };
}
