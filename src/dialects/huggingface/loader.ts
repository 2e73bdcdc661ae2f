import type { ScalarLoader } from '../fields';
import type { ObjectNode } from '../../formats/tree';

/**
 * Keys of LLaMA-Factory's own argument dataclasses (llamafactory/hparams: FinetuningArguments, DataArguments,
 * ModelArguments), which no HfArgumentParser recipe of transformers or TRL has. Two of them at the top level make the
 * file a LLaMA-Factory recipe. A Set, looked up with the config's keys.
 */
const LLAMA_FACTORY_KEYS: ReadonlySet<string> = new Set([
  'stage', 'finetuning_type', 'template', 'dataset_dir', 'lora_target', 'lora_rank', 'cutoff_len', 'quantization_bit',
  'pref_beta', 'pref_loss', 'freeze_trainable_layers',
]);

/** Whether a Trainer-style YAML file is a LLaMA-Factory recipe (`llamafactory-cli train recipe.yaml`). */
export function isLlamaFactoryRecipe(root: ObjectNode): boolean {
  let found = 0;
  for (const entry of root.entries) if (LLAMA_FACTORY_KEYS.has(entry.key) && ++found >= 2) return true;
  return false;
}

/**
 * How the YAML file's scalars become Python values. HfArgumentParser.parse_yaml_file is yaml.safe_load (PyYAML,
 * YAML 1.1: `2e-5` is the string "2e-5"). LLaMA-Factory's read_args (llamafactory/hparams/parser.py @ff6d4d12)
 * loads a .yaml with OmegaConf.load, whose loader (omegaconf/_utils.py get_yaml_loader) adds a float resolver
 * that takes `2e-5` and `1e5`, as YAML 1.2 does: a number there is a number. (Since v0.9.4, PR #8505; v0.9.3 and
 * older read the file with yaml.safe_load, which is why LLaMA-Factory's own examples write `1.0e-4`.)
 */
export function trainerYamlLoader(root: ObjectNode): ScalarLoader {
  return isLlamaFactoryRecipe(root) ? 'yaml12' : 'pyyaml';
}
