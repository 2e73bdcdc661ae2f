import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { asNumber, asString } from '../../../src/formats/access';
import type { ConfigNode } from '../../../src/formats/tree';
import { parseTypeScript } from '../../../src/formats/typescript';
import { at, codes, rootObject, slice, within } from './tree-helpers';

const EXAMPLES = path.resolve(__dirname, '../../../../examples');

/** The `lr` of the schedule a file exports (fails when no object literal was found). */
function exportedLr(text: string): number | undefined {
  return asNumber(at(rootObject(parseTypeScript(text)), 'lr'));
}

describe('parseTypeScript', () => {
  describe('finds the exported object literal', () => {
    const forms: [string, string][] = [
      ['export default {…}', 'export default { lr: 0.1 };'],
      ['export default {…} satisfies T', 'export default { lr: 0.1 } satisfies LrSchedule;'],
      ['export default {…} as const', 'export default { lr: 0.1 } as const;'],
      ['export default {…} as T', 'export default { lr: 0.1 } as Record<string, number>;'],
      ['export default defineSchedule({…})', "import { defineSchedule } from './lr-lens';\nexport default defineSchedule({ lr: 0.1 });"],
      ['export default defineSchedule<T>({…})', 'export default defineSchedule<LrSchedule>({ lr: 0.1 });'],
      ['const x = {…}; export default x;', 'const x = { lr: 0.1 };\nexport default x;'],
      ['const x: T = {…}; export default x satisfies T', 'const s: LrSchedule = { lr: 0.1 };\nexport default s satisfies LrSchedule;'],
      ['export const schedule = {…}', 'export const schedule = { lr: 0.1 };'],
      ['export const schedule: Record<string, Array<number>> = {…}', 'export const schedule: Record<string, Array<number>> = { lr: 0.1 };'],
      ['module.exports = {…}', 'module.exports = { lr: 0.1 };'],
    ];
    for (const [name, text] of forms) {
      it(name, () => assert.equal(exportedLr(text), 0.1));
    }

    it('prefers export default over a named export', () => {
      assert.equal(exportedLr('export const other = { lr: 1 };\nexport default { lr: 2 };'), 2);
    });

    it('follows `export default x` to the top-level `const x`, not to a `const x` inside a function', () => {
      assert.equal(exportedLr('const x = { lr: 3 };\nfunction f() { const x = 2; return x; }\nexport default x;'), 3);
    });

    it('ignores `export default function`: the named export is the schedule', () => {
      assert.equal(exportedLr('export const schedule = { lr: 4 };\nexport default function helper() { return 1; }'), 4);
    });

    it('reads the ViT example (defineSchedule, 1_000 separators, 5e-4)', () => {
      const text = fs.readFileSync(path.join(EXAMPLES, 'vit-cosine.lrschedule.ts'), 'utf8');
      const doc = parseTypeScript(text);
      assert.deepEqual(doc.problems, []);
      const root = rootObject(doc);
      assert.equal(asNumber(at(root, 'datasetSize')), 1_281_167);
      assert.equal(slice(text, at(root, 'datasetSize').range), '1_281_167');
      assert.equal(asNumber(at(root, 'lr', 'reference')), 5e-4);
      assert.equal(asString(at(root, 'decay', 'type')), 'cosine');
      assert.ok(doc.comments.length >= 3);
    });

    it('gives no root when nothing is exported', () => {
      assert.deepEqual(parseTypeScript('const x = 1;').roots, [undefined]);
    });
  });

  it('reads literals with their ranges and source text', () => {
    const text = `export default {
  a: 'it\\'s',
  "b": "\\u0041\\x42\\n",
  c: \`plain template\`,
  d: 1e-3,
  e: 1_000,
  f: 0x10,
  g: -5,
  h: -Infinity,
  i: NaN,
  j: undefined,
  k: null,
  l: true,
  m: [1, 2, 3,],
  n: .5,
  7: 'numeric key',
};`;
    const doc = parseTypeScript(text);
    assert.deepEqual(doc.problems, []);
    const root = rootObject(doc);
    assert.deepEqual(root.entries.map(e => e.key), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', '7']);
    assert.equal(slice(text, root.entries[1].keyRange), '"b"');
    assert.equal(asString(at(root, 'a')), "it's");
    assert.equal(asString(at(root, 'b')), 'AB\n');
    assert.equal(asString(at(root, 'c')), 'plain template');
    assert.deepEqual(at(root, 'd'), { kind: 'number', range: at(root, 'd').range, value: 0.001, text: '1e-3' });
    assert.equal(slice(text, at(root, 'd').range), '1e-3');
    assert.equal(asNumber(at(root, 'e')), 1000);
    assert.equal(asNumber(at(root, 'f')), 16);
    assert.equal(asNumber(at(root, 'g')), -5);
    assert.equal(slice(text, at(root, 'g').range), '-5');
    assert.equal(asNumber(at(root, 'h')), -Infinity);
    assert.ok(Number.isNaN(asNumber(at(root, 'i'))));
    assert.equal(at(root, 'j').kind, 'null');
    assert.equal(at(root, 'k').kind, 'null');
    assert.equal(at(root, 'l').kind, 'boolean');
    const m = at(root, 'm');
    assert.ok(m.kind === 'array');
    assert.deepEqual(m.items.map(asNumber), [1, 2, 3]);
    assert.equal(asNumber(at(root, 'n')), 0.5);
  });

  it('keeps expressions opaque with their range, never evaluated', () => {
    const text = `export default {
  lr: 0.1 * 4,
  min: Math.min(1e-5, 2e-5),
  fn: (t: number) => t / 2,
  name: NAME,
  tpl: \`run \${id}\`,
  re: /"[a-z]+/g,
  nested: { deep: [1, compute()] },
  after: 1,
};`;
    const root = rootObject(parseTypeScript(text));
    const opaque = (key: string): string => {
      const node: ConfigNode = at(root, key);
      assert.equal(node.kind, 'opaque', key);
      return slice(text, node.range);
    };
    assert.equal(opaque('lr'), '0.1 * 4');
    assert.equal(opaque('min'), 'Math.min(1e-5, 2e-5)');
    assert.equal(opaque('fn'), '(t: number) => t / 2');
    assert.equal(opaque('name'), 'NAME');
    assert.equal(opaque('tpl'), '`run ${id}`');
    assert.equal(opaque('re'), '/"[a-z]+/g');
    const deep = at(root, 'nested', 'deep');
    assert.ok(deep.kind === 'array');
    assert.equal(deep.items[1].kind, 'opaque');
    assert.equal(asNumber(at(root, 'after')), 1);
  });

  it('skips shorthand, spreads, computed keys and methods without losing the rest', () => {
    const text = 'const base = {};\nexport default { ...base, lr, [key]: 1, get x() { return 1; }, f() { return { a: 1 }; }, epochs: 90, };';
    const doc = parseTypeScript(text);
    assert.deepEqual(doc.problems, []);
    assert.deepEqual(rootObject(doc).entries.map(e => [e.key, asNumber(e.value)]), [['epochs', 90]]);
  });

  it('collects line and block comments', () => {
    const text = '// lr-lens: steps_per_epoch=1252\n/* the\n * recipe */\nexport default { lr: 0.1 /* peak */ };';
    const doc = parseTypeScript(text);
    assert.deepEqual(doc.comments.map(c => c.text), ['lr-lens: steps_per_epoch=1252', 'the\nrecipe', 'peak']);
    assert.equal(slice(text, doc.comments[2].range), '/* peak */');
  });

  it('reports an unterminated string with ts-syntax and keeps what came before', () => {
    const text = "export default { lr: 0.1, name: 'oops\n, epochs: 90 };";
    const doc = parseTypeScript(text);
    assert.ok(codes(doc).includes('ts-syntax'));
    assert.equal(asNumber(at(rootObject(doc), 'lr')), 0.1);
  });

  it('reports an unterminated comment and an unclosed brace once each', () => {
    assert.deepEqual(codes(parseTypeScript('export default { lr: 0.1 /* never closed')), ['ts-syntax', 'ts-syntax']);
    const doc = parseTypeScript('export default { a: { b: [1, 2');
    assert.deepEqual(codes(doc), ['ts-syntax']);
    assert.equal(asNumber(at(rootObject(doc), 'a', 'b') && (at(rootObject(doc), 'a', 'b') as { items: ConfigNode[] }).items[1]), 2);
  });

  it('stops at 100,000 nested levels with a too-deep problem instead of overflowing the stack', () => {
    for (const text of ['export default ' + '['.repeat(100_000) + ']'.repeat(100_000), 'export default ' + '{a: '.repeat(100_000), 'export default ' + '('.repeat(100_000)]) {
      const doc = within(3000, () => parseTypeScript(text));
      assert.ok(codes(doc).includes('too-deep'), JSON.stringify(codes(doc)));
      assert.ok(doc.problems.length <= 2);
    }
  });

  it('ignores a BOM while ranges still index the original text', () => {
    const text = '\uFEFFexport default { lr: 0.5 };\r\n';
    assert.equal(slice(text, at(parseTypeScript(text).roots[0], 'lr').range), '0.5');
  });

  it('reads a large file in linear time', () => {
    const entries = Array.from({ length: 20_000 }, (_, i) => `  k${i}: { lr: 1e-3, steps: [1, 2, 3], name: 'x' }, // note ${i}`);
    const text = `export default {\n${entries.join('\n')}\n};`;
    const doc = within(10_000, () => parseTypeScript(text));
    assert.deepEqual(doc.problems, []);
    assert.equal(rootObject(doc).entries.length, 20_000);
  });
});
