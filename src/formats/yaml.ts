import type * as Yaml from 'yaml';
import type { Document, Node as YamlNode, Scalar, YAMLError } from 'yaml';

/**
 * `yaml` is loaded with the first YAML text, not with the extension: evaluating it is a third of the bundle's
 * start-up (about 14 ms), which a JSON or TypeScript user should not pay for at activation.
 */
let loaded: typeof Yaml | undefined;
function yaml(): typeof Yaml {
  return (loaded ??= require('yaml') as typeof Yaml);
}
import { exceedsBracketDepth, MAX_DEPTH, TOO_DEEP_MESSAGE } from './depth';
import { quoted } from './quote';
import type { Comment, ConfigEntry, ConfigNode, ParsedDocument, ParseProblem, SourceRange } from './tree';

/**
 * Nodes aliases may expand to, per file (shared by all the documents of a stream: 1,000 documents each just
 * under a per-document bound cost seconds). A "billion laughs" file (aliases of aliases of lists) would
 * otherwise expand exponentially; past this bound expansion stops with a problem.
 */
export const MAX_ALIAS_NODES = 100_000;

/**
 * Line breaks and commas a YAML file may hold, an upper estimate of its nodes counted before the `yaml` package
 * parses it. That parse costs 5–8 µs per node on the 2-core CI machine, and the size limit (MAX_YAML_SIZE) alone
 * lets through 21,000 nodes of a flow list of aliases (`[*s,*s,…]`, three bytes each): 120–165 ms of parse and
 * 240 ms of analysis, at the edge of a keystroke's 250 ms (issue 11). A real config has a few hundred lines; a
 * full mmdet or Hydra dump of 60 KB about 2,500, with few commas. At this bound the parse stays under ~80 ms.
 */
export const MAX_YAML_ITEMS = 10_000;

/** Tags the YAML 1.2 core schema resolves; any other tag on a collection makes it opaque. */
const CORE_COLLECTION_TAGS = new Set(['tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq']);
/** PyYAML's tuples and lists (`betas: !!python/tuple [0.9, 0.999]`) are plain sequences of values. */
const SEQUENCE_TAGS = new Set(['tag:yaml.org,2002:python/tuple', 'tag:yaml.org,2002:python/list']);

/** YAML (several documents, anchors, aliases, merge keys) → one config tree per document. */
export function parseYaml(text: string): ParsedDocument {
  const problems: ParseProblem[] = [];
  const comments = yamlComments(text);
  const tooDeepAt = exceedsBracketDepth(text, 'yaml');
  if (tooDeepAt !== undefined) {
    problems.push({ range: { start: tooDeepAt, end: tooDeepAt + 1 }, code: 'too-deep', severity: 'error', message: TOO_DEEP_MESSAGE });
    return { language: 'yaml', roots: [undefined], comments, problems };
  }
  const items = itemCount(text);
  if (items > MAX_YAML_ITEMS) {
    problems.push({ range: { start: 0, end: 0 }, code: 'yaml-too-many-items', severity: 'warning',
      message: `The file holds ${items.toLocaleString('en-US')} lines and commas, more than the ${MAX_YAML_ITEMS.toLocaleString('en-US')} LR Lens reads in YAML (a training config has a few hundred): it is not analysed.` });
    return { language: 'yaml', roots: [undefined], comments, problems };
  }
  let documents: Document.Parsed[];
  try {
    // `merge: false`: `<<` stays a plain key that Converter merges itself (with `merge: true` the key becomes a
    // Symbol). A BOM needs no blanking: yaml's lexer skips it and keeps offsets into the original text.
    documents = yaml().parseAllDocuments(text, { merge: false, uniqueKeys: false, prettyErrors: false, strict: false }) as Document.Parsed[];
  } catch (e) {
    problems.push({ range: { start: 0, end: Math.min(1, text.length) }, code: 'yaml-syntax', severity: 'error', message: `YAML: ${(e as Error).message}` });
    return { language: 'yaml', roots: [undefined], comments, problems };
  }
  const roots: (ConfigNode | undefined)[] = [];
  const aliasBudget: AliasBudget = { nodes: 0, reported: false };
  for (const doc of documents) {
    reportErrors(doc.errors, problems, text.length);
    const converter = new Converter(text, problems, aliasBudget);
    roots.push(isEmpty(doc.contents) ? undefined : converter.convert(doc.contents as YamlNode, 0));
  }
  if (documents.length === 0) {
    // An empty stream still carries the errors of what was not a document (a stray `...`).
    reportErrors((documents as { errors?: YAMLError[] }).errors ?? [], problems, text.length);
    roots.push(undefined);
  }
  return { language: 'yaml', roots, comments, problems };
}

