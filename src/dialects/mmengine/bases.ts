import { quoted } from '../../formats/quote';
import type { ConfigNode, ObjectNode, SourceRange } from '../../formats/tree';
import type { BaseRules } from '../../workspace/bases';
import { mergeMappings } from '../../workspace/merge';
import { resolvePath } from '../../workspace/paths';
import type { DialectInput } from '../types';

/**
 * MMEngine's `_base_` (mmengine/config/config.py, Config._file2dict, v0.10.7; docs/en/advanced_tutorials/config.md):
 * one file name or a list of them, each joined to the directory of the file naming it (osp.join, so an absolute
 * name stands as it is); `pkg::path` names a file in an installed package. The bases are loaded in order, each
 * with its own `_base_`; a top-level key in two of them is an error ("Duplicate key is not allowed among bases").
 * The file's own keys are then merged over theirs (Config._merge_a_into_b): a dict under a key the bases have is
 * merged recursively unless it holds `_delete_=True` (then it replaces the base's; `_delete_` is popped either
 * way), anything else replaces; a dict over a base value that is not one is a TypeError. `.py`, `.json`, `.yaml`
 * and `.yml` files are read (by extension); LR Lens reads the JSON and YAML ones.
 */
export const mmengineBases: BaseRules = {
  key: '_base_',
  codePrefix: 'mm-',
  framework: 'MMEngine',
  names(value: ConfigNode) {
    const items = value.kind === 'array' ? value.items : [value];
    const names: { name: string; range: SourceRange }[] = [];
    for (const item of items) {
      if (item.kind === 'string') names.push({ name: item.value, range: item.range });
      else return { names, problem: '`_base_` holds a file name or a list of file names: MMEngine joins each to the config\'s directory and fails on anything else (TypeError).' };
    }
    return { names };
  },
  resolve(name, dir) {
    if (name.includes('::')) return { skip: `MMEngine reads it from the installed package \`${quoted(name.slice(0, name.indexOf('::')))}\`, outside the workspace: LR Lens does not follow it, so the keys it sets are missing here.`, severity: 'information' };
    const extension = /\.([^./]+)$/.exec(name)?.[1]?.toLowerCase();
    if (extension === 'py') return { skip: 'a Python base file: LR Lens reads JSON and YAML base files for now (Python ones come in a later version), so the keys it sets are missing here.', severity: 'information' };
    if (extension === 'json') return { path: resolvePath(dir, name), language: 'json' };
    if (extension === 'yaml' || extension === 'yml') return { path: resolvePath(dir, name), language: 'yaml' };
    return { skip: 'MMEngine reads only .py, .json, .yaml and .yml config files (IOError "Only py/yml/yaml/json type are supported now!").', severity: 'warning' };
  },
  combine(bases, report) {
    const seen = new Map<string, string>();
    let combined: ObjectNode = { ...bases[0].root, entries: [] };
    for (const base of bases) {
      for (const e of base.root.entries) {
        const first = seen.get(e.key);
        if (first !== undefined && first !== base.path) {
          report('base-duplicate-key',
            `\`${quoted(e.key)}\` is set by two base files: MMEngine raises KeyError "Duplicate key is not allowed among bases" and does not load the config. The later base's value is shown.`,
            'error', e.value.origin);
        }
        seen.set(e.key, base.path);
      }
      // dict.update: the later base's key replaces the earlier one's
      const keys = new Set(base.root.entries.map(e => e.key));
      combined = { ...combined, entries: [...combined.entries.filter(e => !keys.has(e.key)), ...base.root.entries] };
    }
    return combined;
  },
  merge(child: ObjectNode, base: ObjectNode, report) {
    return mergeMappings(child, base, {
      deleteKey: '_delete_',
      conflict(keys, entry, baseEntry) {
        report('base-cannot-inherit',
          `\`${quoted(keys.join('.'))}\` is a dict here but not in the base: MMEngine raises TypeError "… cannot inherit from base because ${quoted(entry.key)} is a dict in the child config …". Set \`_delete_: true\` in it to replace the base's value.`,
          'error', baseEntry.value.origin ?? entry.value.origin);
      },
    });
  },
};

/** The sentence a missing key gets when it may come from a `_base_` LR Lens did not merge; undefined when merged. */
export function unreadBaseNote(input: DialectInput): string | undefined {
  const bases = input.bases;
  if (bases?.state === 'merged') return undefined;
  return !bases || bases.state === 'alone'
    ? 'It may come from `_base_`, which LR Lens reads only with the workspace around this file.'
    : 'It may come from a `_base_` file LR Lens could not read (see the diagnostic on `_base_`).';
}
