import type { TextEdit } from '../../dialects/types';
import type { SourceRange } from '../../formats/tree';

/**
 * Removes a whole `key: value` entry (its `keyRange`) with its line, and the comma that separated it in JSON:
 * its own trailing comma, or the previous entry's when it was the last one. Undefined when the entry shares
 * its line with another (a one-line JSON object), where removing the line would take the neighbour too.
 */
export function removeEntry(text: string, keyRange: SourceRange): TextEdit | undefined {
  const lineStart = text.lastIndexOf('\n', keyRange.start - 1) + 1;
  if (text.slice(lineStart, keyRange.start).trim() !== '') return undefined;
  let after = keyRange.end;
  while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
  const ownComma = text[after] === ',';
  if (ownComma) after++;
  const lineEnd = text.indexOf('\n', after);
  const rest = text.slice(after, lineEnd < 0 ? text.length : lineEnd).trim();
  // a trailing comment about the removed entry goes with it; anything else on the line stays
  if (rest !== '' && !rest.startsWith('#') && !rest.startsWith('//')) return undefined;
  const end = lineEnd < 0 ? text.length : lineEnd + 1;
  if (ownComma || !/^\s*[}\]]/.test(text.slice(end))) return { range: { start: lineStart, end }, newText: '' };
  // the last entry of a JSON object: the comma before it must go too
  let before = lineStart - 1;
  while (before >= 0 && /\s/.test(text[before])) before--;
  if (text[before] !== ',') return { range: { start: lineStart, end }, newText: '' };
  return { range: { start: before, end: lineEnd < 0 ? text.length : lineEnd }, newText: '' };
}

/** Inserts `entry` as the first entry before `firstKey`, on its own line when the entries are on their own lines. */
export function insertEntryBefore(text: string, firstKey: SourceRange, entry: string): TextEdit {
  const lineStart = text.lastIndexOf('\n', firstKey.start - 1) + 1;
  const indent = text.slice(lineStart, firstKey.start);
  // only blanks are an indent to copy (trim() would also take a stray BOM for one)
  const separator = /^[ \t]*$/.test(indent) ? `,\n${indent}` : ', ';
  return { range: { start: firstKey.start, end: firstKey.start }, newText: `${entry}${separator}` };
}