/** Line breaks and commas in the text (MAX_YAML_ITEMS): one pass, no allocation. */
function itemCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x2c) count++;
  }
  return count;
}

/** A document with nothing in it (`---` alone, only comments): yaml gives it an empty null scalar. */
function isEmpty(contents: unknown): boolean {
  if (!contents) return true;
  return yaml().isScalar(contents) && contents.value === null && !!contents.range && contents.range[0] === contents.range[1];
}

function reportErrors(errors: YAMLError[], problems: ParseProblem[], textLength: number): void {
  let tooDeepReported = false;
  for (const error of errors) {
    // at least one character wide, but an error at the end of the text (`key: "…` unclosed) stays inside it
    const start = Math.min(error.pos[0], textLength);
    const range = { start, end: Math.min(Math.max(error.pos[1], start + 1), textLength) };
    // yaml's composer catches its own stack overflow (one error per level it unwinds): say it once, plainly.
    if (error.code === 'RESOURCE_EXHAUSTION') {
      if (!tooDeepReported) problems.push({ range, code: 'too-deep', severity: 'error', message: TOO_DEEP_MESSAGE });
      tooDeepReported = true;
      continue;
    }
    problems.push({ range, code: 'yaml-syntax', severity: 'error', message: `YAML: ${quoted(error.message.split('\n')[0])}` });
  }
}

/** Alias expansions so far in the file, against MAX_ALIAS_NODES (reported once per file). */
interface AliasBudget {
  nodes: number;
  reported: boolean;
}

interface Converted {
  node: ConfigNode;
  /** nodes in the subtree, counting each alias expansion in full */
  size: number;
}

class Converter {
  /** the converted tree of each anchor defined so far (a later `&name` replaces an earlier one, as in YAML) */
  private readonly anchors = new Map<string, Converted>();
  private produced = 0;
  private tooDeepReported = false;

  constructor(private readonly text: string, private readonly problems: ParseProblem[], private readonly aliasBudget: AliasBudget) {}

  convert(node: YamlNode | null | undefined, depth: number): ConfigNode {
    const before = this.produced;
    const result = this.convertNode(node, depth);
    const anchor = node && !yaml().isAlias(node) ? (node as { anchor?: string }).anchor : undefined;
    // Registered after the node is read: an alias inside its own anchor (`&a [*a]`) is a cycle, not a value.
    if (anchor) this.anchors.set(anchor, { node: result, size: this.produced - before });
    return result;
  }

  private convertNode(node: YamlNode | null | undefined, depth: number): ConfigNode {
    this.produced++;
    const range = rangeOf(node, this.text);
    if (!node) return { kind: 'null', range };
    if (depth > MAX_DEPTH) {
      if (!this.tooDeepReported) this.problems.push({ range, code: 'too-deep', severity: 'error', message: TOO_DEEP_MESSAGE });
      this.tooDeepReported = true;
      return { kind: 'opaque', range };
    }
    if (yaml().isAlias(node)) return this.alias(node.source, range);
    if (yaml().isScalar(node)) return this.scalar(node, range);
    const tag = (node as { tag?: string }).tag;
    if (yaml().isCollection(node) && tag && !CORE_COLLECTION_TAGS.has(tag) && !(yaml().isSeq(node) && SEQUENCE_TAGS.has(tag))) {
      // `!!python/object:…`, `!!set`, a custom `!Tag {…}`: built by code we do not run.
      return { kind: 'opaque', range, text: this.text.slice(range.start, range.end) };
    }
    if (yaml().isMap(node)) return this.map(node.items, range, depth);
    if (yaml().isSeq(node)) return { kind: 'array', range, items: node.items.map(item => this.convert(item as YamlNode, depth + 1)) };
    return { kind: 'opaque', range, text: this.text.slice(range.start, range.end) };
  }

