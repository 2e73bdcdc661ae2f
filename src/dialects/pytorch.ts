import { quoted } from '../formats/quote';
import { buildSchedule } from '../core/build';
import type { Curve } from '../core/curve';
import type { Assumption } from '../core/schedule';
import type { ConfigNode, ObjectNode, SourceRange } from '../formats/tree';
import { relativePath } from '../workspace/paths';
import { Fields } from './fields';
import { MAX_SCHEDULES, tooManySchedules } from './limits';
import { containsUnresolved, resolveInterpolations } from './pytorch/interpolation';
import { classOf, forEachScheduler, lastEntry, locateOptimizer, locateSchedulers, schedulerClassName, type ClassStyle, type LocatedScheduler } from './pytorch/locate';
import { HOW_TO_SET, objectChild, runLength } from './pytorch/runLength';
import { markRead, scheduleSpan } from './pytorch/optionFile';
import { checkRunLimits, torchSchedulerCurve, type TorchScheduleContext, type TorchSchedulerSpec } from './pytorch/schedulers';
import type { AnalysisContext, BasesRead, Diagnostic, Dialect, DialectInput, ReadResult, ReadSchedule, SettingRef } from './types';

export { torchSchedulerCurve, checkRunLimits, TORCH_SCHEDULER_NAMES, type TorchCurve, type TorchSchedulerSpec, type TorchScheduleContext } from './pytorch/schedulers';

/**
 * Plain PyTorch schedulers (torch.optim.lr_scheduler, dialects.md §1) as configured in YAML:
 * - Hydra: `_target_: torch.optim.lr_scheduler.X` with its arguments beside it, `${...}` interpolations
 *   resolved inside the file, the optimizer as another `_target_: torch.optim.Y` node. Whether the training
 *   script steps the scheduler per update or per epoch is not in the file (§1.4): `scheduler_interval`.
 * - LightningCLI: `lr_scheduler: {class_path, init_args}` and `optimizer: {class_path, init_args: {lr}}`;
 *   the CLI returns `[optimizer], [lr_scheduler]` from configure_optimizers, which Lightning steps once per
 *   epoch (LRSchedulerConfig interval="epoch"), whatever the class.
 * - A project's own `class_name: torch.optim.lr_scheduler.X`, `params: {…}`, `step: epoch|step` (pytorch_tempest:
 *   `load_obj(cfg.scheduler.class_name)(optimizer, **cfg.scheduler.params)`, returned to Lightning with
 *   `'interval': cfg.scheduler.step`); its optimizer `class_name: torch.optim.Y` with `params.lr`.
 * A Hydra config-group option (a file that is the scheduler's config alone, `conf/scheduler/cosine.yaml`) is
 * read inside the primary config that selects it when the workspace has one (src/workspace/bases.ts); without
 * one, the optimizer's LR and the run length are unknown facts, never errors (issue 12 §1).
 */
export const pytorchDialect: Dialect = {
  id: 'pytorch',
  displayName: 'PyTorch (Hydra / LightningCLI)',
  detect(input) {
    if (input.root.kind !== 'object') return 0;
    const found = locateLightningCli(input.root) ?? locateSchedulers(input.root, 1)[0];
    if (!found) return 0;
    return found.style === 'hydra' || found.path === 'lr_scheduler' ? 0.9 : 0.8;
  },
  read(input) {
    return readPytorch(input);
  },
};

const HYDRA_KEYS = ['_target_', '_partial_', '_recursive_', '_convert_', '_args_'];

/**
 * torch.optim defaults for `lr` (current releases), used when the optimizer node does not set it. A Map: the class
 * name comes from the config, and `torch.optim.constructor` has no default (issue 11).
 */
const DEFAULT_LR: ReadonlyMap<string, number> = new Map(Object.entries({
  SGD: 1e-3, Adam: 1e-3, AdamW: 1e-3, Adamax: 2e-3, NAdam: 2e-3, RAdam: 1e-3, RMSprop: 1e-2, Adagrad: 1e-2,
  Adadelta: 1.0, ASGD: 1e-2, Rprop: 1e-2, SparseAdam: 1e-3, LBFGS: 1,
}));

/** Classes PyTorch's docs step after every batch ("`step` should be called after a batch has been used"). */
const PER_BATCH_CLASSES = new Set(['OneCycleLR', 'CyclicLR']);

