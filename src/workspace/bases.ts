import { detectron2Bases } from '../dialects/detectron2/bases';
import { entryOf } from '../dialects/fields';
import { mmengineBases } from '../dialects/mmengine/bases';
import { composeAroundOption, hydraDefaults } from '../dialects/pytorch/bases';
import type { BasesRead, Diagnostic, DialectInput, FileLocation, ReadResult, SettingRef, Severity } from '../dialects/types';
import { lineColumnAt } from '../formats/access';
import { parseDocument } from '../formats/parse';
import { quoted } from '../formats/quote';
import type { ConfigEntry, ConfigNode, FormatLanguage, NodeOrigin, ObjectNode, ParsedDocument, SourceRange } from '../formats/tree';
import { MAX_CHAIN_BYTES, MAX_CHAIN_FILES, type WorkspaceFiles } from './files';
import { AdoptBudget, adopt, adoptEmpty, originOfRange } from './merge';
import { findHydraPrimary, referencesIn, soleOptionsReferenced } from './hydraGroup';
import { dirnameOf, relativePath, utf8Length } from './paths';

interface CommonRules {
  /** the key that names the bases: `_BASE_`, `_base_`, `defaults` */
  key: string;
  /** the dialect's diagnostic code prefix, e.g. `d2-` */
  codePrefix: string;
  /** the framework's name in messages */
  framework: string;
  /** an empty file is an empty mapping (Hydra, OmegaConf), not a file that holds no settings */
  emptyIsMapping?: boolean;
}

/**
 * How a framework names and merges its base files. One per dialect, in the dialect's folder; the reading, the
 * limits, the cycles and the diagnostics are shared here.
 */
export interface BaseRules extends CommonRules {
  /** the base names the key's value holds, each with its range; `problem` when the value is not what the framework takes */
  names(value: ConfigNode): { names: { name: string; range: SourceRange }[]; problem?: string };
  /** where the framework reads `name`, written in a file of directory `dir`, or why LR Lens does not follow it */
  resolve(name: string, dir: string): { path: string; language: FormatLanguage } | { skip: string; severity: Severity };
  /** the bases of one file, in order, combined into one mapping */
  combine(bases: readonly { root: ObjectNode; path: string }[], report: ChainReport): ObjectNode;
  /** a file's own mapping merged over its bases' */
  merge(child: ObjectNode, base: ObjectNode, report: ChainReport): ObjectNode;
}

/**
 * A framework that composes a config from a list of other files with its own rules (Hydra's `defaults`): it
 * reads them through `io`, which keeps the limits, the cycles and the diagnostics of every chain.
 */
export interface ComposeRules extends CommonRules {
  compose(root: ObjectNode, entry: ConfigEntry, io: ComposeIO): ObjectNode;
}

export interface ComposeIO {
  /** the analysed file's path */
  readonly filePath: string;
  /** reads one file (see Chain.readFile); undefined when it is not read, with the reason said unless `quiet` */
  readFile(path: string, language: FormatLanguage, o: { name: string; at?: NodeOrigin; stack: readonly string[]; quiet?: boolean }): (Loaded & { text: string }) | undefined;
  /** the entry of the analysed file the next problems are said on, and the nodes read next point at */
  anchorAt(range: SourceRange): void;
  report: ChainReport;
  /** something the composition names is not merged (a file missing where that is no error, say) */
  incomplete(): void;
}

/** A problem of a chain, said on the analysed file's base entry; `at` is where in a base file it lies. */
export type ChainReport = (code: string, message: string, severity: Severity, at?: NodeOrigin) => void;

/** Files one config's chain looks for at most, read or not (Hydra searches a few directories for `/group`). */
const MAX_CHAIN_ATTEMPTS = 4 * MAX_CHAIN_FILES;

const RULES: ReadonlyMap<string, BaseRules | ComposeRules> = new Map<string, BaseRules | ComposeRules>([
  ['detectron2', detectron2Bases], ['mmengine', mmengineBases], ['pytorch', hydraDefaults],
]);

export interface WithBases {
  /** the input with its root replaced by the merged chain (unchanged when the file names no base) */
  input: DialectInput;
  diagnostics: Diagnostic[];
  /** the real paths of every file read, to re-analyse when one changes */
  read: string[];
  /** a file is still loading: the front end analyses again once it has it */
  pending: boolean;
  /**
   * The reader's result, made to fit the merged tree: a diagnostic about a value from a base file points there
   * (related information) and loses its quick fixes (they would edit the entry naming the base), and settings
   * from base files move to `inherited` with their origin.
   */
  settle(result: ReadResult): ReadResult;
}

