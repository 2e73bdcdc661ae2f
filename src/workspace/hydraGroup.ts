import { entryOf } from '../dialects/fields';
import { selectedOptions } from '../dialects/pytorch/bases';
import { parseDocument } from '../formats/parse';
import { MAX_CHAIN_BYTES, type WorkspaceFiles } from './files';
import { basenameOf, dirnameOf, isInside, normalizePath, utf8Length } from './paths';

/**
 * A Hydra config-group option read on its own (`conf/scheduler/cosine.yaml`) is one part of a composition: its
 * optimizer (the LR it scales) and its trainer (the run length) are other options, chosen by a primary config's
 * `defaults` list in the config directory above the group (`conf/config.yaml`: `- scheduler: cosine`). This finds
 * that primary, through the WorkspaceFiles interface only and bounded: the config directory is listed once and at
 * most MAX_CANDIDATES of its YAML files are read, the usual primary names first.
 */

/** Files of the config directory read in search of the primary. */
export const MAX_CANDIDATES = 6;
/** The names Hydra projects give their primary config (`@hydra.main(config_name=…)`), tried first. */
const PRIMARY_NAMES = ['config', 'train', 'main', 'default', 'defaults', 'base', 'run', 'experiment'];

export interface HydraPrimary {
  /** the primary config's path as read (real path) */
  path: string;
  configDir: string;
  group: string;
  option: string;
  /** the primary selects another option of the group (or none): this one stands in for it */
  swapped: boolean;
}

export interface PrimarySearch {
  primary?: HydraPrimary;
  /** the real paths of the candidates read (a change to one re-analyses the option) */
  read: string[];
  pending: boolean;
  /** the config directory above the option's group, when the file sits in one */
  configDir?: string;
}

/** The primary config that selects (or, failing that, names the group of) the analysed option file. */
export function findHydraPrimary(files: WorkspaceFiles): PrimarySearch {
  const result: PrimarySearch = { read: [], pending: false };
  const filePath = normalizePath(files.filePath);
  const extension = /\.ya?ml$/i.exec(filePath)?.[0];
  if (!extension) return result;
  const groupDir = dirnameOf(filePath);
  const configDir = dirnameOf(groupDir);
  const group = basenameOf(groupDir);
  const option = basenameOf(filePath).slice(0, -extension.length);
  if (configDir === groupDir || !isInside(files.root, configDir) || group === 'hydra' || !/^[\w.-]+$/.test(group)) return result;
  result.configDir = configDir;
  const names = files.list(configDir);
  if (names === 'pending') { result.pending = true; return result; }
  if (!names) return result;
  const yaml = names.filter(n => /\.ya?ml$/i.test(n));
  const stem = (n: string) => n.replace(/\.ya?ml$/i, '');
  const rank = (n: string) => { const i = PRIMARY_NAMES.indexOf(stem(n)); return i < 0 ? PRIMARY_NAMES.length : i; };
  const candidates = [...yaml].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)).slice(0, MAX_CANDIDATES);
  let naming: HydraPrimary | undefined;
  for (const name of candidates) {
    const answer = files.read(`${configDir}/${name}`);
    if (answer.kind === 'pending') { result.pending = true; continue; }
    if (answer.kind !== 'text' || utf8Length(answer.text) > MAX_CHAIN_BYTES) continue;
    result.read.push(answer.path);
    // cheap refusal first: most YAML files of a config directory name no `defaults`
    if (!answer.text.includes('defaults') || !answer.text.includes(group)) continue;
    const root = parseDocument(answer.text, 'yaml').roots[0];
    const list = root?.kind === 'object' ? entryOf(root, 'defaults')?.value : undefined;
    if (list?.kind !== 'array') continue;
    let selects = false;
    let names_ = false;
    for (const item of list.items) {
      const chosen = selectedOptions(item);
      if (!chosen || chosen.group !== group) continue;
      names_ = true;
      if (chosen.options.includes(option)) selects = true;
    }
    if (selects) return { ...result, primary: { path: answer.path, configDir, group, option, swapped: false } };
    if (names_ && !naming) naming = { path: answer.path, configDir, group, option, swapped: true };
  }
  return { ...result, ...(naming && { primary: naming }) };
}

/** Groups looked into for the references of one option file, at most. */
const MAX_REFERENCED_GROUPS = 8;

/**
 * The groups an option file refers to (`base_lr: ${training.lr}`) that have exactly one option in the config
 * directory (`conf/training/default_training.yaml`): with no primary config to say which option Hydra composes,
 * the only one there is the one it can compose. Each as its path; bounded by MAX_REFERENCED_GROUPS listings.
 */
export function soleOptionsReferenced(files: WorkspaceFiles, configDir: string, references: readonly string[], ownGroup: string): { group: string; path: string }[] | 'pending' {
  const groups = [...new Set(references.map(r => r.split('.')[0]))].filter(g => /^[\w-]+$/.test(g) && g !== ownGroup && g !== 'hydra').slice(0, MAX_REFERENCED_GROUPS);
  const found: { group: string; path: string }[] = [];
  for (const group of groups) {
    const names = files.list(`${configDir}/${group}`);
    if (names === 'pending') return 'pending';
    const options = (names ?? []).filter(n => /\.ya?ml$/i.test(n));
    if (options.length === 1) found.push({ group, path: `${configDir}/${group}/${options[0]}` });
  }
  return found;
}

/** The absolute references (`${a.b}`, not resolvers, not relative ones) in a tree's strings. */
export function referencesIn(root: import('../formats/tree').ConfigNode): string[] {
  const out: string[] = [];
  const stack = [root];
  let budget = 10_000;
  while (stack.length && budget-- > 0) {
    const node = stack.pop()!;
    if (node.kind === 'string') {
      for (const m of node.value.matchAll(/\$\{\s*([A-Za-z_][\w-]*(?:\.[\w-]+)*)\s*\}/g)) out.push(m[1]);
    } else if (node.kind === 'object') for (const e of node.entries) stack.push(e.value);
    else if (node.kind === 'array') for (const item of node.items) stack.push(item);
  }
  return out;
}
