/**
 * Version specifiers as the pin files write them, read into sets of release versions: PEP 440 (`==`, `~=`, `>=`,
 * `<`, `!=`, `X.*`; requirements.txt, pyproject's [project], setup.cfg/setup.py, Pipfile), Poetry (`^`, `~`, bare
 * versions, `||`) and conda (`=4.46`, `4.46.*`). Only the release segment counts: LR Lens tells framework
 * generations apart (transformers 4 and 5, …), never pre-releases, so `5.0.0rc1` is read as 5.0.0.
 */

/** A release segment, e.g. [4, 46, 1]; missing components are 0. */
export type Version = readonly number[];

interface Bound { v: Version; inclusive: boolean }
/** An interval of versions; an absent bound is unbounded. */
export interface Interval { lo?: Bound; hi?: Bound }
/** A union of intervals. [] is the empty set. */
export type VersionSet = readonly Interval[];

export const ANY: VersionSet = [{}];
/** Intervals a set may hold: a hostile list of 10,000 `!=` would otherwise split it 10,000 times. */
const MAX_INTERVALS = 64;
/** Specifiers read per requirement (a longer list is not a real pin). */
export const MAX_SPECIFIERS = 32;
/** Components read per version (a 10,000-component version is not one). */
const MAX_COMPONENTS = 8;

export function compareVersions(a: Version, b: Version): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** `4.46.1`, `v4.46`, `1!4.46.1rc1+cpu` (epoch, pre/post/dev and local parts dropped) → [4, 46, 1]. */
export function parseVersion(text: string): Version | undefined {
  const m = /^\s*v?(?:\d+!)?(\d+(?:\.\d+)*)/.exec(text);
  if (!m) return undefined;
  const v = m[1].split('.', MAX_COMPONENTS).map(Number);
  return v.every(Number.isSafeInteger) ? v : undefined;
}

/** The version just past every version that starts with `prefix` ([4, 46] → [4, 47]). */
function nextPrefix(prefix: Version): Version {
  return [...prefix.slice(0, -1), prefix[prefix.length - 1] + 1];
}

function lower(v: Version, inclusive: boolean): Interval { return { lo: { v, inclusive } }; }
function upper(v: Version, inclusive: boolean): Interval { return { hi: { v, inclusive } }; }
function between(lo: Version, hi: Version): Interval { return { lo: { v: lo, inclusive: true }, hi: { v: hi, inclusive: false } }; }

function isEmpty(i: Interval): boolean {
  if (!i.lo || !i.hi) return false;
  const c = compareVersions(i.lo.v, i.hi.v);
  return c > 0 || (c === 0 && !(i.lo.inclusive && i.hi.inclusive));
}

function intersectInterval(a: Interval, b: Interval): Interval {
  let lo = a.lo;
  if (b.lo && (!lo || compareVersions(b.lo.v, lo.v) > 0 || (compareVersions(b.lo.v, lo.v) === 0 && !b.lo.inclusive))) lo = b.lo;
  let hi = a.hi;
  if (b.hi && (!hi || compareVersions(b.hi.v, hi.v) < 0 || (compareVersions(b.hi.v, hi.v) === 0 && !b.hi.inclusive))) hi = b.hi;
  return { lo, hi };
}

/** Every version in both sets. */
export function intersect(a: VersionSet, b: VersionSet): VersionSet {
  const out: Interval[] = [];
  for (const x of a) {
    for (const y of b) {
      const i = intersectInterval(x, y);
      if (!isEmpty(i) && out.length < MAX_INTERVALS) out.push(i);
    }
  }
  return out;
}

/** Every version in either set (bounded: past MAX_INTERVALS the rest is dropped, which only makes a pin look narrower). */
export function union(a: VersionSet, b: VersionSet): VersionSet {
  return [...a, ...b].slice(0, MAX_INTERVALS);
}

/** The set without the versions in `removed` (an interval). */
function subtract(set: VersionSet, removed: Interval): VersionSet {
  const before: Interval | undefined = removed.lo ? upper(removed.lo.v, !removed.lo.inclusive) : undefined;
  const after: Interval | undefined = removed.hi ? lower(removed.hi.v, !removed.hi.inclusive) : undefined;
  const outside: Interval[] = [];
  if (before) outside.push(before);
  if (after) outside.push(after);
  return intersect(set, outside);
}

export function isEmptySet(set: VersionSet): boolean {
  return set.every(isEmpty);
}

/** Whether some version of `set` lies in [from, to) (either end open when absent). */
export function overlaps(set: VersionSet, from: Version | undefined, to: Version | undefined): boolean {
  const range: Interval = { lo: from ? { v: from, inclusive: true } : undefined, hi: to ? { v: to, inclusive: false } : undefined };
  return !isEmptySet(intersect(set, [range]));
}

/** The lowest version of the set, when it has a lower bound (the bound itself, open or closed). */
export function lowestBound(set: VersionSet): Version | undefined {
  let best: Version | undefined;
  for (const i of set) {
    if (isEmpty(i)) continue;
    if (!i.lo) return undefined;
    if (!best || compareVersions(i.lo.v, best) < 0) best = i.lo.v;
  }
  return best;
}

/**
 * One PEP 440 clause (`>=4.40`, `==4.46.*`, `~=4.40.1`, `!=5.6.0`) applied to `set`; undefined when it is not one.
 * `===` is an arbitrary-string match: read as `==`.
 */
