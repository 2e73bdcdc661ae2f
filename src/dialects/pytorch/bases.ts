import { quoted } from '../../formats/quote';
import type { ConfigEntry, ConfigNode, NodeOrigin, ObjectNode, SourceRange } from '../../formats/tree';
import type { ComposeIO, ComposeRules } from '../../workspace/bases';
import { mergeMappings } from '../../workspace/merge';
import { dirnameOf, normalizePath } from '../../workspace/paths';

/**
 * Hydra's Defaults List (hydra.cc/docs/advanced/defaults_list, Hydra 1.1–1.3), for the Hydra / Lightning configs
 * the PyTorch dialect reads. The analysed file is the primary config, its directory the config directory:
 * - `- group: option` reads `<dir>/group/option.yaml` into the package `group` (its path in dots); `group` is
 *   relative to the including config's group, `/group` to the config directory; `option` may be a list, or
 *   `null` (nothing); `group@pkg: option` puts it at `pkg` (relative to the including config's package); a
 *   `# @package X` line at the top of the file puts it at `X` (`_global_`: the root; `_group_`, `_name_`).
 * - `- name` / `- group/name` reads a config that is no group option, into its directory's package.
 * - `_self_` is where the including config's own keys go; without it, they come last (Hydra 1.1+).
 * - `override group: option` in the primary's list chooses the option of that group wherever it is named.
 * - `optional group: option`: a missing file is no problem.
 * Later entries override earlier ones (OmegaConf.merge: mappings key by key, lists and values replaced).
 * Groups under `hydra/` configure Hydra itself (its launcher, logging) and hold no schedule: not read, and the
 * composed `hydra` node is dropped, as Hydra leaves it out of the config the job gets.
 */

const SELF = '_self_';
const MAX_ABSOLUTE_SEARCH = 4;

interface DefaultEntry {
  self?: true;
  /** `override` */
  override?: true;
  optional?: true;
  absolute: boolean;
  /** the group (or, for a plain config, its directory) as written, without the leading `/` */
  group: string;
  /** options: group options, or the one config name of a plain entry; empty for `null` */
  options: string[];
  /** a group default (`group: option`) rather than a plain config (`group/name`) */
  isGroup: boolean;
  pkg?: string;
}

export const hydraDefaults: ComposeRules = {
  key: 'defaults',
  codePrefix: 'pt-',
  framework: 'Hydra',
  emptyIsMapping: true,
  compose(root, entry, io) {
    return new Composer(io, dirnameOf(io.filePath)).primary(root, entry);
  },
};

/**
 * The composition of a primary config that is not the analysed file, around the analysed file, a config-group
 * option (`<configDir>/<group>/<option>.yaml`): where the primary's defaults read that option, the analysed file's
 * own tree is placed (its ranges, its text), not a copy. `swap`: the primary selects another option of the
 * group, and this one takes its place, as `group=option` on Hydra's command line would.
 */
export function composeAroundOption(primary: { root: ObjectNode; path: string }, io: ComposeIO, configDir: string,
  own: { group: string; option: string; root: ObjectNode; text: string }, swap: boolean): ObjectNode {
  const composer = new Composer(io, configDir, { configPath: `${own.group}/${own.option}`, root: own.root, text: own.text });
  if (swap) composer.override(own.group, [own.option]);
  const entry = primary.root.entries.filter(e => e.key === hydraDefaults.key).pop();
  const self: ObjectNode = { ...primary.root, entries: primary.root.entries.filter(e => e.key !== hydraDefaults.key) };
  if (!entry || entry.value.kind !== 'array') return self;
  const composed = composer.nested(entry.value.items, self, [primary.path]);
  return { ...composed, entries: composed.entries.filter(e => e.key !== 'hydra') };
}

/** The group and option a defaults entry of a primary selects (`- scheduler: cosine`), for finding a primary. */
export function selectedOptions(item: ConfigNode): { group: string; options: string[]; override: boolean } | undefined {
  const entry = parseEntry(item);
  if (!entry || !entry.isGroup || entry.self) return undefined;
  return { group: groupPath('', entry), options: entry.options, override: !!entry.override };
}

class Composer {
  /** the primary's `override` entries: absolute group → options */
  private readonly overrides = new Map<string, string[]>();

  constructor(private readonly io: ComposeIO, private readonly configDir: string,
    private readonly own?: { configPath: string; root: ObjectNode; text: string }) {}

  override(group: string, options: string[]): void {
    this.overrides.set(group, options);
  }

  /** A primary read as a base file: its entries' problems point into it (its origin). */
  nested(items: readonly ConfigNode[], self: ObjectNode, stack: readonly string[]): ObjectNode {
    for (const item of items) {
      const parsed = parseEntry(item);
      if (parsed?.override && !this.overrides.has(groupPath('', parsed))) this.overrides.set(groupPath('', parsed), parsed.options);
    }
    return this.list(items, self, '', '', stack, false);
  }

