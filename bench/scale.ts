// Bench 2: the plot's data for runs of 10^3 … 10^12 updates (the preview calls chartSeries, which samples each
// schedule, then chartData), one large config: 2,500 lines holding 100 schedules (YAML is read up to 64 KB), and
// configs of thousands of schedulers (bench/quadratic.ts), whose analysis once grew with the square of their number
// (issue 11).
import { analyze } from '../src/service/analyze';
import { chartData, chartSeries } from '../src/service/chart';
import { maxFileSize } from '../src/formats/parse';
import type { FormatLanguage } from '../src/formats/tree';
import { bareParse, keystroke, type ConfigFile } from './analysis';
import { inFormat, largestAnalysed, SCALE_SHAPES, type ScaleShape } from './quadratic';
import { compare, type CompareOptions } from './stats';

/** Curve shapes for the sampler: steps (breakpoints), a smooth decay, and a periodic one (the hard case). */
const SHAPES: Record<string, (n: number) => string> = {
  multistep: n => `decay:\n  type: multistep\n  unit: update\n  interval: update\n  milestones: [${[0.3, 0.6, 0.8].map(f => Math.round(f * n)).join(', ')}]\n  gamma: 0.1\n`,
  cosine: () => 'decay:\n  type: cosine\n  minLr: 0\n',
  cosineRestarts: n => `decay:\n  type: cosineRestarts\n  unit: update\n  period: ${Math.max(1, Math.round(n / 50))}\n`,
};

export function scaleConfig(updates: number, shape: keyof typeof SHAPES): string {
  return `name: ${shape} over ${updates} updates\nlr:\n  value: 0.4\nupdates: ${updates}\nwarmup:\n  type: linear\n  fraction: 0.05\n  startLr: 0.1\n${SHAPES[shape](updates)}`;
}

export interface ScaleRow {
  updates: number;
  /** the slowest shape's median time to compute the plot data (chartSeries + chartData), ms */
  ms: number;
  shape: string;
  points: number;
}

export async function benchScale(options: CompareOptions = {}): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  for (const updates of [1e3, 1e6, 1e9, 1e12]) {
    let worst: ScaleRow | undefined;
    for (const shape of Object.keys(SHAPES) as (keyof typeof SHAPES)[]) {
      const analysis = analyze(scaleConfig(updates, shape), 'scale.lrschedule.yaml', 'yaml');
      const errors = analysis.diagnostics.filter(d => d.severity === 'error');
      if (analysis.schedules.length !== 1 || errors.length) throw new Error(`scale config (${shape}, ${updates}) did not read: ${errors.map(e => e.message).join('; ')}`);
      // Each edit gives the preview a new analysis, whose schedules have not been sampled yet: a fresh copy
      // per call keeps the sampler's per-schedule memo out of the measurement.
      const plot = () => chartData(chartSeries(analysis.schedules.map(read => ({ ...read, schedule: { ...read.schedule } })), 'scale'));
      const { ms: [ms] } = await compare([plot], options);
      if (!worst || ms > worst.ms) worst = { updates, ms, shape, points: plot().lines.length };
    }
    rows.push(worst!);
  }
  return rows;
}

/**
 * LR Lens schedules as one multi-document YAML file of 25 lines each: 100 of them (2,500 lines, 55 KB), about the
 * most that fit YAML's 64 KB limit (formats/parse.ts MAX_YAML_SIZE).
 */
export function largeConfig(schedules = 100, linesEach = 25): string {
  const docs: string[] = [];
  for (let i = 0; i < schedules; i++) {
    const body = [
      `name: run ${i}`, 'lr:', `  reference: ${(0.05 + (i % 7) * 0.01).toFixed(2)}`, '  referenceBatch: 256', '  scaling: linear',
      'batch:', `  perDevice: ${16 << (i % 3)}`, '  devices: 8', '  accumulation: 1', 'datasetSize: 1281167', `epochs: ${60 + (i % 4) * 10}`,
      'warmup:', '  type: linear', `  epochs: ${1 + (i % 5)}`, 'decay:', '  type: multistep', '  milestones: [30, 45, 55]', `  gamma: ${i % 2 ? 0.1 : 0.2}`,
    ];
    while (body.length < linesEach - 1) body.push(`# note ${body.length}: padding so each document is ${linesEach} lines`);
    docs.push(body.join('\n'));
  }
  return docs.join('\n---\n') + '\n';
}

