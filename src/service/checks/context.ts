import { pyyamlSpelling } from '../../dialects/fields';
import type { Diagnostic, ReadSchedule, SettingRef } from '../../dialects/types';
import type { SourceRange } from '../../formats/tree';

/** What a schedule-level check sees: one read schedule, the file's text, and every diagnostic so far. */
export interface CheckInput {
  read: ReadSchedule;
  text: string;
  /** the dialects' own diagnostics (and earlier checks'): a generic check stays quiet where these spoke */
  diagnostics: Diagnostic[];
}

/** The first setting whose path's last segment matches `name` (e.g. `warmup_steps`, `WARMUP_ITERS`). */
export function settingNamed(read: ReadSchedule, pattern: RegExp): SettingRef | undefined {
  return read.settings.find(s => pattern.test(s.path.split('.').pop() ?? s.path));
}

/** A dialect diagnostic inside the schedule's span whose code ends with one of `suffixes`. */
export function dialectReported(input: CheckInput, suffixes: string[]): Diagnostic | undefined {
  return input.diagnostics.find(d => suffixes.some(s => d.code === s || d.code.endsWith(`-${s}`)) && inside(d.range, input.read.range));
}

function inside(range: SourceRange, outer: SourceRange): boolean {
  return range.start >= outer.start && range.end <= outer.end;
}

/** A number the way a config writes it: integers plainly, others with up to 6 significant digits. */
export function numberText(value: number): string {
  return Number.isInteger(value) ? String(value) : String(+value.toPrecision(6));
}

/** The text of a setting's value, and the number it holds (quotes aside; NaN when it is not one). */
export function writtenText(input: CheckInput, setting: { range: SourceRange }): string {
  return input.text.slice(setting.range.start, setting.range.end);
}

export function writtenNumber(input: CheckInput, setting: { range: SourceRange }): number {
  const text = writtenText(input, setting).trim();
  return Number(/^(["']).*\1$/.test(text) ? text.slice(1, -1) : text);
}

/**
 * `value` spelled to replace `written` and be read as the same type: a float stays a float (`0.0`, which yacs
 * needs where the default is a float), and an exponent gets a dot and a sign (`1.0e-7`), which PyYAML needs to
 * read a number; quotes around `written` are kept.
 */
export function numberLike(value: number, written: string): string {
  const quote = /^["']/.test(written) ? written[0] : '';
  const old = quote ? written.slice(1, -1) : written;
  let text = numberText(value);
  if (/e/i.test(text)) text = pyyamlSpelling(text);
  else if (Number.isInteger(value) && /^[-+]?(?:\d*\.\d*|\d+[eE][-+]?\d+)$/.test(old.trim())) text += '.0';
  return `${quote}${text}${quote}`;
}
