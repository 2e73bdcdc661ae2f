import type { AnalysisContext, VersionedFramework } from '../dialects/types';
import { listed } from '../formats/quote';
import type { WorkspaceFiles } from './files';
import { dirnameOf, isInside, normalizePath, relativePath } from './paths';
import { environmentYml, pipfile, pyprojectToml, requirementsTxt, setupCfg, setupPy, type Requirement } from './pins/formats';
import { decide, FRAMEWORK_PACKAGES } from './pins/frameworks';
import { intersect, isEmptySet, union, type VersionSet } from './pins/specifiers';

export interface PinnedVersions {
  /** the versions the pins decide */
  versions: AnalysisContext['versions'];
  /**
   * Where each framework was pinned, e.g. "transformers==4.46.1 in requirements.txt". A framework with an origin
   * but no version was pinned to a range that decides nothing; the origin then says why ("transformers>=4.40 in
   * requirements.txt allows transformers 4 and 5"), so a dialect can name the pin in its warning.
   */
  origins: NonNullable<AnalysisContext['versionOrigins']>;
  /** the real paths of every file read, to re-analyse when one changes */
  read: string[];
  pending: boolean;
}

/** Pin files read per analysis (a directory of 1,000 requirements-*.txt costs no more). */
export const MAX_PIN_FILES = 24;
/** Directories walked up from the config (the walk also stops at the workspace root). */
export const MAX_PIN_DIRS = 32;
/** A pin file larger than this is not read (a real one is a few KB; environment.yml has the YAML limit, 64 KB). */
export const MAX_PIN_BYTES = 256 * 1024;

type Reader = (text: string) => Requirement[] | undefined;

/** The pin files LR Lens reads, by name; `requirements*.txt` by pattern. A Map: names come from the disk. */
const PIN_FILES: ReadonlyMap<string, Reader> = new Map<string, Reader>([
  ['pyproject.toml', pyprojectToml], ['setup.cfg', setupCfg], ['setup.py', setupPy], ['Pipfile', pipfile],
  ['environment.yml', environmentYml], ['environment.yaml', environmentYml],
]);
const REQUIREMENTS = /^requirements[\w.-]*\.txt$/i;

interface PinFile { path: string; reader: Reader }

/**
 * The framework versions pinned nearest to the config (issue 12 §3). From the config's directory up to
 * `files.root`, each framework takes the pins of the first directory whose pin files name it, and looks no
 * further: a parent's pins belong to another project. All the pins of that directory must hold at once (pip
 * installs them together), so their allowed versions are intersected; they decide a version only when every
 * version they allow behaves alike (pins/frameworks.ts). Files are parsed, never executed.
 */
export function pinnedVersions(files: WorkspaceFiles | undefined): PinnedVersions {
  const result: PinnedVersions = { versions: {}, origins: {}, read: [], pending: false };
  if (!files) return result;
  const root = normalizePath(files.root);
  let dir = dirnameOf(normalizePath(files.filePath));
  if (!isInside(root, dir)) return result;
  const open = new Set<VersionedFramework>(FRAMEWORK_PACKAGES.values());
  let budget = MAX_PIN_FILES;
  for (let level = 0; level < MAX_PIN_DIRS && open.size > 0 && budget > 0; level++) {
    const found = new Map<VersionedFramework, { requirement: Requirement; file: string }[]>();
    for (const pin of pinFilesIn(dir, files, result)) {
      if (budget <= 0) break;
      budget--;
      const answer = files.read(pin.path);
      if (answer.kind === 'pending') { result.pending = true; continue; }
      if (answer.kind !== 'text') continue;
      result.read.push(answer.path);
      if (answer.text.length > MAX_PIN_BYTES) continue;
      const requirements = readPins(answer.path, answer.text, pin.reader);
      const shown = relativeTo(root, pin.path);
      for (const requirement of requirements ?? []) {
        const framework = FRAMEWORK_PACKAGES.get(requirement.name);
        if (!framework || !open.has(framework)) continue;
        const list = found.get(framework) ?? [];
        list.push({ requirement, file: shown });
        found.set(framework, list);
      }
    }
    for (const [framework, pins] of found) {
      open.delete(framework);
      const allowed = allowedBy(pins.map(p => ({ file: p.file, versions: p.requirement.versions })));
      const decision = decide(framework, allowed);
      const where = listed(pins.map(p => `${p.requirement.text} in ${p.file}`));
      if ('version' in decision) {
        (result.versions as Record<string, string>)[framework] = decision.version;
        result.origins[framework] = where;
      } else {
        result.origins[framework] = `${where} ${decision.undecided}`;
      }
    }
    const parent = dirnameOf(dir);
    if (dir === root || parent === dir) break;
    dir = parent;
  }
  return result;
}

