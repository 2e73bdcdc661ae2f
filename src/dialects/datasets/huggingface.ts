import type { ConfigNode } from '../../formats/tree';
import type { InferredFact } from './index';
import { llamaFactoryDatasets } from './llamaFactory';
import { mixtureDatasets } from './alignmentHandbook';
import { flagAt, inferredSize, numberAt, textAt, type Setting, type TextSetting } from './match';
import { type KnownSplit, SPLITS } from './table';

/**
 * Hugging Face Trainer recipes name their data with the example scripts' and TRL's arguments: `task_name` (run_glue.py:
 * a GLUE task), `dataset_name` with `dataset_config_name` (transformers examples) or `dataset_config` (TRL), and
 * `dataset_train_split` (TRL, default 'train'). transformers' examples cap the train set with `max_train_samples`.
 * LLaMA-Factory's `dataset:` names entries of its data/dataset_info.json (see llamaFactory.ts); alignment-handbook's
 * `dataset_mixture` / `dataset_mixer` mix hub datasets (see alignmentHandbook.ts).
 */

const GLUE_TASKS = new Map<string, KnownSplit>([
  ['cola', SPLITS.colaTrain],
  ['sst2', SPLITS.sst2Train],
  ['mrpc', SPLITS.mrpcTrain],
  ['qqp', SPLITS.qqpTrain],
  ['stsb', SPLITS.stsbTrain],
  ['mnli', SPLITS.mnliTrain],
  ['qnli', SPLITS.qnliTrain],
  ['rte', SPLITS.rteTrain],
  ['wnli', SPLITS.wnliTrain],
]);

/** Hub ids (lower-cased, with and without the owner the hub moved them under) whose splits we know. */
const HUB_DATASETS = new Map<string, { splits: Map<string, KnownSplit>; configs: readonly string[] }>([
  ...ids(['squad', 'rajpurkar/squad'], { train: SPLITS.squadTrain }, ['plain_text']),
  ...ids(['squad_v2', 'rajpurkar/squad_v2'], { train: SPLITS.squadV2Train }, ['squad_v2']),
  ...ids(['cifar10', 'uoft-cs/cifar10'], { train: SPLITS.cifar10Train }, ['plain_text']),
  ...ids(['cifar100', 'uoft-cs/cifar100'], { train: SPLITS.cifar100Train }, ['cifar100']),
  ...ids(['mnist', 'ylecun/mnist'], { train: SPLITS.mnistTrain }, ['mnist']),
  ...ids(['fashion_mnist', 'zalando-datasets/fashion_mnist'], { train: SPLITS.fashionMnistTrain }, ['fashion_mnist']),
  ...ids(['food101', 'ethz/food101'], { train: SPLITS.food101Train }, ['default']),
  ...ids(['svhn', 'ufldl-stanford/svhn'], { train: SPLITS.svhnTrain }, ['cropped_digits']),
  ...ids(['imagenet-1k', 'ilsvrc/imagenet-1k'], { train: SPLITS.imagenet1kTrain }, ['default']),
  ...ids(['huggingfaceh4/ultrachat_200k'], { train_sft: SPLITS.ultrachatTrainSft, test_sft: SPLITS.ultrachatTestSft }, ['default']),
]);

function ids(names: string[], splits: Record<string, KnownSplit>, configs: string[]) {
  const entry = { splits: new Map(Object.entries(splits)), configs };
  return names.map(name => [name, entry] as const);
}

export function huggingfaceDatasets(root: ConfigNode): InferredFact[] {
  // A streamed dataset has no length (the Trainer then needs max_steps)
  if (flagAt(root, ['streaming']) === true) return [];
  // run_glue.py loads load_dataset("nyu-mll/glue", task_name) whenever task_name is set, before dataset_name
  const taskName = textAt(root, ['task_name']);
  const glueTask = taskName && GLUE_TASKS.get(taskName.value.toLowerCase());
  if (taskName && glueTask) return capped(root, glueTask, [{ key: 'task_name', value: taskName.value }], taskName);
  // alignment-handbook: a mixture, when given, is read instead of dataset_name
  const mixed = mixtureDatasets(root, hubSplit);
  if (mixed) return mixed;
  const datasetName = textAt(root, ['dataset_name']);
  if (!datasetName) return textAt(root, ['dataset']) ? llamaFactoryDatasets(root) : [];
  const id = datasetName.value.toLowerCase();
  const configKey = textAt(root, ['dataset_config_name']) ? 'dataset_config_name' : 'dataset_config';
  const config = textAt(root, [configKey]);
  const settings: Setting[] = [{ key: 'dataset_name', value: datasetName.value }];
  if (config) settings.push({ key: configKey, value: config.value });
  if (id === 'glue' || id === 'nyu-mll/glue') {
    const known = config && GLUE_TASKS.get(config.value.toLowerCase());
    return known ? capped(root, known, settings, datasetName) : [];
  }
  const hub = HUB_DATASETS.get(id);
  if (!hub || (config && !hub.configs.includes(config.value))) return [];
  const split = textAt(root, ['dataset_train_split']);
  if (split) settings.push({ key: 'dataset_train_split', value: split.value });
  const known = hub.splits.get(split?.value ?? 'train');
  return known ? capped(root, known, settings, datasetName) : [];
}

/** transformers' examples: `train_dataset.select(range(min(len, max_train_samples)))` */
function capped(root: ConfigNode, split: KnownSplit, settings: Setting[], at: TextSetting): InferredFact[] {
  const cap = numberAt(root, ['max_train_samples']);
  let count = split.size;
  if (cap !== undefined) {
    if (!Number.isInteger(cap) || cap < 0) return [];
    count = Math.min(count, cap);
    if (count < split.size) settings = [...settings, { key: 'max_train_samples', value: String(cap) }];
  }
  return count > 0 ? [inferredSize([{ split, count }], settings, at.node.range)] : [];
}

/** A hub dataset's split, for the mixtures (the config, when given, must be one we know). */
function hubSplit(id: string, config: string | undefined, split: string): KnownSplit | undefined {
  const hub = HUB_DATASETS.get(id.toLowerCase());
  if (!hub || (config !== undefined && !hub.configs.includes(config))) return undefined;
  return hub.splits.get(split);
}
