import { sampleSchedule } from '../core/sample';
import type { Schedule } from '../core/schedule';

const WIDTH = 240;
const HEIGHT = 60;
const PAD = 4;

/**
 * A small SVG of the LR curve (about 100 sampled points, so a 10^9-update run costs the same as a short one)
 * with the given updates marked, as a `data:` URI a Markdown hover can show as an image.
 */
export function sparklineDataUri(schedule: Schedule, markedUpdates: number[]): string {
  const { points } = sampleSchedule(schedule, 100);
  if (points.length === 0) return '';
  const last = Math.max(1, schedule.totalUpdates - 1);
  const maxLr = Math.max(...points.map(p => p.lr), Number.MIN_VALUE);
  const x = (update: number) => PAD + (update / last) * (WIDTH - 2 * PAD);
  const y = (lr: number) => HEIGHT - PAD - (Math.max(0, lr) / maxLr) * (HEIGHT - 2 * PAD);
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.update).toFixed(1)},${y(p.lr).toFixed(1)}`).join('');
  // one dot per pixel column: marks closer than that draw over each other, and 10,000 of them made a 1 MB image
  const columns = new Set<number>();
  const drawn = markedUpdates.filter(u => {
    const column = Math.round(x(u));
    if (!(u >= 0 && u <= last) || columns.has(column)) return false;
    columns.add(column);
    return true;
  });
  const dots = drawn.map(u => {
    // The marked point sits on the curve: its LR is looked up among the samples (every marker is one).
    const near = points.reduce((best, p) => (Math.abs(p.update - u) < Math.abs(best.update - u) ? p : best));
    return `<circle cx="${x(u).toFixed(1)}" cy="${y(near.lr).toFixed(1)}" r="3" fill="#e5534b"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">`
    + `<path d="${path}" fill="none" stroke="#3794ff" stroke-width="1.5"/>${dots}</svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