  primary(root: ObjectNode, entry: ConfigEntry): ObjectNode {
    const self: ObjectNode = { ...root, entries: root.entries.filter(e => e.key !== hydraDefaults.key) };
    if (entry.value.kind !== 'array') {
      this.io.anchorAt(entry.value.range);
      this.io.incomplete();
      this.io.report('hydra-defaults-not-a-list', 'Hydra\'s `defaults` is a list of entries (`- group: option`, `- _self_`): LR Lens composes nothing from it.', 'warning');
      return root;
    }
    for (const item of entry.value.items) {
      const parsed = parseEntry(item);
      if (parsed?.override) this.overrides.set(groupPath('', parsed), parsed.options);
    }
    const composed = this.list(entry.value.items, self, '', '', [], true);
    // the `hydra` node configures Hydra itself (run directories, logging) and is not part of the job's config
    return { ...composed, entries: composed.entries.filter(e => e.key !== 'hydra') };
  }

  /**
   * The composition of one config: its defaults in order, its own keys (`self`) at `_self_` or last; every part
   * placed at its package from the root. `group` is the config's own group (its directory under the config
   * directory), `pkg` its package.
   */
  private list(items: readonly ConfigNode[], self: ObjectNode, group: string, pkg: string, stack: readonly string[], top: boolean): ObjectNode {
    const parts: ObjectNode[] = [];
    let selfPlaced = false;
    for (const item of items) {
      if (top) this.io.anchorAt(item.range);
      const at = top ? undefined : item.origin;
      const entry = parseEntry(item);
      if (!entry) {
        this.io.incomplete();
        this.io.report('hydra-defaults-entry', `\`${quoted(textOf(item))}\` is not an entry of a Hydra defaults list (\`- group: option\`, \`- config_name\`, \`- _self_\`): it is not composed.`, 'warning', at);
        continue;
      }
      if (entry.self) { parts.push(placed(pkg, self)); selfPlaced = true; continue; }
      // the primary's overrides were gathered first; a nested one changes nothing LR Lens composes here
      if (entry.override) continue;
      const absGroup = groupPath(group, entry);
      if (absGroup === 'hydra' || absGroup.startsWith('hydra/')) continue;
      const options = entry.isGroup ? this.overrides.get(absGroup) ?? entry.options : entry.options;
      for (const option of options) {
        const configPath = joinGroup(absGroup, option);
        const part = this.config(configPath, entry, pkg, stack, at);
        if (part) parts.push(part);
      }
    }
    if (!selfPlaced) parts.push(placed(pkg, self));
    const merged = parts.reduce((acc, next) => mergeMappings(next, acc, { conflict: () => undefined }));
    // the composed config is this config's node (its range, its origin), whichever part came last
    return { kind: 'object', entries: merged.entries, range: self.range, ...(self.origin && { origin: self.origin }) };
  }