  /**
   * `*name` stands for the anchored tree itself (shared, not copied): only its top node takes the alias's range,
   * so an edit of a value inside still lands on the anchor's definition. Expansions are counted against
   * MAX_ALIAS_NODES (across the file's documents) because a reader walking the tree walks every expansion.
   */
  private alias(name: string, range: SourceRange): ConfigNode {
    const target = this.anchors.get(name);
    if (!target) {
      // yaml itself accepts an unknown alias silently; a cycle (`&a [*a]`) lands here too
      this.problems.push({ range, code: 'yaml-syntax', severity: 'error', message: `YAML: \`*${quoted(name)}\` refers to no anchor \`&${quoted(name)}\` defined before it.` });
      return { kind: 'opaque', range, text: this.text.slice(range.start, range.end) };
    }
    const budget = this.aliasBudget;
    if (budget.nodes + target.size > MAX_ALIAS_NODES) {
      if (!budget.reported) {
        this.problems.push({ range, code: 'yaml-alias-limit', severity: 'error',
          message: `YAML aliases here expand to more than ${MAX_ALIAS_NODES.toLocaleString('en-US')} nodes in this file (an alias bomb?); LR Lens stops expanding them.` });
      }
      budget.reported = true;
      return { kind: 'opaque', range, text: this.text.slice(range.start, range.end) };
    }
    budget.nodes += target.size;
    this.produced += target.size - 1;
    return { ...target.node, range };
  }

  /**
   * Mapping entries in order, with `<<: *base` / `<<: [*a, *b]` merged as YAML 1.1 merge keys (PyYAML, Ultralytics
   * and mmengine configs use them): the mapping's own keys win, then earlier merged maps over later ones. Merged
   * entries come first and no key is repeated because of a merge.
   */
  private map(items: unknown[], range: SourceRange, depth: number): ConfigNode {
    const own: ConfigEntry[] = [];
    const sources: ConfigNode[] = [];
    for (const pair of items) {
      if (!yaml().isPair(pair)) continue;
      const key = pair.key as YamlNode | null;
      const value = pair.value as YamlNode | null;
      if (yaml().isScalar(key) && key.type === 'PLAIN' && key.source === '<<') {
        const merged = this.convert(value, depth + 1);
        if (merged.kind === 'object') {
          sources.push(merged);
          continue;
        }
        if (merged.kind === 'array' && merged.items.every(item => item.kind === 'object')) {
          sources.push(...merged.items);
          continue;
        }
        own.push({ key: '<<', keyRange: rangeOf(key, this.text), value: merged });
        continue;
      }
      const keyRange = key ? rangeOf(key, this.text) : range;
      const keyText = yaml().isScalar(key) ? String(key.value) : key ? this.text.slice(keyRange.start, keyRange.end) : '';
      const valueNode: ConfigNode = value === null || value === undefined
        ? { kind: 'null', range: { start: keyRange.end, end: keyRange.end } }
        : this.convert(value, depth + 1);
      own.push({ key: keyText, keyRange, value: valueNode });
    }
    if (sources.length === 0) return { kind: 'object', range, entries: own };
    const taken = new Set(own.map(e => e.key));
    const merged: ConfigEntry[] = [];
    for (const source of sources) {
      if (source.kind !== 'object') continue;
      for (const entry of source.entries) {
        if (taken.has(entry.key)) continue;
        taken.add(entry.key);
        merged.push(entry);
      }
    }
    return { kind: 'object', range, entries: [...merged, ...own] };
  }

