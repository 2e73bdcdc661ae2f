// Generated configs with N schedulers (issue 11, item 2): the shapes that once made the analysis quadratic in the
// number of schedulers. Used by the bench (time per N, the 4,000 ÷ 1,000 ratio, the largest file under the size
// limit: bench/scale.ts) and by test/unit/robustness/scale.test.ts (what the analysis must give, without timing).
import { parse, parseAllDocuments } from 'yaml';
import { maxFileSize } from '../src/formats/parse';
import type { FormatLanguage } from '../src/formats/tree';
import { MAX_YAML_ITEMS } from '../src/formats/yaml';

export interface ScaleShape {
  /** what the file holds, for the bench table */
  label: string;
  /** the file name the analysis sees (detection reads it) */
  name: string;
  /** the config text with `n` schedulers (or `n` documents, or `n` milestone settings) */
  text(n: number): string;
}

const HYDRA_HEAD = 'trainer:\n  max_epochs: 90\n# lr-lens: steps_per_epoch=100\noptimizer:\n  _target_: torch.optim.SGD\n  lr: 0.1\n';

/**
 * Hydra: one anchored StepLR and `n` aliases of it in a flow list, three bytes each (`*s,`): the 12 KB file of
 * 4,000 schedulers from the issue. Each alias is a scheduler of its own, all sharing the anchor's nodes.
 */
export const pytorchAliases: ScaleShape = {
  label: 'PyTorch (Hydra) aliased schedulers',
  name: 'config.yaml',
  text: n => `${HYDRA_HEAD}base: &s {_target_: torch.optim.lr_scheduler.StepLR, step_size: 30}\nschedulers: [${Array(n).fill('*s').join(',')}]\n`,
};

/** Hydra: a SequentialLR of `n` aliased children and `n − 1` milestones (one schedule, long lists). */
export const pytorchSequential: ScaleShape = {
  label: 'PyTorch SequentialLR of aliased children',
  name: 'config.yaml',
  text: n => `${HYDRA_HEAD}base: &c {_target_: torch.optim.lr_scheduler.ConstantLR, factor: 0.5, total_iters: 1}\n`
    + 'lr_scheduler:\n  _target_: torch.optim.lr_scheduler.SequentialLR\n'
    + `  schedulers: [${Array(n).fill('*c').join(',')}]\n  milestones: [${Array.from({ length: n - 1 }, (_, i) => i + 1).join(',')}]\n`,
};

/** Hydra: `n` MultiStepLR nodes written out, each with its own `milestones` setting. */
export const pytorchMilestones: ScaleShape = {
  label: 'PyTorch MultiStepLR nodes, one milestones list each',
  name: 'config.yaml',
  text: n => `${HYDRA_HEAD}schedulers:\n${Array.from({ length: n }, (_, i) =>
    `  - {_target_: torch.optim.lr_scheduler.MultiStepLR, milestones: [${30 + (i % 7)}, 60, 80], gamma: 0.1}\n`).join('')}`,
};

/** Hydra: `n` top-level scheduler keys beside the optimizer (a root mapping of n entries, each scheduler's holder). */
export const pytorchTopLevel: ScaleShape = {
  label: 'PyTorch (Hydra) schedulers as top-level keys',
  name: 'config.yaml',
  text: n => `${HYDRA_HEAD}${Array.from({ length: n }, (_, i) => `s${i}: {_target_: torch.optim.lr_scheduler.StepLR, step_size: 30}\n`).join('')}`,
};

/** MMEngine: one `param_scheduler` list of `n` aliases of one anchored LinearLR (one schedule, n schedulers). */
export const mmengineList: ScaleShape = {
  label: 'MMEngine param_scheduler list (aliases)',
  name: 'schedule.yaml',
  text: n => 'train_cfg: {type: IterBasedTrainLoop, max_iters: 100000}\n'
    + 'optim_wrapper: {optimizer: {type: SGD, lr: 0.02}}\n'
    + 'base: &w {type: LinearLR, start_factor: 0.5, by_epoch: false, begin: 0, end: 10}\n'
    + `param_scheduler: [${Array(n).fill('*w').join(',')}]\n`,
};

