import type { ConfigNode, SourceRange } from '../../formats/tree';
import type { FactName } from '../types';

/** A fact the config implies without stating it: a known dataset's training-split size, say. */
export interface InferredFact {
  fact: FactName;
  value: number;
  /** in the user's words, e.g. "ImageNet-1k train split (1,281,167 images, source …), from `data_dir: /data/imagenet`" */
  origin: string;
  /** the setting it was read from */
  range: SourceRange;
}

/**
 * The facts a dialect's config implies (issue 12 §2). Anything the user states (setting, directive, flag)
 * overrides them. Filled in by src/dialects/datasets/.
 */
export function inferFacts(_dialect: string, _root: ConfigNode, _fileName: string): InferredFact[] {
  return [];
}
