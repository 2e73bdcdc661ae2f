/**
 * The one small config tree every format (JSON, YAML, TS) is turned into. Every node keeps its source range
 * (character offsets into the original text) so diagnostics, hovers and quick fixes can point back at it.
 */
export interface SourceRange {
  /** offset of the first character */
  start: number;
  /** offset just past the last character */
  end: number;
}

interface NodeBase {
  range: SourceRange;
  /** the node's source text exactly as written (e.g. `1e-3`, `"0.1"`, `.inf`); used to emulate other loaders */
  text?: string;
  /**
   * Set on a node that a base file (`_BASE_`, `_base_`) gave the merged tree: where it is written. Its `range`
   * then points at the entry of the analysed file that names that base, never into the base's text, so that
   * every range of the tree fits the analysed file (its diagnostics, hovers and edits).
   */
  origin?: NodeOrigin;
}

/** A node's place in another file: its real path ('/'-separated) and its offsets in that file's text. */
export interface NodeOrigin {
  path: string;
  range: SourceRange;
}

export interface ObjectNode extends NodeBase {
  kind: 'object';
  entries: ConfigEntry[];
}
export interface ArrayNode extends NodeBase {
  kind: 'array';
  items: ConfigNode[];
}
export interface StringNode extends NodeBase {
  kind: 'string';
  value: string;
  /** false for a YAML plain (unquoted) scalar that the YAML 1.2 parser kept as a string */
  quoted: boolean;
}
export interface NumberNode extends NodeBase {
  kind: 'number';
  value: number;
}
export interface BooleanNode extends NodeBase {
  kind: 'boolean';
  value: boolean;
}
export interface NullNode extends NodeBase {
  kind: 'null';
}
/** Something that is not a literal (a TS expression, a YAML tag we do not resolve): kept, never evaluated. */
export interface OpaqueNode extends NodeBase {
  kind: 'opaque';
}

export type ConfigNode = ObjectNode | ArrayNode | StringNode | NumberNode | BooleanNode | NullNode | OpaqueNode;

export interface ConfigEntry {
  key: string;
  keyRange: SourceRange;
  value: ConfigNode;
}

export type FormatLanguage = 'json' | 'yaml' | 'typescript';

export interface ParseProblem {
  range: SourceRange;
  /** stable code, e.g. `json-syntax`, `yaml-syntax`, `yaml-alias-limit`, `ts-syntax`, `too-deep` */
  code: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface Comment {
  range: SourceRange;
  /** the comment's text without its `#`, `//` or `/* *\/` markers */
  text: string;
}

export interface ParsedDocument {
  language: FormatLanguage;
  /** one root per YAML document; exactly one (possibly undefined when nothing parsed) for JSON and TS */
  roots: (ConfigNode | undefined)[];
  comments: Comment[];
  problems: ParseProblem[];
}