function applyPep440(set: VersionSet, clause: string): VersionSet | undefined {
  const m = /^\s*(~=|===|==|!=|<=|>=|<|>)\s*([^\s,;]+)\s*$/.exec(clause);
  if (!m) return undefined;
  const [, op, text] = m;
  const wildcard = /\.\*$/.test(text);
  const v = parseVersion(wildcard ? text.slice(0, -2) : text);
  if (!v) return undefined;
  switch (op) {
    case '==': case '===': return intersect(set, [wildcard ? between(v, nextPrefix(v)) : { lo: { v, inclusive: true }, hi: { v, inclusive: true } }]);
    case '!=': return subtract(set, wildcard ? between(v, nextPrefix(v)) : { lo: { v, inclusive: true }, hi: { v, inclusive: true } });
    case '>=': return intersect(set, [lower(v, true)]);
    case '>': return intersect(set, [lower(v, false)]);
    case '<=': return intersect(set, [upper(v, true)]);
    case '<': return intersect(set, [upper(v, false)]);
    case '~=': {
      // ~=4.40.1 is >=4.40.1, ==4.40.*; ~=4.40 is >=4.40, ==4.*; a single component is invalid.
      if (v.length < 2 || wildcard) return undefined;
      return intersect(set, [between(v, nextPrefix(v.slice(0, -1)))]);
    }
  }
  return undefined;
}

/** A PEP 440 specifier list (`>=4.40,<5`); '' is any version. Undefined when a clause is not one. */
export function pep440Set(specifiers: string): VersionSet | undefined {
  const clauses = specifiers.split(',').map(s => s.trim()).filter(s => s !== '');
  if (clauses.length > MAX_SPECIFIERS) return undefined;
  let set: VersionSet = ANY;
  for (const clause of clauses) {
    const next = applyPep440(set, clause);
    if (!next) return undefined;
    set = next;
  }
  return set;
}

/**
 * A Poetry constraint (`^4.40`, `~4.40`, `4.46.1`, `4.*`, `>=4.40,<5`, `>=4.40 <5`, alternatives joined by `||`;
 * python-poetry.org/docs/dependency-specification). Undefined when a part is not one.
 */
export function poetrySet(constraint: string): VersionSet | undefined {
  const alternatives = constraint.split('||');
  if (alternatives.length > MAX_SPECIFIERS) return undefined;
  let all: VersionSet = [];
  for (const alternative of alternatives) {
    const clauses = alternative.trim().split(/\s*,\s*|\s+(?=[<>=!~^\d])/).filter(s => s !== '');
    if (clauses.length > MAX_SPECIFIERS) return undefined;
    let set: VersionSet = ANY;
    for (const clause of clauses) {
      let next: VersionSet | undefined;
      if (clause === '*') next = set;
      else if (clause.startsWith('^')) {
        const v = parseVersion(clause.slice(1));
        if (!v) return undefined;
        // ^ allows changes that keep the left-most non-zero component: ^4.40 → <5, ^0.16.5 → <0.17, ^0.0.3 → <0.0.4
        const first = v.findIndex(c => c !== 0);
        const keep = first < 0 ? v.length : first + 1;
        next = intersect(set, [between(v, nextPrefix(v.slice(0, keep)))]);
      } else if (/^~(?!=)/.test(clause)) {
        const v = parseVersion(clause.slice(1));
        if (!v) return undefined;
        // ~4.40.1 → <4.41, ~4.40 → <4.41, ~4 → <5
        next = intersect(set, [between(v, nextPrefix(v.slice(0, Math.max(1, Math.min(2, v.length)))))]);
      } else if (/^\d/.test(clause)) {
        next = applyPep440(set, `==${clause}`);
      } else {
        next = applyPep440(set, clause);
      }
      if (!next) return undefined;
      set = next;
    }
    all = union(all, set);
  }
  return all;
}

/**
 * A conda version spec after the package name: `=4.46` (4.46.*), `==4.46.1`, `>=4.40,<5`, ` 4.46.*`, `4.46.1` (a
 * bare version is a prefix, as with one `=`); a build string after a second `=` or a space is ignored, `|` joins
 * alternatives. Undefined when a part is not one.
 */
export function condaSet(spec: string): VersionSet | undefined {
  const text = spec.trim();
  if (text === '' || text === '*') return ANY;
  const alternatives = text.split('|');
  if (alternatives.length > MAX_SPECIFIERS) return undefined;
  let all: VersionSet = [];
  for (const raw of alternatives) {
    let alternative = raw.trim();
    if (/^=[^=]/.test(alternative)) alternative = alternative.slice(1);
    // a build string: `4.46.1=py_0` or `4.46.1 py_0`
    alternative = alternative.replace(/^([^=<>!~\s,]+)(?:=|\s+)\S*$/, '$1');
    let set: VersionSet | undefined;
    if (alternative === '*') {
      set = ANY;
    } else if (/^\d/.test(alternative)) {
      const v = parseVersion(alternative.replace(/\.?\*$/, ''));
      if (!v) return undefined;
      set = [between(v, nextPrefix(v))];
    } else {
      set = pep440Set(alternative);
    }
    if (!set) return undefined;
    all = union(all, set);
  }
  return all;
}

export function formatVersion(v: Version): string {
  return v.join('.');
}
