import { quoted } from '../../formats/quote';
import type { ConfigNode, ObjectNode } from '../../formats/tree';
import type { BaseRules } from '../../workspace/bases';
import { mergeMappings } from '../../workspace/merge';
import { resolvePath } from '../../workspace/paths';
import type { BasesRead, DialectInput } from '../types';

/**
 * detectron2's `_BASE_`, as fvcore's CfgNode.load_yaml_with_base reads it (fvcore/common/config.py, which
 * detectron2's CfgNode.merge_from_file calls): `_BASE_` holds one file name; `~` is expanded, a name starting with
 * `/`, `https://` or `http://` is taken as it is, any other is relative to the directory of the file that names
 * it. The base is loaded the same way (its own `_BASE_` first), its `_BASE_` key dropped, and the file's keys are
 * merged over it: a mapping under a key both have recursively, anything else replaces the base's value, and a
 * mapping over a base value that is not one fails ("Cannot inherit key '…' from base!"). Every file is read with
 * yaml.safe_load, whatever its extension.
 */
export const detectron2Bases: BaseRules = {
  key: '_BASE_',
  codePrefix: 'd2-',
  framework: 'detectron2',
  names(value: ConfigNode) {
    if (value.kind === 'string') return { names: [{ name: value.value, range: value.range }] };
    return { names: [], problem: `\`_BASE_\` holds one file name: fvcore's load_yaml_with_base calls \`.startswith\` on it and fails on ${value.kind === 'array' ? 'a list' : `a ${value.kind}`} (AttributeError).` };
  },
  resolve(name, dir) {
    if (name.startsWith('~')) return { skip: 'detectron2 reads it from the home directory (os.path.expanduser), outside the workspace: LR Lens does not follow it.', severity: 'warning' };
    if (name.startsWith('https://') || name.startsWith('http://')) return { skip: 'detectron2 downloads it; LR Lens reads no network.', severity: 'warning' };
    return { path: resolvePath(dir, name), language: 'yaml' };
  },
  combine(bases) {
    // load_yaml_with_base takes one base per file
    return bases[bases.length - 1].root;
  },
  merge(child: ObjectNode, base: ObjectNode, report) {
    return mergeMappings(child, base, {
      conflict(keys, entry, baseEntry) {
        report('base-cannot-inherit',
          `\`${quoted(keys.join('.'))}\` is a mapping here but not in the base file: fvcore asserts "Cannot inherit key '${quoted(entry.key)}' from base!" and detectron2 does not load the config.`,
          'error', baseEntry.value.origin ?? entry.value.origin);
      },
    });
  },
};

/**
 * Why the keys `_BASE_` would give are not in the tree, for a reader's message: the chain was not merged whole,
 * or the file was read alone (no `bases` at all: a reader called without analyze()). Undefined when merged.
 */
export function unreadBaseNote(input: DialectInput): string | undefined {
  const bases: BasesRead | undefined = input.bases;
  if (bases?.state === 'merged') return undefined;
  return !bases || bases.state === 'alone'
    ? 'LR Lens reads base files only with the workspace around this file (the editor\'s folder, the CLI\'s repository or --root)'
    : 'LR Lens could not read all of the `_BASE_` chain (see the diagnostic on `_BASE_`)';
}
