// `npm run bench`'s table: the measurements of bench/node.ts (in-process) and bench/host.mjs (bundle sizes,
// the in-host figures) as rows of measure, value and budget, with ✓ / ✗ where the issue sets a budget.

const median = xs => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** nearest rank: the p95 of 50 values is the 48th smallest */
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)];

export const ms = v => (v >= 100 ? `${v.toFixed(0)} ms` : v >= 10 ? `${v.toFixed(1)} ms` : v >= 1 ? `${v.toFixed(2)} ms` : `${(v * 1000).toFixed(v >= 0.1 ? 0 : 1)} µs`);
const times = v => `${v.toFixed(v >= 10 ? 0 : 2)}×`;
const kb = b => `${(b / 1024).toFixed(1)} KB`;
const mb = b => `${(b / 2 ** 20).toFixed(2)} MB`;
const mark = ok => (ok === undefined ? '' : ok ? '✓' : '✗');

/** Rows: [measure, value, budget, ✓/✗]. */
export function tableRows({ node, sizes, hosts }) {
  const rows = [];
  const row = (measure, value, budget = 'reported', ok) => rows.push([measure, value, budget, mark(ok)]);

  // 1. Analysis per keystroke.
  const files = node.analysis;
  const worst = (list, key) => list.reduce((a, b) => (b[key] > a[key] ? b : a));
  const small = files.filter(f => f.lines <= 300);
  const byParse = worst(files, 'ratioParse');
  row(`Keystroke analysis ÷ bare parse, median of ${files.length} configs`, times(median(files.map(f => f.ratioParse))), '≤ 2×', median(files.map(f => f.ratioParse)) <= 2);
  row(`  worst: ${byParse.label}`, times(byParse.ratioParse), '≤ 2×', byParse.ratioParse <= 2);
  const json = files.filter(f => f.ratioJsonLs !== undefined);
  if (json.length) {
    const byLs = worst(json, 'ratioJsonLs');
    row(`Keystroke analysis ÷ JSON language service, median of ${json.length} JSON configs`, times(median(json.map(f => f.ratioJsonLs))), '≤ 1×', median(json.map(f => f.ratioJsonLs)) <= 1);
    row(`  worst: ${byLs.label}`, times(byLs.ratioJsonLs), '≤ 1×', byLs.ratioJsonLs <= 1);
  }
  const slowest = worst(small, 'analysisMs');
  row(`Keystroke analysis time, median of ${small.length} configs ≤ 300 lines`, ms(median(small.map(f => f.analysisMs))), '< 1 ms', median(small.map(f => f.analysisMs)) < 1);
  row(`  worst: ${slowest.label} (${slowest.lines} lines)`, ms(slowest.analysisMs), '< 1 ms', slowest.analysisMs < 1);
  for (const f of files) {
    const over = [f.ratioParse > 2 && `${times(f.ratioParse)} parse`, f.ratioJsonLs > 1 && `${times(f.ratioJsonLs)} JSON LS`, f.lines <= 300 && f.analysisMs >= 1 && ms(f.analysisMs)].filter(Boolean);
    if (over.length) row(`  over budget: ${f.label}`, over.join(', '), 'see above', false);
  }

  // 2. Scale.
  for (const s of node.scale) row(`Plot data for 10^${Math.round(Math.log10(s.updates))} updates (slowest shape: ${s.shape}, ${s.points} points)`, ms(s.ms), '≤ 1 ms', s.ms <= 1);
  const scaleMs = node.scale.map(s => s.ms);
  const flat = Math.max(...scaleMs) / Math.min(...scaleMs);
  row('  flat in N: slowest ÷ fastest of the four', times(flat), '≤ 2×', flat <= 2);
  const { large } = node;
  row(`Config of ${large.lines.toLocaleString('en-US')} lines, ${large.schedules} schedules: keystroke analysis`, ms(large.ms));
  row('  heap kept by its analysis / allocated while analysing', `${mb(large.retainedBytes)} / ${mb(large.allocatedBytes)}`);
  // Many schedulers (issue 11): linear work grows 4× from 1,000 to 4,000 schedulers, quadratic work 16×.
  for (const q of node.quadratic ?? []) {
    const [, quarter, , top] = q.counts;
    row(`${q.label}: keystroke at ${q.counts.map(n => n.toLocaleString('en-US')).join(' / ')}`, q.ms.map(ms).join(' / '));
    row(`  growth ${top.toLocaleString('en-US')} ÷ ${quarter.toLocaleString('en-US')} (linear 4×, quadratic 16×)`, times(q.growth), '≤ 6×', q.growth <= 6);
    const l = q.largest;
    // YAML has two limits: its size, and its lines and commas (formats/yaml.ts MAX_YAML_ITEMS)
    const limit = !q.limit ? 'the size limit' : q.format === 'yaml' ? `the ${kb(q.limit)} and 10,000 lines-and-commas limits` : `the ${kb(q.limit)} limit`;
    row(`  largest under ${limit} (${l.count.toLocaleString('en-US')}, ${kb(l.bytes)}, ${l.schedules} schedules read): keystroke`, ms(l.ms), '< 250 ms', l.ms < 250);
    row(`    ÷ bare ${q.format === 'typescript' ? 'TypeScript compiler' : (q.format ?? 'yaml').toUpperCase()} parse of it / plot data`, `${times(l.ratioParse)} (parse ${ms(l.parseMs)}) / ${ms(l.plotMs)}`);
  }

  // 3. Start-up.
  if (sizes) {
    row('Bundle: dist/extension.js, minified (gzip)', `${kb(sizes.extension.bytes)} (${kb(sizes.extension.gzipBytes)})`, '≤ 400 KB', sizes.extension.bytes <= 400 * 1024);
    row('Bundle: dist/webview/webview.js, minified (gzip)', `${kb(sizes.webview.bytes)} (${kb(sizes.webview.gzipBytes)})`);
    row('Bundle: dist/cli.js, minified (gzip)', `${kb(sizes.cli.bytes)} (${kb(sizes.cli.gzipBytes)})`);
  }
  const activations = (hosts ?? []).map(h => h.activation).filter(a => a && !a.wasActive);
  if (activations.length) {
    const resolved = median(activations.map(a => a.loadToResolvedMs));
    row(`Activation in the host: bundle load → activate() resolved, median of ${activations.length} launches`, ms(resolved), '≤ 50 ms', resolved <= 50);
    row('  bundle load → activate() returned', ms(median(activations.map(a => a.loadToActivatedMs))));
    if (activations.every(a => a.moduleMs !== undefined)) {
      row('    evaluating the bundle (load → activate() called)', ms(median(activations.map(a => a.moduleMs))));
      row('    activate() itself', ms(median(activations.map(a => a.activateMs))));
    }
    row('  activate() requested → bundle starts loading (host reads, compiles the file)', ms(median(activations.map(a => a.requestToLoadMs))));
  }

  // 4. Edit to redraw, 5. memory.
  const full = (hosts ?? []).find(h => h.redraw);
  if (full) {
    for (const [what, redraw] of [['step example, gamma', full.redraw], ['cosine example, minLr', full.redrawCosine]]) {
      if (!redraw) continue;
      const t = redraw.timings.filter(x => x.editAt !== undefined);
      const after = t.map(x => x.renderedAt - x.startAt);
      row(`Edit → redraw after the debounce (${what}), p95 of ${t.length} edits`, ms(quantile(after, 0.95)), '≤ 50 ms', quantile(after, 0.95) <= 50);
      row('  median', ms(median(after)));
      const withDebounce = t.map(x => x.renderedAt - x.editAt);
      row('  edit → redraw including the debounce: median / p95', `${ms(median(withDebounce))} / ${ms(quantile(withDebounce, 0.95))}`);
      const stage = (name, f) => row(`  median ${name}`, ms(median(t.map(f))));
      stage('debounce (edit → render starts)', x => x.startAt - x.editAt);
      stage('analysis + chart data + layout', x => x.dataAt - x.startAt);
      stage('postMessage call', x => x.postedAt - x.dataAt);
      stage('message trips (to the webview and back)', x => x.renderedAt - x.postedAt - (x.webview ? x.webview.queuedMs + x.webview.drawMs : 0));
      stage('webview: queued behind the previous render', x => x.webview?.queuedMs ?? 0);
      stage('webview: Vega data swap + SVG render', x => x.webview?.drawMs ?? 0);
    }
    const m = full.memory;
    if (m) row(`Extension host heap after ${m.edits} edits of one document − before (after GC)`, mb(m.afterBytes - m.beforeBytes), '≤ 5 MB', m.afterBytes - m.beforeBytes <= 5 * 2 ** 20);
  }
  return rows;
}

export function markdownTable(rows) {
  const esc = s => String(s).replace(/\|/g, '\\|');
  return ['| Measure | Value | Budget | |', '|---|---:|---|:-:|', ...rows.map(r => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}
