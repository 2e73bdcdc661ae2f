import type { ConfigNode } from '../../formats/tree';
import { getPath } from '../../formats/access';
import type { InferredFact } from './index';
import { flagAt, inferredSize, type Part } from './match';
import { type KnownSplit, SPLITS } from './table';

/**
 * detectron2 trains on the concatenation of the datasets `DATASETS.TRAIN` names, as registered in
 * detectron2/data/datasets/builtin.py. With `DATALOADER.FILTER_EMPTY_ANNOTATIONS` (default True) it drops images
 * without usable instance annotations (get_detection_dataset_dicts): 1,021 of COCO train2017; no VOC trainval
 * image; semantic-segmentation datasets have no instances and are not filtered. Names whose filtered count we
 * cannot cite (keypoints, LVIS, Cityscapes instances) are not matched.
 */

interface Registered {
  filtered: KnownSplit;
  unfiltered: KnownSplit;
}

const REGISTERED = new Map<string, Registered>([
  ['coco_2017_train', { filtered: SPLITS.coco2017TrainAnnotated, unfiltered: SPLITS.coco2017Train }],
  ['voc_2007_trainval', { filtered: SPLITS.voc2007Trainval, unfiltered: SPLITS.voc2007Trainval }],
  ['voc_2012_trainval', { filtered: SPLITS.voc2012Trainval, unfiltered: SPLITS.voc2012Trainval }],
  ['cityscapes_fine_sem_seg_train', { filtered: SPLITS.cityscapesFineTrain, unfiltered: SPLITS.cityscapesFineTrain }],
  ['ade20k_sem_seg_train', { filtered: SPLITS.ade20kTrain, unfiltered: SPLITS.ade20kTrain }],
]);

/** More names than any real config trains on: a longer list is not looked at. */
const MAX_NAMES = 16;

export function detectron2Datasets(root: ConfigNode): InferredFact[] {
  const node = getPath(root, ['DATASETS', 'TRAIN']);
  const names = node && datasetNames(node);
  if (!node || !names || names.length === 0) return [];
  const filter = flagAt(root, ['DATALOADER', 'FILTER_EMPTY_ANNOTATIONS']) ?? true;
  const parts: Part[] = [];
  for (const name of names) {
    const registered = REGISTERED.get(name);
    if (!registered) return [];
    const split = filter ? registered.filtered : registered.unfiltered;
    parts.push({ split, count: split.size });
  }
  const written = node.kind === 'string' ? node.value : `(${names.map(n => `'${n}'`).join(', ')})`;
  return [inferredSize(parts, [{ key: 'DATASETS.TRAIN', value: written }], node.range)];
}

/**
 * The names of `TRAIN: ('coco_2017_train',)` (a string yacs literal-evaluates into a tuple), of a YAML list, or
 * of a bare name (detectron2 wraps a single string in a list). Anything else is not read.
 */
function datasetNames(node: ConfigNode): string[] | undefined {
  if (node.kind === 'array') {
    if (node.items.length > MAX_NAMES) return undefined;
    const names = node.items.map(item => item.kind === 'string' ? item.value : undefined);
    return names.every((n): n is string => n !== undefined && NAME.test(n)) ? names : undefined;
  }
  if (node.kind !== 'string' || node.value.length > 1024) return undefined;
  const text = node.value.trim();
  if (NAME.test(text)) return [text];
  const tuple = /^[([]\s*(.*?)\s*[)\]]$/s.exec(text);
  if (!tuple) return undefined;
  const items = tuple[1].split(',').map(s => s.trim()).filter((s, i, all) => s !== '' || i !== all.length - 1);
  if (items.length > MAX_NAMES) return undefined;
  const names: string[] = [];
  for (const item of items) {
    const quotedName = /^(['"])([^'"]*)\1$/.exec(item);
    if (!quotedName || !NAME.test(quotedName[2])) return undefined;
    names.push(quotedName[2]);
  }
  return names;
}

const NAME = /^[A-Za-z0-9_.-]+$/;
