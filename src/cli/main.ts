import fs from 'node:fs';
import path from 'node:path';
import { curveAt } from '../core/evaluate';
import { sampleSchedule } from '../core/sample';
import type { Schedule } from '../core/schedule';
import { languageFromFileName, MAX_FILE_SIZE, tooLargeDocument } from '../formats/parse';
import { HEAD_LENGTH } from '../formats/headKeys';
import { lineColumnAt } from '../formats/access';
import { quoted } from '../formats/quote';
import { analyze, type Analysis } from '../service/analyze';
import { chartSeries, chartSpec, MAX_DRAWN_SCHEDULES } from '../service/chart';
import { inEpochsOnly } from '../service/describe';
import { FACT_NAMES } from '../service/directives';
import { factsFromContext, flagOf, parseArgs, UsageError, USAGE, type CliArgs } from './args';
import { NodeFiles } from './files';
import { renderSvg } from './svg';

/** More LR values than this are not printed one per update; `--at` picks updates instead. */
const MAX_PRINTED_UPDATES = 10_000_000;

/**
 * `eval` prints at most this many schedules of a file (the first ones; `--schedule N` picks any one), as the chart
 * draws at most MAX_DRAWN_SCHEDULES. A 140 KB YAML stream can hold 3,000 schedules: their headers alone were
 * 300 KB of output for `eval --at 0`, and 100 PyTorch schedulers with their assumption lines still 47 KB, beside
 * up to 50 diagnostics (MAX_DIAGNOSTICS) on stderr; twenty keep the whole output of a file under 64 KB.
 */
const MAX_PRINTED_SCHEDULES = MAX_DRAWN_SCHEDULES;

/**
 * A file larger than this many bytes is not read: its text would be over MAX_FILE_SIZE UTF-16 code units for
 * sure (UTF-8 takes at most 3 bytes per code unit, and an invalid byte decodes to at least one), so the analysis
 * would refuse it anyway. Up to this size the file is read and the analysis decides, so the CLI and the editor
 * agree on every file, and a 600 MB one costs a stat, not 1 GB of memory.
 */
const MAX_READ_BYTES = 3 * MAX_FILE_SIZE;

