import assert from 'node:assert/strict';
import path from 'node:path';
import { basenameOf, dirnameOf, isInside, normalizePath, relativePath, resolvePath, utf8Length } from '../../../src/workspace/paths';

/**
 * The service's '/'-path helpers against Node's own path.posix (the same rules as Python's os.path.normpath and
 * os.path.join, which fvcore and MMEngine use), and the inside-the-workspace check at its edges.
 */
describe('workspace paths', () => {
  it('normalise as path.posix.normalize does (without a trailing slash)', () => {
    for (const p of ['/a/./b/../c', '/a//b///c', '/../a', '/a/b/../../..', 'a/../../b', './a', '/', '/a/b/', 'a/./b/.']) {
      assert.equal(normalizePath(p), path.posix.normalize(p).replace(/(.)\/$/, '$1'), p);
    }
  });

  it('join a base name to the naming file\'s directory as path.posix.resolve does; an absolute name stands', () => {
    for (const [dir, name] of [['/ws/configs/COCO-Detection', '../Base-RCNN-FPN.yaml'], ['/ws/c', '/abs/x.yaml'], ['/ws/c', './x/../y.yaml'], ['/', '../x']]) {
      assert.equal(resolvePath(dir, name), path.posix.resolve(dir, name), `${dir} + ${name}`);
    }
    assert.equal(dirnameOf('/ws/configs/a.yaml'), path.posix.dirname('/ws/configs/a.yaml'));
    assert.equal(dirnameOf('/a.yaml'), '/');
    assert.equal(basenameOf('/ws/configs/a.yaml'), 'a.yaml');
  });

  it('Windows drive paths (as the CLI passes them) keep their drive', () => {
    assert.equal(normalizePath('C:/ws/configs/../Base.yaml'), 'C:/ws/Base.yaml');
    assert.equal(resolvePath('C:/ws/configs', '../../../x.yaml'), 'C:/x.yaml');
    assert.equal(dirnameOf('C:/x.yaml'), 'C:/');
    assert.ok(isInside('C:/ws', 'C:/ws/a/b.yaml'));
    assert.ok(!isInside('C:/ws', 'D:/ws/a.yaml'));
  });

  it('inside: the root itself and what lies under it, not a sibling that shares its prefix', () => {
    assert.ok(isInside('/ws', '/ws'));
    assert.ok(isInside('/ws', '/ws/a/b'));
    assert.ok(isInside('/ws/', '/ws/a'));
    assert.ok(!isInside('/ws', '/ws2/a'));
    assert.ok(!isInside('/ws', '/ws/../etc/passwd'));
    assert.ok(!isInside('/ws/a', '/ws'));
    assert.equal(relativePath('/ws', '/ws/configs/a.yaml'), 'configs/a.yaml');
    assert.equal(relativePath('/ws', '/other/a.yaml'), '/other/a.yaml');
  });

  it('UTF-8 length as Buffer.byteLength counts it', () => {
    for (const text of ['abc', 'é', '€', '😀', 'a\ud800b', `${'x'.repeat(10)}ü😀`]) {
      assert.equal(utf8Length(text), Buffer.byteLength(text, 'utf8'), JSON.stringify(text));
    }
  });
});
