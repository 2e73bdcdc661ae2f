import type { ConfigNode } from '../../formats/tree';
import type { InferredFact } from './index';
import { endsWith, inferredSize, pathSegments, textAt, type TextSetting } from './match';
import { type KnownSplit, SPLITS } from './table';

/**
 * timm train.py: `dataset` (default '', an image folder), `data_dir` (or the positional `data`), `train_split`
 * (default 'train'). timm/data/dataset_factory.py create_dataset lower-cases the name; `torch/<name>` builds a
 * torchvision dataset whose `train=` is `split in ('train', 'training')`, `hfds/<name>` a Hugging Face dataset
 * split, and a folder dataset looks for a `<split>` sub-folder of `data_dir` (_search_split).
 */

/** torchvision datasets create_dataset builds from `torch/<name>` (_TORCH_BASIC_DS and ImageNet) */
const TORCH_DATASETS = new Map<string, KnownSplit>([
  ['cifar10', SPLITS.cifar10Train],
  ['cifar100', SPLITS.cifar100Train],
  ['mnist', SPLITS.mnistTrain],
  ['fashion_mnist', SPLITS.fashionMnistTrain],
  ['imagenet', SPLITS.imagenet1kTrain],
]);

/** Hugging Face hub datasets read with `hfds/<id>` (map-style: the loader's length is the split's) */
const HF_DATASETS = new Map<string, KnownSplit>([
  ['imagenet-1k', SPLITS.imagenet1kTrain],
  ['ilsvrc/imagenet-1k', SPLITS.imagenet1kTrain],
]);

/** The folder names ImageNet-1k is unpacked under (timm's and torchvision's docs, the ILSVRC tar's own name). */
const IMAGENET_FOLDERS = new Set(['imagenet', 'imagenet1k', 'imagenet-1k', 'imagenet_1k', 'ilsvrc2012']);

/** create_dataset's _TRAIN_SYNONYM */
const TRAIN_SPLITS = new Set(['train', 'training']);

export function timmDatasets(root: ConfigNode): InferredFact[] {
  const dataset = textAt(root, ['dataset']);
  const name = (dataset?.value ?? '').toLowerCase();
  const split = textAt(root, ['train_split'])?.value ?? 'train';
  // train.py: `if args.data and not args.data_dir: args.data_dir = args.data`
  const dataDir = textAt(root, ['data_dir']);
  const dir = dataDir ? { ...dataDir, key: 'data_dir' } : withKey(textAt(root, ['data']), 'data');
  if (name.startsWith('torch/')) {
    const known = TORCH_DATASETS.get(name.slice('torch/'.length));
    // torchvision's ImageNet takes split='train' only by that name; the others take the synonyms
    const isTrain = name === 'torch/imagenet' ? split === 'train' : TRAIN_SPLITS.has(split);
    if (known && isTrain && dataset) return [inferredSize([{ split: known, count: known.size }], [{ key: 'dataset', value: dataset.value }], dataset.node.range)];
    if (name !== 'torch/image_folder' && name !== 'torch/folder') return [];
  } else if (name.startsWith('hfds/')) {
    const known = HF_DATASETS.get(name.slice('hfds/'.length));
    if (known && split === 'train' && dataset) return [inferredSize([{ split: known, count: known.size }], [{ key: 'dataset', value: dataset.value }], dataset.node.range)];
    return [];
  } else if (name !== '' && name !== 'folder') {
    return []; // tfds/, wds/, hfids/ stream with their own counts; a tar or custom reader is unknown
  }
  return dir && TRAIN_SPLITS.has(split) && isImageNetTrainFolder(dir) ? [imagenetFolder(dir)] : [];
}

/**
 * An ImageNet-1k root (`/data/imagenet`, whose `train` sub-folder timm reads), its `train` folder itself,
 * `ILSVRC2012_img_train`, or the Kaggle layout `ILSVRC/Data/CLS-LOC`. A folder merely containing "imagenet"
 * (`imagenet-100`, `my_imagenet_subset`, `imagenet_lmdb`) is not matched: a subset or another format, of unknown size.
 */
function isImageNetTrainFolder(dir: TextSetting): boolean {
  const segments = pathSegments(dir.value);
  if (segments.length === 0) return false;
  const last = segments[segments.length - 1].toLowerCase();
  // ILSVRC2012_img_train.tar unpacks into its own name: the train folder itself
  if (IMAGENET_FOLDERS.has(last) || last === 'ilsvrc2012_img_train') return true;
  if (last === 'train' && segments.length >= 2 && IMAGENET_FOLDERS.has(segments[segments.length - 2].toLowerCase())) return true;
  return endsWith(segments, ['ILSVRC', 'Data', 'CLS-LOC']);
}

function imagenetFolder(dir: TextSetting & { key: string }): InferredFact {
  return inferredSize([{ split: SPLITS.imagenet1kTrain, count: SPLITS.imagenet1kTrain.size }], [{ key: dir.key, value: dir.value }], dir.node.range);
}

function withKey(setting: TextSetting | undefined, key: string): (TextSetting & { key: string }) | undefined {
  return setting && { ...setting, key };
}
