import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MARKER_LIMIT } from '../../../src/core/build';
import { formatGrouped, formatNumber } from '../../../src/core/scaling';
import type { Diagnostic } from '../../../src/dialects/types';
import { MAX_FILE_SIZE, maxFileSize } from '../../../src/formats/parse';
import type { FormatLanguage } from '../../../src/formats/tree';
import { analyze, type Analysis, type AnalyzeOptions } from '../../../src/service/analyze';
import { localizeFrom } from '../../../src/service/describe';
import { MAX_DIAGNOSTICS, limitDiagnostics } from '../../../src/service/diagnosticLimit';
import { HOVER_MESSAGES, MAX_HOVER_BYTES, MAX_LISTED_MARKERS, hoverAt } from '../../../src/service/hover';
import { MAX_HINT_LABEL, MAX_HINT_LRS, inlayHints } from '../../../src/service/inlayHints';
import { sparklineDataUri } from '../../../src/service/sparkline';
import { applyFix, corpus } from './corpus';

/**
 * Issue 11, item 8: "A 113-byte schedule of tiny cosine restarts gives a 1 MB hover (10,000 markers); 36,000
 * milestones give a 1.2 MB hover and a 108 KB inlay hint." Hovers list their first markers and say how many more,
 * and stay under MAX_HOVER_BYTES; inlay hints under MAX_HINT_LABEL; diagnostics are de-duplicated and capped per
 * file with one summary. Checked on the configs, on hostile files of our own, and on every corpus config
 * with its lists blown up.
 */

const BUNDLE = JSON.parse(readFileSync('l10n/bundle.l10n.zh-cn.json', 'utf8')) as Record<string, string>;
const ZH = localizeFrom(BUNDLE);
const hostile = (name: string) => readFileSync(`test/fixtures/hostile/${name}`, 'utf8');
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const markerLines = (markdown: string) => markdown.split('\n').filter(l => /^- .* at update /.test(l));
const key = (d: Diagnostic) => `${d.range.start}:${d.range.end}:${d.code}:${d.message}`;

/** Every bound at once: each setting's hover, each inlay hint, the diagnostics. */
/** Generous bounds that a message or a name built from a list of any length must stay under. */
const MAX_MESSAGE = 2_000;
const MAX_NAME = 400;

function assertBounded(analysis: Analysis, text: string, label: string): { longestList: number } {
  let longestList = 0;
  for (const read of analysis.schedules) {
    for (const setting of read.settings) {
      const hover = hoverAt(analysis, text, setting.keyRange.start);
      if (!hover) continue;
      assert.ok(bytes(hover.markdown) <= MAX_HOVER_BYTES, `${label}: hover on ${setting.path} is ${bytes(hover.markdown)} bytes`);
      const listed = markerLines(hover.markdown).length;
      assert.ok(listed <= MAX_LISTED_MARKERS + 1, `${label}: hover on ${setting.path} lists ${listed} markers`);
      longestList = Math.max(longestList, read.schedule.markers.length);
    }
  }
  for (const hint of inlayHints(analysis, text)) {
    assert.ok(hint.label.length <= MAX_HINT_LABEL, `${label}: an inlay hint of ${hint.label.length} characters`);
  }
  assert.ok(analysis.diagnostics.length <= MAX_DIAGNOSTICS + 1, `${label}: ${analysis.diagnostics.length} diagnostics`);
  // A list from the file (milestones, scheduler types) is elided in messages and names, as a quoted value is.
  for (const d of analysis.diagnostics) {
    assert.ok(d.message.length <= MAX_MESSAGE, `${label}: ${d.code} is ${d.message.length} characters: ${d.message.slice(0, 200)}…`);
  }
  for (const read of analysis.schedules) {
    const name = read.schedule.name ?? '';
    assert.ok(name.length <= MAX_NAME, `${label}: a schedule name of ${name.length} characters: ${name.slice(0, 200)}…`);
  }
  assert.equal(new Set(analysis.diagnostics.map(key)).size, analysis.diagnostics.length, `${label}: duplicated diagnostics`);
  return { longestList };
}

