import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import { exceedsBracketDepth, MAX_DEPTH } from './depth';
import type { Comment, ConfigEntry, ConfigNode, ParsedDocument, ParseProblem, SourceRange } from './tree';

/**
 * Nodes an alias may expand to, per document. A "billion laughs" file (aliases of aliases of lists) would
 * otherwise expand exponentially; past this bound expansion stops with a problem.
 */
export const MAX_ALIAS_NODES = 100_000;

/** YAML (several documents, anchors, aliases, merge keys) → one config tree per document. */
export function parseYaml(original: string): ParsedDocument {
  const text = original.charCodeAt(0) === 0xfeff ? ' ' + original.slice(1) : original;
  const problems: ParseProblem[] = [];
  const tooDeepAt = exceedsBracketDepth(text);
  if (tooDeepAt !== undefined) {
    problems.push({ range: { start: tooDeepAt, end: tooDeepAt + 1 }, code: 'too-deep', severity: 'error',
      message: `The file nests more than ${MAX_DEPTH} levels deep; LR Lens does not read it.` });
    return { language: 'yaml', roots: [undefined], comments: yamlComments(text), problems };
  }
  let documents: Document.Parsed[];
  try {
    // The `yaml` package's own alias check (maxAliasCount) applies only to toJS(); we bound expansion ourselves.
    documents = parseAllDocuments(text, { merge: true, uniqueKeys: false, prettyErrors: false, strict: false }) as Document.Parsed[];
    if (!Array.isArray(documents)) documents = [documents];
  } catch (e) {
    problems.push({ range: { start: 0, end: Math.min(1, text.length) }, code: 'yaml-syntax', severity: 'error', message: `YAML: ${(e as Error).message}` });
    return { language: 'yaml', roots: [undefined], comments: yamlComments(text), problems };
  }
  const roots: (ConfigNode | undefined)[] = [];
  for (const doc of documents) {
    for (const error of doc.errors) {
      const [start, end] = error.pos;
      problems.push({ range: { start, end: Math.max(end, start + 1) }, code: 'yaml-syntax', severity: 'error', message: `YAML: ${firstLine(error.message)}` });
    }
    const converter = new Converter(text, doc, problems);
    roots.push(doc.contents ? converter.convert(doc.contents as YamlNode, 0) : undefined);
  }
  if (documents.length === 0) roots.push(undefined);
  return { language: 'yaml', roots, comments: yamlComments(text), problems };
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

class Converter {
  private aliasNodes = 0;
  private aliasLimitReported = false;

  constructor(private readonly text: string, private readonly doc: Document.Parsed, private readonly problems: ParseProblem[]) {}

  convert(node: YamlNode | null | undefined, depth: number, viaAlias = false, at?: SourceRange): ConfigNode {
    const range = at ?? rangeOf(node);
    if (viaAlias && ++this.aliasNodes > MAX_ALIAS_NODES) return this.aliasLimit(range);
    if (depth > MAX_DEPTH) {
      this.problems.push({ range, code: 'too-deep', severity: 'error', message: `The file nests more than ${MAX_DEPTH} levels deep; LR Lens does not read it.` });
      return { kind: 'opaque', range };
    }
    if (!node) return { kind: 'null', range };
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) return { kind: 'opaque', range, text: this.text.slice(range.start, range.end) };
      // The alias's own span stands for the whole expansion: that is where the user wrote it.
      return this.convert(target as YamlNode, depth + 1, true, range);
    }
    if (isScalar(node)) return this.scalar(node, range);
    if (isMap(node)) {
      const entries: ConfigEntry[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as YamlNode | null;
        const keyText = isScalar(key) ? String(key.value) : key ? this.text.slice(rangeOf(key).start, rangeOf(key).end) : '';
        if (keyText === '<<' && isScalar(key) && key.source === '<<') {
          this.merge(pair.value as YamlNode, entries, depth, viaAlias);
          continue;
        }
        const keyRange = key ? rangeOf(key) : range;
        const value = pair.value === null || pair.value === undefined
          ? { kind: 'null' as const, range: { start: keyRange.end, end: keyRange.end } }
          : this.convert(pair.value as YamlNode, depth + 1, viaAlias, viaAlias ? range : undefined);
        entries.push({ key: keyText, keyRange: viaAlias ? range : keyRange, value });
      }
      return { kind: 'object', range, entries };
    }
    if (isSeq(node)) {
      return { kind: 'array', range, items: node.items.map(item => this.convert(item as YamlNode, depth + 1, viaAlias, viaAlias ? range : undefined)) };
    }
    return { kind: 'opaque', range, text: this.text.slice(range.start, range.end) };
  }

  /** `<<: *base` or `<<: [*a, *b]`: the merged entries come first, so the map's own keys win. */
  private merge(value: YamlNode | null, entries: ConfigEntry[], depth: number, viaAlias: boolean): void {
    const sources = value && isSeq(value) ? (value.items as YamlNode[]) : [value];
    for (const source of sources) {
      const merged = this.convert(source, depth + 1, viaAlias);
      if (merged.kind === 'object') entries.unshift(...merged.entries);
    }
  }

  private scalar(node: YamlNode & { value: unknown; type?: string; source?: string }, range: SourceRange): ConfigNode {
    const text = this.text.slice(range.start, range.end);
    const value = node.value;
    if (typeof value === 'number') return { kind: 'number', range, value, text };
    if (typeof value === 'bigint') return { kind: 'number', range, value: Number(value), text };
    if (typeof value === 'boolean') return { kind: 'boolean', range, value, text };
    if (value === null || value === undefined) return { kind: 'null', range, text };
    if (typeof value === 'string') return { kind: 'string', range, value, quoted: node.type !== 'PLAIN', text };
    return { kind: 'opaque', range, text };
  }

  private aliasLimit(range: SourceRange): ConfigNode {
    if (!this.aliasLimitReported) {
      this.aliasLimitReported = true;
      this.problems.push({ range, code: 'yaml-alias-limit', severity: 'error',
        message: `YAML aliases here expand to more than ${MAX_ALIAS_NODES.toLocaleString('en-US')} nodes (an alias bomb?); LR Lens stops expanding them.` });
    }
    return { kind: 'opaque', range };
  }
}

function rangeOf(node: YamlNode | null | undefined): SourceRange {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : { start: 0, end: 0 };
}

/**
 * `#` comments: a `#` at the start of a line or after whitespace, outside quotes. Scanned from the text because
 * the directive comments (`# lr-lens: steps_per_epoch=1252`) may sit anywhere, before or between documents.
 */
function yamlComments(text: string): Comment[] {
  const comments: Comment[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const hash = text.indexOf('#', lineStart);
    if (hash >= 0 && hash < lineEnd) {
      let quote = '';
      for (let i = lineStart; i < lineEnd; i++) {
        const c = text[i];
        if (quote) { if (c === quote) quote = ''; continue; }
        if ((c === '"' || c === "'") && (i === lineStart || /[\s:,[{-]/.test(text[i - 1]))) quote = c;
        else if (c === '#' && (i === lineStart || /\s/.test(text[i - 1]))) {
          const end = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
          comments.push({ range: { start: i, end }, text: text.slice(i + 1, end).trim() });
          break;
        }
      }
    }
    lineStart = lineEnd + 1;
  }
  return comments;
}