/** Follows the base files a dialect's config names (issue 12 §4), inside the workspace only. */
export function withBases(dialect: string, input: DialectInput, files: WorkspaceFiles | undefined): WithBases {
  const unchanged: WithBases = { input, diagnostics: [], read: [], pending: false, settle: r => r };
  const rules = RULES.get(dialect);
  if (!rules || input.root.kind !== 'object') return unchanged;
  const entry = entryOf(input.root, rules.key);
  // A Hydra config-group option names no defaults of its own: it is read inside the primary that selects it.
  if (!entry) return files && rules === hydraDefaults ? new Chain(rules, files, input).asGroupOption(input.root) ?? unchanged : unchanged;
  if (!files) return { ...unchanged, input: { ...input, bases: { state: 'alone', files: [] } } };
  return new Chain(rules, files, input).follow(input.root, entry);
}

/**
 * The dialect of a config whose own keys name no framework but whose Hydra `defaults` list composes one: a Hydra
 * primary config (`- optimizer: sgd`, `- scheduler: cosine`) holds no scheduler itself. Only the PyTorch dialect
 * reads Hydra's lists, so only it is taken. `read` and `pending` as withBases gives them.
 *
 * analyze() calls this when no dialect detects a config on its own; the PyTorch reader reports only the
 * unresolved interpolations it reads (a composed primary holds many others: Hydra's `paths`, `${oc.env:…}`).
 */
export function composedDialect(input: DialectInput, files: WorkspaceFiles | undefined, detect: (input: DialectInput) => string | undefined): { dialect?: string; read: string[]; pending: boolean } {
  const none = { read: [], pending: false };
  if (!files || input.root.kind !== 'object') return none;
  const entry = entryOf(input.root, hydraDefaults.key);
  if (!entry || entry.value.kind !== 'array') return none;
  const based = withBases('pytorch', input, files);
  const dialect = detect(based.input) === 'pytorch' ? 'pytorch' : undefined;
  return { dialect, read: based.read, pending: based.pending };
}

export interface Loaded { root: ObjectNode; path: string }

class Chain implements ComposeIO {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly read = new Set<string>();
  private readonly texts = new Map<string, string>();
  private readonly budget = new AdoptBudget();
  private files = 0;
  /** files looked for, found or not: a list of 10,000 missing names costs 10,000 look-ups otherwise */
  private attempts = 0;
  private bytes = 0;
  private pending = false;
  private complete = true;
  private stopped = false;
  /** the entry of the analysed file a problem is said on: the name of the top-level base being followed */
  private anchor: SourceRange = { start: 0, end: 0 };
  private readonly anchors: { range: SourceRange; path?: string }[] = [];

  readonly report: ChainReport = (code, message, severity, at) => this.problem(code, message, severity, at);

  constructor(private readonly rules: BaseRules | ComposeRules, private readonly workspace: WorkspaceFiles, private readonly input: DialectInput) {}

  get filePath(): string {
    return this.workspace.filePath;
  }

  anchorAt(range: SourceRange): void {
    this.anchor = range;
    this.anchors.push({ range });
  }

  incomplete(): void {
    this.complete = false;
  }

  /**
   * The analysed file as a Hydra config-group option, composed inside the primary config that selects it
   * (src/workspace/hydraGroup.ts); undefined when no primary is found and nothing is pending (the file is then
   * read alone, its optimizer's LR and run length unknown facts).
   */
  asGroupOption(root: ObjectNode): WithBases | undefined {
    const search = findHydraPrimary(this.workspace);
    for (const path of search.read) this.read.add(path);
    const primary = search.primary;
    // problems of the composition are said on the scheduler's class name, the file's first entry else
    const named = ['_target_', 'class_name', 'class_path'].map(k => entryOf(root, k)).find(e => e !== undefined) ?? root.entries[0];
    if (!primary) {
      const sole = !search.pending && search.configDir ? this.withSoleOptions(root, search.configDir, named ? named.value.range : root.range) : undefined;
      if (sole) return sole;
      if (!search.pending && search.read.length === 0) return undefined;
      return { input: this.input, diagnostics: [], read: [...this.read], pending: search.pending, settle: r => r };
    }
    this.anchorAt(named ? named.value.range : root.range);
    const shown = relativePath(this.workspace.root, primary.path);
    const file = this.readFile(primary.path, 'yaml', { name: shown, stack: [] });
    if (!file) return { input: this.input, diagnostics: this.diagnostics, read: [...this.read], pending: this.pending, settle: r => r };
    const merged = composeAroundOption(file, this, primary.configDir, { group: primary.group, option: primary.option, root, text: this.input.text }, primary.swapped);
    const bases_: BasesRead = { state: this.complete ? 'merged' : 'partial', files: [...this.texts.keys()],
      composedIn: { primary: shown, swapped: primary.swapped, root: this.workspace.root } };
    return {
      input: { ...this.input, root: merged, bases: bases_ },
      diagnostics: this.diagnostics,
      read: [...this.read],
      pending: this.pending || search.pending,
      settle: result => this.settle(result),
    };
  }