/** A YAML stream of `n` small LR Lens schedules, one per document (`---`). */
export const yamlStream: ScaleShape = {
  label: 'YAML stream of small schedules',
  name: 'runs.lrschedule.yaml',
  text: n => Array.from({ length: n }, (_, i) => `{lr: 0.${1 + (i % 9)}, updates: 900, decay: {type: multistep, unit: update, interval: update, milestones: [300, 600]}}\n`).join('---\n'),
};

/** A YAML stream of `n` MMEngine documents with one scheduler each. */
export const mmengineStream: ScaleShape = {
  label: 'YAML stream of MMEngine documents',
  name: 'schedules.yaml',
  text: n => Array(n).fill('{train_cfg: {by_epoch: false, max_iters: 900}, optim_wrapper: {optimizer: {lr: 0.02}}, param_scheduler: {type: MultiStepLR, by_epoch: false, milestones: [300, 600]}}\n').join('---\n'),
};

/** A YAML stream of `n` LightningCLI documents (one optimizer and one scheduler per document). */
export const lightningStream: ScaleShape = {
  label: 'YAML stream of LightningCLI documents',
  name: 'config.yaml',
  text: n => `# lr-lens: steps_per_epoch=20\n${Array(n).fill('{trainer: {max_epochs: 60}, optimizer: {class_path: SGD, init_args: {lr: 0.1}}, lr_scheduler: {class_path: MultiStepLR, init_args: {milestones: [30, 45]}}}\n').join('---\n')}`,
};

export const SCALE_SHAPES: ScaleShape[] = [pytorchAliases, pytorchSequential, pytorchMilestones, pytorchTopLevel, mmengineList, yamlStream, mmengineStream, lightningStream];

/**
 * The same shape written as JSON or as a TypeScript module (`export default {…}`), for the size limit of each
 * format: the YAML's value with its aliases written out (JSON and TS have none). A stream of several documents
 * has no single-document form: undefined.
 */
export function inFormat(shape: ScaleShape, format: FormatLanguage): ScaleShape | undefined {
  if (format === 'yaml') return shape;
  if (parseAllDocuments(shape.text(2)).length !== 1) return undefined;
  // the YAML's `# lr-lens:` directives as `//` comments, which LR Lens reads in JSONC and TS alike
  const directives = (text: string) => [...text.matchAll(/^# (lr-lens:.*)$/gm)].map(m => `// ${m[1]}\n`).join('');
  const json = (n: number) => { const text = shape.text(n); return directives(text) + JSON.stringify(parse(text, { merge: true, maxAliasCount: -1 })); };
  const base = shape.name.replace(/\.ya?ml$/, '');
  return format === 'json'
    ? { label: `${shape.label}, JSON`, name: `${base}.json`, text: json }
    : { label: `${shape.label}, TypeScript`, name: `${base}.ts`, text: n => `${json(n).replace(/^(\/\/.*\n)*/, m => `${m}export default `)};\n` };
}

/** The largest `n` whose text stays within `bytes` (the text grows with n). */
export function largestWithin(shape: ScaleShape, bytes: number): number {
  return largestWhere(shape, text => text.length <= bytes);
}

/**
 * The largest `n` the analysis reads in `format`: within the format's size limit and, for YAML, within its count
 * of lines and commas (MAX_YAML_ITEMS).
 */
export function largestAnalysed(shape: ScaleShape, format: FormatLanguage): number {
  const limit = maxFileSize(format);
  return largestWhere(shape, text => text.length <= limit && (format !== 'yaml' || (text.match(/[,\n]/g) ?? []).length <= MAX_YAML_ITEMS));
}

function largestWhere(shape: ScaleShape, fits: (text: string) => boolean): number {
  let lo = 1;
  let hi = 2;
  while (fits(shape.text(hi))) { lo = hi; hi *= 2; }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (fits(shape.text(mid))) lo = mid; else hi = mid;
  }
  return lo;
}