  /** One config of the list, with its own defaults, placed at its package. */
  private config(configPath: string, entry: DefaultEntry, includingPkg: string, stack: readonly string[], at: NodeOrigin | undefined): ObjectNode | undefined {
    const found = this.own && configPath === this.own.configPath ? { ...this.own, path: this.io.filePath } : this.read(configPath, entry, stack, at);
    if (!found) return undefined;
    const { root, text, path } = found;
    const ownGroup = configPath.includes('/') ? configPath.slice(0, configPath.lastIndexOf('/')) : '';
    const name = configPath.slice(configPath.lastIndexOf('/') + 1);
    const pkg = entry.pkg !== undefined ? packageFrom(entry.pkg, ownGroup, name, includingPkg, true)
      : packageDirective(text) !== undefined ? packageFrom(packageDirective(text)!, ownGroup, name, '', false)
        : ownGroup.replace(/\//g, '.');
    const nested = root.entries.filter(e => e.key === hydraDefaults.key).pop();
    if (!nested || nested.value.kind !== 'array') return placed(pkg, root);
    const self: ObjectNode = { ...root, entries: root.entries.filter(e => e.key !== hydraDefaults.key) };
    return this.list(nested.value.items, self, ownGroup, pkg, [...stack, path], false);
  }

  /** The file of a config; `/group` is searched from the config directory up to a few levels above it. */
  private read(configPath: string, entry: DefaultEntry, stack: readonly string[], at: NodeOrigin | undefined) {
    const name = entry.isGroup ? `${entry.absolute ? '/' : ''}${entry.group}: ${configPath.slice(configPath.lastIndexOf('/') + 1)}` : `${entry.absolute ? '/' : ''}${configPath}`;
    const file = (dir: string) => normalizePath(`${dir}/${configPath}.yaml`);
    if (entry.absolute) {
      // the primary may itself sit in a group (an experiment file): its config directory is then above it
      let dir = this.configDir;
      for (let i = 0; i < MAX_ABSOLUTE_SEARCH && dirnameOf(dir) !== dir; i++) {
        const found = this.io.readFile(file(dir), 'yaml', { name, at, stack, quiet: true });
        if (found) return found;
        dir = dirnameOf(dir);
      }
    }
    const found = this.io.readFile(file(this.configDir), 'yaml', { name, at, stack, quiet: entry.optional });
    if (!found && entry.optional) return undefined;
    return found;
  }
}

function textOf(node: ConfigNode): string {
  if (node.kind === 'string') return node.value;
  return node.text ?? node.kind;
}

/** `- _self_`, `- name`, `- group/name@pkg`, `- [optional|override] group@pkg: option | [options] | null`. */
function parseEntry(item: ConfigNode): DefaultEntry | undefined {
  if (item.kind === 'string') {
    if (item.value === SELF) return { self: true, absolute: false, group: '', options: [], isGroup: false };
    const { path, pkg } = splitPackage(item.value.trim());
    if (!path) return undefined;
    const absolute = path.startsWith('/');
    const bare = absolute ? path.slice(1) : path;
    const at = bare.lastIndexOf('/');
    return { absolute, group: at < 0 ? '' : bare.slice(0, at), options: [at < 0 ? bare : bare.slice(at + 1)], isGroup: false, pkg };
  }
  if (item.kind !== 'object' || item.entries.length !== 1) return undefined;
  const [{ key, value }] = item.entries;
  const words = key.trim().split(/\s+/);
  let override = false;
  let optional = false;
  while (words.length > 1 && (words[0] === 'override' || words[0] === 'optional')) {
    if (words.shift() === 'override') override = true; else optional = true;
  }
  if (words.length !== 1) return undefined;
  const { path, pkg } = splitPackage(words[0]);
  if (!path) return undefined;
  let options: string[];
  if (value.kind === 'null') options = [];
  else if (value.kind === 'string') options = [value.value];
  else if (value.kind === 'array' && value.items.every(i => i.kind === 'string')) options = value.items.map(i => (i as { value: string }).value);
  else return undefined;
  const absolute = path.startsWith('/');
  return {
    ...(override && { override: true as const }), ...(optional && { optional: true as const }),
    absolute, group: absolute ? path.slice(1) : path, options, isGroup: true, pkg,
  };
}

function splitPackage(text: string): { path: string; pkg?: string } {
  const at = text.indexOf('@');
  return at < 0 ? { path: text } : { path: text.slice(0, at), pkg: text.slice(at + 1) };
}

/** The group path from the config directory: `/group` as written, `group` under the including config's group. */
function groupPath(including: string, entry: DefaultEntry): string {
  const group = entry.absolute ? entry.group : including && entry.group ? `${including}/${entry.group}` : including || entry.group;
  return normalizePath(group || '.').replace(/^\.$/, '').replace(/^\/+/, '');
}

function joinGroup(group: string, name: string): string {
  return group ? `${group}/${name}` : name;
}

/** `# @package X` among the comment lines at the top of a config file. */
function packageDirective(text: string): string | undefined {
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (!trimmed.startsWith('#')) return undefined;
    const m = /^#\s*@package\s+(\S+)/.exec(trimmed);
    if (m) return m[1];
  }
  return undefined;
}

/**
 * A package written in a defaults entry (relative to the including config's package) or a directive (absolute):
 * `_global_` is the root, `_group_` the config's group in dots, `_name_` its name.
 */
function packageFrom(written: string, group: string, name: string, including: string, relative: boolean): string {
  const parts: string[] = [];
  let absolute = !relative;
  for (const part of written.split('.')) {
    if (part === '_global_' || part === '__global__') { absolute = true; parts.length = 0; continue; }
    if (part === '_group_') parts.push(...group.split('/').filter(Boolean));
    else if (part === '_name_') parts.push(name);
    else if (part !== '' && part !== '_here_') parts.push(part);
  }
  const own = parts.join('.');
  if (absolute || !including) return own;
  return own ? `${including}.${own}` : including;
}

/** `node` nested under the keys of a package (`a.b`), as Hydra places a config's content. */
function placed(pkg: string, node: ObjectNode): ObjectNode {
  if (!pkg) return node;
  const keys = pkg.split('.');
  let wrapped: ObjectNode = node;
  for (let i = keys.length - 1; i >= 0; i--) {
    const range: SourceRange = node.range;
    wrapped = { kind: 'object', range, ...(node.origin && { origin: node.origin }), entries: [{ key: keys[i], keyRange: range, value: wrapped }] };
  }
  return wrapped;
}