function readPytorch(input: DialectInput): ReadResult {
  const diagnostics: Diagnostic[] = [];
  if (input.root.kind !== 'object') return { schedules: [], diagnostics };
  const resolved = resolveInterpolations(input.root);
  // The opaque values the reader reads: only those are errors. A composed Hydra config is full of `${…}` the
  // schedule never uses (`paths.output_dir`, `${oc.env:…}`, `${now:…}`); an interpolation bomb is said wherever it is.
  const reads = new Set<ConfigNode>();
  const root = resolved.root as ObjectNode;
  const cli = locateLightningCli(root);
  const schedules: ReadSchedule[] = [];
  // One scheduler at a time, in file order, and no further than MAX_SCHEDULES: the rest of the file is not walked.
  const take = (scheduler: LocatedScheduler): boolean => {
    if (schedules.length === MAX_SCHEDULES) { diagnostics.push(tooManySchedules(scheduler.node.range)); return false; }
    const schedule = readScheduler(scheduler, root, input.context, diagnostics, cli !== undefined, reads, input.bases);
    if (schedule) schedules.push(schedule);
    return true;
  };
  if (cli) take(cli);
  else forEachScheduler(root, take);
  const told = diagnostics.length > 0 || schedules.length > 0;
  const unresolved: Diagnostic[] = [];
  for (const u of resolved.unresolved) {
    // nothing read and nothing said: every unresolved value, rather than a silent file
    if (!u.limit && told && !reads.has(u.node)) continue;
    unresolved.push({ range: u.range, severity: 'error', code: u.limit ? 'interpolation-limit' : 'pt-unresolved-interpolation', message: u.message });
  }
  return { schedules, diagnostics: [...unresolved, ...diagnostics] };
}

/** LightningCLI's top-level `lr_scheduler: {class_path, init_args}` (any class, so a misspelling is reported). */
function locateLightningCli(root: ConfigNode): LocatedScheduler | undefined {
  if (root.kind !== 'object') return undefined;
  const node = lastEntry(root, 'lr_scheduler');
  const named = classOf(node);
  if (!named || named.style !== 'classPath') return undefined;
  const className = schedulerClassName(named.name, 'classPath') ?? named.name;
  return { node: node as ObjectNode, path: 'lr_scheduler', parent: root, style: 'classPath', className, classRange: named.range };
}