/**
 * Every analysis (each keystroke) asks for the pins again: the requirements of the last files read are kept, by
 * path and text, so an unchanged pyproject.toml is not parsed again.
 */
const recent = new Map<string, { text: string; requirements: Requirement[] | undefined }>();
const MAX_RECENT = 64;

function readPins(path: string, text: string, reader: Reader): Requirement[] | undefined {
  const kept = recent.get(path);
  if (kept && kept.text === text) return kept.requirements;
  let requirements: Requirement[] | undefined;
  try {
    requirements = reader(text);
  } catch {
    // no reader throws on any text; should a parser still fail, the file pins nothing
    requirements = undefined;
  }
  recent.delete(path);
  recent.set(path, { text, requirements });
  if (recent.size > MAX_RECENT) recent.delete(recent.keys().next().value!);
  return requirements;
}

/**
 * The versions a directory's pins allow. The mentions in one file hold together (pip installs them at once), so
 * they are intersected. Different files usually do too (a requirements.txt narrowing pyproject's range), but
 * some are alternatives (NeMo's requirements/requirements_vllm.txt pins 4.51.3, requirements_lightning.txt
 * ~=4.53.0): when the files' intersection is empty, any of them may be the one installed, so they are united.
 * Undefined when no mention has a readable version.
 */
function allowedBy(mentions: { file: string; versions: VersionSet | undefined }[]): VersionSet | undefined {
  const perFile = new Map<string, VersionSet>();
  for (const m of mentions) {
    if (!m.versions) continue;
    const before = perFile.get(m.file);
    perFile.set(m.file, before ? intersect(before, m.versions) : m.versions);
  }
  const sets = [...perFile.values()];
  if (sets.length === 0) return undefined;
  const all = sets.reduce((a, b) => intersect(a, b));
  return sets.length > 1 && isEmptySet(all) ? sets.reduce((a, b) => union(a, b)) : all;
}

/** The pin files of one directory (and of its `requirements/` folder), in a fixed order. */
function pinFilesIn(dir: string, files: WorkspaceFiles, result: PinnedVersions): PinFile[] {
  const names = files.list(dir);
  if (names === 'pending') { result.pending = true; return []; }
  if (!names) return [];
  const out: PinFile[] = [];
  const requirements: string[] = [];
  let folder = false;
  for (const name of names) {
    const reader = PIN_FILES.get(name);
    if (reader) out.push({ path: join(dir, name), reader });
    else if (REQUIREMENTS.test(name)) requirements.push(name);
    else if (name === 'requirements') folder = true;
  }
  out.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  requirements.sort();
  for (const name of requirements.slice(0, MAX_PIN_FILES)) out.push({ path: join(dir, name), reader: requirementsTxt });
  if (folder) {
    // NeMo-style requirements/requirements_nlp.txt
    const inner = files.list(join(dir, 'requirements'));
    if (inner === 'pending') result.pending = true;
    else if (inner) {
      const txt = inner.filter(n => n.endsWith('.txt')).sort().slice(0, MAX_PIN_FILES);
      for (const name of txt) out.push({ path: join(join(dir, 'requirements'), name), reader: requirementsTxt });
    }
  }
  return out.slice(0, MAX_PIN_FILES);
}

function join(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

/** A pin file's path as a message shows it: relative to the workspace root, at most 80 characters. */
function relativeTo(root: string, path: string): string {
  const relative = relativePath(root, path);
  return relative.length <= 80 ? relative : `…${relative.slice(-79)}`;
}
