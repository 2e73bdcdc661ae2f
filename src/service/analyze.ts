import { DETECTION_THRESHOLD, DIALECTS } from '../dialects';
import { MAX_SCHEDULES, tooManySchedules } from '../dialects/limits';
import type { AnalysisContext, Diagnostic, Dialect, FactName, InputFacts, ReadSchedule } from '../dialects/types';
import { maxFileSize, parseDocument, withLineFeeds } from '../formats/parse';
import type { FormatLanguage, ParsedDocument } from '../formats/tree';
import { limitDiagnostics } from './diagnosticLimit';
import { FACT_NAMES, readDirectives } from './directives';
import { curveProblem, runLengthProblem } from './runLength';
import { scheduleChecks } from './checks';

export interface AnalyzeOptions {
  /** facts from VS Code settings (lowest priority) */
  settings?: InputFacts;
  /** facts from CLI flags or a --context file (highest priority) */
  overrides?: InputFacts;
  overrideSource?: 'flag' | 'context';
  versions?: AnalysisContext['versions'];
  /** read the file as this dialect instead of detecting it */
  dialect?: string;
}

export interface Analysis {
  document: ParsedDocument;
  /** the dialect of each detected root (one entry per schedule-bearing YAML document) */
  dialects: string[];
  schedules: ReadSchedule[];
  diagnostics: Diagnostic[];
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
  const context = mergeContext(options, directives.facts);
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
    const input = { fileName, text, document, root, context };
    const dialect = pickDialect(input, options.dialect);
    if (!dialect) continue;
    // MAX_SCHEDULES: a stream of thousands of small documents is read no further than a file of one document
    if (schedules.length >= MAX_SCHEDULES) { tellFull(root.range); break; }
    dialects.push(dialect.id);
    const result = dialect.read(input);
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
  return { document, dialects, schedules, diagnostics: limitDiagnostics(diagnostics) };
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

/** Settings < in-file directives < flags / --context: the most specific statement of a fact wins. */
function mergeContext(options: AnalyzeOptions, directiveFacts: InputFacts): AnalysisContext {
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
  return { facts, sources, versions: options.versions ?? {} };
}
