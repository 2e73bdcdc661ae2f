import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { factsFromContext, parseArgs, UsageError } from '../../../src/cli/args';
import { main } from '../../../src/cli/main';
import { DIALECTS } from '../../../src/dialects';
import type { ConfigNode, FormatLanguage } from '../../../src/formats/tree';
import { analyze, type Analysis, type AnalyzeOptions } from '../../../src/service/analyze';
import { chartCsv, chartData, chartSeries, chartSpec } from '../../../src/service/chart';
import { completionsAt } from '../../../src/service/completion';
import { readDirectives } from '../../../src/service/directives';
import { hoverAt } from '../../../src/service/hover';
import { inlayHints } from '../../../src/service/inlayHints';
import { documentedKeys, settingDoc } from '../../../src/service/settingDocs';

/**
 * Names that are members of Object.prototype (issue 11, item 4): a scheduler called `constructor`, `__proto__`
 * or `toString`, the same names as config keys, directive names and CLI flags. A table looked up with such a
 * string must answer "not here" (a Map, or an Object.hasOwn guard), so the name is reported exactly as an
 * ordinary misspelling would be: the same diagnostic codes, and no text made from a built-in function
 * (`function Object() { [native code] }`) or an object (`[object Object]`) anywhere the user looks.
 *
 * The sweep is every lookup site × every own property name of Object.prototype. Each site says where the
 * name goes and which ordinary wrong name it is compared with.
 */

const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype);

/** What would only show up in output when a lookup returned an Object.prototype member. */
const LEAKS = /\[native code\]|function |\[object Object\]/;

interface Site {
  label: string;
  fileName: string;
  language: FormatLanguage;
  /** the config with `name` put at the lookup site */
  text: (name: string) => string;
  /** an ordinary wrong name a user could write at the same place */
  ordinary: string;
  /** the dialect's usual diagnostic for an unknown name here, when the site names a class or a type */
  unknownCode?: string;
  options?: (name: string) => AnalyzeOptions;
}

// ---- the configs (small, each a working config of its framework with one name replaced) ----

const hydra = (scheduler: string, optimizer = 'torch.optim.AdamW', extraArg = '') => `trainer:
  max_epochs: 30
  steps_per_epoch: 40
optimizer:
  _target_: ${optimizer}
${optimizer === 'torch.optim.AdamW' ? '  lr: 0.001\n' : ''}lr_scheduler:
  _target_: ${scheduler}
  T_max: 30
${extraArg}`;

const lightning = (scheduler: string, optimizer = 'torch.optim.SGD', extraArg = '') => `trainer:
  max_epochs: 60
data:
  class_path: datamodules.CIFAR100DataModule
  init_args:
    batch_size: 128
optimizer:
  class_path: ${optimizer}
  init_args:
${optimizer === 'torch.optim.SGD' ? '    lr: 0.1\n' : ''}    momentum: 0.9
lr_scheduler:
  class_path: ${scheduler}
  init_args:
    milestones: [30, 45]
${extraArg}`;

const deepspeed = (type: string, extraParam = '', optimizer = 'AdamW') => `// lr-lens: max_steps=2200
{
  "train_batch_size": 256,
  "train_micro_batch_size_per_gpu": 32,
  "gradient_accumulation_steps": 2,
  "optimizer": {"type": ${JSON.stringify(optimizer)}, "params": {"lr": 2e-4}},
  "scheduler": {
    "type": ${JSON.stringify(type)},
    "params": {${extraParam}
      "total_num_steps": 2000,
      "warmup_min_lr": 0.0,
      "warmup_max_lr": 2e-4,
      "warmup_num_steps": 150
    }
  }
}
`;

const mmengine = (type: string, extraArg = '') => `# lr-lens: steps_per_epoch=200
train_cfg:
  type: EpochBasedTrainLoop
  max_epochs: 12
optim_wrapper:
  type: OptimWrapper
  optimizer:
    type: SGD
    lr: 0.02
param_scheduler:
  - type: LinearLR
    start_factor: 0.001
    by_epoch: false
    begin: 0
    end: 500
  - type: ${type}
    begin: 0
    end: 12
    by_epoch: true
    milestones: [8, 11]
${extraArg}`;