function readScheduler(located: LocatedScheduler, root: ObjectNode, context: AnalysisContext, diagnostics: Diagnostic[], lightningCli: boolean,
  reads: Set<ConfigNode>, bases: BasesRead | undefined): ReadSchedule | undefined {
  const settings: SettingRef[] = [];
  const out = { diagnostics, settings };
  const report: TorchScheduleContext['report'] = (range, code, message, severity) => diagnostics.push({ range, code, message, severity });
  // The constructor's arguments: beside `_target_`, under `init_args` or `params` (`monitor`, `step` are not).
  const argsNode = located.style === 'hydra' ? located.node : lastEntry(located.node, located.style === 'classPath' ? 'init_args' : 'params');
  markRead(argsNode, reads);
  if (containsUnresolved(argsNode)) return undefined; // the interpolation error says why
  // A config-group option: the file is the scheduler's config alone (its optimizer and trainer are other
  // options of the composition), or it was composed inside the primary that selects it.
  const composedIn = bases?.composedIn;
  const optionFile = located.path === '' || composedIn !== undefined;
  if (located.className.includes('.')) {
    report(located.classRange, 'pt-custom-scheduler',
      `\`${quoted(located.className)}\` is not a torch.optim.lr_scheduler class: its LR comes from project code, which LR Lens does not run.`, 'information');
    return undefined;
  }
  const spec = specOf(located.node, located.path, located.style, out, report);

  // The optimizer's LR is every scheduler's base (initial_lr), except OneCycleLR and CyclicLR which set their own.
  const optimizer = locateOptimizer(root, located);
  let baseLr: number | undefined;
  const lrNode = optimizer?.args && lastEntry(optimizer.args, 'lr');
  markRead(lrNode, reads);
  const assumptions: Assumption[] = [];
  if (optimizer?.args && lrNode) {
    if (!containsUnresolved(lrNode)) baseLr = new Fields(optimizer.args, out, { prefix: optimizer.argsPath, codePrefix: 'pt-' }).number('lr', { min: 0 });
  } else if (optimizer?.className && DEFAULT_LR.has(optimizer.className)) {
    baseLr = DEFAULT_LR.get(optimizer.className);
    report(optimizer.classRange, 'pt-default-lr',
      `The optimizer sets no \`lr\`: PyTorch's ${optimizer.className} default ${baseLr} is the base LR.`, 'information');
  }
  const baseLrHint = optimizer ? `\`${optimizer.argsPath}.lr\`` : lightningCli ? '`optimizer.init_args.lr`' : 'an `optimizer` node with `_target_: torch.optim.SGD` (or another optimizer) and `lr`';
  if (baseLr !== undefined && composedIn && lrNode?.origin) {
    assumptions.push({ fact: 'lr', value: baseLr, source: 'inferred', howToSet: `set \`lr\` in ${quoted(relativePath(composedIn.root, lrNode.origin.path))}, or choose another optimizer in ${quoted(composedIn.primary)}`,
      origin: `\`lr: ${quoted(lrNode.text ?? String(baseLr))}\` in ${quoted(relativePath(composedIn.root, lrNode.origin.path))} via the \`defaults\` of ${quoted(composedIn.primary)}${composedIn.swapped ? ' (with this file in place of the option it selects)' : ''}` });
  }
  // an option taken as its group's only one is an assumption where a value read comes from it
  const readFrom = originsIn([argsNode, lrNode]);
  for (const sole of (bases?.soleOptions ?? []).filter(o => [...readFrom].some(p => p.endsWith(`/${o.file}`)))) {
    assumptions.push({ fact: 'hydra_option', value: `${sole.group}: ${sole.file.replace(/^.*\//, '').replace(/\.ya?ml$/i, '')}`, source: 'inferred',
      howToSet: `open the primary config that selects this file, or write the values of \`${quoted(sole.group)}\` here`,
      origin: `${quoted(sole.file)}, the only option of the group \`${quoted(sole.group)}\` this file refers to (no primary config in the workspace selects this file)` });
  }
  if (baseLr === undefined && optionFile && located.className !== 'OneCycleLR' && located.className !== 'CyclicLR') {
    // Issue 12 §1: the optimizer's LR is another option of the composition. The curve is its multiples.
    baseLr = 1;
    assumptions.push({ fact: 'lr', value: 1, source: 'unknown',
      howToSet: `the values are multiples of the optimizer's LR (the optimizer is configured in another file: no primary config in the workspace selects this one with an optimizer that sets \`lr\`). Set ${baseLrHint}, or open the primary config that selects this file` });
  }
  const built = torchSchedulerCurve(spec, { baseLr, baseLrHint, optimizerName: optimizer?.className, report });
  if (!built) return undefined;

  const stepping = schedulerStepping(located, lightningCli, context, root, report, assumptions);
  if (!stepping) return undefined;
  markLengthRead(root, reads);
  const length = runLength({ root, out, context, interval: stepping.interval, lightning: lightningCli || usesLightningTrainer(root),
    plannedSteps: built.plannedSteps, range: located.classRange,
    ...(optionFile && { unknownLength: { steps: scheduleSpan(spec), why: composedIn ? `neither this file nor what ${quoted(composedIn.primary)} composes sets it` : 'this config-group option\'s trainer is another option of the composition' } }) });
  if (!length.ok) {
    report(located.classRange, length.code, length.message, 'error');
    return undefined;
  }
  assumptions.push(...length.assumptions);

  let curve: Curve = built.curve;
  let warmupUpdates = built.warmupSteps;
  let schedulerSteps = length.totalUpdates;
  if (stepping.interval === 'epoch') {
    // Stepped at the end of every `frequency`-th epoch: epoch e runs with the LR of scheduler step ⌊e / frequency⌋.
    const updatesPerStep = length.stepsPerEpoch! * stepping.frequency;
    curve = { kind: 'perEpoch', stepsPerEpoch: updatesPerStep, curve };
    warmupUpdates *= updatesPerStep;
    schedulerSteps = Math.ceil(length.totalUpdates / updatesPerStep);
  }
  // Per update with the updates per epoch unknown, the run's real length decides these (issue 12 §1): no claim.
  if (!(length.updatesPerEpochUnknown && stepping.interval === 'step')) {
    checkRunLimits(built.limits, schedulerSteps, stepping.interval === 'epoch' ? 'epoch' : 'update', report);
  }
  const schedule = buildSchedule({
    name: located.className,
    curve,
    totalUpdates: length.totalUpdates,
    stepsPerEpoch: length.stepsPerEpoch,
    updatesPerEpochUnknown: length.updatesPerEpochUnknown,
    warmupUpdates,
    assumptions,
  });
  return { dialect: 'pytorch', schedule, range: located.node.range, settings };
}