export interface LargeRow {
  lines: number;
  schedules: number;
  /** one keystroke's work on the whole file (analysis, CodeLens lines, inlay hints), ms */
  ms: number;
  /** heap held by one analysis of it (what the cache keeps per document), bytes */
  retainedBytes: number;
  /** heap allocated while analysing it once, before collection, bytes */
  allocatedBytes: number;
}

export async function benchLarge(options: CompareOptions = {}): Promise<LargeRow> {
  const text = largeConfig();
  const file = { label: 'generated', name: 'runs.lrschedule.yaml', language: 'yaml' as const, text };
  const schedules = analyze(text, file.name, 'yaml').schedules.length;
  if (schedules === 0) throw new Error('the large config was not analysed (over a size limit?)');
  const run = keystroke(file);
  const { ms: [ms] } = await compare([run], { ...options, samples: Math.min(options.samples ?? 15, 15) });
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc(); gc();
  const before = process.memoryUsage().heapUsed;
  const kept = run();
  const allocated = process.memoryUsage().heapUsed - before;
  gc(); gc();
  const retained = process.memoryUsage().heapUsed - before;
  if (!kept) throw new Error('unreachable: keeps the result alive across the collection');
  return { lines: text.split('\n').length - 1, schedules, ms, retainedBytes: retained, allocatedBytes: allocated };
}

export interface QuadraticRow {
  label: string;
  format: FormatLanguage;
  /** the format's size limit (maxFileSize), characters */
  limit: number;
  /** the scheduler counts timed (500 … 4,000, or the same steps below the largest count that fits the size limit) */
  counts: number[];
  /** one keystroke's work (analysis, CodeLens lines, inlay hints) at each count, ms */
  ms: number[];
  /** time(counts[3]) ÷ time(counts[1]), median of per-round ratios: 4 when linear, 16 when quadratic */
  growth: number;
  /** the largest count whose file the analysis reads (the size limit; for YAML, MAX_YAML_ITEMS too) */
  largest: {
    count: number;
    bytes: number;
    schedules: number;
    /** one keystroke's work on it, and the plot data for its schedules, ms */
    ms: number;
    plotMs: number;
    /** the bare parse of the same text by the library our parser wraps, ms, and keystroke ÷ parse (median of per-round ratios) */
    parseMs: number;
    ratioParse: number;
  };
}

/**
 * Time against the number of schedulers, and the largest file of each shape the size limit of each format lets
 * through (YAML, and the single-document shapes written as JSON and as TypeScript).
 */
export async function benchQuadratic(options: CompareOptions = {}, shapes = SCALE_SHAPES): Promise<QuadraticRow[]> {
  const rows: QuadraticRow[] = [];
  const formats: FormatLanguage[] = ['yaml', 'json', 'typescript'];
  for (const format of formats) {
    for (const yamlShape of shapes) {
      const shape = inFormat(yamlShape, format);
      if (shape) rows.push(await benchShape(shape, format, options));
    }
  }
  return rows;
}

async function benchShape(shape: ScaleShape, format: FormatLanguage, options: CompareOptions): Promise<QuadraticRow> {
  // Files this large take tens of ms a call: fewer, longer samples keep the bench to seconds.
  const big = { ...options, samples: Math.min(options.samples ?? 9, 9), warmupMs: Math.min(options.warmupMs ?? 300, 300), sampleMs: 1 };
  const limit = maxFileSize(format);
  const largest = largestAnalysed(shape, format);
  const top = Math.min(4000, largest);
  const counts = [top / 8, top / 4, top / 2, top].map(Math.round);
  const files = counts.map(n => file(shape, n, format));
  const grid = await compare(files.map(keystroke), big);
  const biggest = file(shape, largest, format);
  const analysis = analyze(biggest.text, biggest.name, format);
  if (analysis.diagnostics.some(d => d.code === 'file-too-large' || d.code === 'yaml-too-many-items')) throw new Error(`${shape.label}: the largest file is over the limit`);
  const plot = () => chartData(chartSeries(analysis.schedules.map(read => ({ ...read, schedule: { ...read.schedule } })), 'scale'));
  const whole = await compare([keystroke(biggest), bareParse(biggest), plot], big);
  return {
    label: shape.label, format, limit, counts, ms: grid.ms, growth: grid.ratio(3, 1),
    largest: { count: largest, bytes: biggest.text.length, schedules: analysis.schedules.length, ms: whole.ms[0], plotMs: whole.ms[2], parseMs: whole.ms[1], ratioParse: whole.ratio(0, 1) },
  };
}

function file(shape: ScaleShape, n: number, language: FormatLanguage): ConfigFile {
  return { label: `${shape.label} (${n})`, name: shape.name, language, text: shape.text(n) };
}
