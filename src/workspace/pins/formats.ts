import { parseDocument } from '../../formats/parse';
import type { ConfigNode } from '../../formats/tree';
import { condaSet, pep440Set, poetrySet, type VersionSet } from './specifiers';

/**
 * The requirements each pin file format writes, read as text: never executed (a setup.py is scanned for the
 * string literals of `install_requires=[…]`, nothing else). Every reader is linear in the text and bounded.
 */

export interface Requirement {
  /** normalized (PEP 503: lower case, runs of `-_.` as one `-`) */
  name: string;
  /** the versions it allows; undefined when its specifier could not be read (a URL without a version, a typo) */
  versions: VersionSet | undefined;
  /** as written, for messages (e.g. `transformers>=4.40,<5`) */
  text: string;
}

/** Requirements read per file: a real one has a few hundred. */
export const MAX_REQUIREMENTS = 2_000;

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * One PEP 508 requirement: `name[extras] specifiers ; markers`, `name (>=1,<2)`, or `name @ url` (a git URL whose
 * ref is a version tag, `@v4.46.1`, pins that version; any other URL pins nothing readable).
 */
export function pep508(line: string): Requirement | undefined {
  const text = line.trim();
  const m = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(.*)$/s.exec(text);
  if (!m) return undefined;
  const name = normalizeName(m[1]);
  let rest = m[2];
  const semicolon = rest.indexOf(';');
  if (semicolon >= 0) rest = rest.slice(0, semicolon);
  rest = rest.trim();
  if (rest.startsWith('@')) {
    const tag = /@v?(\d+(?:\.\d+)+)(?:#.*)?$/.exec(rest.slice(1).trim());
    return { name, versions: tag ? pep440Set(`==${tag[1]}`) : undefined, text: clip(text) };
  }
  if (rest.startsWith('(') && rest.endsWith(')')) rest = rest.slice(1, -1);
  return { name, versions: pep440Set(rest), text: clip(text) };
}

/** A requirement's text for a message: one line, at most 80 characters. */
function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length <= 80 ? line : `${line.slice(0, 77)}…`;
}

/** requirements.txt: one requirement a line; comments, `\` continuations, and option lines (`-r`, `-e`, `--index-url`) skipped. */
export function requirementsTxt(text: string): Requirement[] {
  const out: Requirement[] = [];
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const raw of lines) {
    if (out.length >= MAX_REQUIREMENTS) break;
    // a comment starts at line start or after whitespace (`pkg @ https://x#egg=pkg` keeps its fragment)
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '' || line.startsWith('-')) continue;
    const r = pep508(line);
    if (r) out.push(r);
  }
  return out;
}

type Toml = Record<string, unknown>;
let toml: typeof import('smol-toml') | undefined;
/** Loaded with the first TOML pin file (as `yaml` is), not with the extension. */
function parseToml(text: string): Toml | undefined {
  toml ??= require('smol-toml') as typeof import('smol-toml');
  try {
    // `__proto__`/`constructor` keys dropped: a Pipfile's package names become object keys
    return toml.parse(text, { maxDepth: 32, unsafeKeyBehaviour: 'drop' }) as Toml;
  } catch {
    return undefined;
  }
}

function table(value: unknown): Toml | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Toml : undefined;
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').slice(0, MAX_REQUIREMENTS) : [];
}

/** A TOML table of `name = "constraint"` or `name = { version = "constraint", … }` (Poetry, Pipfile). */
function constraintTable(value: unknown, read: (constraint: string) => VersionSet | undefined, out: Requirement[]): void {
  const t = table(value);
  if (!t) return;
  for (const [key, spec] of Object.entries(t)) {
    if (out.length >= MAX_REQUIREMENTS) return;
    const constraint = typeof spec === 'string' ? spec : typeof table(spec)?.version === 'string' ? table(spec)!.version as string : undefined;
    // a git/path dependency without a version pins nothing readable
    out.push({ name: normalizeName(key), versions: constraint === undefined ? undefined : read(constraint), text: clip(`${key} = "${constraint ?? '…'}"`) });
  }
}

/**
 * pyproject.toml: PEP 621 `[project] dependencies` and `optional-dependencies`, PEP 735 `[dependency-groups]`, and
 * Poetry's `[tool.poetry.dependencies]`, `[tool.poetry.dev-dependencies]` and `[tool.poetry.group.*.dependencies]`.
 * Undefined when the file is not TOML.
 */
export function pyprojectToml(text: string): Requirement[] | undefined {
  const doc = parseToml(text);
  if (!doc) return undefined;
  const out: Requirement[] = [];
  const add = (lines: string[]) => {
    for (const line of lines) if (out.length < MAX_REQUIREMENTS) { const r = pep508(line); if (r) out.push(r); }
  };
  const project = table(doc.project);
  add(stringsOf(project?.dependencies));
  for (const extra of Object.values(table(project?.['optional-dependencies']) ?? {})) add(stringsOf(extra));
  for (const group of Object.values(table(doc['dependency-groups']) ?? {})) add(stringsOf(group));
  const poetry = table(table(doc.tool)?.poetry);
  constraintTable(poetry?.dependencies, poetrySet, out);
  constraintTable(poetry?.['dev-dependencies'], poetrySet, out);
  for (const group of Object.values(table(poetry?.group) ?? {})) constraintTable(table(group)?.dependencies, poetrySet, out);
  return out;
}