const huggingface = (type: string, kwargs = '  min_lr: 2.0e-5\n') => `# lr-lens: dataset_size=6000
output_dir: ./out
per_device_train_batch_size: 16
num_train_epochs: 3
learning_rate: 2.0e-4
lr_scheduler_type: ${type}
lr_scheduler_kwargs:
${kwargs}warmup_steps: 30
`;

const timm = (sched: string, extra = '') => `# lr-lens: dataset_size=6400
batch_size: 128
epochs: 30
lr: 0.1
sched: ${sched}
decay_epochs: 10
decay_rate: 0.5
warmup_epochs: 2
warmup_lr: 1.0e-5
min_lr: 1.0e-6
${extra}`;

const detectron2 = (scheduler: string, warmupMethod = 'linear', extraKey = '') => `# lr-lens: world_size=8
MODEL:
  META_ARCHITECTURE: "GeneralizedRCNN"
SOLVER:
  LR_SCHEDULER_NAME: ${scheduler}
  IMS_PER_BATCH: 64
  BASE_LR: 0.08
  STEPS: (1500, 2000)
  MAX_ITER: 2500
  WARMUP_ITERS: 250
  WARMUP_METHOD: ${warmupMethod}
${extraKey}`;

const ultralytics = (optimizer: string, extra = '') => `# lr-lens: dataset_size=320 nc=3
task: detect
mode: train
model: yolo11n.pt
epochs: 30
batch: 16
optimizer: ${optimizer}
lr0: 0.01
lrf: 0.01
warmup_epochs: 3.0
${extra}`;

const paddleclas = (lrName: string, optimizer = 'Momentum', extraArg = '') => `# lr-lens: steps_per_epoch=100
Global:
  epochs: 20
Optimizer:
  name: ${optimizer}
  momentum: 0.9
  lr:
    name: ${lrName}
    max_learning_rate: 0.1
${extraArg}`;

const lrLens = (parts: { name?: string; decay?: string; warmup?: string; scaling?: string; key?: string; directive?: string }) => `${parts.directive ? `# lr-lens: ${parts.directive}\n` : ''}name: ${parts.name ?? 'seed'}
lr:
  reference: 0.1
  referenceBatch: 256
  scaling: ${parts.scaling ?? 'linear'}
batch:
  perDevice: 32
  devices: 32
datasetSize: 1281167
epochs: 90
warmup:
  type: ${parts.warmup ?? 'linear'}
  epochs: 5
decay:
  type: ${parts.decay ?? 'multistep'}
  milestones: [30, 60, 80]
  gamma: 0.1
