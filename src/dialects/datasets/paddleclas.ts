import type { ConfigNode } from '../../formats/tree';
import type { InferredFact } from './index';
import { inferredSize, pathSegments, textAt } from './match';
import { SPLITS } from './table';

/**
 * PaddleClas reads `DataLoader.Train.dataset`: an ImageNetDataset (or MultiScaleDataset) lists its images in
 * `cls_label_path`, one a line. Its ImageNet configs use the layout of its docs (docs/en/data_preparation/
 * classification_dataset_en.md): `image_root: ./dataset/ILSVRC2012/` with `ILSVRC2012/train_list.txt`, the
 * 1,281,167 training images. Any other list (a subset, a custom task) is not matched.
 */

const LIST_DATASETS = new Set(['ImageNetDataset', 'MultiScaleDataset']);

export function paddleclasDatasets(root: ConfigNode): InferredFact[] {
  const path = ['DataLoader', 'Train', 'dataset'];
  const name = textAt(root, [...path, 'name'])?.value;
  const imageRoot = textAt(root, [...path, 'image_root']);
  const labels = textAt(root, [...path, 'cls_label_path']);
  if (!name || !LIST_DATASETS.has(name) || !imageRoot || !labels) return [];
  const rootSegments = pathSegments(imageRoot.value);
  const labelSegments = pathSegments(labels.value);
  const standard = rootSegments.length > 0 && rootSegments[rootSegments.length - 1] === 'ILSVRC2012'
    && labelSegments.length === rootSegments.length + 1 && rootSegments.every((s, i) => labelSegments[i] === s)
    && labelSegments[labelSegments.length - 1] === 'train_list.txt';
  if (!standard) return [];
  return [inferredSize([{ split: SPLITS.imagenet1kTrain, count: SPLITS.imagenet1kTrain.size }],
    [{ key: 'cls_label_path', value: labels.value }], labels.node.range)];
}