/** Pipfile: `[packages]` and `[dev-packages]`, pip specifiers (`"==4.46.1"`, `"*"`). Undefined when not TOML. */
export function pipfile(text: string): Requirement[] | undefined {
  const doc = parseToml(text);
  if (!doc) return undefined;
  const out: Requirement[] = [];
  const read = (constraint: string) => constraint.trim() === '*' ? pep440Set('') : pep440Set(constraint);
  constraintTable(doc.packages, read, out);
  constraintTable(doc['dev-packages'], read, out);
  return out;
}

/**
 * setup.cfg: `install_requires` in `[options]` and every key of `[options.extras_require]`, one requirement a
 * (continuation) line or separated by `;`-free lines (setuptools' "list-semi" form is a marker there, not a list).
 */
export function setupCfg(text: string): Requirement[] {
  const out: Requirement[] = [];
  let section = '';
  let collecting = false;
  const take = (value: string) => {
    const line = value.replace(/(^|\s)#.*$/, '').trim();
    if (line !== '' && out.length < MAX_REQUIREMENTS) { const r = pep508(line); if (r) out.push(r); }
  };
  for (const raw of text.split(/\r?\n/)) {
    if (out.length >= MAX_REQUIREMENTS) break;
    const header = /^\[([^\]]*)\]\s*$/.exec(raw);
    if (header) { section = header[1].trim().toLowerCase(); collecting = false; continue; }
    if (/^[#;]/.test(raw)) continue;
    const entry = /^([A-Za-z0-9_.-]+)\s*[=:]\s*(.*)$/.exec(raw);
    if (entry) {
      collecting = (section === 'options' && entry[1].toLowerCase() === 'install_requires') || section === 'options.extras_require';
      if (collecting) take(entry[2]);
      continue;
    }
    if (collecting && /^\s/.test(raw)) take(raw);
  }
  return out;
}

/**
 * setup.py, never run: the string literals inside `install_requires=[…]` (or `install_requires = […]`). A list
 * built by code (`install_requires=deps_list(…)`, a variable) pins nothing readable.
 */
export function setupPy(text: string): Requirement[] {
  const out: Requirement[] = [];
  const re = /install_requires\s*=\s*\[/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && out.length < MAX_REQUIREMENTS) {
    let i = m.index + m[0].length;
    let depth = 1;
    while (i < text.length && depth > 0 && out.length < MAX_REQUIREMENTS) {
      const c = text[i];
      if (c === '[' || c === '(' || c === '{') { depth++; i++; continue; }
      if (c === ']' || c === ')' || c === '}') { depth--; i++; continue; }
      if (c === '#') { const nl = text.indexOf('\n', i); i = nl < 0 ? text.length : nl; continue; }
      if (c === '"' || c === "'") {
        const triple = text.startsWith(c.repeat(3), i);
        const quote = triple ? c.repeat(3) : c;
        const start = i + quote.length;
        let end = start;
        while (end < text.length && !text.startsWith(quote, end) && (triple || text[end] !== '\n')) end += text[end] === '\\' ? 2 : 1;
        // an element of the list itself, not a subscript (`deps["transformers"]`) or a call's argument
        if (depth === 1 && !/[\w)\]]$/.test(text.slice(Math.max(0, i - 2), i).trimEnd())) {
          const r = pep508(text.slice(start, Math.min(end, text.length)));
          if (r) out.push(r);
        }
        i = end + quote.length;
        continue;
      }
      i++;
    }
    re.lastIndex = Math.max(re.lastIndex, i);
  }
  return out;
}

/**
 * environment.yml (conda): `dependencies:` holds conda specs (`transformers=4.46.1`, `conda-forge::transformers>=4.40`,
 * `transformers 4.46.*`) and a `pip:` list of pip requirements. Read with LR Lens's own YAML reader, so its limits
 * (size, aliases, depth) hold here too. Undefined when the YAML is not readable.
 */
export function environmentYml(text: string): Requirement[] | undefined {
  const doc = parseDocument(text, 'yaml');
  if (doc.problems.some(p => p.severity === 'error')) return undefined;
  const root = doc.roots[0];
  if (!root || root.kind !== 'object') return [];
  const out: Requirement[] = [];
  const deps = root.entries.find(e => e.key === 'dependencies')?.value;
  for (const item of deps?.kind === 'array' ? deps.items : []) {
    if (out.length >= MAX_REQUIREMENTS) break;
    if (item.kind === 'string') {
      const r = condaSpec(item.value);
      if (r) out.push(r);
    } else if (item.kind === 'object') {
      const pip: ConfigNode | undefined = item.entries.find(e => e.key === 'pip')?.value;
      for (const line of pip?.kind === 'array' ? pip.items : []) {
        if (line.kind === 'string' && out.length < MAX_REQUIREMENTS) { const r = pep508(line.value); if (r) out.push(r); }
      }
    }
  }
  return out;
}

function condaSpec(spec: string): Requirement | undefined {
  const text = spec.trim().replace(/^[^\s:]*::/, '');
  const m = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)(.*)$/s.exec(text);
  if (!m) return undefined;
  return { name: normalizeName(m[1]), versions: condaSet(m[2]), text: clip(spec.trim()) };
}