${parts.key ? `${parts.key}: 1\n` : ''}`;

const lrLensTs = (name: string) => `export default {
  name: '${name}',
  lr: 0.1,
  epochs: 10,
  stepsPerEpoch: 100,
  warmup: { type: '${name}', epochs: 1 },
  decay: { type: '${name}', '${name}': 1 },
  ${name}: 2,
};
`;

const SITES: Site[] = [
  // PyTorch (Hydra `_target_`, LightningCLI `class_path`)
  { label: 'PyTorch Hydra _target_ scheduler class', fileName: 'config.yaml', language: 'yaml', ordinary: 'NoSuchScheduler',
    unknownCode: 'pt-unknown-scheduler', text: n => hydra(`torch.optim.lr_scheduler.${n}`) },
  { label: 'PyTorch Hydra bare _target_', fileName: 'config.yaml', language: 'yaml', ordinary: 'NoSuchScheduler', text: n => hydra(n) },
  { label: 'PyTorch Hydra optimizer class (default lr table)', fileName: 'config.yaml', language: 'yaml', ordinary: 'NoSuchOptimizer',
    text: n => hydra('torch.optim.lr_scheduler.CosineAnnealingLR', `torch.optim.${n}`) },
  { label: 'PyTorch Hydra scheduler argument key', fileName: 'config.yaml', language: 'yaml', ordinary: 'no_such_argument',
    text: n => hydra('torch.optim.lr_scheduler.CosineAnnealingLR', undefined, `  ${n}: 1\n`) },
  { label: 'LightningCLI class_path scheduler class', fileName: 'config.yaml', language: 'yaml', ordinary: 'NoSuchScheduler',
    unknownCode: 'pt-unknown-scheduler', text: n => lightning(`torch.optim.lr_scheduler.${n}`) },
  { label: 'LightningCLI optimizer class_path (default lr table)', fileName: 'config.yaml', language: 'yaml', ordinary: 'NoSuchOptimizer',
    text: n => lightning('torch.optim.lr_scheduler.MultiStepLR', `torch.optim.${n}`) },
  { label: 'LightningCLI init_args key', fileName: 'config.yaml', language: 'yaml', ordinary: 'no_such_argument',
    text: n => lightning('torch.optim.lr_scheduler.MultiStepLR', undefined, `    ${n}: 1\n`) },
  // DeepSpeed
  { label: 'DeepSpeed scheduler.type', fileName: 'ds_config.json', language: 'json', ordinary: 'NoSuchScheduler',
    unknownCode: 'ds-unknown-scheduler', text: n => deepspeed(n) },
  { label: 'DeepSpeed scheduler.params key', fileName: 'ds_config.json', language: 'json', ordinary: 'no_such_param',
    text: n => deepspeed('WarmupDecayLR', `\n      ${JSON.stringify(n)}: 1,`) },
  { label: 'DeepSpeed scheduler.params key set to "auto"', fileName: 'ds_config.json', language: 'json', ordinary: 'no_such_param',
    text: n => deepspeed('WarmupDecayLR', `\n      ${JSON.stringify(n)}: "auto",`) },
  { label: 'DeepSpeed torch class params key', fileName: 'ds_config.json', language: 'json', ordinary: 'no_such_param',
    text: n => deepspeed('CosineAnnealingLR', `\n      ${JSON.stringify(n)}: 1,`) },
  { label: 'DeepSpeed optimizer.type', fileName: 'ds_config.json', language: 'json', ordinary: 'NoSuchOptimizer',
    text: n => deepspeed('WarmupDecayLR', '', n) },
  // mmengine
  { label: 'mmengine param_scheduler type', fileName: 'config.yaml', language: 'yaml', ordinary: 'NoSuchScheduler',
    unknownCode: 'mm-unknown-scheduler', text: n => mmengine(n) },
  { label: 'mmengine scoped type (mmdet.NAME)', fileName: 'config.yaml', language: 'yaml', ordinary: 'NoSuchScheduler',
    unknownCode: 'mm-unknown-scheduler', text: n => mmengine(`mmdet.${n}`) },
  { label: 'mmengine scheduler key', fileName: 'config.yaml', language: 'yaml', ordinary: 'no_such_argument',
    text: n => mmengine('MultiStepLR', `    ${n}: 1\n`) },
  // Hugging Face
  { label: 'Hugging Face lr_scheduler_type', fileName: 'train_config.yaml', language: 'yaml', ordinary: 'NoSuchScheduler',
    unknownCode: 'hf-unknown-scheduler', text: n => huggingface(n) },
  { label: 'Hugging Face lr_scheduler_kwargs key', fileName: 'train_config.yaml', language: 'yaml', ordinary: 'no_such_kwarg',
    text: n => huggingface('cosine_with_min_lr', `  min_lr: 2.0e-5\n  ${n}: 1\n`) },
  { label: 'Hugging Face lr_scheduler_kwargs as a JSON string', fileName: 'train_config.yaml', language: 'yaml', ordinary: 'no_such_kwarg',
    text: n => huggingface('cosine_with_min_lr', `  '{"min_lr": 2.0e-5, "${n}": 1}'\n`).replace('lr_scheduler_kwargs:\n  ', 'lr_scheduler_kwargs: ') },
  { label: 'Hugging Face top-level key', fileName: 'train_config.yaml', language: 'yaml', ordinary: 'no_such_key',
    text: n => `${huggingface('linear')}${n}: 1\n` },
  // timm
  { label: 'timm sched', fileName: 'args.yaml', language: 'yaml', ordinary: 'NoSuchScheduler',
    unknownCode: 'timm-unknown-sched', text: n => timm(n) },
  { label: 'timm key', fileName: 'args.yaml', language: 'yaml', ordinary: 'no_such_key', text: n => timm('step', `${n}: 1\n`) },
  // detectron2
  { label: 'detectron2 LR_SCHEDULER_NAME', fileName: 'config.yaml', language: 'yaml', ordinary: 'NoSuchScheduler',
    // a name that is not detectron2's nor a typo of one is a project's own scheduler (issue 12 §5): information
    unknownCode: 'd2-project-scheduler', text: n => detectron2(n) },
  { label: 'detectron2 WARMUP_METHOD', fileName: 'config.yaml', language: 'yaml', ordinary: 'no_such_method',
    unknownCode: 'd2-unknown-warmup-method', text: n => detectron2('WarmupMultiStepLR', n) },
  { label: 'detectron2 SOLVER key', fileName: 'config.yaml', language: 'yaml', ordinary: 'NO_SUCH_KEY',
    unknownCode: 'd2-unknown-key', text: n => detectron2('WarmupMultiStepLR', 'linear', `  ${n}: 1\n`) },
  // Ultralytics
  { label: 'Ultralytics optimizer', fileName: 'custom.yaml', language: 'yaml', ordinary: 'NoSuchOptimizer',
    unknownCode: 'ul-unknown-optimizer', text: n => ultralytics(n) },
  { label: 'Ultralytics key', fileName: 'custom.yaml', language: 'yaml', ordinary: 'no_such_key', text: n => ultralytics('SGD', `${n}: 1\n`) },
  // PaddleClas
  { label: 'PaddleClas Optimizer.lr.name', fileName: 'config.yaml', language: 'yaml', ordinary: 'NoSuchLr',
    unknownCode: 'pd-unknown-lr', text: n => paddleclas(n) },
  { label: 'PaddleClas Optimizer.name', fileName: 'config.yaml', language: 'yaml', ordinary: 'NoSuchOptimizer', text: n => paddleclas('OneCycleLR', n) },
  { label: 'PaddleClas lr argument key', fileName: 'config.yaml', language: 'yaml', ordinary: 'no_such_argument',
    text: n => paddleclas('OneCycleLR', 'Momentum', `    ${n}: 1\n`) },
  // LR Lens's own format
  { label: 'LR Lens decay.type', fileName: 'seed.lrschedule.yaml', language: 'yaml', ordinary: 'nosuchdecay', text: n => lrLens({ decay: n }) },
  { label: 'LR Lens warmup.type', fileName: 'seed.lrschedule.yaml', language: 'yaml', ordinary: 'nosuchwarmup', text: n => lrLens({ warmup: n }) },
  { label: 'LR Lens lr.scaling', fileName: 'seed.lrschedule.yaml', language: 'yaml', ordinary: 'nosuchrule', text: n => lrLens({ scaling: n }) },
  { label: 'LR Lens schedule name', fileName: 'seed.lrschedule.yaml', language: 'yaml', ordinary: 'nosuchname', text: n => lrLens({ name: n }) },
  { label: 'LR Lens top-level key', fileName: 'seed.lrschedule.yaml', language: 'yaml', ordinary: 'noSuchKey', text: n => lrLens({ key: n }) },
  { label: 'LR Lens in TypeScript (name, types, keys)', fileName: 'seed.lrschedule.ts', language: 'typescript', ordinary: 'nosuch', text: lrLensTs },
  { label: 'LR Lens directive name', fileName: 'seed.lrschedule.yaml', language: 'yaml', ordinary: 'no_such_fact',
    unknownCode: 'directive-invalid', text: n => lrLens({ directive: `${n}=1` }) },
  { label: 'LR Lens directive value', fileName: 'seed.lrschedule.yaml', language: 'yaml', ordinary: 'nosuchvalue',
    unknownCode: 'directive-invalid', text: n => lrLens({ directive: `steps_per_epoch=${n} scheduler_interval=${n}` }) },
  { label: 'a dialect forced by name (--dialect)', fileName: 'seed.lrschedule.yaml', language: 'yaml', ordinary: 'no-such-dialect',
    text: () => lrLens({}), options: n => ({ dialect: n }) },
];

// ---- the sweep ----

/** Every string reachable from a value; a function anywhere is itself a leak (a table answered with a method). */
function strings(value: unknown, where: string, out: string[], seen = new Set<unknown>()): void {
  if (typeof value === 'string') { out.push(value); return; }
  if (typeof value === 'function') { out.push(`${where} is a function: ${String(value)}`); return; }
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    // numbers dominate long arrays; strings and objects are what can leak
    value.forEach((v, i) => { if (typeof v !== 'number') strings(v, `${where}[${i}]`, out, seen); });
    return;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null && !(value instanceof Set) && !(value instanceof Map)) {
    out.push(`${where} has an unexpected prototype`);
  }
  for (const key of Object.keys(value)) strings((value as Record<string, unknown>)[key], `${where}.${key}`, out, seen);
}

function nodeOffsets(node: ConfigNode | undefined, out: number[]): void {
  if (!node) return;
  out.push(node.range.start);
  if (node.kind === 'object') {
    for (const e of node.entries) { out.push(e.keyRange.start, e.keyRange.end); nodeOffsets(e.value, out); }
  } else if (node.kind === 'array') {
    for (const item of node.items) nodeOffsets(item, out);
  }
}

/** Everything the user sees of a file: diagnostics, hovers and completions everywhere, inlay hints, the chart. */
function visibleText(analysis: Analysis, text: string, fileName: string): string[] {
  const out: string[] = [];
  strings(analysis.diagnostics, 'diagnostics', out);
  strings(analysis.schedules.map(s => ({ name: s.schedule.name, assumptions: s.schedule.assumptions, markers: s.schedule.markers, settings: s.settings })), 'schedules', out);
  const offsets: number[] = [];
  for (const root of analysis.document.roots) nodeOffsets(root, offsets);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) offsets.push(i);
  offsets.push(text.length);
  for (const offset of offsets) {
    const hover = hoverAt(analysis, text, offset);
    if (hover) out.push(hover.markdown);
    strings(completionsAt(analysis, text, offset, fileName), `completion@${offset}`, out);
  }
  strings(inlayHints(analysis, text), 'inlayHints', out);
  const series = chartSeries(analysis.schedules, fileName);
  strings(series.map(s => ({ name: s.name, markers: s.markers })), 'chartSeries', out);
  out.push(JSON.stringify(chartSpec(series)), chartCsv(chartData(series)));
  return out;
}

function leaks(texts: string[]): string[] {
  return texts.filter(t => LEAKS.test(t) || / has an unexpected prototype$| is a function: /.test(t)).map(t => t.slice(0, 200));
}

const codes = (analysis: Analysis): string[] => analysis.diagnostics.map(d => d.code).sort();

describe('robustness: names that are Object.prototype members (issue 11)', function () {
  this.timeout(300_000);

  it('sweeps every own property name of Object.prototype, including the ones the issue names', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable',
      'toLocaleString', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']) {
      assert.ok(PROTO_NAMES.includes(name), name);
    }
  });

  it('the leak check itself catches what a prototype lookup prints', () => {
    assert.deepEqual(leaks([`default ${String(Object)}`]).length, 1);
    assert.deepEqual(leaks([`${String({})}`]).length, 1);
    const found: string[] = [];
    strings({ a: [{ b: Object.prototype.toString }] }, 'x', found);
    assert.equal(leaks(found).length, 1);
  });

  for (const site of SITES) {
    describe(site.label, () => {
      const ordinaryText = site.text(site.ordinary);
      const ordinaryOptions = site.options?.(site.ordinary) ?? {};
      let ordinary: Analysis;

      before(() => {
        assert.ok(site.options || ordinaryText.includes(site.ordinary), 'the ordinary name is in the config');
        ordinary = analyze(ordinaryText, site.fileName, site.language, ordinaryOptions);
        if (site.unknownCode) {
          assert.ok(codes(ordinary).includes(site.unknownCode),
            `\`${site.ordinary}\` gives ${site.unknownCode}; got ${JSON.stringify(ordinary.diagnostics.map(d => `${d.code}: ${d.message}`))}`);
        }
        assert.deepEqual(leaks(visibleText(ordinary, ordinaryText, site.fileName)), []);
      });

      for (const name of PROTO_NAMES) {
        it(`\`${name}\` is reported as \`${site.ordinary}\` is, and nothing built-in leaks`, () => {
          const text = site.text(name);
          const analysis = analyze(text, site.fileName, site.language, site.options?.(name) ?? {});
          const detail = JSON.stringify(analysis.diagnostics.map(d => `${d.code}: ${d.message}`));
          assert.deepEqual(codes(analysis), codes(ordinary), `diagnostic codes for \`${name}\` differ from \`${site.ordinary}\`'s: ${detail}`);
          if (site.unknownCode) assert.ok(codes(analysis).includes(site.unknownCode), detail);
          assert.deepEqual(analysis.dialects, ordinary.dialects);
          assert.equal(analysis.schedules.length, ordinary.schedules.length);
          assert.deepEqual(leaks(visibleText(analysis, text, site.fileName)), []);
        });
      }
    });
  }

  describe('the proto-* files of the hostile corpus', () => {
    const HOSTILE = path.resolve(__dirname, '../../../../test/fixtures/hostile');
    /** each file's framework and the unknown-name diagnostic its first prototype name must give */
    const EXPECTED: Record<string, [dialect: string, code: string | undefined]> = {
      'proto-pytorch-hydra-target.yaml': ['pytorch', 'pt-unknown-scheduler'],
      'proto-pytorch-lightning-class-path.yaml': ['pytorch', 'pt-unknown-scheduler'],
      'proto-deepspeed-type.json': ['deepspeed', 'ds-unknown-scheduler'],
      'proto-deepspeed-params.json': ['deepspeed', 'ds-auto-value'],
      'proto-mmengine-type.yaml': ['mmengine', 'mm-unknown-scheduler'],
      'proto-huggingface-scheduler-type.yaml': ['huggingface', 'hf-unknown-scheduler'],
      'proto-timm-sched.yaml': ['timm', 'timm-unknown-sched'],
      'proto-detectron2-solver.yaml': ['detectron2', 'd2-project-scheduler'],
      'proto-ultralytics-optimizer.yaml': ['ultralytics', 'ul-unknown-optimizer'],
      'proto-paddleclas-lr-name.yaml': ['paddleclas', 'pd-unknown-lr'],
      'proto-lrlens-types.lrschedule.yaml': ['lr-lens', 'directive-invalid'],
      // unknown keys are not reported in LR Lens's format; the schedule is drawn as if they were absent
      'proto-lrlens-keys.lrschedule.json': ['lr-lens', undefined],
      'proto-lrlens-typescript.lrschedule.ts': ['lr-lens', 'unknown-value'],
    };

    it('every proto-* file is listed here (and every listed file exists)', () => {
      assert.deepEqual(fs.readdirSync(HOSTILE).filter(f => f.startsWith('proto-')).sort(), Object.keys(EXPECTED).sort());
    });

    for (const [file, [dialect, code]] of Object.entries(EXPECTED)) {
      it(`${file}: read as ${dialect}, ${code ?? 'drawn'}, nothing built-in leaks, the CLI exits 0, 1 or 2`, async () => {
        const full = path.join(HOSTILE, file);
        const text = fs.readFileSync(full, 'utf8');
        const language: FormatLanguage = file.endsWith('.json') ? 'json' : file.endsWith('.ts') ? 'typescript' : 'yaml';
        const analysis = analyze(text, file, language);
        assert.deepEqual(analysis.dialects, [dialect]);
        if (code) assert.ok(codes(analysis).includes(code), JSON.stringify(analysis.diagnostics.map(d => `${d.code}: ${d.message}`)));
        else assert.equal(analysis.schedules.length, 1);
        assert.deepEqual(leaks(visibleText(analysis, text, file)), []);
        for (const argv of [['check', full], ['eval', full, '--at', '0']]) {
          const out: string[] = [];
          const exit = await main(argv, s => out.push(s), s => out.push(s));
          assert.ok([0, 1, 2].includes(exit), `${argv[0]} exited ${exit}: ${out.join('\n').slice(0, 500)}`);
          assert.deepEqual(leaks(out), []);
        }
      });
    }
  });

  describe('setting documentation and completion tables', () => {
    const dialects = [...DIALECTS.map(d => d.id), 'no-such-dialect'];
    for (const name of PROTO_NAMES) {
      it(`\`${name}\` is no documented setting, parent or dialect`, () => {
        for (const dialect of dialects) {
          assert.equal(settingDoc(dialect, name), undefined, `${dialect}: ${name}`);
          assert.equal(settingDoc(dialect, `lr.${name}`), undefined, `${dialect}: lr.${name}`);
          assert.deepEqual(documentedKeys(dialect, name), documentedKeys(dialect, 'noSuchParent'), `${dialect}: under ${name}`);
        }
        assert.deepEqual(settingDoc(name, 'lr'), settingDoc('no-such-dialect', 'lr'));
        assert.deepEqual(documentedKeys(name, ''), []);
      });
    }
  });

  describe('facts passed to analyze', () => {
    // A file that needs steps per epoch; a fact smuggled in through a key named `__proto__` would supply it.
    // Without it the run is drawn in epochs with the updates per epoch unknown (issue 12 §1); with it, 40 per epoch.
    const text = 'lr: 0.1\nepochs: 10\nbatch: 32\nwarmup:\n  epochs: 1\ndecay:\n  type: cosine\n';
    const plain = analyze(text, 'x.lrschedule.yaml', 'yaml');
    for (const name of PROTO_NAMES) {
      it(`a \`${name}\` key in settings or overrides sets no fact`, () => {
        const smuggled = () => JSON.parse(`{${JSON.stringify(name)}: {"steps_per_epoch": 40, "dataset_size": 3200}}`);
        for (const options of [{ settings: smuggled() }, { overrides: smuggled() }]) {
          const analysis = analyze(text, 'x.lrschedule.yaml', 'yaml', options);
          assert.deepEqual(codes(analysis), codes(plain));
          assert.equal(plain.schedules[0]?.schedule.updatesPerEpochUnknown, true, JSON.stringify(codes(plain)));
          assert.equal(analysis.schedules.length, 1);
          assert.equal(analysis.schedules[0].schedule.updatesPerEpochUnknown, true, 'no steps_per_epoch was set');
          assert.equal(analysis.schedules[0].schedule.totalUpdates, plain.schedules[0].schedule.totalUpdates);
          assert.notEqual(analysis.schedules[0].schedule.stepsPerEpoch, 40);
        }
      });
    }
  });

  describe('directives', () => {
    for (const name of PROTO_NAMES) {
      it(`\`# lr-lens: ${name}=1\` is an unknown setting, and sets nothing`, () => {
        const comment = { range: { start: 0, end: 10 }, text: ` lr-lens: ${name}=1 no_such_fact=1` };
        const { facts, diagnostics } = readDirectives([comment]);
        assert.deepEqual(Object.keys(facts), []);
        assert.equal(Object.getPrototypeOf(facts), Object.prototype);
        assert.equal(diagnostics.length, 2);
        assert.match(diagnostics[0].message, new RegExp(`unknown setting \`${name.replace(/[$]/g, '\\$&')}\``));
        assert.deepEqual(leaks(diagnostics.map(d => d.message)), []);
      });
    }
  });

  describe('command line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-proto-'));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const usageError = (argv: string[]): string => {
      try {
        parseArgs(argv);
      } catch (e) {
        assert.ok(e instanceof UsageError, String(e));
        return e.message;
      }
      return assert.fail(`no usage error for ${argv.join(' ')}`);
    };

    for (const name of PROTO_NAMES) {
      it(`\`${name}\` as a file name, a flag, a --framework-version and a --context key`, () => {
        assert.deepEqual(parseArgs(['check', name]).files, [name], 'a file may be called so');
        assert.deepEqual(parseArgs(['check', 'x.yaml', name]).files, ['x.yaml', name]);
        const flag = usageError(['eval', 'x.yaml', `--${name}`, '1']);
        assert.equal(flag, usageError(['eval', 'x.yaml', '--no-such-flag', '1']).replace('no-such-flag', name));
        const version = usageError(['eval', 'x.yaml', '--framework-version', `${name}=4`]);
        assert.equal(version, usageError(['eval', 'x.yaml', '--framework-version', 'nosuch=4']).replace('nosuch', name));
        const facts = factsFromContext(JSON.parse(`{${JSON.stringify(name)}: 5, "steps_per_epoch": 7}`), 'ctx.json');
        assert.deepEqual({ ...facts }, { steps_per_epoch: 7 });
        assert.equal(Object.getPrototypeOf(facts), Object.prototype);
        assert.deepEqual(leaks([flag, version]), []);
      });
    }

    it('check and eval on every site with every name: exit 0, 1 or 2, and nothing built-in printed', async () => {
      for (const site of SITES) {
        if (site.options) continue;
        for (const name of PROTO_NAMES) {
          const file = path.join(dir, site.fileName);
          fs.writeFileSync(file, site.text(name));
          for (const argv of [['check', file], ['eval', file, '--at', '0']]) {
            const out: string[] = [];
            const code = await main(argv, s => out.push(s), s => out.push(s));
            assert.ok([0, 1, 2].includes(code), `${site.label} / ${name}: ${argv[0]} exited ${code}: ${out.join('\n').slice(0, 500)}`);
            assert.deepEqual(leaks(out), [], `${site.label} / ${name}: ${argv[0]}`);
          }
        }
      }
    });
  });
});
