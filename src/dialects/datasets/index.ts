import type { ConfigNode, SourceRange } from '../../formats/tree';
import type { FactName } from '../types';
import { detectron2Datasets } from './detectron2';
import { huggingfaceDatasets } from './huggingface';
import { mmengineDatasets } from './mmengine';
import { paddleclasDatasets } from './paddleclas';
import { timmDatasets } from './timm';
import { ultralyticsDatasets } from './ultralytics';

/** A fact the config implies without stating it: a known dataset's training-split size, say. */
export interface InferredFact {
  fact: FactName;
  value: number;
  /** in the user's words, e.g. "ImageNet-1k train (1,281,167 images, ILSVRC2012, Russakovsky et al. 2015), from `data_dir: /data/imagenet`" */
  origin: string;
  /** the setting it was read from */
  range: SourceRange;
}

/** Each dialect's matcher of the keys that name its training data (one file each in this folder). */
const MATCHERS = new Map<string, (root: ConfigNode) => InferredFact[]>([
  ['timm', timmDatasets],
  ['ultralytics', ultralyticsDatasets],
  ['huggingface', huggingfaceDatasets],
  ['paddleclas', paddleclasDatasets],
  ['mmengine', mmengineDatasets],
  ['detectron2', detectron2Datasets],
]);

/**
 * The facts a dialect's config implies (issue 12 §2): the training-split size of a well-known dataset the config
 * names in its framework's own keys (table.ts lists them with their sources). Anything the user states (setting,
 * directive, flag) overrides them; no match infers nothing.
 */
export function inferFacts(dialect: string, root: ConfigNode, _fileName: string): InferredFact[] {
  const match = MATCHERS.get(dialect);
  return match && root.kind === 'object' ? match(root) : [];
}