/** A scheduler node as the class name and keyword arguments PyTorch would be called with. */
function specOf(node: ObjectNode, path: string, style: ClassStyle, out: { diagnostics: Diagnostic[]; settings: SettingRef[] },
  report: TorchScheduleContext['report']): TorchSchedulerSpec {
  const named = classOf(node)!;
  const className = schedulerClassName(named.name, style) ?? named.name;
  const holder = new Fields(node, out, { prefix: path || undefined, codePrefix: 'pt-' });
  holder.string(CLASS_KEY[style]);
  const readChild = (item: ConfigNode, childPath: string): TorchSchedulerSpec | undefined => {
    const child = classOf(item);
    if (!child) {
      report(item.range, 'pt-not-a-scheduler', `Each entry of \`schedulers\` must be a scheduler with \`${CLASS_KEY[style]}\`.`, 'error');
      return undefined;
    }
    if (schedulerClassName(child.name, child.style) === undefined) {
      report(child.range, 'pt-not-a-scheduler', `\`${child.name}\` is not a torch.optim.lr_scheduler class; LR Lens reads those only (it never runs project code).`, 'error');
      return undefined;
    }
    return specOf(item as ObjectNode, childPath, child.style, out, report);
  };
  if (style === 'hydra') {
    return { className, args: holder, range: named.range, ignoredKeys: HYDRA_KEYS, readChild };
  }
  const argsKey = style === 'classPath' ? 'init_args' : 'params';
  const prefix = path ? `${path}.${argsKey}` : argsKey;
  const args = objectChild(holder, argsKey) ?? new Fields(undefined, out, { prefix, codePrefix: 'pt-' });
  return { className, args, range: named.range, readChild };
}

/** The files (origins) the values inside some nodes come from. */
function originsIn(nodes: (ConfigNode | undefined)[]): Set<string> {
  const paths = new Set<string>();
  const stack = nodes.filter((n): n is ConfigNode => n !== undefined);
  while (stack.length) {
    const n = stack.pop()!;
    if (n.origin) paths.add(n.origin.path);
    if (n.kind === 'object') for (const e of n.entries) stack.push(e.value);
    else if (n.kind === 'array') stack.push(...n.items);
  }
  return paths;
}

const CLASS_KEY: Readonly<Record<ClassStyle, string>> = { hydra: '_target_', classPath: 'class_path', className: 'class_name' };

/** The run-length keys runLength reads (the trainer's and the top level's), as read for their interpolations. */
function markLengthRead(root: ObjectNode, reads: Set<ConfigNode>): void {
  const keys = ['max_steps', 'max_iters', 'max_epochs', 'epochs', 'num_epochs', 'steps_per_epoch', 'iters_per_epoch', 'devices', 'num_nodes', 'accumulate_grad_batches'];
  for (const holder of [root, lastEntry(root, 'trainer'), lastEntry(root, 'pl_trainer')]) {
    if (holder?.kind !== 'object') continue;
    for (const key of keys) markRead(lastEntry(holder, key), reads);
  }
}

