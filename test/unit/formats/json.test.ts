import assert from 'node:assert/strict';
import { asNumber, getEntry } from '../../../src/formats/access';
import { parseJson } from '../../../src/formats/json';
import { at, codes, rootObject, slice, within } from './tree-helpers';

describe('parseJson', () => {
  it('keeps source ranges of keys and values, and the source text of numbers', () => {
    const text = '{\n  "lr": 1e-3,\n  "decay": { "type": "cosine", "milestones": [30, 60] },\n  "warm": true,\n  "none": null\n}';
    const doc = parseJson(text);
    assert.deepEqual(doc.problems, []);
    const root = rootObject(doc);
    assert.equal(slice(text, root.range), text);
    const lr = getEntry(root, 'lr');
    assert.ok(lr);
    assert.equal(slice(text, lr.keyRange), '"lr"');
    assert.equal(slice(text, lr.value.range), '1e-3');
    assert.deepEqual(lr.value, { kind: 'number', range: lr.value.range, value: 0.001, text: '1e-3' });
    const type = at(root, 'decay', 'type');
    assert.equal(slice(text, type.range), '"cosine"');
    assert.deepEqual([type.kind, type.kind === 'string' && type.value, type.kind === 'string' && type.quoted], ['string', 'cosine', true]);
    const milestones = at(root, 'decay', 'milestones');
    assert.equal(milestones.kind, 'array');
    assert.deepEqual(milestones.kind === 'array' && milestones.items.map(i => slice(text, i.range)), ['30', '60']);
    assert.equal(at(root, 'warm').kind, 'boolean');
    assert.equal(slice(text, at(root, 'none').range), 'null');
  });

  it('reads JSONC: line and block comments (with their text) and trailing commas', () => {
    const text = '// lr-lens: steps_per_epoch=1252\n{\n  "lr": 0.1, /* the reference LR */\n  "epochs": 90,\n}\n';
    const doc = parseJson(text);
    assert.deepEqual(doc.problems, []);
    assert.deepEqual(doc.comments.map(c => c.text), ['lr-lens: steps_per_epoch=1252', 'the reference LR']);
    assert.deepEqual(doc.comments.map(c => slice(text, c.range)), ['// lr-lens: steps_per_epoch=1252', '/* the reference LR */']);
    assert.equal(asNumber(at(doc.roots[0], 'epochs')), 90);
  });

  it('keeps both entries of a duplicated key (the dialect decides; lookups take the last, as loaders do)', () => {
    const text = '{"lr": 0.1, "lr": 0.2}';
    const root = rootObject(parseJson(text));
    assert.deepEqual(root.entries.map(e => e.key), ['lr', 'lr']);
    assert.equal(asNumber(getEntry(root, 'lr')?.value), 0.2);
  });

  it('gives the partial tree and a json-syntax problem for broken JSON', () => {
    const text = '{"lr": 0.1, "epochs": 90 "warmup": 5';
    const doc = parseJson(text);
    assert.ok(codes(doc).length > 0);
    assert.ok(codes(doc).every(c => c === 'json-syntax'));
    assert.match(doc.problems[0].message, /comma expected/);
    assert.equal(slice(text, doc.problems[0].range), '"warmup"');
    const root = rootObject(doc);
    assert.equal(asNumber(at(root, 'lr')), 0.1);
    assert.equal(asNumber(at(root, 'epochs')), 90);
  });

  it('ignores a BOM while ranges still index the original text; CRLF line ends are fine', () => {
    const text = '\uFEFF{\r\n  "lr": 0.5\r\n}\r\n';
    const doc = parseJson(text);
    assert.deepEqual(doc.problems, []);
    assert.equal(slice(text, at(doc.roots[0], 'lr').range), '0.5');
  });

  it('gives no root for an empty file, without problems', () => {
    assert.deepEqual(parseJson(''), { language: 'json', roots: [undefined], comments: [], problems: [] });
  });

  it('reads 900 nested levels (under the limit) in full', () => {
    const text = '['.repeat(900) + '1' + ']'.repeat(900);
    const doc = parseJson(text);
    assert.deepEqual(doc.problems, []);
    let node = doc.roots[0];
    for (let i = 0; i < 900; i++) node = node?.kind === 'array' ? node.items[0] : undefined;
    assert.equal(asNumber(node), 1);
  });

  it('refuses 100,000 nested levels with a too-deep problem instead of overflowing the stack', () => {
    for (const text of ['['.repeat(100_000) + ']'.repeat(100_000), '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000), '['.repeat(100_000)]) {
      const doc = within(2000, () => parseJson(text));
      assert.deepEqual(codes(doc), ['too-deep']);
      assert.deepEqual(doc.roots, [undefined]);
    }
  });

  it('sees deep nesting behind a block comment with an apostrophe (the pre-scan follows JSON\'s own rules)', () => {
    // A pre-scan that took `'` for a quote skipped the brackets, and jsonc-parser then overflowed the stack.
    const text = '/* don\'t edit */ ' + '['.repeat(100_000) + ']'.repeat(100_000);
    assert.deepEqual(codes(parseJson(text)), ['too-deep']);
  });

  it('reads a large file in linear time', () => {
    const entries = Array.from({ length: 20_000 }, (_, i) => `  "k${i}": {"lr": 1e-3, "steps": [1, 2, 3]}, // note ${i}`);
    const text = `{\n${entries.join('\n')}\n}`;
    const doc = within(10_000, () => parseJson(text));
    assert.deepEqual(doc.problems, []);
    assert.equal(rootObject(doc).entries.length, 20_000);
    assert.equal(doc.comments.length, 20_000);
  });
});
