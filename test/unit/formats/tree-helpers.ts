import assert from 'node:assert/strict';
import { getPath } from '../../../src/formats/access';
import type { ConfigNode, ObjectNode, ParsedDocument, SourceRange } from '../../../src/formats/tree';

/** The source text a range points at. */
export function slice(text: string, range: SourceRange): string {
  return text.slice(range.start, range.end);
}

/** The single root as an object (fails the test otherwise). */
export function rootObject(doc: ParsedDocument, index = 0): ObjectNode {
  const root = doc.roots[index];
  assert.ok(root, `root ${index} is missing; problems: ${JSON.stringify(doc.problems)}`);
  assert.equal(root.kind, 'object');
  return root as ObjectNode;
}

/** The node at a path (fails the test when it is missing). */
export function at(root: ConfigNode | undefined, ...keys: string[]): ConfigNode {
  const node = getPath(root, keys);
  assert.ok(node, `no node at ${keys.join('.')}`);
  return node;
}

export function codes(doc: ParsedDocument): string[] {
  return doc.problems.map(p => p.code);
}

/** Runs `parse` and checks it took less than `ms` (generous: a quadratic or exponential path takes minutes). */
export function within<T>(ms: number, parse: () => T): T {
  const start = performance.now();
  const result = parse();
  const took = performance.now() - start;
  assert.ok(took < ms, `took ${took.toFixed(0)} ms (limit ${ms} ms)`);
  return result;
}
