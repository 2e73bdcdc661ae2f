import { pyyamlSpelling } from '../../dialects/fields';
import type { Diagnostic, ReadSchedule, SettingRef } from '../../dialects/types';
import type { SourceRange } from '../../formats/tree';

/** What a schedule-level check sees: one read schedule, the file's text, and every diagnostic so far. */
export interface CheckInput {
  read: ReadSchedule;
  text: string;
  /**
   * the dialects' own diagnostics (and earlier checks'): a generic check stays quiet where these spoke. The
   * analysis passes its file-wide index; a plain list (one check run on its own) is indexed when asked.
   */
  diagnostics: DiagnosticIndex | readonly Diagnostic[];
}

/** The first setting whose path's last segment matches `name` (e.g. `warmup_steps`, `WARMUP_ITERS`). */
export function settingNamed(read: ReadSchedule, pattern: RegExp): SettingRef | undefined {
  return read.settings.find(s => pattern.test(s.path.split('.').pop() ?? s.path));
}

/** The earliest diagnostic inside the schedule's span whose code ends with one of `suffixes`. */
export function dialectReported(input: CheckInput, suffixes: string[]): Diagnostic | undefined {
  const index = input.diagnostics instanceof DiagnosticIndex ? input.diagnostics : new DiagnosticIndex(input.diagnostics);
  return index.find(input.read.range, suffixes);
}

/**
 * The diagnostics so far, indexed for `dialectReported`: every check of every schedule asks about them, so
 * scanning them all on each question made a file of N schedulers cost N² (issue 11: 4,000 schedulers took 14 s).
 * The first question about a code suffix files the diagnostics with it (`pt-milestones-unsorted` answers for
 * `milestones-unsorted` and `unsorted`), sorted by where they start; later diagnostics join the lists asked about.
 * A question then reads only the diagnostics of the codes it names that start inside the schedule.
 */
export class DiagnosticIndex {
  private readonly all: Diagnostic[] = [];
  private readonly bySuffix = new Map<string, RangeList<Diagnostic>>();

  constructor(diagnostics: readonly Diagnostic[] = []) {
    for (const d of diagnostics) this.add(d);
  }

  add(diagnostic: Diagnostic): void {
    const order = this.all.push(diagnostic) - 1;
    if (this.bySuffix.size === 0) return;
    const code = diagnostic.code;
    for (let at = 0; ; ) {
      this.bySuffix.get(code.slice(at))?.add(diagnostic.range, diagnostic, order);
      const dash = code.indexOf('-', at);
      if (dash < 0) break;
      at = dash + 1;
    }
  }

  /** The first diagnostic added inside `range` whose code is one of `suffixes` or ends with `-` and one of them. */
  find(range: SourceRange, suffixes: readonly string[]): Diagnostic | undefined {
    let best: { order: number; item: Diagnostic } | undefined;
    for (const suffix of suffixes) {
      const found = this.withSuffix(suffix).firstInside(range);
      if (found && (!best || found.order < best.order)) best = found;
    }
    return best?.item;
  }

  private withSuffix(suffix: string): RangeList<Diagnostic> {
    let list = this.bySuffix.get(suffix);
    if (!list) {
      list = new RangeList();
      this.all.forEach((d, order) => { if (d.code === suffix || d.code.endsWith(`-${suffix}`)) list!.add(d.range, d, order); });
      this.bySuffix.set(suffix, list);
    }
    return list;
  }
}

/**
 * Items with a source range, sorted by start (then by the order they were added), answering "which lie inside
 * this range" by a binary search and a walk over the items that start inside it.
 */
export class RangeList<T> {
  private readonly entries: { range: SourceRange; order: number; item: T }[] = [];
  private sorted = true;

  /** `order`: where the item stands among all those added (by default, among this list's). */
  add(range: SourceRange, item: T, order = this.entries.length): void {
    const last = this.entries[this.entries.length - 1];
    if (last && last.range.start > range.start) this.sorted = false;
    this.entries.push({ range, order, item });
  }

  /** Every item inside `outer`, in source order. */
  *inside(outer: SourceRange): Generator<T> {
    for (let i = this.firstStartingAt(outer.start); i < this.entries.length && this.entries[i].range.start <= outer.end; i++) {
      if (this.entries[i].range.end <= outer.end) yield this.entries[i].item;
    }
  }

  /** The earliest added item inside `outer`, with its order of addition. */
  firstInside(outer: SourceRange): { order: number; item: T } | undefined {
    let best: { order: number; item: T } | undefined;
    for (let i = this.firstStartingAt(outer.start); i < this.entries.length && this.entries[i].range.start <= outer.end; i++) {
      const e = this.entries[i];
      if (e.range.end <= outer.end && (!best || e.order < best.order)) best = e;
    }
    return best;
  }

  /** The first index whose start is ≥ `start`, sorting first if items came out of order. */
  private firstStartingAt(start: number): number {
    // A stable sort, so ties stay in order of addition; on a list that was sorted but for the last few items
    // (checks add theirs schedule by schedule) it is a merge of two runs, not a full sort.
    if (!this.sorted) { this.entries.sort((a, b) => a.range.start - b.range.start); this.sorted = true; }
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid].range.start < start) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
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
