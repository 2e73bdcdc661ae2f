import type { ConfigNode } from '../../formats/tree';
import type { InferredFact } from './index';
import { endsWith, inferredSize, numberAt, pathSegments, textAt, type Setting } from './match';
import { type KnownSplit, SPLITS } from './table';

/**
 * Ultralytics `data:` names a dataset YAML it ships (ultralytics/cfg/datasets/) or, for classification, a
 * dataset folder it downloads by name. Ultralytics counts images, background images included (its COCO labels
 * keep the 1,021 images without objects: "117266 images, 1021 backgrounds" of 118,287).
 */

/** The dataset files Ultralytics ships, by file name as it spells them (check_yaml finds them by that name). */
const DATA_FILES = new Map<string, KnownSplit>([
  ['coco.yaml', SPLITS.coco2017Train],
  ['coco8.yaml', SPLITS.coco8Train],
  ['coco128.yaml', SPLITS.coco128Train],
  ['coco8-seg.yaml', SPLITS.coco8SegTrain],
  ['coco8-pose.yaml', SPLITS.coco8PoseTrain],
  ['coco128-seg.yaml', SPLITS.coco128SegTrain],
  ['VOC.yaml', SPLITS.voc0712Trainval],
  ['ImageNet.yaml', SPLITS.imagenet1kTrain],
]);

/** Classification datasets `data=<name>` downloads (check_cls_dataset); their train folders hold the original splits. */
const CLASSIFY_NAMES = new Map<string, KnownSplit>([
  ['imagenet', SPLITS.imagenet1kTrain],
  ['cifar10', SPLITS.cifar10Train],
  ['cifar100', SPLITS.cifar100Train],
  ['mnist', SPLITS.mnistTrain],
  ['fashion-mnist', SPLITS.fashionMnistTrain],
]);

export function ultralyticsDatasets(root: ConfigNode): InferredFact[] {
  const data = textAt(root, ['data']);
  if (!data) return [];
  const segments = pathSegments(data.value);
  if (segments.length === 0) return [];
  let known: KnownSplit | undefined;
  if (segments.length === 1) {
    known = DATA_FILES.get(segments[0]) ?? CLASSIFY_NAMES.get(segments[0]);
  } else if (endsWith(segments.slice(0, -1), ['ultralytics', 'cfg', 'datasets'])) {
    // a run's args.yaml records the resolved path into the installed package; a file of the same name in a
    // project folder is the user's own dataset and is not matched
    known = DATA_FILES.get(segments[segments.length - 1]);
  }
  if (!known) return [];
  const settings: Setting[] = [{ key: 'data', value: data.value }];
  // data/base.py get_img_files: `im_files[: round(len(im_files) * self.fraction)]` when fraction < 1
  const fraction = numberAt(root, ['fraction']) ?? 1;
  if (!(fraction > 0 && fraction <= 1)) return [];
  const count = fraction < 1 ? roundHalfEven(known.size * fraction) : known.size;
  if (count < known.size) settings.push({ key: 'fraction', value: String(fraction) });
  return count > 0 ? [inferredSize([{ split: known, count }], settings, data.node.range)] : [];
}

/** Python's round(): a tie goes to the even neighbour (round(2.5) == 2), unlike Math.round. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