/** How often the scheduler is stepped: per update ('step') or per epoch, and every how many. */
function schedulerStepping(located: LocatedScheduler, lightningCli: boolean, context: AnalysisContext, root: ObjectNode,
  report: TorchScheduleContext['report'], assumptions: Assumption[]): { interval: 'step' | 'epoch'; frequency: number } | undefined {
  const facts = context.facts;
  if (lightningCli) {
    // lightning/pytorch/cli.py: configure_optimizers returns [optimizer], [lr_scheduler]; core/optimizer.py wraps
    // it in LRSchedulerConfig(interval="epoch", frequency=1).
    if (facts.scheduler_interval === 'step') {
      report(located.classRange, 'pt-lightningcli-per-epoch',
        'LightningCLI steps `lr_scheduler` once per epoch whatever `scheduler_interval` says (its configure_optimizers returns the scheduler without an interval, and Lightning defaults to "epoch"): the curve below is per epoch. To step per update, return {"scheduler": ..., "interval": "step"} from your LightningModule.configure_optimizers.',
        'warning');
    } else if (PER_BATCH_CLASSES.has(located.className)) {
      report(located.classRange, 'pt-lightningcli-per-epoch',
        `LightningCLI steps ${located.className} once per epoch, though it is meant to be stepped after every batch (Lightning warns "A \`OneCycleLR\` scheduler is using 'interval': 'epoch'"): its lengths count epochs here.`,
        'warning');
    } else {
      report(located.classRange, 'pt-lightningcli-per-epoch',
        'LightningCLI steps `lr_scheduler` once per epoch (Lightning\'s default interval), so its lengths (T_max, milestones, total_iters) count epochs.', 'information');
    }
    return { interval: 'epoch', frequency: 1 };
  }
  const holder = located.parent;
  const written = (node: ObjectNode | undefined, keys: string[]): { value: string; range: SourceRange } | undefined => {
    for (const key of keys) {
      const value = node && lastEntry(node, key);
      if (value?.kind === 'string' && (value.value === 'step' || value.value === 'epoch')) return { value: value.value, range: value.range };
    }
    return undefined;
  };
  let frequency = 1;
  const frequencyNode = holder && lastEntry(holder, 'frequency');
  if (frequencyNode?.kind === 'number' && Number.isInteger(frequencyNode.value) && frequencyNode.value >= 1) frequency = frequencyNode.value;
  let interval: 'step' | 'epoch';
  if (facts.scheduler_interval !== undefined) {
    interval = facts.scheduler_interval;
    assumptions.push({ fact: 'scheduler_interval', value: interval, source: context.sources.scheduler_interval ?? 'context', howToSet: HOW_TO_SET.scheduler_interval! });
  } else {
    const trainer = lastEntry(root, 'trainer');
    const model = lastEntry(root, 'model');
    // pytorch_tempest returns {'scheduler': …, 'interval': cfg.scheduler.step}: its `step` is the interval
    const inFile = (located.style === 'className' ? written(located.node, ['step']) : undefined)
      ?? written(holder, ['interval', 'scheduler_interval', 'lr_scheduler_interval'])
      ?? written(root, ['scheduler_interval', 'lr_scheduler_interval'])
      ?? written(trainer?.kind === 'object' ? trainer : undefined, ['scheduler_interval'])
      ?? written(model?.kind === 'object' ? model : undefined, ['scheduler_interval']);
    if (inFile) {
      interval = inFile.value as 'step' | 'epoch';
    } else {
      // Not in the file (dialects.md §1.4): PyTorch's documented loop steps once per epoch, and so does Lightning's
      // default interval, except for the classes its docs step after every batch.
      interval = PER_BATCH_CLASSES.has(located.className) ? 'step' : 'epoch';
      assumptions.push({ fact: 'scheduler_interval', value: interval, source: 'default', howToSet: HOW_TO_SET.scheduler_interval! });
      report(located.classRange, 'pt-assumed-interval',
        `Whether the training script steps this scheduler per update or per epoch is not in the file; LR Lens assumes per ${interval === 'step' ? 'update (PyTorch\'s docs step ' + located.className + ' after every batch)' : 'epoch (PyTorch\'s documented loop and Lightning\'s default)'}. To change it: ${HOW_TO_SET.scheduler_interval}.`,
        'information');
    }
  }
  if (frequency > 1 && interval === 'step') {
    report(frequencyNode!.range, 'pt-frequency',
      'A per-step scheduler with frequency > 1 is stepped on batch indices that restart every epoch; LR Lens does not plot this combination.', 'warning');
    return undefined;
  }
  return { interval, frequency };
}

/** A Hydra `trainer` node that builds a Lightning Trainer (its max_epochs default then applies). */
function usesLightningTrainer(root: ObjectNode): boolean {
  const trainer = lastEntry(root, 'trainer');
  const named = classOf(trainer);
  return !!named && /(^|\.)(lightning|pytorch_lightning)\b/.test(named.name);
}
