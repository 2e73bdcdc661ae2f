import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * English and Simplified Chinese: every `%key%` of the manifest has both an English and a Chinese string, and
 * every `vscode.l10n.t('…')` message of the adapters has a Chinese translation in l10n/bundle.l10n.zh-cn.json.
 */
describe('translations', () => {
  const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

  it('package.nls.json and package.nls.zh-cn.json hold every %key% of package.json', () => {
    const keys = [...readFileSync('package.json', 'utf8').matchAll(/"%([\w.]+)%"/g)].map(m => m[1]);
    assert.ok(keys.length > 10);
    const en = read('package.nls.json');
    const zh = read('package.nls.zh-cn.json');
    for (const key of keys) {
      assert.equal(typeof en[key], 'string', `English ${key}`);
      assert.equal(typeof zh[key], 'string', `Chinese ${key}`);
    }
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  });

  it('every vscode.l10n.t message in src/vscode has a Chinese translation', () => {
    assert.equal(read('package.json').l10n, './l10n');
    const zh = read('l10n/bundle.l10n.zh-cn.json');
    const messages = readdirSync('src/vscode').filter(f => f.endsWith('.ts'))
      .flatMap(f => [...readFileSync(`src/vscode/${f}`, 'utf8').matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)].map(m => m[1]));
    assert.ok(messages.length >= 3);
    for (const message of messages) assert.equal(typeof zh[message], 'string', `zh-cn translation of "${message}"`);
  });
});
