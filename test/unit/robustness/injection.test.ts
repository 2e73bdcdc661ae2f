import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { summarize } from '../../../src/core/summary';
import { formatNumber } from '../../../src/core/scaling';
import { analyze, type Analysis } from '../../../src/service/analyze';
import { chartData, chartLayout, chartSeries, chartSpec } from '../../../src/service/chart';
import { describeLength, summaryLine } from '../../../src/service/describe';
import { hoverAt } from '../../../src/service/hover';
import { main } from '../../../src/cli/main';
import { renderSvg } from '../../../src/cli/svg';
import { MAX_QUOTED, quoted } from '../../../src/formats/quote';

/**
 * User text (a schedule's name, a file's name, config keys) holding HTML, Markdown links to VS Code commands,
 * codicons and emphasis must reach the user as text (issue 6). The hover's Markdown is rendered with CommonMark
 * (markdown-it, HTML off as VS Code's untrusted hovers have it) and the result must show the text verbatim with
 * no link, image or element made from it.
 */

// markdown-it comes with @vscode/vsce (a devDependency); CommonMark escapes are what VS Code's renderer follows.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it') as new (options: object) => { render(src: string): string };
const markdown = new MarkdownIt({ html: false, linkify: false });

const EVIL = [
  '</script><script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[x](command:workbench.action.reloadWindow)',
  '![y](https://example.invalid/t.png)',
  '`code` *bold* _it_ **b** ~~s~~',
  '$(zap) $(warning)',
  '&lt;b&gt; &amp;',
  '<https://example.invalid>',
  '\\*not escaped\\*',
];
const NAME = EVIL.join(' ');

function lrLensFile(name: string): string {
  return `name: ${JSON.stringify(name)}\nlr: 0.1\nepochs: 10\nstepsPerEpoch: 100\nwarmup:\n  epochs: 1\ndecay:\n  type: cosine\n`;
}