  private scalar(node: Scalar, range: SourceRange): ConfigNode {
    const text = this.text.slice(range.start, range.end);
    const value = node.value;
    if (typeof value === 'number') return { kind: 'number', range, value, text };
    if (typeof value === 'bigint') return { kind: 'number', range, value: Number(value), text };
    if (typeof value === 'boolean') return { kind: 'boolean', range, value, text };
    if (value === null || value === undefined) return { kind: 'null', range, text };
    // `!!str 1e-3` is as much a string as `"1e-3"`: only an untagged plain scalar counts as unquoted.
    if (typeof value === 'string') return { kind: 'string', range, value, quoted: node.type !== 'PLAIN' || node.tag !== undefined, text };
    return { kind: 'opaque', range, text };
  }
}

/** The node's value span (without its anchor and tag), without the line break a block collection ends with. */
function rangeOf(node: YamlNode | null | undefined, text: string): SourceRange {
  const r = node?.range;
  if (!r) return { start: 0, end: 0 };
  let end = r[1];
  // bounded so 1,000 collections ending on one long blank run stay linear
  for (let k = 0; end > r[0] && k < 64 && /\s/.test(text[end - 1]); k++) end--;
  return { start: r[0], end };
}

/**
 * `#` comments: a `#` at the start of a line or after whitespace, outside quoted scalars and block scalars.
 * Scanned from the text because the directive comments (`# lr-lens: steps_per_epoch=1252`) may sit anywhere,
 * before or between documents. A `#` line inside a `|` block is text, not a comment.
 */
function yamlComments(text: string): Comment[] {
  const comments: Comment[] = [];
  /** inside a block scalar: its lines are indented more than this column */
  let blockParent = -1;
  /** an open quoted scalar (they may span lines) */
  let quote = '';
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let indent = lineStart;
    while (indent < lineEnd && text[indent] === ' ') indent++;
    const blank = indent === lineEnd || (indent === lineEnd - 1 && text[indent] === '\r');
    if (blockParent >= 0 && (blank || indent - lineStart > blockParent)) {
      lineStart = lineEnd + 1;
      continue;
    }
    blockParent = -1;
    // the column of the line's first node after `- ` / `? ` indicators: a block scalar's parent
    let nodeColumn = indent;
    while ((text[nodeColumn] === '-' || text[nodeColumn] === '?') && text[nodeColumn + 1] === ' ') {
      nodeColumn += 2;
      while (text[nodeColumn] === ' ') nodeColumn++;
    }
    let codeEnd = lineEnd;
    for (let i = lineStart; i < lineEnd; i++) {
      const c = text[i];
      if (quote) {
        if (c === quote && quote === "'" && text[i + 1] === "'") i++;
        else if (c === '\\' && quote === '"') i++;
        else if (c === quote) quote = '';
        continue;
      }
      if ((c === '"' || c === "'") && startsScalar(text, lineStart, i)) quote = c;
      else if (c === '#' && (i === lineStart || /\s/.test(text[i - 1]))) {
        const end = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
        comments.push({ range: { start: i, end }, text: text.slice(i + 1, end).trim() });
        codeEnd = i;
        break;
      }
    }
    if (!quote) {
      const m = /(^|[\s:-])[|>][-+1-9]*\s*$/.exec(text.slice(nodeColumn, codeEnd));
      if (m) {
        // `key: |` → lines deeper than the key; `- |` → lines deeper than the `-`
        const afterColon = /:\s+[|>][-+1-9]*\s*$/.test(text.slice(nodeColumn, codeEnd));
        blockParent = afterColon ? nodeColumn - lineStart : Math.max(0, nodeColumn - lineStart - 2);
      }
    }
    lineStart = lineEnd + 1;
  }
  return comments;
}

/** A quote opens a quoted scalar only where a value starts: after `: `, `- `, `? `, `[`, `{`, `,` or a line's indent. */
function startsScalar(text: string, lineStart: number, i: number): boolean {
  let j = i - 1;
  while (j >= lineStart && (text[j] === ' ' || text[j] === '\t')) j--;
  if (j < lineStart) return true;
  const before = text[j];
  if (before === '[' || before === '{' || before === ',') return true;
  return (before === ':' || before === '-' || before === '?') && j < i - 1 && (j === lineStart || /\s/.test(text[j - 1]) || before === ':');
}