/** The text of a file, or its size when it is too large to be worth reading. */
function readText(file: string): { text: string } | { tooLarge: number; head: string } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new UsageError(`${file}: no such file`);
  }
  if (!stat.isFile()) throw new UsageError(`${file}: not a file`);
  // its first bytes still say whether it is a config at all (a 1.5 MB data or vocabulary JSON is not: no warning)
  if (stat.size > MAX_READ_BYTES) return { tooLarge: stat.size, head: readHead(file) };
  try {
    return { text: fs.readFileSync(file, 'utf8') };
  } catch (e) {
    throw new UsageError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** The first HEAD_LENGTH bytes of a file, as text ('' when they cannot be read). */
function readHead(file: string): string {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buffer = Buffer.alloc(HEAD_LENGTH);
    const length = fs.readSync(fd, buffer, 0, HEAD_LENGTH, 0);
    return buffer.subarray(0, length).toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function analyzeFile(file: string, args: CliArgs): { text: string; analysis: Analysis } {
  const language = languageFromFileName(file);
  if (!language) throw new UsageError(`${file}: unknown format (expected .json, .jsonc, .yaml, .yml or .ts)`);
  const read = readText(file);
  if ('tooLarge' in read) {
    // What analyze() gives for an oversized text: the parse's one problem as the one diagnostic, no schedule.
    const document = tooLargeDocument(language, read.tooLarge, read.head);
    const diagnostics = document.problems.map(p => ({ range: p.range, severity: p.severity, code: p.code, message: p.message }));
    return { text: '', analysis: { document, dialects: [], schedules: [], diagnostics, read: [], pending: false } };
  }
  const { text } = read;
  const overrides = { ...(args.contextFile ? factsFromContext(readJson(args.contextFile), args.contextFile) : {}), ...args.facts };
  const analysis = analyze(text, path.basename(file), language, {
    overrides, overrideSource: args.contextFile ? 'context' : 'flag', dialect: args.dialect, versions: args.versions,
    files: workspaceOf(file, args.root),
  });
  return { text, analysis };
}

/** The files around `file` its analysis may read (base files, version pins): under `--root`, else its repository. */
function workspaceOf(file: string, root: string | undefined): NodeFiles {
  if (root !== undefined && !fs.existsSync(root)) throw new UsageError(`--root ${quoted(root)}: no such directory`);
  return new NodeFiles(file, root);
}

function readJson(file: string): unknown {
  const read = readText(file);
  if ('tooLarge' in read) throw new UsageError(`${file}: ${read.tooLarge} bytes is too large for a context file`);
  const { text } = read;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

function diagnosticLines(file: string, text: string, analysis: Analysis): string[] {
  return analysis.diagnostics.flatMap(d => {
    const { line, column } = lineColumnAt(text, d.range.start);
    // a base file's place that caused it, under the diagnostic, as compilers print a note
    const related = (d.related ?? []).map(r => `${path.relative(process.cwd(), r.path) || r.path}:${r.start.line + 1}:${r.start.character + 1}: note: ${r.message}`);
    return [`${file}:${line + 1}:${column + 1}: ${d.severity} ${d.code}: ${d.message}`, ...related];
  });
}

/**
 * Control characters from a file (a key holding ESC [2J, a name with a line break) are written as `\xNN`: printed
 * raw they would drive the terminal, or split one diagnostic over several lines of `check`'s one-per-line output.
 * The line and paragraph separators and the bidirectional embeddings, overrides and isolates are written as
 * `\uNNNN` too: a terminal shows them as nothing, and the bidi ones reorder what follows on the line ("Trojan
 * Source", CVE-2021-42574), so a name could make a printed diagnostic read as something else.
 */
export function printable(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ch => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * Where a command writes. `out` and `err` take one line of text each and escape its control characters
 * (printable): every line that can hold text from a file or the command line goes through them. `data` takes
 * text LR Lens made from numbers alone (an update, a tab, an LR; JSON numbers), written as it is.
 */
interface Writers {
  out(line: string): void;
  err(line: string): void;
  data(text: string): void;
}

/** LR values per write: a run of millions of updates is printed in pieces, never built as one string. */
const CHUNK = 4096;

/**
 * LR lines `eval` prints by default, shared by the printed schedules. A short run (a per-epoch schedule of 90
 * epochs) is printed whole; a long one is printed as the plot's sample (its breakpoints, evenly picked when there are many, and extremes), so the output
 * of any file stays a few tens of KB (the seed's 112,680 updates once printed 1.5 MB, and a 100-byte file can
 * describe millions of updates). `--all` prints every update, `--at` chosen ones.
 */
export const DEFAULT_PRINTED_LINES = 300;

/** The updates eval prints for one schedule: `--at`'s, every one (undefined), or the plot's sample of a long run. */
function printedUpdates(schedule: Schedule, args: CliArgs, printedSchedules: number): number[] | undefined {
  if (args.at) return inEpochsOnly(schedule) ? args.at.map(epoch => counterAtEpoch(schedule, epoch)) : args.at;
  const share = Math.max(2, Math.floor(DEFAULT_PRINTED_LINES / printedSchedules));
  if (args.all || schedule.totalUpdates <= share) return undefined;
  return sampleSchedule(schedule, share).points.map(p => p.update);
}

/**
 * The curve's counter at an epoch, for a schedule whose updates per epoch are unknown: its counter runs in
 * `stepsPerEpoch` nominal slices of an epoch, and the LR at epoch 3.5 is the one of the slice it falls in (for a
 * per-epoch schedule, epoch 3's). The tiny tolerance keeps 0.3 × 10 (2.9999999999999996) in slice 3.
 */
function counterAtEpoch(schedule: Schedule, epoch: number): number {
  const slices = schedule.stepsPerEpoch ?? 1;
  return Math.min(schedule.totalUpdates - 1, Math.floor(epoch * slices + 1e-9));
}

/** A schedule's run length in epochs, for one whose updates per epoch are unknown. */
const epochsOf = (schedule: Schedule) => schedule.totalUpdates / (schedule.stepsPerEpoch ?? 1);

/**
 * An assumption as eval prints it: a fact no one states is `unknown` (the values are then in epochs), said with
 * how to state it on the command line or in the file (the reader's `howToSet` names the editor's setting too); an
 * inferred one says where it came from.
 */
function assumptionText(a: Schedule['assumptions'][number], file: string): string {
  if (a.source === 'unknown') {
    const flag = flagOf(a.fact);
    // a directive comment where the format has comments (strict .json has none)
    // (and only for a fact the directive reader takes)
    const comment = !(FACT_NAMES as readonly string[]).includes(a.fact) ? undefined
      : /\.ya?ml$/i.test(file) ? '#' : /\.(jsonc|ts)$/i.test(file) ? '//' : undefined;
    const ways = [flag && `${flag} N`, comment && `a \`${comment} lr-lens: ${a.fact}=N\` comment in the file`].filter(Boolean);
    const how = ways.length ? `state it with ${ways.join(' or ')}` : a.howToSet;
    return `# unknown: ${a.fact}${a.fact === 'steps_per_epoch' ? ' (no one says it: the values are by epoch)' : ''}; ${how}`;
  }
  if (a.source === 'inferred') return `# assumed ${a.fact} = ${a.value} (inferred${a.origin ? ` from ${a.origin}` : ''}; ${a.howToSet})`;
  return `# assumed ${a.fact} = ${a.value} (${a.source}; ${a.howToSet})`;
}

function runEval(args: CliArgs, w: Writers): number {
  const file = args.files[0];
  const { text, analysis } = analyzeFile(file, args);
  for (const line of diagnosticLines(file, text, analysis)) w.err(line);
  if (analysis.schedules.length === 0) {
    w.err(`${file}: no learning-rate schedule found`);
    return 1;
  }
  const count = analysis.schedules.length;
  if (args.schedule !== undefined && args.schedule > count) {
    throw new UsageError(`--schedule ${args.schedule} is out of range: ${file} has ${count} schedule${count === 1 ? '' : 's'}`);
  }
  const printed = args.schedule !== undefined ? [analysis.schedules[args.schedule - 1]] : analysis.schedules.slice(0, MAX_PRINTED_SCHEDULES);
  // Every schedule is checked before anything is printed: a refusal comes alone, not after pages of numbers.
  for (const { schedule } of printed) {
    const which = `${file}${count > 1 && schedule.name ? ` (${quoted(schedule.name)})` : ''}`;
    if (inEpochsOnly(schedule)) {
      // --at takes epochs here: the updates per epoch are unknown, so there is no update to name
      const epochs = epochsOf(schedule);
      const past = args.at?.find(e => e >= epochs);
      if (past !== undefined) {
        throw new UsageError(`--at ${past} is out of range: the run of ${which} has ${epochs} epochs (--at takes epochs, from 0 to below ${epochs}: its updates per epoch are unknown)`);
      }
    } else {
      const fraction = args.at?.find(t => !Number.isInteger(t));
      if (fraction !== undefined) throw new UsageError(`--at ${fraction}: ${which} counts optimizer updates, a whole number`);
      const past = args.at?.find(t => t >= schedule.totalUpdates);
      if (past !== undefined) {
        throw new UsageError(`--at ${past} is out of range: the run of ${which} has ${schedule.totalUpdates} updates (0 to ${schedule.totalUpdates - 1})`);
      }
    }
    if (args.all && schedule.totalUpdates > MAX_PRINTED_UPDATES) {
      throw new UsageError(`${which}: ${schedule.totalUpdates} updates are too many to print with --all; pick some with --at`);
    }
  }
  if (printed.length < count && args.schedule === undefined) {
    w.err(`${file}: the first ${printed.length} of its ${count} schedules are printed; --schedule N prints the Nth`);
  }
  const schedules = printed.map(read => ({ dialect: read.dialect, schedule: read.schedule, at: printedUpdates(read.schedule, args, printed.length) }));
  /**
   * Where the j-th printed value is, in the schedule's unit: the update, or for a schedule whose updates per
   * epoch are unknown the epoch (`--at`'s own epoch, or the slice's).
   */
  const position = (schedule: Schedule, at: number[] | undefined, j: number): number => {
    if (!inEpochsOnly(schedule)) return at ? at[j] : j;
    if (args.at) return args.at[j];
    return (at ? at[j] : j) / (schedule.stepsPerEpoch ?? 1);
  };
  const lrChunks = function* (schedule: Schedule, at: number[] | undefined, line: (where: number, lr: number) => string) {
    const length = at ? at.length : schedule.totalUpdates;
    for (let i = 0; i < length; i += CHUNK) {
      const chunk: string[] = [];
      for (let j = i; j < Math.min(length, i + CHUNK); j++) {
        const update = at ? at[j] : j;
        chunk.push(line(position(schedule, at, j), curveAt(schedule.curve, update)));
      }
      yield chunk;
    }
  };
  if (args.json) {
    // One JSON document, handed out in pieces of about 64 K characters cut between tokens (the line break the
    // writer puts between pieces is JSON whitespace), so a short run is one line and a long one never one string.
    // JSON.stringify escapes U+0000–U+001F but not DEL and the C1 controls (U+007F–U+009F), which some
    // terminals obey too, nor the line separators and bidi overrides that printable() escapes: they are written as
    // \u escapes, the same value to a JSON reader.
    const jsonText = (value: unknown) => JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ch => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
    let pending = '';
    const put = (piece: string) => {
      pending += piece;
      if (pending.length >= 65_536) { w.data(pending); pending = ''; }
    };
    schedules.forEach(({ dialect, schedule, at }, k) => {
      const epochsOnly = inEpochsOnly(schedule);
      const name = schedule.name === undefined ? undefined : quoted(schedule.name);
      // `unit` says what `at` holds: update indexes, or epochs when the updates per epoch are unknown (then no
      // update count is given: there is none to tell)
      const head = epochsOnly
        ? jsonText({ dialect, name, unit: 'epoch', updatesPerEpochUnknown: true, epochs: epochsOf(schedule), totalUpdates: null, stepsPerEpoch: null,
          changes: schedule.changes, assumptions: schedule.assumptions })
        : jsonText({ dialect, name, unit: 'update', totalUpdates: schedule.totalUpdates, stepsPerEpoch: schedule.stepsPerEpoch ?? null,
          changes: schedule.changes, assumptions: schedule.assumptions, at });
      put(`${k === 0 ? '{"schedules":[' : ','}${head.slice(0, -1)}`);
      if (epochsOnly) {
        // every value's epoch, streamed like the values (a per-epoch run of many epochs printed with --all)
        put(',"at":[');
        let first = true;
        for (const chunk of lrChunks(schedule, at, where => JSON.stringify(where))) {
          put(`${first ? '' : ','}${chunk.join(',')}`);
          first = false;
        }
        put(']');
      }
      put(',"lr":[');
      let first = true;
      for (const chunk of lrChunks(schedule, at, (_, lr) => JSON.stringify(lr))) {
        put(`${first ? '' : ','}${chunk.join(',')}`);
        first = false;
      }
      put(']}');
    });
    w.data(`${pending}]}`);
  } else {
    for (const { dialect, schedule, at } of schedules) {
      const epochsOnly = inEpochsOnly(schedule);
      const length = epochsOnly
        ? `${epochsOf(schedule)} epochs · updates per epoch unknown`
        : `${schedule.totalUpdates} updates · ${schedule.stepsPerEpoch ?? '?'} steps per epoch`;
      w.out(`# ${file}: ${dialect}${schedule.name ? ` · ${quoted(schedule.name)}` : ''} · ${length} · LR changes per ${schedule.changes}`);
      for (const a of schedule.assumptions) w.out(assumptionText(a, file));
      if (at && !args.at) {
        w.out(epochsOnly
          ? `# the LR at ${at.length} points of the run's ${epochsOf(schedule)} epochs, as the plot draws them: breakpoints (evenly picked when there are many) and each stretch's extremes; --all prints every value`
          : `# the LR at ${at.length} of the ${schedule.totalUpdates} updates, as the plot draws them: breakpoints (evenly picked when there are many) and each stretch's extremes; --all prints every update`);
      }
      // the columns' unit, where it is not the update index eval has always printed
      if (epochsOnly) w.data('# epoch\tlr');
      for (const chunk of lrChunks(schedule, at, (where, lr) => `${where}\t${lr}`)) w.data(chunk.join('\n'));
    }
  }
  return analysis.diagnostics.some(d => d.severity === 'error') ? 1 : 0;
}

function runCheck(args: CliArgs, w: Writers): number {
  let failed = false;
  let unusable = false;
  let crashed = false;
  for (const file of args.files) {
    try {
      const { text, analysis } = analyzeFile(file, args);
      for (const line of diagnosticLines(file, text, analysis)) w.out(line);
      if (analysis.diagnostics.some(d => d.severity === 'error')) failed = true;
    } catch (e) {
      if (e instanceof OutputClosed) throw e;
      // One bad file does not stop the others, not even one that makes LR Lens itself fail.
      if (e instanceof UsageError) {
        w.err(`lr-lens: ${e.message}`);
        unusable = true;
      } else {
        w.err(`lr-lens: ${file}: internal error: ${(e as Error).message}`);
        crashed = true;
      }
    }
  }
  return crashed ? 3 : unusable ? 2 : failed ? 1 : 0;
}

async function runPlot(args: CliArgs, w: Writers): Promise<number> {
  const file = args.files[0];
  const { text, analysis } = analyzeFile(file, args);
  for (const line of diagnosticLines(file, text, analysis)) w.err(line);
  if (analysis.schedules.length === 0) {
    w.err(`${file}: no learning-rate schedule found`);
    return 1;
  }
  if (analysis.schedules.length > MAX_DRAWN_SCHEDULES) {
    w.err(`${file}: the chart draws the first ${MAX_DRAWN_SCHEDULES} of its ${analysis.schedules.length} schedules`);
  }
  const svg = await renderSvg(chartSpec(chartSeries(analysis.schedules, path.basename(file))));
  try {
    fs.writeFileSync(args.output!, svg);
  } catch (e) {
    throw new UsageError(`${args.output}: cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return 0;
}

/**
 * Thrown by a writer whose reader has gone (`lr-lens eval FILE | head -1`): the command stops there, and the
 * CLI ends quietly with exit 0, as `head`'s reader expects (the code 1 would say the file has errors).
 */
export class OutputClosed extends Error {}

function stdoutLine(s: string): void {
  // A pipe write that failed with EPIPE leaves the stream unwritable at once (the 'error' event comes later).
  if (!process.stdout.writable) throw new OutputClosed('stdout closed');
  process.stdout.write(s + '\n');
}

function stderrLine(s: string): void {
  // With stderr closed the messages go nowhere; the exit code still tells.
  if (process.stderr.writable) process.stderr.write(s + '\n');
}

export async function main(argv: string[], out: (s: string) => void = stdoutLine, err: (s: string) => void = stderrLine): Promise<number> {
  const w: Writers = { out: s => out(printable(s)), err: s => err(printable(s)), data: out };
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case 'help': for (const line of USAGE.split('\n')) w.out(line); return 0;
      case 'eval': return runEval(args, w);
      case 'check': return runCheck(args, w);
      case 'plot': return await runPlot(args, w);
    }
  } catch (e) {
    if (e instanceof OutputClosed) return 0;
    if (e instanceof UsageError) {
      w.err(`lr-lens: ${e.message}`);
      return 2;
    }
    w.err(`lr-lens: internal error: ${(e as Error).message}`);
    return 3;
  }
}

if (require.main === module) {
  // A reader that closed the pipe wants no more: end quietly (exit 0), not with "Unhandled 'error' event".
  // Any other failure to write the output is reported in one line (exit 2, as an unwritable plot file is).
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') stderrLine(`lr-lens: cannot write the output (${e.code ?? 'error'})`);
    process.exit(e.code === 'EPIPE' ? 0 : 2);
  });
  process.stderr.on('error', () => { /* nowhere left to say it; the exit code still tells */ });
  void main(process.argv.slice(2)).then(code => {
    process.exitCode = code;
  });
}
