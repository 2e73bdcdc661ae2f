import type { ConfigNode } from '../../formats/tree';
import type { InferredFact } from './index';
import { endsWith, flagAt, inferredSize, isSet, numberAt, pathSegments, textAt } from './match';
import { type KnownSplit, SPLITS } from './table';

/**
 * mmengine builds `train_dataloader.dataset` from its `type`. Matched: mmdet's CocoDataset on COCO's
 * annotations/instances_train2017.json, mmpretrain's ImageNet on an ImageNet root, and its CIFAR10/CIFAR100.
 * mmdet's CocoDataset.filter_data keeps every image without `filter_cfg`, and drops the images without
 * annotations with `filter_empty_gt=True`; a `min_size` filter drops a count we cannot cite, so such a config is
 * not matched. Wrapped datasets (RepeatDataset, ClassBalancedDataset, ConcatDataset) are not followed.
 */

const DATASET = ['train_dataloader', 'dataset'];

const CIFAR = new Map<string, KnownSplit>([
  ['CIFAR10', SPLITS.cifar10Train],
  ['mmpretrain.CIFAR10', SPLITS.cifar10Train],
  ['CIFAR100', SPLITS.cifar100Train],
  ['mmpretrain.CIFAR100', SPLITS.cifar100Train],
]);

export function mmengineDatasets(root: ConfigNode): InferredFact[] {
  const type = textAt(root, [...DATASET, 'type']);
  if (!type || flagAt(root, [...DATASET, 'test_mode']) === true) return [];
  const settings = [{ key: 'type', value: type.value }];
  const one = (split: KnownSplit, more: { key: string; value: string }[], range = type.node.range) =>
    [inferredSize([{ split, count: split.size }], [...settings, ...more], range)];

  if (type.value === 'CocoDataset' || type.value === 'mmdet.CocoDataset') {
    const annFile = textAt(root, [...DATASET, 'ann_file']);
    const dataRoot = textAt(root, [...DATASET, 'data_root'])?.value ?? '';
    if (!annFile) return [];
    const segments = [...pathSegments(dataRoot), ...pathSegments(annFile.value)];
    if (!endsWith(segments, ['coco', 'annotations', 'instances_train2017.json'])) return [];
    const filter = [...DATASET, 'filter_cfg'];
    let split: KnownSplit = SPLITS.coco2017Train;
    if (isSet(root, filter)) {
      if ((numberAt(root, [...filter, 'min_size']) ?? 0) > 0) return [];
      if (flagAt(root, [...filter, 'filter_empty_gt']) === true) split = SPLITS.coco2017TrainAnnotated;
    }
    return one(split, [{ key: 'ann_file', value: annFile.value }], annFile.node.range);
  }
  if (type.value === 'ImageNet' || type.value === 'mmpretrain.ImageNet') {
    const dataRoot = textAt(root, [...DATASET, 'data_root']);
    const split = textAt(root, [...DATASET, 'split'])?.value;
    const annFile = textAt(root, [...DATASET, 'ann_file'])?.value;
    if (!dataRoot || !endsWith(pathSegments(dataRoot.value), ['imagenet'])) return [];
    // mmpretrain's ImageNet reads split 'train' (data_root/train, or meta/train.txt when given)
    const train = split === 'train' || (split === undefined && annFile !== undefined && endsWith(pathSegments(annFile), ['meta', 'train.txt']));
    return train ? one(SPLITS.imagenet1kTrain, [{ key: 'data_root', value: dataRoot.value }], dataRoot.node.range) : [];
  }
  const cifar = CIFAR.get(type.value);
  // mmpretrain's CIFAR10/CIFAR100: split='train' by default, the 50,000 images of the official batches
  const split = textAt(root, [...DATASET, 'split'])?.value ?? 'train';
  return cifar && split === 'train' ? one(cifar, []) : [];
}