function htmlText(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

describe('robustness: user text is shown as text (injection)', () => {
  let analysis: Analysis;
  let text: string;
  before(() => {
    text = lrLensFile(NAME);
    analysis = analyze(text, 'evil.lrschedule.yaml', 'yaml');
    assert.deepEqual(analysis.diagnostics.map(d => d.code), []);
    assert.equal(analysis.schedules[0].schedule.name, NAME);
  });

  it('hover: the schedule name renders as its own text, with no link, image, HTML or emphasis made from it', () => {
    const lrOffset = text.indexOf('lr:');
    const hover = hoverAt(analysis, text, lrOffset);
    assert.ok(hover, 'a hover on `lr`');
    const headerLine = hover.markdown.split('\n')[0];
    const html = markdown.render(headerLine);
    // Only the path is bold (the service's own markup); nothing else becomes an element.
    const tags = [...html.matchAll(/<(\w+)/g)].map(m => m[1]);
    assert.deepEqual(tags, ['p', 'strong'], html);
    // verbatim as every message quotes a user value: its first 100 characters and its length (issue 11)
    assert.ok(NAME.length > MAX_QUOTED && quoted(NAME).startsWith(NAME.slice(0, 100)));
    assert.ok(htmlText(html).includes(quoted(NAME)), `rendered text ${JSON.stringify(htmlText(html))} lacks the name verbatim`);
    // The sparkline is the only image: the last line, the service's own data: URI (base64 SVG, no user text).
    // (markdown-it refuses SVG data: URIs that VS Code shows, so it is checked in the Markdown source.)
    const lines = hover.markdown.split('\n');
    assert.deepEqual(lines.filter(l => /(^|[^\\])!\[/.test(l)), [lines[lines.length - 1]]);
    const image = /^!\[LR curve\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)$/.exec(lines[lines.length - 1]);
    assert.ok(image, lines[lines.length - 1].slice(0, 80));
    assert.ok(!Buffer.from(image[1], 'base64').toString('utf8').includes('alert'));
    const all = markdown.render(hover.markdown);
    assert.ok(!/<a\b|<img\b/.test(all), 'no link or image from user text anywhere in the hover');
  });

  it('hover: line breaks in a name cannot start Markdown blocks (headings, lists, code) of their own', () => {
    const name = 'a\n# heading\n- item\n\n    indented code\n===\n[x]: command:workbench.action.reloadWindow';
    const t = lrLensFile(name);
    const a = analyze(t, 'evil.lrschedule.yaml', 'yaml');
    assert.equal(a.schedules[0].schedule.name, name);
    const hover = hoverAt(a, t, t.indexOf('lr:'))!;
    const html = markdown.render(hover.markdown);
    for (const tag of ['h1', 'h2', 'pre', 'code', 'a']) assert.ok(!new RegExp(`<${tag}\\b`).test(html), `<${tag}> in ${html}`);
    assert.ok(!/<li>item/.test(html), 'no list item from the name');
  });

  it('CodeLens title and status bar text hold numbers and the dialect only: no `$(icon)` from user text', () => {
    const read = analysis.schedules[0];
    const summary = summarize(read.schedule);
    // what src/vscode/codeLens.ts and statusBar.ts show
    const lens = `${read.dialect} · ${summaryLine(read.schedule, summary)}`;
    const status = `LR ${formatNumber(summary.peakLr)} · ${describeLength(summary.totalUpdates, read.schedule.stepsPerEpoch)} · ${read.dialect}`;
    // cosine from 0.1 to 0 over updates 100…999, at 999: 0.1 · (1 + cos(π · 899/900)) / 2 = 3.04617e-7
    assert.equal(lens, 'lr-lens · 10 epochs · 1,000 steps · warmup 1 ep · 0.1 → 3.04617e-7');
    for (const title of [lens, status]) assert.ok(!title.includes('$(') && !title.includes('<'), title);
  });

  it('diagnostics quote user keys as plain text (VS Code shows messages as text)', () => {
    const key = '<img src=x onerror=alert(1)>';
    const t = JSON.stringify({ learning_rate: 5e-5, max_steps: 100, lr_scheduler_type: 'cosine', lr_scheduler_kwargs: { [key]: 1 } }, null, 2);
    const a = analyze(t, 'training_args.json', 'json');
    const d = a.diagnostics.find(x => x.message.includes(key));
    assert.ok(d, JSON.stringify(a.diagnostics.map(x => x.message)));
  });

  it('plot: names go into the data only, never into the spec Vega parses expressions from', () => {
    const series = chartSeries(analysis.schedules, NAME + '.yaml');
    const layout = JSON.stringify(chartLayout(series));
    for (const evil of EVIL) assert.ok(!layout.includes(evil), `the layout holds ${evil}`);
    const data = chartData(series);
    // verbatim, but clipped as every message quotes a user value: its first 100 characters and its length
    // (a whole 200 KB name would be in the legend and in the label of each of 160 tooltip points of the SVG)
    assert.ok(NAME.length > MAX_QUOTED);
    const shown = `${NAME.slice(0, 100)}… (${NAME.length} characters)`;
    assert.ok(data.lines.every(r => r.series === shown), `the line rows carry ${JSON.stringify(data.lines[0].series)}`);
  });

  it('plot: the SVG `lr-lens plot` writes shows the name as escaped text', async () => {
    const series = chartSeries([analysis.schedules[0], { ...analysis.schedules[0], schedule: { ...analysis.schedules[0].schedule, name: `${NAME} 2` } }], 'f.yaml');
    const svg = await renderSvg(chartSpec(series));
    assert.ok(!svg.includes('<img') && !svg.includes('<script') && !svg.includes('</script>'), 'markup from the name in the SVG');
    assert.ok(svg.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the name is in the legend as text');
  });

  it('webview: user text reaches the page through textContent only, never as HTML', () => {
    const source = fs.readFileSync(path.resolve(__dirname, '../../../../src/webview/main.ts'), 'utf8');
    assert.doesNotMatch(source, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|srcdoc/);
    const hover = fs.readFileSync(path.resolve(__dirname, '../../../../src/vscode/hover.ts'), 'utf8');
    assert.match(hover, /isTrusted = false/);
    assert.match(hover, /supportHtml = false/);
    assert.doesNotMatch(hover, /supportThemeIcons = true/);
  });
});

describe('robustness: terminal output of the CLI', () => {
  it('control characters from a config (ESC sequences, line breaks) are printed as \\xNN, one diagnostic per line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-esc-'));
    try {
      const file = path.join(dir, 'training_args.json');
      const key = '\u001b[2J\u001b]8;;https://example.invalid\u0007x\nfake.json:1:1: error';
      fs.writeFileSync(file, JSON.stringify({ learning_rate: 5e-5, max_steps: 100, lr_scheduler_type: 'cosine', lr_scheduler_kwargs: { [key]: 1 } }));
      const out: string[] = [];
      await main(['check', file], s => out.push(s), s => out.push(s));
      const line = out.find(l => l.includes('\\x1b[2J'));
      assert.ok(line, out.join('\n'));
      assert.ok(out.every(l => !/[\u0000-\u001f\u007f]/.test(l)), 'no control character reaches the terminal');
      assert.ok(line.includes('\\x0afake.json:1:1: error'), 'the line break stays inside the one line');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // Title change, clipboard write (OSC 52), clear screen, a C1 CSI and a forged line: what a name can carry.
  const ESCAPES = '\u001b]0;pwned\u0007 \u001b]52;c;cm0gLXJmIH4=\u0007 \u001b[2J\u001b[H \u009b31m \u007f\nfake.yaml:1:1: error forged';
  const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

  async function runCli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, s => out.push(s), s => err.push(s));
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('eval: a schedule name with escape sequences is printed as \\xNN in the header, on one line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-esc-'));
    try {
      const file = path.join(dir, 'evil.lrschedule.yaml');
      fs.writeFileSync(file, lrLensFile(ESCAPES));
      const { code, out, err } = await runCli('eval', file, '--at', '0,5');
      assert.equal(code, 0, err);
      assert.ok(!CONTROL.test(out + err), JSON.stringify(out));
      const lines = out.split('\n');
      assert.equal(lines.length, 3, 'a header and two LR lines: the forged line stays in the header');
      assert.ok(lines[0].includes('\\x1b]0;pwned\\x07 \\x1b]52;c;cm0gLXJmIH4=\\x07 \\x1b[2J\\x1b[H \\x9b31m \\x7f\\x0afake.yaml:1:1: error forged'), lines[0]);
      assert.deepEqual(lines.slice(1).map(l => l.split('\t')[0]), ['0', '5']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('eval --json: the name is the same string to a JSON reader, with no raw control character (C1 included) in the text', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-esc-'));
    try {
      const file = path.join(dir, 'evil.lrschedule.yaml');
      fs.writeFileSync(file, lrLensFile(ESCAPES));
      const { code, out } = await runCli('eval', file, '--json', '--at', '0');
      assert.equal(code, 0);
      assert.ok(!CONTROL.test(out) && !out.includes('\n'), JSON.stringify(out));
      assert.equal(JSON.parse(out).schedules[0].name, ESCAPES);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('usage errors that echo the command line, and a file name with escapes, are escaped too', async () => {
    const cases = [
      ['eval', 'x.yaml', `--bogus${ESCAPES}`],
      [`draw${ESCAPES}`],
      ['eval', `/nonexistent/${ESCAPES}.yaml`],
      ['eval', 'x.yaml', '--dialect', ESCAPES],
      ['eval', 'x.yaml', '--at', ESCAPES],
      ['eval', 'x.yaml', '--framework-version', ESCAPES],
    ];
    for (const argv of cases) {
      const { code, out, err } = await runCli(...argv);
      assert.equal(code, 2, err);
      assert.equal(out, '');
      assert.equal(err.split('\n').length, 1, err);
      assert.ok(err.includes('\\x1b]0;pwned\\x07'), err);
      assert.ok(!CONTROL.test(err), JSON.stringify(err));
    }
  });
});
