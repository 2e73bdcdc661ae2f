import { getPath } from '../../formats/access';
import type { ConfigNode } from '../../formats/tree';
import type { InferredFact } from './index';
import { flagAt, inferredSize, numberAt, pathSegments, textAt, type Part } from './match';
import { type KnownSplit, SPLITS } from './table';

/**
 * LLaMA-Factory's `dataset:` lists entries of `<dataset_dir>/dataset_info.json` (default dataset_dir: data),
 * comma-separated or as a list (hparams/data_args.py, split_arg). The demo files it ships are counted at
 * hiyouga/LLaMA-Factory ff6d4d1; a user's own entries are unknown, so a list with any other name is not matched.
 * data/loader.py keeps the first `max_samples` of each dataset, then concatenates them (mix_strategy concat).
 * Not matched: interleaved mixes, streaming, packing (sequences are merged), a validation split cut off
 * (`val_size`), pre-tokenized data, and pre-training (stage pt packs text into blocks).
 */

/** Supervised demo sets (stage sft, the default) */
const SFT_DEMOS = new Map<string, KnownSplit>([
  ['identity', SPLITS.lfIdentity],
  ['alpaca_en_demo', SPLITS.lfAlpacaEnDemo],
  ['alpaca_zh_demo', SPLITS.lfAlpacaZhDemo],
  ['glaive_toolcall_en_demo', SPLITS.lfGlaiveToolcallEnDemo],
  ['glaive_toolcall_zh_demo', SPLITS.lfGlaiveToolcallZhDemo],
  ['mllm_demo', SPLITS.lfMllmDemo],
  ['mllm_video_demo', SPLITS.lfMllmVideoDemo],
  ['mllm_audio_demo', SPLITS.lfMllmAudioDemo],
]);

/** Pairwise demo sets (stages rm, dpo) */
const RANKING_DEMOS = new Map<string, KnownSplit>([
  ['dpo_en_demo', SPLITS.lfDpoEnDemo],
  ['dpo_zh_demo', SPLITS.lfDpoZhDemo],
]);

const KTO_DEMOS = new Map<string, KnownSplit>([['kto_en_demo', SPLITS.lfKtoEnDemo]]);

const DEMOS_BY_STAGE = new Map<string, Map<string, KnownSplit>>([
  ['sft', SFT_DEMOS],
  ['rm', RANKING_DEMOS],
  ['dpo', RANKING_DEMOS],
  ['kto', KTO_DEMOS],
]);

/** More datasets than a recipe lists: a longer list is not looked at. */
const MAX_DATASETS = 32;

export function llamaFactoryDatasets(root: ConfigNode): InferredFact[] {
  const node = getPath(root, ['dataset']);
  const names = node && datasetList(node);
  if (!node || !names || names.length === 0 || names.length > MAX_DATASETS) return [];
  const demos = DEMOS_BY_STAGE.get(textAt(root, ['stage'])?.value ?? 'sft');
  if (!demos || !plainConcat(root)) return [];
  const maxSamples = numberAt(root, ['max_samples']);
  if (maxSamples !== undefined && !(Number.isInteger(maxSamples) && maxSamples > 0)) return [];
  const parts: Part[] = [];
  for (const name of names) {
    const split = demos.get(name);
    if (!split) return [];
    parts.push({ split, count: Math.min(split.size, maxSamples ?? split.size) });
  }
  const settings = [{ key: 'dataset', value: node.kind === 'string' ? node.value : names.join(',') }];
  if (maxSamples !== undefined && parts.some(p => p.count < p.split.size)) settings.push({ key: 'max_samples', value: String(maxSamples) });
  return [inferredSize(parts, settings, node.range)];
}

/** `a,b` or a YAML list, each name stripped (split_arg) */
function datasetList(node: ConfigNode): string[] | undefined {
  if (node.kind === 'string') return node.value.length > 4096 ? undefined : node.value.split(',').map(s => s.trim());
  if (node.kind !== 'array' || node.items.length > MAX_DATASETS) return undefined;
  const names = node.items.map(item => item.kind === 'string' ? item.value.trim() : undefined);
  return names.every((n): n is string => n !== undefined) ? names : undefined;
}

/** The demo files concatenated as they are, from the shipped data folder. */
function plainConcat(root: ConfigNode): boolean {
  const dir = textAt(root, ['dataset_dir'])?.value;
  if (dir !== undefined && (pathSegments(dir).length !== 1 || pathSegments(dir)[0] !== 'data')) return false;
  const mix = textAt(root, ['mix_strategy'])?.value;
  if (mix !== undefined && mix !== 'concat') return false;
  if (flagAt(root, ['streaming']) === true || flagAt(root, ['packing']) === true || flagAt(root, ['neat_packing']) === true) return false;
  const valSize = getPath(root, ['val_size']);
  if (valSize && valSize.kind !== 'null' && !(valSize.kind === 'number' && valSize.value === 0)) return false;
  return getPath(root, ['tokenized_path']) === undefined || getPath(root, ['tokenized_path'])?.kind === 'null';
}