  /**
   * No primary: the groups the file's `${group.key}` references name, where the group has one option only, are
   * composed beside it (the option Hydra could compose), each said as an inferred fact by the reader.
   */
  private withSoleOptions(root: ObjectNode, configDir: string, anchor: SourceRange): WithBases | undefined {
    const references = referencesIn(root);
    if (references.length === 0) return undefined;
    const ownGroup = dirnameOf(this.workspace.filePath).slice(configDir.length + 1);
    const sole = soleOptionsReferenced(this.workspace, configDir, references, ownGroup);
    if (sole === 'pending') return { input: this.input, diagnostics: [], read: [...this.read], pending: true, settle: r => r };
    const parts: { key: string; root: ObjectNode; path: string }[] = [];
    this.anchorAt(anchor);
    for (const option of sole) {
      const file = this.readFile(option.path, 'yaml', { name: relativePath(this.workspace.root, option.path), stack: [], quiet: true });
      // a `# @package` file could go anywhere: only the group's own package is taken
      if (file && !/^\s*#\s*@package\s+(?!_group_\b)/m.test(file.text.split('\n').filter(l => l.trim().startsWith('#')).join('\n'))) parts.push({ key: option.group, root: file.root, path: file.path });
    }
    if (parts.length === 0) return undefined;
    const merged: ObjectNode = { ...root, entries: [...root.entries.filter(e => !parts.some(p => p.key === e.key)),
      ...parts.map(p => ({ key: p.key, keyRange: p.root.range, value: p.root }))] };
    const bases_: BasesRead = { state: 'partial', files: [...this.texts.keys()],
      soleOptions: parts.map(p => ({ group: p.key, file: relativePath(this.workspace.root, p.path) })) };
    return { input: { ...this.input, root: merged, bases: bases_ }, diagnostics: this.diagnostics, read: [...this.read], pending: this.pending, settle: result => this.settle(result) };
  }

  follow(root: ObjectNode, entry: ConfigEntry): WithBases {
    let merged: ObjectNode = root;
    if ('compose' in this.rules) {
      merged = this.rules.compose(root, entry, this);
    } else {
      const bases = this.basesOf(this.rules, entry.value, this.workspace.filePath, this.workspace.filePath, []);
      if (bases.length > 0) merged = this.rules.merge(root, this.rules.combine(bases, this.report), this.report);
    }
    const bases_: BasesRead = { state: this.complete ? 'merged' : 'partial', files: [...this.texts.keys()] };
    return {
      input: { ...this.input, root: merged, bases: bases_ },
      diagnostics: this.diagnostics,
      read: [...this.read],
      pending: this.pending,
      settle: result => this.settle(result),
    };
  }

  /**
   * The bases `value` names, each loaded with its own chain. `file` is the path of the file that names them as
   * the framework has it (the directory its relative names start from), `real` its real path; `stack` holds the
   * real paths being loaded (cycles).
   */
  private basesOf(rules: BaseRules, value: ConfigNode, file: string, real: string, stack: readonly string[]): Loaded[] {
    const top = stack.length === 0;
    const { names, problem } = rules.names(value);
    if (problem) {
      this.complete = false;
      if (top) this.anchor = value.range;
      this.problem('base-not-a-name', problem, 'warning', value.origin);
    }
    const loaded: Loaded[] = [];
    for (const { name, range } of names) {
      if (top) this.anchorAt(range);
      const at: NodeOrigin | undefined = top ? undefined : { path: real, range: originOfRange(range)?.range ?? range };
      const base = this.load(rules, name, dirnameOf(file), stack, at);
      if (base) loaded.push(base);
    }
    return loaded;
  }

  private load(rules: BaseRules, name: string, dir: string, stack: readonly string[], at: NodeOrigin | undefined): Loaded | undefined {
    if (this.stopped) { this.complete = false; return undefined; }
    const where = at ? ` (named in \`${this.shown(at.path)}\`)` : '';
    const resolved = rules.resolve(name, dir);
    if ('skip' in resolved) {
      this.complete = false;
      this.problem('base-not-followed', `\`${quoted(name)}\`${where}: ${resolved.skip}`, resolved.severity, at);
      return undefined;
    }
    const file = this.readFile(resolved.path, resolved.language, { name, at, stack });
    if (!file) return undefined;
    const { root: own, path } = file;
    const baseEntry = entryOf(own, rules.key);
    if (!baseEntry) return { root: own, path };
    const withoutKey: ObjectNode = { ...own, entries: own.entries.filter(e => e.key !== rules.key) };
    const bases = this.basesOf(rules, baseEntry.value, resolved.path, path, [...stack, path]);
    if (bases.length === 0) return { root: withoutKey, path };
    return { root: rules.merge(withoutKey, rules.combine(bases, this.report), this.report), path };
  }

  /**
   * Reads, parses and adopts one file of the chain: the limits, the cycles (`stack`: the real paths being
   * loaded) and every reason it is not read, said as a problem (a missing file stays quiet with `quiet`: a
   * Hydra `optional` entry, a search among directories). Undefined when it is not read.
   */
  readFile(requested: string, language: FormatLanguage, o: { name: string; at?: NodeOrigin; stack: readonly string[]; quiet?: boolean }): (Loaded & { text: string }) | undefined {
    const { at, stack } = o;
    if (this.stopped) { this.complete = false; return undefined; }
    const shown = `\`${quoted(o.name)}\``;
    const where = at ? ` (named in \`${this.shown(at.path)}\`)` : '';
    if (this.files >= MAX_CHAIN_FILES || ++this.attempts > MAX_CHAIN_ATTEMPTS) {
      this.stop('base-limit', `${shown}${where} is not read: LR Lens reads at most ${MAX_CHAIN_FILES} base files for one config (and looks for at most ${MAX_CHAIN_ATTEMPTS}).`, at);
      return undefined;
    }
    const answer = this.workspace.read(requested);
    const file = `\`${this.shown(requested)}\``;
    switch (answer.kind) {
      case 'pending':
        this.pending = true;
        this.complete = false;
        this.read.add(requested);
        return undefined;
      case 'missing':
        this.read.add(requested);
        if (o.quiet) return undefined;
        this.complete = false;
        this.problem('base-missing', `The base file ${shown}${where} is not there (no file ${file}).${this.defaultsNote()}`, 'warning', at);
        return undefined;
      case 'outside':
        if (o.quiet) return undefined;
        this.complete = false;
        this.problem('base-outside', `The base file ${shown}${where} lies outside the workspace (\`${quoted(this.workspace.root)}\`${o.name.startsWith('/') ? '' : ', symlinks resolved'}): LR Lens reads no file outside it.${this.defaultsNote()}`, 'warning', at);
        return undefined;
      case 'tooLarge':
        this.stop('base-too-large', `The base file ${shown}${where} is ${answer.size.toLocaleString('en-US')} bytes: LR Lens reads at most ${MAX_CHAIN_BYTES.toLocaleString('en-US')} bytes of base files for one config.`, at);
        return undefined;
    }
    const path = answer.path;
    this.read.add(path);
    // the path as named too: an editor tells of a change to a file by the path it opened it at
    this.read.add(requested);
    if (path === this.workspace.filePath || stack.includes(path)) {
      this.complete = false;
      const loop = [this.workspace.filePath, ...stack, path].map(p => `\`${this.shown(p)}\``).join(' → ');
      this.problem('base-cycle', `The base files name each other in a circle (${loop}): ${this.rules.framework} would recurse until Python gives up (RecursionError). The circle is not followed.`, 'warning', at);
      return undefined;
    }
    this.files++;
    this.bytes += utf8Length(answer.text);
    if (this.bytes > MAX_CHAIN_BYTES) {
      this.stop('base-too-large', `The base files of this config come to more than ${MAX_CHAIN_BYTES.toLocaleString('en-US')} bytes at ${file}: LR Lens reads no more of them.`, at);
      return undefined;
    }
    this.texts.set(path, answer.text);
    // the first file read under a top-level entry names where its values come from (settle's fallback)
    const last = this.anchors[this.anchors.length - 1];
    if (last && last.range === this.anchor && last.path === undefined) last.path = path;
    const document = parsed(path, answer.text, language);
    const error = document.problems.find(p => p.severity === 'error') ?? document.problems.find(p => p.code === 'file-too-large');
    const root = document.roots[0];
    // an empty YAML file loads as None: Hydra and OmegaConf take it as an empty config
    const empty = !error && document.roots.length === 1 && (!root || root.kind === 'null') && this.rules.emptyIsMapping;
    if (!empty && (error || document.roots.length !== 1 || !root || root.kind !== 'object')) {
      this.complete = false;
      const why = error ? `it does not parse (${error.message})`
        : document.roots.length > 1 ? 'it holds several YAML documents, and the loader takes one'
          : 'it holds no mapping of settings';
      this.problem('base-unparsable', `The base file ${file}${where} is not read: ${why}.${this.defaultsNote()}`, 'warning',
        error ? { path, range: error.range } : at);
      return undefined;
    }
    const own = empty ? adoptEmpty(path, this.anchor) : adopt(root!, path, this.anchor, this.budget);
    if (!own || own.kind !== 'object') {
      this.stop('base-too-large', `The base file ${file}${where} holds more than the settings LR Lens copies from base files for one config.`, at);
      return undefined;
    }
    return { root: own, path, text: answer.text };
  }

  private defaultsNote(): string {
    return this.rules.framework === 'detectron2' ? ' The keys it would set take detectron2\'s defaults here.' : ' The keys it would set are missing here.';
  }

  private stop(code: string, message: string, at: NodeOrigin | undefined): void {
    this.complete = false;
    this.stopped = true;
    this.problem(code, message, 'warning', at);
  }

  private problem(code: string, message: string, severity: Severity, at: NodeOrigin | undefined): void {
    const location = at && this.location(at);
    this.diagnostics.push({
      range: { ...this.anchor }, severity, code: `${this.rules.codePrefix}${code}`, message,
      ...(location && { related: [{ ...location, message: 'here' }] }),
    });
  }

  private shown(path: string): string {
    return quoted(relativePath(this.workspace.root, path));
  }

  /** A place in a base file with its lines and characters; undefined when that file's text is not at hand. */
  private location(origin: NodeOrigin): FileLocation | undefined {
    const text = origin.path === this.workspace.filePath ? this.input.text : this.texts.get(origin.path);
    if (text === undefined) return undefined;
    const at = (offset: number) => { const { line, column } = lineColumnAt(text, offset); return { line, character: column }; };
    return {
      path: origin.path, range: origin.range, start: at(origin.range.start), end: at(origin.range.end),
      text: quoted(text.slice(origin.range.start, origin.range.end)),
    };
  }

  private settle(result: ReadResult): ReadResult {
    const fromBase = (range: SourceRange): FileLocation | undefined => {
      const origin = originOfRange(range);
      if (origin) return this.location(origin);
      // A range a reader made from adopted ones (`key: value` as one span) lies inside the name of a base.
      const anchor = this.anchors.find(a => a.path !== undefined && range.start >= a.range.start && range.end <= a.range.end);
      return anchor?.path ? this.location({ path: anchor.path, range: { start: 0, end: 0 } }) : undefined;
    };
    for (const d of result.diagnostics) {
      const location = fromBase(d.range);
      if (!location) continue;
      d.related = [...(d.related ?? []), { ...location, message: `set in ${this.shown(location.path)}` }];
      // a fix would edit the name of the base file, not the value: `[]` is the readers' "no fix here"
      d.fixes = [];
    }
    for (const read of result.schedules) {
      const own: SettingRef[] = [];
      const inherited: SettingRef[] = [];
      for (const s of read.settings) {
        const origin = originOfRange(s.range) ?? originOfRange(s.keyRange);
        const location = origin ? this.location(origin) : fromBase(s.keyRange);
        if (location) inherited.push({ ...s, origin: location });
        else own.push(s);
      }
      read.settings = own;
      if (inherited.length > 0) read.inherited = [...(read.inherited ?? []), ...inherited];
    }
    return result;
  }
}

/**
 * Parsed base files, by real path, while their text is the same: an analysis runs on every keystroke in the
 * config, and its bases (up to 1 MB of them) need not be parsed again each time. The trees are never changed
 * (adopt() copies them). At most CACHED_CHARACTERS of text are kept, the least recently used dropped first.
 */
const PARSED = new Map<string, { text: string; language: FormatLanguage; document: ParsedDocument }>();
const CACHED_CHARACTERS = 4 * 1024 * 1024;
let cachedCharacters = 0;

function parsed(path: string, text: string, language: FormatLanguage): ParsedDocument {
  const hit = PARSED.get(path);
  if (hit) {
    PARSED.delete(path);
    cachedCharacters -= hit.text.length;
    if (hit.text === text && hit.language === language) {
      PARSED.set(path, hit);
      cachedCharacters += hit.text.length;
      return hit.document;
    }
  }
  const document = parseDocument(text, language);
  PARSED.set(path, { text, language, document });
  cachedCharacters += text.length;
  for (const [key, entry] of PARSED) {
    if (cachedCharacters <= CACHED_CHARACTERS || key === path) break;
    PARSED.delete(key);
    cachedCharacters -= entry.text.length;
  }
  return document;
}

