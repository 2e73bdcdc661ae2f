import fs from 'node:fs';
import path from 'node:path';
import { curveAt } from '../core/evaluate';
import { languageFromFileName } from '../formats/parse';
import { lineColumnAt } from '../formats/access';
import { analyze, type Analysis } from '../service/analyze';
import { chartSeries, chartSpec } from '../service/chart';
import { factsFromContext, parseArgs, UsageError, USAGE, type CliArgs } from './args';
import { renderSvg } from './svg';

/** More LR values than this are not printed one per update; `--at` picks updates instead. */
const MAX_PRINTED_UPDATES = 10_000_000;

function readText(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new UsageError(`${file}: no such file`);
  }
  if (!stat.isFile()) throw new UsageError(`${file}: not a file`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function analyzeFile(file: string, args: CliArgs): { text: string; analysis: Analysis } {
  const language = languageFromFileName(file);
  if (!language) throw new UsageError(`${file}: unknown format (expected .json, .jsonc, .yaml, .yml or .ts)`);
  const text = readText(file);
  const overrides = { ...(args.contextFile ? factsFromContext(readJson(args.contextFile), args.contextFile) : {}), ...args.facts };
  const analysis = analyze(text, path.basename(file), language, {
    overrides, overrideSource: args.contextFile ? 'context' : 'flag', dialect: args.dialect, versions: args.versions,
  });
  return { text, analysis };
}

function readJson(file: string): unknown {
  const text = readText(file);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

function diagnosticLines(file: string, text: string, analysis: Analysis): string[] {
  return analysis.diagnostics.map(d => {
    const { line, column } = lineColumnAt(text, d.range.start);
    return printable(`${file}:${line + 1}:${column + 1}: ${d.severity} ${d.code}: ${d.message}`);
  });
}

/**
 * Control characters from a file (a key holding ESC [2J, a name with a line break) are written as `\xNN`: printed
 * raw they would drive the terminal, or split one diagnostic over several lines of `check`'s one-per-line output.
 */
export function printable(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/[\u0000-\u001f\u007f-\u009f]/g, ch => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function runEval(args: CliArgs, out: (s: string) => void, err: (s: string) => void): number {
  const file = args.files[0];
  const { text, analysis } = analyzeFile(file, args);
  for (const line of diagnosticLines(file, text, analysis)) err(line);
  if (analysis.schedules.length === 0) {
    err(`${file}: no learning-rate schedule found`);
    return 1;
  }
  const results = analysis.schedules.map(read => {
    const { schedule } = read;
    const updates = args.at ?? null;
    if (!updates && schedule.totalUpdates > MAX_PRINTED_UPDATES) {
      throw new UsageError(`${file}: ${schedule.totalUpdates} updates are too many to print; pick some with --at`);
    }
    const lr = updates ? updates.map(t => curveAt(schedule.curve, t)) : Array.from({ length: schedule.totalUpdates }, (_, t) => curveAt(schedule.curve, t));
    return { dialect: read.dialect, name: schedule.name, totalUpdates: schedule.totalUpdates, stepsPerEpoch: schedule.stepsPerEpoch ?? null,
      changes: schedule.changes, assumptions: schedule.assumptions, at: updates ?? undefined, lr };
  });
  if (args.json) {
    out(JSON.stringify({ schedules: results }));
  } else {
    for (const r of results) {
      out(`# ${file}: ${r.dialect}${r.name ? ` · ${r.name}` : ''} · ${r.totalUpdates} updates · ${r.stepsPerEpoch ?? '?'} steps per epoch · LR changes per ${r.changes}`);
      for (const a of r.assumptions) out(`# assumed ${a.fact} = ${a.value} (${a.source}; ${a.howToSet})`);
      const chunk: string[] = [];
      r.lr.forEach((lr, i) => {
        chunk.push(`${r.at ? r.at[i] : i}\t${lr}`);
        if (chunk.length >= 4096) { out(chunk.join('\n')); chunk.length = 0; }
      });
      if (chunk.length) out(chunk.join('\n'));
    }
  }
  return analysis.diagnostics.some(d => d.severity === 'error') ? 1 : 0;
}

function runCheck(args: CliArgs, out: (s: string) => void, err: (s: string) => void): number {
  let failed = false;
  let unusable = false;
  let crashed = false;
  for (const file of args.files) {
    try {
      const { text, analysis } = analyzeFile(file, args);
      for (const line of diagnosticLines(file, text, analysis)) out(line);
      if (analysis.diagnostics.some(d => d.severity === 'error')) failed = true;
    } catch (e) {
      // One bad file does not stop the others, not even one that makes LR Lens itself fail.
      if (e instanceof UsageError) {
        err(printable(`lr-lens: ${e.message}`));
        unusable = true;
      } else {
        err(printable(`lr-lens: ${file}: internal error: ${(e as Error).message}`));
        crashed = true;
      }
    }
  }
  return crashed ? 3 : unusable ? 2 : failed ? 1 : 0;
}

async function runPlot(args: CliArgs, err: (s: string) => void): Promise<number> {
  const file = args.files[0];
  const { text, analysis } = analyzeFile(file, args);
  for (const line of diagnosticLines(file, text, analysis)) err(line);
  if (analysis.schedules.length === 0) {
    err(`${file}: no learning-rate schedule found`);
    return 1;
  }
  const svg = await renderSvg(chartSpec(chartSeries(analysis.schedules, path.basename(file))));
  try {
    fs.writeFileSync(args.output!, svg);
  } catch (e) {
    throw new UsageError(`${args.output}: cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return 0;
}

export async function main(argv: string[], out: (s: string) => void = s => process.stdout.write(s + '\n'), err: (s: string) => void = s => process.stderr.write(s + '\n')): Promise<number> {
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case 'help': out(USAGE); return 0;
      case 'eval': return runEval(args, out, err);
      case 'check': return runCheck(args, out, err);
      case 'plot': return await runPlot(args, err);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(`lr-lens: ${e.message}`);
      return 2;
    }
    err(`lr-lens: internal error: ${(e as Error).message}`);
    return 3;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then(code => {
    process.exitCode = code;
  });
}
