import { createScanner, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { exceedsBracketDepth, TOO_DEEP_MESSAGE } from './depth';
import type { Comment, ConfigNode, ParsedDocument, ParseProblem } from './tree';

/** JSON and JSONC (comments, trailing commas) → config tree; broken text gives a partial tree and problems. */
export function parseJson(original: string): ParsedDocument {
  // A BOM is blanked rather than removed, so every offset still indexes the original text.
  const text = original.charCodeAt(0) === 0xfeff ? ' ' + original.slice(1) : original;
  const problems: ParseProblem[] = [];
  const tooDeepAt = exceedsBracketDepth(text, 'json');
  if (tooDeepAt !== undefined) {
    problems.push({ range: { start: tooDeepAt, end: tooDeepAt + 1 }, code: 'too-deep', severity: 'error', message: TOO_DEEP_MESSAGE });
    return { language: 'json', roots: [undefined], comments: [], problems };
  }
  const errors: ParseError[] = [];
  let tree: Node | undefined;
  try {
    tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch {
    // Only a stack overflow the pre-scan did not foresee (a caller already deep in its stack) can land here.
    problems.push({ range: { start: 0, end: Math.min(1, text.length) }, code: 'too-deep', severity: 'error', message: TOO_DEEP_MESSAGE });
    return { language: 'json', roots: [undefined], comments: jsonComments(text), problems };
  }
  for (const e of errors) {
    problems.push({ range: { start: e.offset, end: Math.min(text.length, e.offset + Math.max(1, e.length)) }, code: 'json-syntax', severity: 'error',
      message: `JSON: ${describeError(printParseErrorCode(e.error))}` });
  }
  return { language: 'json', roots: [tree ? toConfig(tree, text) : undefined], comments: jsonComments(text), problems };
}

function describeError(code: string): string {
  // printParseErrorCode gives `CommaExpected`; users read "comma expected".
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function toConfig(node: Node, text: string): ConfigNode {
  const range = { start: node.offset, end: node.offset + node.length };
  switch (node.type) {
    case 'object':
      return {
        kind: 'object', range,
        entries: (node.children ?? []).flatMap(property => {
          const [key, value] = property.children ?? [];
          if (!key) return [];
          const valueNode: ConfigNode = value ? toConfig(value, text) : { kind: 'null', range: { start: key.offset + key.length, end: key.offset + key.length } };
          return [{ key: String(key.value), keyRange: { start: key.offset, end: key.offset + key.length }, value: valueNode }];
        }),
      };
    case 'array':
      return { kind: 'array', range, items: (node.children ?? []).map(child => toConfig(child, text)) };
    case 'string':
      return { kind: 'string', range, value: String(node.value), quoted: true, text: text.slice(range.start, range.end) };
    case 'number':
      return { kind: 'number', range, value: Number(node.value), text: text.slice(range.start, range.end) };
    case 'boolean':
      return { kind: 'boolean', range, value: Boolean(node.value) };
    case 'null':
      return { kind: 'null', range };
    default:
      return { kind: 'opaque', range, text: text.slice(range.start, range.end) };
  }
}

// jsonc-parser's SyntaxKind is a const enum, which isolated modules cannot read: its two comment kinds.
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const EOF = 17;

function jsonComments(text: string): Comment[] {
  const comments: Comment[] = [];
  if (!text.includes('/')) return comments;
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    if (kind === LINE_COMMENT || kind === BLOCK_COMMENT) {
      const start = scanner.getTokenOffset();
      const raw = text.slice(start, start + scanner.getTokenLength());
      const body = kind === LINE_COMMENT ? raw.slice(2) : raw.slice(2, raw.endsWith('*/') ? -2 : undefined);
      comments.push({ range: { start, end: start + scanner.getTokenLength() }, text: body.trim() });
    }
  }
  return comments;
}
