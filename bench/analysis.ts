// Bench 1: the work one keystroke triggers in a config (analysis for diagnostics, the CodeLens summary and
// the inlay hints), against the bare parse of the same text, and for JSON files against the check VS Code
// already runs on each JSON keystroke (vscode-json-languageservice: parse + doValidation with a schema).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTree, type ParseError } from 'jsonc-parser';
import * as ts from 'typescript';
import { getLanguageService, type JSONSchema, type LanguageService } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseAllDocuments } from 'yaml';
import { summarize } from '../src/core/summary';
import type { FormatLanguage } from '../src/formats/tree';
import { languageFromFileName } from '../src/formats/parse';
import { analyze } from '../src/service/analyze';
import { summaryLine } from '../src/service/describe';
import { inlayHints } from '../src/service/inlayHints';
import { compare, type CompareOptions } from './stats';

export interface ConfigFile {
  /** where it comes from: examples/… or golden/<framework>/<id> */
  label: string;
  /** the name the analysis sees (detection reads it) */
  name: string;
  language: FormatLanguage;
  text: string;
}

export interface AnalysisRow {
  label: string;
  language: FormatLanguage;
  lines: number;
  /** one keystroke's analysis, ms */
  analysisMs: number;
  /** the bare parse, ms */
  parseMs: number;
  /** analysis ÷ bare parse, median over rounds */
  ratioParse: number;
  /** JSON files: the JSON language service (parse + doValidation), ms, and analysis ÷ it */
  jsonLsMs?: number;
  ratioJsonLs?: number;
  /** which schema the JSON language service validated with */
  schema?: 'lrschedule' | 'generic';
  schedules: number;
}

/** Every example config and every golden config's file text. */
export function benchConfigs(root: string): ConfigFile[] {
  const files: ConfigFile[] = [];
  const examples = path.join(root, 'examples');
  for (const rel of (fs.readdirSync(examples, { recursive: true }) as string[]).sort()) {
    const language = languageFromFileName(rel);
    const full = path.join(examples, rel);
    if (!language || !fs.statSync(full).isFile()) continue;
    files.push({ label: `examples/${rel}`, name: path.basename(rel), language, text: fs.readFileSync(full, 'utf8') });
  }
  const golden = path.join(root, 'test/fixtures/golden');
  for (const rel of (fs.readdirSync(golden, { recursive: true }) as string[]).sort()) {
    if (!rel.endsWith('.json')) continue;
    const fixture = JSON.parse(fs.readFileSync(path.join(golden, rel), 'utf8')) as { file?: { name: string; language: FormatLanguage; text: string } };
    if (!fixture.file) continue;
    files.push({ label: `golden/${rel.replace(/\.json$/, '')}`, name: path.basename(fixture.file.name), language: fixture.file.language, text: fixture.file.text });
  }
  return files;
}

/** What a keystroke costs LR Lens: the analysis (diagnostics read it), the CodeLens lines and the inlay hints. */
export function keystroke(file: ConfigFile): () => unknown {
  return () => {
    const analysis = analyze(file.text, file.name, file.language);
    const lenses = analysis.schedules.map(read => summaryLine(read.schedule, summarize(read.schedule)));
    return [analysis, lenses, inlayHints(analysis, file.text)];
  };
}

/** The parse alone, by the library our parser wraps (for TypeScript, the TypeScript compiler's parser). */
export function bareParse(file: ConfigFile): () => unknown {
  switch (file.language) {
    case 'json': return () => parseTree(file.text, [] as ParseError[], { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
    case 'yaml': return () => parseAllDocuments(file.text, { merge: false, uniqueKeys: false, prettyErrors: false, strict: false });
    case 'typescript': return () => ts.createSourceFile(file.name, file.text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  }
}

/**
 * A value of any JSON type under every key: VS Code validates a JSON file without a schema of its own against
 * nothing, so this is the lightest schema that still makes the service walk the whole document.
 */
const GENERIC_SCHEMA: JSONSchema = {
  type: 'object',
  additionalProperties: { type: ['object', 'array', 'string', 'number', 'boolean', 'null'] },
};

/** One language service per schema, configured as VS Code's JSON server does (fileMatch → schema). */
function jsonServices(root: string): Record<'lrschedule' | 'generic', LanguageService> {
  const make = (uri: string, schema: JSONSchema) => {
    const service = getLanguageService({});
    service.configure({ validate: true, allowComments: true, schemas: [{ uri, fileMatch: ['*'], schema }] });
    return service;
  };
  const lrschedule = JSON.parse(fs.readFileSync(path.join(root, 'schemas/lrschedule.schema.json'), 'utf8')) as JSONSchema;
  return { lrschedule: make('file:///bench/lrschedule.schema.json', lrschedule), generic: make('file:///bench/generic.schema.json', GENERIC_SCHEMA) };
}

/** The JSON language service's work on a keystroke: the document is parsed again, then validated. */
function jsonLanguageService(file: ConfigFile, service: LanguageService, version: () => number): () => PromiseLike<unknown> {
  const languageId = /\.jsonc$/.test(file.name) ? 'jsonc' : 'json';
  return () => {
    const document = TextDocument.create(`file:///bench/${file.name}`, languageId, version(), file.text);
    return service.doValidation(document, service.parseJSONDocument(document), { comments: 'ignore', trailingCommas: 'ignore' });
  };
}

export async function benchAnalysis(root: string, options: CompareOptions = {}): Promise<AnalysisRow[]> {
  const services = jsonServices(root);
  let version = 0;
  const rows: AnalysisRow[] = [];
  for (const file of benchConfigs(root)) {
    const fns: (() => unknown)[] = [keystroke(file), bareParse(file)];
    const schema = file.language === 'json' ? (/\.lrschedule\.jsonc?$/.test(file.name) ? 'lrschedule' : 'generic') : undefined;
    if (schema) {
      const service = jsonLanguageService(file, services[schema], () => ++version);
      // Resolve the schema once: VS Code's server has it cached after the first keystroke too.
      await service();
      fns.push(service);
    }
    const result = await compare(fns, options);
    const schedules = analyze(file.text, file.name, file.language).schedules.length;
    rows.push({
      label: file.label, language: file.language, lines: file.text.split('\n').length, schedules,
      analysisMs: result.ms[0], parseMs: result.ms[1], ratioParse: result.ratio(0, 1),
      ...(schema ? { jsonLsMs: result.ms[2], ratioJsonLs: result.ratio(0, 2), schema } : {}),
    });
  }
  return rows;
}
