import { formatNumber } from '../core/scaling';
import { sampleSchedule, DEFAULT_SAMPLE_POINTS } from '../core/sample';
import { summarize } from '../core/summary';
import type { ReadSchedule } from '../dialects/types';

/** One schedule ready to draw. */
export interface ChartSeries {
  name: string;
  points: { update: number; lr: number; epoch?: number }[];
  markers: { update: number; kind: string; label: string }[];
  warmupUpdates: number;
  peak: { update: number; lr: number };
  final: { update: number; lr: number };
}

/** Sampled, plot-ready data for every schedule of a file. */
export function chartSeries(schedules: ReadSchedule[], fileLabel: string, maxPoints = DEFAULT_SAMPLE_POINTS): ChartSeries[] {
  return schedules.map((read, i) => {
    const { schedule } = read;
    const samples = sampleSchedule(schedule, maxPoints);
    const summary = summarize(schedule);
    const spe = schedule.stepsPerEpoch;
    const name = `${schedule.name ?? fileLabel}${schedules.length > 1 && !schedule.name ? ` #${i + 1}` : ''}`;
    return {
      name,
      points: samples.points.map(p => ({ update: p.update, lr: p.lr, epoch: spe ? p.update / spe : undefined })),
      markers: samples.markers,
      warmupUpdates: schedule.warmupUpdates,
      peak: { update: summary.peakUpdate, lr: summary.peakLr },
      final: { update: schedule.totalUpdates - 1, lr: summary.finalLr },
    };
  });
}

export interface ChartOptions {
  logScale?: boolean;
  width?: number;
  height?: number;
}

/**
 * The Vega-Lite spec of the LR chart: LR against updates, warmup shaded, breakpoints as rules, peak and final
 * values labelled, one line per schedule. Data are inline (no loader ever fetches anything).
 */
export function chartSpec(series: ChartSeries[], options: ChartOptions = {}): Record<string, unknown> {
  const lines = series.flatMap(s => s.points.map(p => ({ series: s.name, update: p.update, epoch: p.epoch, lr: p.lr })));
  const rules = series.flatMap(s => s.markers.map(m => ({ series: s.name, update: m.update, label: m.label, kind: m.kind })));
  const warmups = series.filter(s => s.warmupUpdates > 0).map(s => ({ series: s.name, from: 0, to: s.warmupUpdates }));
  const labels = series.flatMap(s => [
    { series: s.name, update: s.peak.update, lr: s.peak.lr, text: `peak ${formatNumber(s.peak.lr)}` },
    { series: s.name, update: s.final.update, lr: s.final.lr, text: `final ${formatNumber(s.final.lr)}` },
  ]);
  const y = { field: 'lr', type: 'quantitative', title: 'learning rate', scale: { type: options.logScale ? 'symlog' : 'linear' } };
  const x = { field: 'update', type: 'quantitative', title: 'optimizer update' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: options.width ?? 640,
    height: options.height ?? 320,
    layer: [
      { data: { values: warmups }, mark: { type: 'rect', opacity: 0.12 }, encoding: { x: { field: 'from', type: 'quantitative' }, x2: { field: 'to' } } },
      { data: { values: rules }, mark: { type: 'rule', strokeDash: [4, 3], opacity: 0.6 }, encoding: { x: { field: 'update', type: 'quantitative' }, tooltip: [{ field: 'label' }, { field: 'update', title: 'update' }] } },
      {
        data: { values: lines },
        mark: { type: 'line', interpolate: 'step-after', tooltip: true },
        encoding: {
          x, y,
          color: { field: 'series', type: 'nominal', legend: series.length > 1 ? { orient: 'bottom', title: null } : null },
          tooltip: [{ field: 'series' }, { field: 'update', title: 'update' }, { field: 'epoch', title: 'epoch', format: '.2f' }, { field: 'lr', title: 'LR', format: '.6g' }],
        },
      },
      { data: { values: labels }, mark: { type: 'text', align: 'left', dx: 4, dy: -6 }, encoding: { x: { field: 'update', type: 'quantitative' }, y: { field: 'lr', type: 'quantitative' }, text: { field: 'text' } } },
    ],
  };
}