describe('robustness: hovers, inlay hints and diagnostics stay bounded (issue 11, item 8)', function () {
  this.timeout(600_000);

  describe('the issue\'s configs', () => {
    it('tiny cosine restarts (period 1 update over 10^8 updates): the first 20 restarts, then "… at least N more"', () => {
      const text = hostile('hover-tiny-restarts.lrschedule.yaml');
      const analysis = analyze(text, 'hover-tiny-restarts.lrschedule.yaml', 'yaml');
      assert.equal(analysis.schedules.length, 1);
      const hover = hoverAt(analysis, text, text.indexOf('period'))!;
      assert.ok(bytes(hover.markdown) <= MAX_HOVER_BYTES, `${bytes(hover.markdown)} bytes`);
      // PyTorch's CosineAnnealingWarmRestarts with T_0 = 1 restarts at every update: 1, 2, 3, … back at the base LR
      const lines = markerLines(hover.markdown);
      assert.equal(lines.length, MAX_LISTED_MARKERS);
      lines.forEach((line, i) => assert.equal(line, `- restart ${i + 1} at update ${i + 1}: **0.1**`));
      // 99,999,999 restarts in the run, far more than the schedule keeps: the count is a lower bound
      assert.ok(hover.markdown.includes(`- … at least ${formatGrouped(MARKER_LIMIT - MAX_LISTED_MARKERS)} more`));
      assert.match(hover.markdown, /- end, update 99,999,999: \*\*/);
      assert.match(hover.markdown, /!\[LR curve\]\(data:image\/svg\+xml;base64,/);
      // the sparkline marks the listed restarts only: an image of 20 dots, not 10,000
      const svg = Buffer.from(hover.markdown.match(/base64,([^)]+)\)/)![1], 'base64').toString('utf8');
      assert.ok((svg.match(/<circle/g) ?? []).length <= MAX_LISTED_MARKERS);
    });

    it('the sparkline asked to mark all 10,000 restarts draws at most one dot per pixel column of its 240 px', () => {
      const text = hostile('hover-tiny-restarts.lrschedule.yaml');
      const { schedule } = analyze(text, 'hover-tiny-restarts.lrschedule.yaml', 'yaml').schedules[0];
      const uri = sparklineDataUri(schedule, schedule.markers.map(m => m.update));
      const svg = Buffer.from(uri.slice(uri.indexOf(',') + 1), 'base64').toString('utf8');
      const dots = svg.match(/<circle cx="[\d.]+"/g) ?? [];
      assert.ok(dots.length >= 1 && dots.length <= 240, `${dots.length} dots`);
      assert.equal(new Set(dots.map(d => Math.round(Number(d.match(/[\d.]+/)![0])))).size, dots.length);
    });

    it('the same hover in Simplified Chinese says "另有至少 N 个", and every hover message has a translation', () => {
      const text = hostile('hover-tiny-restarts.lrschedule.yaml');
      const hover = hoverAt(analyze(text, 'hover-tiny-restarts.lrschedule.yaml', 'yaml'), text, text.indexOf('period'), ZH)!;
      assert.ok(hover.markdown.includes(`- … 另有至少 ${formatGrouped(MARKER_LIMIT - MAX_LISTED_MARKERS)} 个`));
      for (const message of HOVER_MESSAGES) assert.equal(typeof BUNDLE[message], 'string', `zh-cn translation of "${message}"`);
    });

    it('36,000 milestones: a bounded hover listing the first 20 (LR 0.1 × 0.999^k) and a hint of 6 LRs and "…"', () => {
      const text = hostile('hover-36000-milestones.lrschedule.json');
      assert.ok(text.length <= MAX_FILE_SIZE);
      const analysis = analyze(text, 'hover-36000-milestones.lrschedule.json', 'json');
      assert.equal(analysis.schedules.length, 1);
      const hover = hoverAt(analysis, text, text.indexOf('"milestones"'))!;
      assert.ok(bytes(hover.markdown) <= MAX_HOVER_BYTES, `${bytes(hover.markdown)} bytes`);
      // MultiStepLR: after the k-th milestone (update k here) the LR is 0.1 × gamma^k
      const lines = markerLines(hover.markdown);
      assert.equal(lines.length, MAX_LISTED_MARKERS);
      lines.forEach((line, i) => assert.equal(line, `- × 0\\.999 at update ${i + 1}: **${formatNumber(0.1 * 0.999 ** (i + 1))}**`));
      assert.ok(hover.markdown.includes('- … at least'));

      const end = text.indexOf(']', text.indexOf('"milestones"')) + 1;
      const hints = inlayHints(analysis, text).filter(h => h.offset === end);
      assert.equal(hints.length, 1);
      const expected = Array.from({ length: MAX_HINT_LRS }, (_, i) => formatNumber(0.1 * 0.999 ** (i + 1)));
      assert.equal(hints[0].label, `→ ${[...expected, '…'].join(', ')}`);
      assert.ok(hints[0].label.length <= MAX_HINT_LABEL);
    });

    it('HF cosine_with_restarts with num_cycles 1e9: bounded hovers on every setting', () => {
      const text = hostile('hover-hf-billion-cycles.json');
      const analysis = analyze(text, 'hover-hf-billion-cycles.json', 'json');
      assert.equal(analysis.schedules.length, 1);
      assertBounded(analysis, text, 'hf');
      const hover = hoverAt(analysis, text, text.indexOf('num_cycles'))!;
      assert.ok(hover.markdown.includes('- … at least'));
    });
  });

  describe('a normal config is shown whole', () => {
    const SEED = readFileSync('examples/seed/resnet50-step.lrschedule.yaml', 'utf8');

    it('the seed lists warmup end, the three milestones and the end, with no "more"', () => {
      const hover = hoverAt(analyze(SEED, 'resnet50-step.lrschedule.yaml', 'yaml'), SEED, SEED.indexOf('milestones'))!;
      // Goyal et al.: 5 warmup epochs of 1252 updates reach 0.4; × 0.1 at epochs 30, 60, 80; 90 epochs in all
      const values = hover.markdown.split('\n').filter(l => l.startsWith('- '));
      assert.deepEqual(values.map(l => l.replace(/ \(epoch [^)]*\)/, '')), [
        '- warmup end, update 6,260: **0.4**',
        '- × 0\\.1 at update 37,560: **0.04**',
        '- × 0\\.1 at update 75,120: **0.004**',
        '- × 0\\.1 at update 100,160: **0.0004**',
        '- end, update 112,679: **0.0004**',
      ]);
      assert.ok(!hover.markdown.includes('more'));
    });

    const withMilestones = (count: number) => `lr: 0.1\nupdates: 1000\ndecay:\n  type: multistep\n  unit: update\n  interval: update\n`
      + `  milestones: [${Array.from({ length: count }, (_, i) => 10 * (i + 1)).join(', ')}]\n  gamma: 0.5\n`;

    it(`${MAX_LISTED_MARKERS} milestones are all listed; one more is "… 1 more"`, () => {
      const all = withMilestones(MAX_LISTED_MARKERS);
      const hover = hoverAt(analyze(all, 'x.lrschedule.yaml', 'yaml'), all, all.indexOf('milestones'))!;
      assert.equal(markerLines(hover.markdown).length, MAX_LISTED_MARKERS);
      assert.ok(!hover.markdown.includes('more'));
      const one = withMilestones(MAX_LISTED_MARKERS + 1);
      const over = hoverAt(analyze(one, 'x.lrschedule.yaml', 'yaml'), one, one.indexOf('milestones'))!;
      assert.equal(markerLines(over.markdown).length, MAX_LISTED_MARKERS);
      // the 20th milestone, update 200, LR 0.1 × 0.5^20, is the last listed; the 21st is counted
      assert.ok(over.markdown.includes(`- × 0\\.5 at update 200: **${formatNumber(0.1 * 0.5 ** 20)}**\n- … 1 more\n`));
    });

    it(`${MAX_HINT_LRS} milestones give a hint of ${MAX_HINT_LRS} LRs with no "…"`, () => {
      const text = withMilestones(MAX_HINT_LRS);
      const end = text.indexOf(']') + 1;
      const [hint] = inlayHints(analyze(text, 'x.lrschedule.yaml', 'yaml'), text).filter(h => h.offset === end);
      assert.equal(hint.label, `→ ${Array.from({ length: MAX_HINT_LRS }, (_, i) => formatNumber(0.1 * 0.5 ** (i + 1))).join(', ')}`);
    });
  });

  describe('the whole hover stays under MAX_HOVER_BYTES whatever the user text', () => {
    const base = '"lr": 0.1, "updates": 1000, "decay": {"type": "cosine"}';
    for (const [what, name] of [
      ['a 200,000-character name', 'x'.repeat(200_000)],
      ['a name of 80,000 three-byte characters', '学'.repeat(80_000)],
      ['a name of 50,000 backslashes (each escaped to two)', '\\\\'.repeat(50_000)],
      ['a name of Markdown punctuation', '_*[]()#'.repeat(20_000)],
    ] as const) {
      it(what, () => {
        // JSON, whose size limit (256 KB) takes these names; YAML's is 64 KB. `\\` is one backslash in both.
        const text = `{"name": "${name}", ${base}}`;
        const analysis = analyze(text, 'x.lrschedule.json', 'json');
        assert.equal(analysis.schedules.length, 1);
        const hover = hoverAt(analysis, text, text.indexOf('type'))!;
        assert.ok(bytes(hover.markdown) <= MAX_HOVER_BYTES, `${bytes(hover.markdown)} bytes`);
        // a cut never leaves an escape's lone backslash in front of the mark, nor half a character
        assert.ok(!/(^|[^\\])(\\\\)*\\…/.test(hover.markdown));
        assert.ok(!hover.markdown.includes('\uFFFD'));
      });
    }
  });

  describe('diagnostics', () => {
    const at = (start: number, severity: Diagnostic['severity'], code = 'c', message = `problem at ${start}`): Diagnostic =>
      ({ range: { start, end: start + 1 }, severity, code, message });

    it('under the cap and without duplicates, the list is given back as it is', () => {
      const list = [at(5, 'warning'), at(1, 'error')];
      assert.equal(limitDiagnostics(list), list);
    });

    it('identical diagnostics (range, code, message) are kept once, at the higher severity, with the fixes one of them had', () => {
      const fix = { title: 'fix it', edits: [] };
      const list = [at(3, 'warning'), { ...at(3, 'error'), fixes: [fix] }, at(3, 'warning'), at(3, 'warning', 'other'), at(4, 'warning')];
      const out = limitDiagnostics(list);
      assert.deepEqual(out.map(d => [d.range.start, d.code, d.severity]), [[3, 'c', 'error'], [3, 'other', 'warning'], [4, 'c', 'warning']]);
      assert.deepEqual(out[0].fixes, [fix]);
    });

    it('past the cap: errors first, the rest in file order, and one summary counting what is hidden', () => {
      // a cap of 200 over 300 warnings, then 250 errors: the 200 kept are errors; 50 errors and 300 warnings are hidden
      const list = [...Array.from({ length: 300 }, (_, i) => at(i, 'warning')), ...Array.from({ length: 250 }, (_, i) => at(1000 + i, 'error'))];
      const out = limitDiagnostics(list, 200);
      assert.equal(out.length, 201);
      assert.ok(out.slice(0, 200).every((d, i) => d === list[300 + i]));
      const summary = out[200];
      assert.equal(summary.code, 'too-many-diagnostics');
      assert.equal(summary.severity, 'error');
      assert.match(summary.message, /^350 more problems not shown \(50 of them errors\)/);

      // 150 errors after 300 warnings: all errors, then the first 50 warnings, in the order of the file
      const mixed = [...Array.from({ length: 300 }, (_, i) => at(i, 'warning')), ...Array.from({ length: 150 }, (_, i) => at(1000 + i, 'error'))];
      const kept = limitDiagnostics(mixed, 200);
      assert.deepEqual(kept.slice(0, 200), [...mixed.slice(0, 50), ...mixed.slice(300)]);
      assert.equal(kept[200].severity, 'warning');
      assert.match(kept[200].message, /^250 more problems not shown:/);
    });

    it(`the default cap is MAX_DIAGNOSTICS (${MAX_DIAGNOSTICS}) and one summary`, () => {
      const out = limitDiagnostics(Array.from({ length: 1000 }, (_, i) => at(i, 'hint')));
      assert.equal(out.length, MAX_DIAGNOSTICS + 1);
      assert.equal(out[MAX_DIAGNOSTICS].severity, 'information');
      assert.match(out[MAX_DIAGNOSTICS].message, new RegExp(`^${formatGrouped(1000 - MAX_DIAGNOSTICS)} more problems not shown:`));
    });

    it('one bad mmengine scheduler referenced 300 times: one diagnostic, whose quick fix still applies', () => {
      const text = hostile('hover-duplicated-diagnostics.yaml');
      const analysis = analyze(text, 'hover-duplicated-diagnostics.yaml', 'yaml');
      assertBounded(analysis, text, 'duplicated');
      // the 300 aliases all point at milestones: [-8, 11]: MMEngine steps the LR at -8 before the first update
      const atZero = analysis.diagnostics.filter(d => d.code === 'milestone-at-zero');
      assert.equal(atZero.length, 1);
      // the editor matches its diagnostic to the analysis by code and range (src/vscode/codeActions.ts)
      const matched = analysis.diagnostics.find(d => d.code === atZero[0].code && d.range.start === atZero[0].range.start && d.range.end === atZero[0].range.end);
      assert.ok(matched?.fixes?.length, 'the kept diagnostic carries its fix');
      const fixed = applyFix(text, matched.fixes[0]);
      assert.ok(fixed.includes('milestones: [11]'));
      assert.equal(analyze(fixed, 'hover-duplicated-diagnostics.yaml', 'yaml').diagnostics.filter(d => d.code === 'milestone-at-zero').length, 0);
    });

    it('300 schedulers with a problem each: MAX_DIAGNOSTICS shown and one summary of the others', () => {
      const text = hostile('hover-many-diagnostics.yaml');
      const analysis = analyze(text, 'hover-many-diagnostics.yaml', 'yaml');
      assertBounded(analysis, text, 'many');
      assert.equal(analysis.diagnostics.length, MAX_DIAGNOSTICS + 1);
      const summary = analysis.diagnostics.filter(d => d.code === 'too-many-diagnostics');
      assert.equal(summary.length, 1);
      // each of the 300 schedulers has one milestone below zero (its own diagnostic): 300 − MAX_DIAGNOSTICS hidden at least
      const hidden = Number(summary[0].message.match(/^([\d,]+) more/)![1].replace(/,/g, ''));
      assert.ok(hidden >= 300 - MAX_DIAGNOSTICS, summary[0].message);
    });
  });

  describe('every corpus config with its lists blown up, and its restarts made tiny', () => {
    /** An inline list of numbers: `[30, 60, 80]` (YAML, JSON, TS) or `(1500, 2000, 2250)` (detectron2). */
    const LIST = /([[(])(\s*-?\d[\d.eE+-]*(?:\s*,\s*-?\d[\d.eE+-]*)+\s*,?\s*|\s*-?\d[\d.eE+-]*\s*)([\])])/g;
    /** Restart lengths and counts, per framework: set to restart as often as the framework allows. */
    const RESTARTS: [RegExp, string][] = [
      [/(\bT_0["']?\s*[:=]\s*)\d[\d.eE+-]*/g, '1'],
      [/(\bnum_cycles["']?\s*[:=]\s*)\d[\d.eE+-]*/g, '1000000000'],
      [/(\bperiod["']?\s*[:=]\s*)\d[\d.eE+-]*/g, '0.001'],
      [/(\bperiods["']?\s*[:=]\s*)\[[^\]\n]*\]/g, `[${Array(5000).fill(1).join(', ')}]`],
    ];
    // the budget a variant's text may take: beyond its format's size limit (maxFileSize) the file is not analysed at all
    const budget = (language: FormatLanguage) => maxFileSize(language) - 4096;

    function variants(text: string, BUDGET: number): { what: string; text: string }[] {
      const out: { what: string; text: string }[] = [];
      for (const m of text.matchAll(LIST)) {
        const items = m[2].split(',').map(s => s.trim()).filter(Boolean);
        const numbers = items.map(Number);
        if (numbers.some(n => !Number.isFinite(n))) continue;
        const room = Math.floor((BUDGET - text.length) / 8);
        const count = Math.min(items.length * 10_000, room);
        const integers = numbers.every(Number.isInteger);
        const top = Math.max(...numbers, 1);
        // dense: count distinct values up to the list's largest (a marker each); repeated: the list 1,000 times over
        const dense = Array.from({ length: count }, (_, i) => (integers ? i + 1 : (top * (i + 1)) / count));
        const repeated = Array.from({ length: Math.min(1_000, Math.floor(room / items.length)) }, () => items.join(', '));
        const splice = (inside: string) => text.slice(0, m.index) + m[1] + inside + m[3] + text.slice(m.index! + m[0].length);
        out.push({ what: `list at ${m.index} dense ×${count}`, text: splice(dense.join(', ')) });
        out.push({ what: `list at ${m.index} repeated`, text: splice(repeated.join(', ')) });
      }
      for (const [pattern, by] of RESTARTS) {
        const changed = text.replace(pattern, (_, setting: string) => setting + by);
        if (changed !== text) out.push({ what: `restarts ${pattern.source.slice(3, 14)}`, text: changed });
      }
      return out;
    }

    const files = corpus();
    let blownUp = 0;
    let overListed = 0;
    for (const file of files) {
      it(`${file.label}`, () => {
        const run = (text: string, what: string, options: AnalyzeOptions = file.options) => {
          const analysis = analyze(text, file.fileName, file.language as FormatLanguage, options);
          const { longestList } = assertBounded(analysis, text, `${file.label} ${what}`);
          if (longestList > MAX_LISTED_MARKERS) overListed++;
        };
        run(file.text, 'as it is');
        for (const variant of variants(file.text, budget(file.language as FormatLanguage))) {
          assert.ok(variant.text.length <= MAX_FILE_SIZE, `${variant.what}: ${variant.text.length} characters`);
          blownUp++;
          run(variant.text, variant.what);
        }
      });
    }

    it('the sweep blew lists up and made hovers with more markers than they list (it tested something)', () => {
      assert.ok(blownUp >= 30, `${blownUp} variants`);
      assert.ok(overListed >= 5, `${overListed} analyses with more than ${MAX_LISTED_MARKERS} markers`);
    });
  });
});
