import { DIALECTS } from '../dialects';
import type { AnalysisContext, InputFacts } from '../dialects/types';
import { setFact } from '../service/directives';
import { quoted } from '../formats/quote';

/** A bad command line: printed as one line on stderr, exit code 2. */
export class UsageError extends Error {}

export interface CliArgs {
  command: 'eval' | 'check' | 'plot' | 'help';
  files: string[];
  facts: InputFacts;
  contextFile?: string;
  at?: number[];
  /** `--all`: eval prints the LR of every update, however long the run */
  all: boolean;
  json: boolean;
  output?: string;
  dialect?: string;
  /** `--schedule N`: eval prints the Nth schedule of the file only (from 1) */
  schedule?: number;
  /** `--framework-version transformers=4` (repeatable) */
  versions: AnalysisContext['versions'];
  /** `--root DIR`: the directory base files and version pins are read under (default: the file's repository) */
  root?: string;
}

/** Flags that set an input fact, and the fact each sets. */
const FACT_FLAGS: Record<string, keyof InputFacts> = {
  '--steps-per-epoch': 'steps_per_epoch',
  '--dataset-size': 'dataset_size',
  '--world-size': 'world_size',
  '--interval': 'scheduler_interval',
  '--epochs': 'epochs',
  '--max-steps': 'max_steps',
  '--max-iters': 'max_iters',
  '--batch-size': 'batch_size',
  '--num-classes': 'nc',
  '--reference-batch': 'reference_batch',
  '--scaling-rule': 'scaling_rule',
};

/** The flag that states a fact (`--steps-per-epoch` for steps_per_epoch): the CLI's own words for how to set it. */
export function flagOf(fact: string): string | undefined {
  return Object.keys(FACT_FLAGS).find(flag => FACT_FLAGS[flag] === fact);
}

export const USAGE = `usage:
  lr-lens eval FILE [--steps-per-epoch N] [--dataset-size N] [--world-size N] [--interval step|epoch]
                    [--epochs N] [--max-steps N] [--max-iters N] [--batch-size N] [--num-classes N]
                    [--reference-batch N] [--scaling-rule linear|sqrt|none]
                    [--context CTX.json] [--dialect ID] [--framework-version transformers=4|5 ultralytics=8.3|main deepspeed=X.Y.Z]
                    [--at 0,100,5000 | --all] [--schedule N] [--json] [--root DIR]
      (--at takes epochs, e.g. 0,2.5,10, for a schedule whose updates per epoch are unknown: its values are by epoch)
  lr-lens check FILE...
  lr-lens plot FILE -o curve.svg [the eval flags]`;

export function parseArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    return { command: 'help', files: [], facts: {}, json: false, all: false, versions: {} };
  }
  if (command !== 'eval' && command !== 'check' && command !== 'plot') {
    throw new UsageError(`unknown command \`${quoted(command)}\` (expected eval, check or plot; see lr-lens --help)`);
  }
  const args: CliArgs = { command, files: [], facts: {}, json: false, all: false, versions: {} };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new UsageError(`${quoted(flag)} needs a value`);
      return v;
    };
    // own keys only: an argument `constructor` or `toString` is a file name, not an Object.prototype member (issue 11)
    if (Object.hasOwn(FACT_FLAGS, flag)) {
      const error = setFact(args.facts, FACT_FLAGS[flag], value());
      if (error) throw new UsageError(`${quoted(flag)}: ${error.replace(/`/g, '')}`);
    } else if (flag === '--context') args.contextFile = value();
    else if (flag === '--root') args.root = value();
    else if (flag === '--dialect') args.dialect = dialectId(value());
    else if (flag === '--framework-version') setVersion(args.versions, value());
    else if (flag === '--json') args.json = true;
    else if (flag === '-o' || flag === '--output') args.output = value();
    else if (flag === '--at') args.at = parseAt(value());
    else if (flag === '--all') args.all = true;
    else if (flag === '--schedule') args.schedule = parseSchedule(value());
    else if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown flag ${quoted(flag)}`);
    else args.files.push(arg);
  }
  if (args.files.length === 0) throw new UsageError(`${command} needs a FILE`);
  if (command !== 'check' && args.files.length > 1) throw new UsageError(`${command} takes one FILE`);
  if (command === 'plot' && !args.output) throw new UsageError('plot needs -o FILE.svg');
  if (args.all && args.at) throw new UsageError('--all and --at pick the printed updates both: give one');
  if (command !== 'eval' && args.all) throw new UsageError(`--all is an eval flag (${command} does not print LR values)`);
  if (command !== 'eval' && args.schedule !== undefined) throw new UsageError(`--schedule is an eval flag (${command} ${command === 'plot' ? 'draws the first schedules of the file' : 'checks the whole file'})`);
  return args;
}

/** A dialect to read the file as: one LR Lens knows, or a usage error naming them (not "no schedule found"). */
function dialectId(text: string): string {
  if (DIALECTS.some(d => d.id === text)) return text;
  throw new UsageError(`--dialect takes one of ${DIALECTS.map(d => d.id).join(', ')}, not "${quoted(text)}"`);
}

/** `transformers=4`, `ultralytics=8.3`, `deepspeed=0.16.5`: the framework versions whose behaviour differs. */
function setVersion(versions: AnalysisContext['versions'], text: string): void {
  const [name, version = ''] = text.split('=', 2).map(s => s.trim());
  if (name === 'transformers' && (version === '4' || version === '5')) versions.transformers = version;
  else if (name === 'ultralytics' && (version === '8.3' || version === 'main')) versions.ultralytics = version;
  else if (name === 'deepspeed' && /^\d+(\.\d+)*$/.test(version)) versions.deepspeed = version;
  else throw new UsageError(`--framework-version takes transformers=4|5, ultralytics=8.3|main or deepspeed=X.Y.Z, not "${quoted(text)}"`);
}

/**
 * `--at`: update numbers (0,100,5000), or epochs (0,2.5,10) for a schedule whose updates per epoch are unknown,
 * so any number ≥ 0 here; eval refuses a fractional update for a schedule that counts updates.
 */
function parseAt(text: string): number[] {
  return text.split(',').map(part => {
    const n = Number(part.trim());
    if (part.trim() === '' || !Number.isFinite(n) || n < 0) {
      throw new UsageError(`--at takes update numbers like 0,100,5000 (epochs like 0,2.5,10 where updates per epoch are unknown), not "${quoted(part)}"`);
    }
    return n;
  });
}

function parseSchedule(text: string): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(n) || n < 1) throw new UsageError(`--schedule takes the number of a schedule in the file, from 1, not "${quoted(text)}"`);
  return n;
}

/** A --context file's snake_case input keys; unknown keys (derived answers) are ignored, bad values are not. */
export function factsFromContext(json: unknown, file: string): InputFacts {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new UsageError(`${file}: a context file holds a JSON object`);
  const facts: InputFacts = {};
  for (const key of Object.values(FACT_FLAGS)) {
    const raw = (json as Record<string, unknown>)[key];
    if (raw === undefined || raw === null) continue;
    const error = setFact(facts, key, typeof raw === 'number' || typeof raw === 'string' ? raw : String(raw));
    if (error) throw new UsageError(`${file}: ${error.replace(/`/g, '')}`);
  }
  return facts;
}
