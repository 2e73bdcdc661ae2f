import { getPath } from '../../formats/access';
import type { ConfigNode, NumberNode } from '../../formats/tree';
import type { InferredFact } from './index';
import { inferredSize, textAt, type Part } from './match';
import type { KnownSplit } from './table';

/**
 * alignment-handbook's dataset mixtures, as src/alignment/data.py builds them (huggingface/alignment-handbook
 * 925acdfe):
 * - `dataset_mixture: {datasets: [{id, config, split, columns, weight}], test_split_size, seed}`: each split,
 *   subsampled to int(len × weight) when a weight is given, concatenated; `test_split_size` then holds out a test
 *   split (datasets' train_test_split: an int is a count, a float in (0, 1) holds out ceil(fraction × n)).
 * - the older `dataset_mixer: {id: fraction}` with `dataset_splits` (default train, test): the splits whose name
 *   contains "train" make the train set, int(fraction × len) of each.
 * Every dataset of the mixture must be known, or nothing is inferred.
 */

/** More datasets than a mixture lists: a longer one is not looked at. */
const MAX_MIXED = 32;

export type HubLookup = (id: string, config: string | undefined, split: string) => KnownSplit | undefined;

export function mixtureDatasets(root: ConfigNode, lookup: HubLookup): InferredFact[] | undefined {
  const mixture = getPath(root, ['dataset_mixture']);
  if (mixture && mixture.kind !== 'null') return newMixture(root, mixture, lookup);
  const mixer = getPath(root, ['dataset_mixer']);
  if (mixer && mixer.kind !== 'null') return oldMixer(root, mixer, lookup);
  return undefined;
}

function newMixture(root: ConfigNode, mixture: ConfigNode, lookup: HubLookup): InferredFact[] {
  if ((textAt(root, ['dataset_train_split'])?.value ?? 'train') !== 'train') return [];
  const list = getPath(mixture, ['datasets']);
  if (list?.kind !== 'array' || list.items.length === 0 || list.items.length > MAX_MIXED) return [];
  const parts: Part[] = [];
  const written: string[] = [];
  for (const item of list.items) {
    const id = textAt(item, ['id'])?.value;
    const split = textAt(item, ['split'])?.value ?? 'train';
    written.push(`${id} ${split}`);
    const known = id === undefined ? undefined : lookup(id, textAt(item, ['config'])?.value, split);
    const weight = getPath(item, ['weight']);
    if (!known || (weight && weight.kind !== 'null' && !(weight.kind === 'number' && weight.value >= 0))) return [];
    const count = weight?.kind === 'number' ? Math.floor(known.size * weight.value) : known.size;
    parts.push({ split: known, count });
  }
  const total = parts.reduce((sum, p) => sum + p.count, 0);
  const testSize = getPath(mixture, ['test_split_size']);
  let heldOut = 0;
  if (testSize && testSize.kind !== 'null') {
    if (testSize.kind !== 'number') return [];
    heldOut = heldOutCount(testSize, total) ?? -1;
    if (heldOut < 0 || heldOut >= total) return [];
  }
  const settings = [{ key: 'dataset_mixture', value: written.join(', ') }];
  if (heldOut > 0 && testSize?.kind === 'number') settings.push({ key: 'test_split_size', value: testSize.text ?? String(testSize.value) });
  return [inferredSize(parts, settings, mixture.range, heldOut)];
}

/** datasets' train_test_split: an int test_size is a count, a float in (0, 1) a fraction rounded up */
function heldOutCount(node: NumberNode, total: number): number | undefined {
  const written = node.text ?? String(node.value);
  const isInt = Number.isInteger(node.value) && !/[.eE]/.test(written);
  if (isInt) return node.value;
  return node.value > 0 && node.value < 1 ? Math.ceil(node.value * total) : undefined;
}

function oldMixer(root: ConfigNode, mixer: ConfigNode, lookup: HubLookup): InferredFact[] {
  if (mixer.kind !== 'object' || mixer.entries.length === 0 || mixer.entries.length > MAX_MIXED) return [];
  const splitsNode = getPath(root, ['dataset_splits']);
  let splits = ['train', 'test'];
  if (splitsNode && splitsNode.kind !== 'null') {
    if (splitsNode.kind !== 'array') return [];
    const names = splitsNode.items.map(item => item.kind === 'string' ? item.value : undefined);
    if (!names.every((n): n is string => n !== undefined)) return [];
    splits = names;
  }
  // mix_datasets pairs each train split with the fractions dataset by dataset: only one train split lines up
  const trainSplits = splits.filter(s => s.includes('train'));
  if (trainSplits.length !== 1) return [];
  const parts: Part[] = [];
  for (const entry of mixer.entries) {
    const known = lookup(entry.key, undefined, trainSplits[0]);
    if (!known || entry.value.kind !== 'number' || !(entry.value.value >= 0)) return [];
    parts.push({ split: known, count: Math.floor(entry.value.value * known.size) });
  }
  return [inferredSize(parts, [{ key: 'dataset_mixer', value: mixer.entries.map(e => e.key).join(', ') }], mixer.range)];
}
