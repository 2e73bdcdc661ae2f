import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NodeFiles, workspaceRoot } from '../../../src/cli/files';
import { main } from '../../../src/cli/main';
import { MAX_CHAIN_BYTES } from '../../../src/workspace/files';
import { assertLrClose } from '../helpers';

/**
 * The CLI's file-system reader and `lr-lens eval` on a detectron2 `_BASE_` chain in the shape of detectron2's
 * model-zoo configs (test/fixtures/chains/detectron2, written for these tests, see README.md) in a temporary repository.
 */

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/chains');
const slashed = (p: string) => p.split(path.sep).join('/');

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, s => out.push(s), s => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('base files from the file system (CLI)', () => {
  let tmp: string;
  let repo: string;
  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lrlens-bases-')));
    repo = path.join(tmp, 'repo');
    fs.cpSync(path.join(FIXTURES, 'detectron2'), repo, { recursive: true });
    fs.mkdirSync(path.join(repo, '.git'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('lr-lens eval on a 3x child gives the merged curve: 0.02 from the base, steps at 210000 and 250000', async () => {
    const file = path.join(repo, 'configs/detection/detector_R50_3x.yaml');
    const { code, out, err } = await run('eval', file, '--at', '0,1000,209999,210000,250000,269999');
    assert.equal(code, 0, err);
    assert.doesNotMatch(err, /base-not-read|base-missing/);
    assert.match(out, /270000 updates/);
    const lr = new Map(out.split('\n').filter(l => /^\d+\t/.test(l)).map(l => l.split('\t').map(Number) as [number, number]));
    assertLrClose(lr.get(0)!, 0.02 * 0.001, 'update 0 (warm-up from WARMUP_FACTOR × BASE_LR)');
    assertLrClose(lr.get(1000)!, 0.02, 'the base\'s BASE_LR');
    assertLrClose(lr.get(209999)!, 0.02, 'before the first step');
    assertLrClose(lr.get(210000)!, 0.002, 'first step');
    assertLrClose(lr.get(250000)!, 0.0002, 'second step');
    assertLrClose(lr.get(269999)!, 0.0002, 'last update');
  });

  it('the root is the nearest directory with .git; --root sets another, and a base outside it is not read', async () => {
    const file = path.join(repo, 'configs/detection/detector_R50_3x.yaml');
    assert.equal(workspaceRoot(file), repo);
    const { err } = await run('eval', file, '--root', path.join(repo, 'configs/detection'), '--at', '1000');
    assert.match(err, /d2-base-outside/);
    assert.match(err, /d2-base-not-read/);
  });

  it('without a repository the current directory is the root when the file is inside it, else the file\'s own directory', () => {
    fs.rmSync(path.join(repo, '.git'), { recursive: true });
    const file = path.join(repo, 'configs/detection/detector_R50_3x.yaml');
    // run from the unpacked folder: `_BASE_: ../Base-Detector.yaml` lies inside it
    assert.equal(workspaceRoot(file, undefined, repo), fs.realpathSync(repo));
    // run from elsewhere: only the file's own directory
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-cwd-'));
    try {
      assert.equal(workspaceRoot(file, undefined, elsewhere), fs.realpathSync(path.dirname(file)));
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('a related location is printed under its diagnostic, at the base file\'s line', async () => {
    fs.writeFileSync(path.join(repo, 'configs/base-int.yaml'), 'SOLVER:\n  BASE_LR: 1\n');
    const child = path.join(repo, 'configs/child.yaml');
    fs.writeFileSync(child, '_BASE_: base-int.yaml\nSOLVER:\n  MAX_ITER: 100\n  STEPS: (50,)\n');
    // check prints its diagnostics on stdout
    const all = (await run('check', child)).out.split('\n');
    const at = all.findIndex(l => l.includes('d2-type-mismatch'));
    assert.ok(at >= 0, all.join('\n'));
    assert.match(all[at + 1], /base-int\.yaml:2:12: note: set in configs\/base-int\.yaml/);
  });

  it('reads nothing outside the root: `..`, and a symlink whose target lies outside', () => {
    fs.writeFileSync(path.join(tmp, 'outside.yaml'), 'SOLVER:\n  BASE_LR: 0.5\n');
    fs.symlinkSync(path.join(tmp, 'outside.yaml'), path.join(repo, 'link.yaml'));
    fs.writeFileSync(path.join(repo, 'inside.yaml'), 'SOLVER:\n  BASE_LR: 0.5\n');
    fs.symlinkSync(path.join(repo, 'inside.yaml'), path.join(repo, 'inner-link.yaml'));
    const files = new NodeFiles(path.join(repo, 'configs/Base-Detector.yaml'));
    assert.equal(files.root, slashed(repo));
    assert.deepEqual(files.read(slashed(path.join(repo, '../outside.yaml'))), { kind: 'outside' });
    assert.deepEqual(files.read(slashed(path.join(repo, 'link.yaml'))), { kind: 'outside' });
    const inner = files.read(slashed(path.join(repo, 'inner-link.yaml')));
    assert.equal(inner.kind, 'text');
    // the real path, symlink resolved: the one to report and to watch
    assert.equal((inner as { path: string }).path, slashed(path.join(repo, 'inside.yaml')));
    assert.deepEqual(files.read(slashed(path.join(repo, 'nothing.yaml'))), { kind: 'missing' });
    assert.equal(files.list(slashed(tmp)), undefined);
  });

  it('a file over the chain limit is refused by its size, unread', () => {
    fs.writeFileSync(path.join(repo, 'big.yaml'), Buffer.alloc(MAX_CHAIN_BYTES + 1, 0x20));
    const files = new NodeFiles(path.join(repo, 'configs/Base-Detector.yaml'));
    assert.deepEqual(files.read(slashed(path.join(repo, 'big.yaml'))), { kind: 'tooLarge', size: MAX_CHAIN_BYTES + 1 });
  });
});
