import assert from 'node:assert/strict';
import { asNumber, asString, getEntry, getPath, lineColumnAt } from '../../../src/formats/access';
import { languageFromFileName, parseDocument } from '../../../src/formats/parse';
import { rootObject } from './tree-helpers';

describe('parseDocument', () => {
  it('reads the same schedule from JSON, YAML and TypeScript', () => {
    const texts = {
      json: '{ "decay": { "type": "cosine", "minLr": 0 } }',
      yaml: 'decay:\n  type: cosine\n  minLr: 0\n',
      typescript: "export default { decay: { type: 'cosine', minLr: 0 } };",
    } as const;
    for (const [language, text] of Object.entries(texts) as [keyof typeof texts, string][]) {
      const doc = parseDocument(text, language);
      assert.equal(doc.language, language);
      assert.deepEqual(doc.problems, [], language);
      assert.equal(asString(getPath(doc.roots[0], ['decay', 'type'])), 'cosine', language);
      assert.equal(asNumber(getPath(doc.roots[0], ['decay', 'minLr'])), 0, language);
    }
  });

  it('never throws on garbage', () => {
    const garbage = ['\u0000\uFFFF{[', '}}}]]]', '"\\', '`${', '&a *a', '---\n...\n---', '/*', '\'', '- - - [', '{"a":1}'.repeat(3)];
    for (const text of garbage) {
      for (const language of ['json', 'yaml', 'typescript'] as const) {
        assert.doesNotThrow(() => parseDocument(text, language), `${language}: ${JSON.stringify(text)}`);
      }
    }
  });
});

describe('languageFromFileName', () => {
  it('maps extensions to formats', () => {
    const cases: [string, string | undefined][] = [
      ['a.json', 'json'], ['a.JSONC', 'json'], ['a.json5', 'json'], ['cfg/a.yaml', 'yaml'], ['a.yml', 'yaml'],
      ['a.lrschedule.ts', 'typescript'], ['a.mts', 'typescript'], ['a.cts', 'typescript'], ['a.py', undefined], ['yaml', undefined],
    ];
    for (const [name, language] of cases) assert.equal(languageFromFileName(name), language, name);
  });
});

describe('tree access', () => {
  const root = rootObject(parseDocument('{"lr": 0.1, "lr": 0.2, "name": "x", "d": {"e": 1}}', 'json'));

  it('getEntry takes the last of repeated keys, as loaders do', () => {
    assert.equal(asNumber(getEntry(root, 'lr')?.value), 0.2);
    assert.equal(getEntry(root, 'missing'), undefined);
  });

  it('getPath walks objects and stops at anything else', () => {
    assert.equal(asNumber(getPath(root, ['d', 'e'])), 1);
    assert.equal(getPath(root, ['name', 'e']), undefined);
    assert.equal(getPath(undefined, ['d']), undefined);
  });

  it('asNumber and asString read only their own kind', () => {
    assert.equal(asString(getPath(root, ['name'])), 'x');
    assert.equal(asNumber(getPath(root, ['name'])), undefined);
    assert.equal(asString(getPath(root, ['lr'])), undefined);
  });

  it('lineColumnAt gives 0-based lines and columns, with CRLF and across texts', () => {
    const text = 'ab\r\ncd\n\nef';
    assert.deepEqual(lineColumnAt(text, 0), { line: 0, column: 0 });
    assert.deepEqual(lineColumnAt(text, 4), { line: 1, column: 0 });
    assert.deepEqual(lineColumnAt(text, 5), { line: 1, column: 1 });
    assert.deepEqual(lineColumnAt(text, 8), { line: 3, column: 0 });
    assert.deepEqual(lineColumnAt(text, text.length), { line: 3, column: 2 });
    assert.deepEqual(lineColumnAt('x\ny', 2), { line: 1, column: 0 });
    assert.deepEqual(lineColumnAt(text, 9), { line: 3, column: 1 });
  });
});
