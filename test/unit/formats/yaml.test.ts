import assert from 'node:assert/strict';
import { asNumber, asString, getEntry } from '../../../src/formats/access';
import type { ConfigNode } from '../../../src/formats/tree';
import { MAX_ALIAS_NODES, parseYaml } from '../../../src/formats/yaml';
import { at, codes, rootObject, slice, within } from './tree-helpers';

describe('parseYaml', () => {
  it('keeps source ranges of keys and values', () => {
    const text = 'lr:\n  reference: 0.1   # per 256 images\n  scaling: linear\nmilestones: [30, 60, 80]\n';
    const doc = parseYaml(text);
    assert.deepEqual(doc.problems, []);
    const root = rootObject(doc);
    const lr = getEntry(root, 'lr');
    assert.ok(lr);
    assert.equal(slice(text, lr.keyRange), 'lr');
    assert.equal(slice(text, lr.value.range), 'reference: 0.1   # per 256 images\n  scaling: linear');
    assert.equal(slice(text, at(root, 'lr', 'reference').range), '0.1');
    assert.equal(slice(text, at(root, 'milestones').range), '[30, 60, 80]');
  });

  it('gives one root per document', () => {
    const text = 'a: 1\n---\nb: 2\n---\n';
    const doc = parseYaml(text);
    assert.equal(doc.roots.length, 3);
    assert.equal(asNumber(at(doc.roots[0], 'a')), 1);
    assert.equal(slice(text, at(doc.roots[1], 'b').range), '2');
    assert.equal(doc.roots[2], undefined);
  });

  it('keeps the source text of YAML 1.2 numbers (`1e-3` is a number here, a string for PyYAML)', () => {
    const text = 'a: 1e-3\nb: 5.0e-4\nc: 0x10\nd: 1_000\n';
    const root = rootObject(parseYaml(text));
    assert.deepEqual(at(root, 'a'), { kind: 'number', range: at(root, 'a').range, value: 0.001, text: '1e-3' });
    assert.equal((at(root, 'b') as { text?: string }).text, '5.0e-4');
    assert.equal(asNumber(at(root, 'c')), 16);
    // `1_000` is no YAML 1.2 number: a plain string
    assert.deepEqual([at(root, 'd').kind, asString(at(root, 'd'))], ['string', '1_000']);
  });

  it('reads .inf and .nan as numbers, and tells quoted from plain strings', () => {
    const text = 'hi: .inf\nlo: -.inf\nx: .nan\nq: "0.1"\ns: \'cosine\'\np: cosine\nt: !!str 5\nn: ~\nb: true\n';
    const root = rootObject(parseYaml(text));
    assert.equal(asNumber(at(root, 'hi')), Infinity);
    assert.equal(asNumber(at(root, 'lo')), -Infinity);
    assert.ok(Number.isNaN(asNumber(at(root, 'x'))));
    assert.deepEqual(at(root, 'q'), { kind: 'string', range: at(root, 'q').range, value: '0.1', quoted: true, text: '"0.1"' });
    assert.deepEqual(['s', 'p', 't'].map(k => { const n = at(root, k); return n.kind === 'string' ? [n.value, n.quoted] : n.kind; }),
      [['cosine', true], ['cosine', false], ['5', true]]);
    assert.equal(at(root, 'n').kind, 'null');
    assert.equal(at(root, 'b').kind, 'boolean');
  });

  it('collects comments (whole-line and trailing) with their text and range, directives included', () => {
    const text = '# lr-lens: steps_per_epoch=1252\nlr: 0.1  # trailing\nname: "a # b"\nurl: a#b\n';
    const doc = parseYaml(text);
    assert.deepEqual(doc.comments.map(c => c.text), ['lr-lens: steps_per_epoch=1252', 'trailing']);
    assert.deepEqual(doc.comments.map(c => slice(text, c.range)), ['# lr-lens: steps_per_epoch=1252', '# trailing']);
    assert.equal(asString(at(doc.roots[0], 'url')), 'a#b');
  });

  it('does not take `#` lines inside a block scalar for comments', () => {
    const text = 'script: |\n  # lr-lens: steps_per_epoch=5\n  python train.py\nlr: 0.1\n';
    const text2 = 'jobs:\n  - run: |\n      # not a comment\n    name: x  # a comment\n';
    assert.deepEqual(parseYaml(text).comments, []);
    assert.deepEqual(parseYaml(text2).comments.map(c => c.text), ['a comment']);
  });

  it('resolves an alias to the anchored value: its own range, the anchor\'s source text', () => {
    const text = 'lr: &lr 1e-3\nmin_lr: *lr\n';
    const root = rootObject(parseYaml(text));
    const min = at(root, 'min_lr');
    assert.equal(slice(text, min.range), '*lr');
    // The text is the anchored scalar's: a PyYAML check must see `1e-3`, not `*lr`.
    assert.deepEqual([min.kind, asNumber(min), min.text], ['number', 0.001, '1e-3']);
  });

  it('shares an aliased mapping: the top node takes the alias\'s range, the values inside keep the anchor\'s', () => {
    const text = 'base: &base {lr: 0.1, epochs: 90}\nrun: *base\n';
    const root = rootObject(parseYaml(text));
    const run = at(root, 'run');
    assert.equal(slice(text, run.range), '*base');
    assert.equal(asNumber(at(run, 'lr')), 0.1);
    assert.equal(at(run, 'lr').range.start, at(root, 'base', 'lr').range.start);
  });

  it('merges `<<: *base` and `<<: [*a, *b]`: own keys win, then earlier maps, with no key repeated', () => {
    const text = 'a: &a {x: 1, y: 2}\nb: &b {y: 5, z: 6}\nc:\n  x: 3\n  <<: [*a, *b]\nd:\n  <<: *a\n  y: 7\n';
    const root = rootObject(parseYaml(text));
    const c = at(root, 'c');
    assert.ok(c.kind === 'object');
    assert.deepEqual(c.entries.map(e => [e.key, asNumber(e.value)]).sort(), [['x', 3], ['y', 2], ['z', 6]]);
    const d = at(root, 'd');
    assert.ok(d.kind === 'object');
    assert.deepEqual(d.entries.map(e => [e.key, asNumber(e.value)]).sort(), [['x', 1], ['y', 7]]);
    // a merged entry points at where it is written: the anchored mapping
    assert.equal(slice(text, getEntry(d, 'x')!.keyRange), 'x');
    assert.equal(getEntry(d, 'x')!.keyRange.start, text.indexOf('x'));
  });

  it('bounds a "billion laughs" alias bomb: an opaque node and a yaml-alias-limit problem, fast', () => {
    const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i < 10; i++) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    const doc = within(1000, () => parseYaml(lines.join('\n')));
    assert.deepEqual(codes(doc), ['yaml-alias-limit']);
    assert.ok(MAX_ALIAS_NODES === 100_000);
    const j = at(doc.roots[0], 'j');
    assert.equal(j.kind, 'array');
    assert.ok(j.kind === 'array' && j.items.some(item => item.kind === 'opaque'));
    // Walking the tree stays bounded: every alias expansion counted, the total stays near the limit.
    let visited = 0;
    const walk = (node: ConfigNode): void => {
      visited++;
      if (node.kind === 'array') node.items.forEach(walk);
      if (node.kind === 'object') node.entries.forEach(e => walk(e.value));
    };
    walk(doc.roots[0]!);
    assert.ok(visited <= 2 * MAX_ALIAS_NODES, `visited ${visited}`);
  });

  it('resolves many aliases in linear time (each alias looks its anchor up, not the whole document)', () => {
    // 9,000 lines: under MAX_YAML_ITEMS (10,000 lines and commas), past which the file is not parsed
    const text = ['base: &b {lr: 0.1}', ...Array.from({ length: 9_000 }, (_, i) => `k${i}: *b`)].join('\n');
    const doc = within(5000, () => parseYaml(text));
    assert.deepEqual(doc.problems, []);
    assert.equal(asNumber(at(doc.roots[0], 'k8999', 'lr')), 0.1);
  });

  it('reports an alias with no anchor before it', () => {
    const text = 'a: *nowhere\n';
    const doc = parseYaml(text);
    assert.deepEqual(codes(doc), ['yaml-syntax']);
    assert.equal(slice(text, doc.problems[0].range), '*nowhere');
    assert.equal(at(doc.roots[0], 'a').kind, 'opaque');
  });

  it('keeps `!!python/tuple` values as arrays and makes `!!python/object` opaque', () => {
    const text = 'betas: !!python/tuple [0.9, 0.999]\nmodel: !!python/object:foo.Net {depth: 50}\n';
    const root = rootObject(parseYaml(text));
    const betas = at(root, 'betas');
    assert.ok(betas.kind === 'array');
    assert.deepEqual(betas.items.map(asNumber), [0.9, 0.999]);
    assert.equal(at(root, 'model').kind, 'opaque');
  });

  it('gives a yaml-syntax problem with the error\'s range and the partial tree', () => {
    const text = 'lr: 0.1\nepochs: [90\nwarmup: 5\n';
    const doc = parseYaml(text);
    assert.ok(doc.problems.length > 0);
    assert.ok(codes(doc).every(c => c === 'yaml-syntax'));
    for (const p of doc.problems) assert.ok(p.range.start >= 0 && p.range.end <= text.length && p.range.end > p.range.start);
    assert.equal(asNumber(at(doc.roots[0], 'lr')), 0.1);
  });

  it('ignores a BOM while ranges still index the original text; CRLF line ends are fine', () => {
    const text = '\uFEFF# lr-lens: epochs=3\r\nlr: 0.5\r\nepochs: 3\r\n';
    const doc = parseYaml(text);
    assert.deepEqual(doc.problems, []);
    assert.equal(slice(text, at(doc.roots[0], 'lr').range), '0.5');
    assert.deepEqual(doc.comments.map(c => slice(text, c.range)), ['# lr-lens: epochs=3']);
  });

  it('gives one empty root for an empty file', () => {
    assert.deepEqual(parseYaml(''), { language: 'yaml', roots: [undefined], comments: [], problems: [] });
  });

  it('refuses 100,000 nested levels (flow or compact block) with a too-deep problem', () => {
    for (const text of ['['.repeat(100_000) + ']'.repeat(100_000), 'a: ' + '{b: '.repeat(100_000), '- '.repeat(100_000) + '1']) {
      const doc = within(3000, () => parseYaml(text));
      assert.deepEqual(codes(doc), ['too-deep']);
    }
  });

  it('does not count an apostrophe inside a plain scalar as a quote when pre-scanning depth', () => {
    const text = "name: Goyal's recipe\nmodel: [1, 2]\nnote: it's [fine\n" + '['.repeat(100_000);
    assert.deepEqual(codes(parseYaml(text)), ['too-deep']);
  });

  it('reads a large file in linear time', () => {
    // 2,400 lines of three commas each: under MAX_YAML_ITEMS (10,000 lines and commas)
    const text = Array.from({ length: 2_400 }, (_, i) => `k${i}: {lr: 1e-3, steps: [1, 2, 3]} # note ${i}`).join('\n');
    const doc = within(15_000, () => parseYaml(text));
    assert.deepEqual(doc.problems, []);
    assert.equal(rootObject(doc).entries.length, 2_400);
    assert.equal(doc.comments.length, 2_400);
  });
});
