import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { summarize } from '../../../src/core/summary';
import { parseDocument } from '../../../src/formats/parse';
import { MAX_QUOTED, quoted } from '../../../src/formats/quote';
import type { ConfigNode } from '../../../src/formats/tree';
import { analyze } from '../../../src/service/analyze';
import { summaryLine } from '../../../src/service/describe';
import { hoverAt } from '../../../src/service/hover';
import { inlayHints } from '../../../src/service/inlayHints';
import { corpus, type CorpusFile } from './corpus';

/**
 * Issue 11: "No message quotes more than about 120 characters of a user value, anywhere." Every string value,
 * number, key and comment of every corpus config is made 10,000 characters longer, one at a time, and every
 * text LR Lens shows for the result (diagnostics, their fix titles, hovers, inlay hints, the CodeLens line) is
 * searched for a run of the padding longer than MAX_QUOTED.
 */

/** Letters for strings, keys and comments; digits for numbers (a number 10,000 digits long is still a number). */
const PAD = { letters: 'Z'.repeat(10_000), digits: '7'.repeat(10_000) };
/** A run of the padding longer than a message may quote (case-insensitive: a did-you-mean may lowercase it). */
const TOO_LONG = { letters: new RegExp(`z{${MAX_QUOTED + 1},}`, 'i'), digits: new RegExp(`7{${MAX_QUOTED + 1},}`) };

interface Spot { what: string; at: number; pad: keyof typeof PAD }

/** Where to append the padding: at the end of each string value, key and comment, inside its quotes. */
function spots(file: CorpusFile): Spot[] {
  const parsed = parseDocument(file.text, file.language);
  const found: Spot[] = [];
  const inside = (start: number, end: number) => {
    const first = file.text[start];
    return end - start >= 2 && (first === '"' || first === "'" || first === '`') && file.text[end - 1] === first ? end - 1 : end;
  };
  const walk = (node: ConfigNode | undefined): void => {
    if (!node) return;
    if (node.kind === 'string') found.push({ what: `the value ${JSON.stringify(node.value)}`, at: inside(node.range.start, node.range.end), pad: 'letters' });
    if (node.kind === 'number') found.push({ what: `the number ${node.text ?? node.value}`, at: node.range.end, pad: 'digits' });
    if (node.kind === 'array') node.items.forEach(walk);
    if (node.kind === 'object') {
      for (const entry of node.entries) {
        if (entry.keyRange.end > entry.keyRange.start) found.push({ what: `the key ${JSON.stringify(entry.key)}`, at: inside(entry.keyRange.start, entry.keyRange.end), pad: 'letters' });
        walk(entry.value);
      }
    }
  };
  parsed.roots.forEach(walk);
  for (const comment of parsed.comments) found.push({ what: `the comment ${JSON.stringify(comment.text)}`, at: comment.range.end, pad: 'letters' });
  // a YAML alias shares its anchor's nodes: each place once
  return [...new Map(found.map(s => [s.at, s])).values()];
}

/** Every text the editor, the CLI and the API show for an analysis of `text`. */
function shownTexts(file: CorpusFile, text: string): { where: string; text: string }[] {
  const analysis = analyze(text, file.fileName, file.language, file.options);
  const shown: { where: string; text: string }[] = [];
  for (const d of analysis.diagnostics) {
    shown.push({ where: `diagnostic ${d.code}`, text: d.message });
    for (const fix of d.fixes ?? []) shown.push({ where: `fix of ${d.code}`, text: fix.title });
  }
  for (const read of analysis.schedules) {
    shown.push({ where: 'CodeLens', text: `${read.dialect} · ${summaryLine(read.schedule, summarize(read.schedule))}` });
    for (const setting of read.settings) {
      const hover = hoverAt(analysis, text, setting.keyRange.start);
      if (hover) shown.push({ where: `hover on ${setting.path.slice(0, 40)}`, text: hover.markdown });
    }
  }
  for (const hint of inlayHints(analysis, text)) shown.push({ where: 'inlay hint', text: hint.label });
  return shown;
}

describe('robustness: messages quote at most about 120 characters of a user value', function () {
  this.timeout(600_000);

  it('quoted() keeps short texts whole and cuts long ones to 100 characters with their length', () => {
    assert.equal(quoted('torch.optim.lr_scheduler.StepLR'), 'torch.optim.lr_scheduler.StepLR');
    assert.equal(quoted('x'.repeat(MAX_QUOTED)), 'x'.repeat(MAX_QUOTED));
    assert.equal(quoted('x'.repeat(10_000)), `${'x'.repeat(100)}… (10,000 characters)`);
    // an emoji (two UTF-16 code units) across the cut is not split into a lone surrogate
    const cut = quoted(`${'x'.repeat(99)}😀${'x'.repeat(200)}`);
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(cut), cut.slice(95, 105));
  });

  // Our hostile files (test/fixtures/hostile/quote-*): 5,000-character names where each framework rejects them.
  for (const [name, fileName, code] of [
    ['quote-deepspeed-long-type.json', 'ds_config.json', 'ds-unknown-scheduler'],
    ['quote-directive-long.yaml', 'directive.lrschedule.yaml', 'directive-invalid'],
    ['quote-paddleclas-long-names.yaml', 'ResNet50.yaml', 'pd-unknown-lr'],
    ['quote-paddleclas-long-key.yaml', 'ResNet50.yaml', undefined],
    ['quote-pytorch-custom-class.yaml', 'config.yaml', 'pt-custom-scheduler'],
    ['quote-yaml-long-alias.yaml', 'config.yaml', 'yaml-syntax'],
  ] as const) {
    it(`${name}: ${code ?? 'its messages'} quote at most ${MAX_QUOTED} characters of the 5,000-character name`, () => {
      const text = fs.readFileSync(path.resolve(__dirname, '../../../../test/fixtures/hostile', name), 'utf8');
      assert.ok(/Q{5000}/.test(text));
      const file: CorpusFile = { label: name, fileName, language: name.endsWith('.json') ? 'json' : 'yaml', text, options: {} };
      const shown = shownTexts(file, text);
      if (code) assert.ok(shown.some(s => s.where === `diagnostic ${code}`), JSON.stringify(shown.map(s => s.where)));
      for (const s of shown) assert.ok(!/Q{121,}/.test(s.text), `${s.where}: ${s.text.slice(0, 300)}`);
      // the cut is said: the first 100 characters (with what came before the Qs) and the length
      if (code) assert.match(shown.find(s => s.where === `diagnostic ${code}`)!.text, /Q+… \(\d{1,3},\d{3} characters\)/);
    });
  }

  for (const file of corpus()) {
    it(`${file.label}: every string value, number, key and comment made 10,000 characters longer`, () => {
      const places = spots(file);
      assert.ok(places.length > 0, 'the config has strings or keys to lengthen');
      const failures: string[] = [];
      for (const place of places) {
        const text = file.text.slice(0, place.at) + PAD[place.pad] + file.text.slice(place.at);
        const tooLong = TOO_LONG[place.pad];
        for (const shown of shownTexts(file, text)) {
          if (tooLong.test(shown.text)) failures.push(`${place.what}: ${shown.where} quotes ${tooLong.exec(shown.text)![0].length} characters of it`);
        }
      }
      assert.deepEqual(failures, []);
    });
  }
});
