import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { xmlError } from './xml';

/**
 * The hostile sweep (issue 11, "Done when"): every file in test/fixtures/hostile/ (see its README.md), found at run
 * time so that each helper's and each later issue's files are swept too, goes through the shipped CLI (dist/cli.js,
 * built by `npm test` before the unit tests) as `check`, `eval` and `plot`, in a 400 MB heap. Each run exits 0, 1
 * or 2 (no crash: an out-of-memory abort or an internal error, 3, fails), writes at most 64 KB to stdout and stderr,
 * prints no raw control character and no stack trace, and `plot` writes well-formed XML. Wall time and memory are
 * measured by `node bench/hostile.mjs`, not asserted here.
 *
 * `eval` is run as plain `eval FILE` and as `eval FILE --json`: without `--all` a long run is printed as the plot's
 * sample (at most DEFAULT_PRINTED_LINES LR lines in all), so however many updates a file describes, its output is
 * bounded; so are its headers (at most 20 schedules), assumptions and diagnostics (capped per file).
 */

const ROOT = path.resolve(__dirname, '../../../..');
const HOSTILE = path.join(ROOT, 'test/fixtures/hostile');
const CLI = path.join(ROOT, 'dist/cli.js');
const CONFIG = /\.(ya?ml|jsonc?|ts)$/;
const MAX_OUTPUT = 64 * 1024;
/**
 * C0 controls but tab and line feed, DEL and the C1 controls: what a terminal acts on; and the line separators and
 * bidi overrides, which a terminal shows as nothing while they reorder or split the line ("Trojan Source").
 */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** A guard against a hang only (a run takes about a second): not a timing assertion. */
const HANG_GUARD_MS = 120_000;

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ['--max-old-space-size=400', CLI, ...args], {
    cwd: ROOT, timeout: HANG_GUARD_MS, maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(result.error, undefined, `${args.join(' ')}: ${result.error?.message}`);
  const stdout = result.stdout.toString('utf8');
  const stderr = result.stderr.toString('utf8');
  return { status: result.status, signal: result.signal, stdout, stderr, bytes: result.stdout.length + result.stderr.length };
}

function assertSane(what: string, run: ReturnType<typeof cli>): void {
  assert.equal(run.signal, null, `${what}: killed by ${run.signal}\n${run.stderr.slice(0, 2000)}`);
  assert.ok(run.status !== null && [0, 1, 2].includes(run.status), `${what}: exit ${run.status}\n${run.stderr.slice(0, 2000)}`);
  assert.ok(run.bytes <= MAX_OUTPUT, `${what}: ${run.bytes} bytes of output`);
  const raw = RAW_CONTROL.exec(run.stdout + run.stderr);
  assert.equal(raw, null, `${what}: raw U+${raw?.[0].charCodeAt(0).toString(16).padStart(4, '0')} in ${JSON.stringify((run.stdout + run.stderr).slice(Math.max(0, (raw?.index ?? 0) - 60), (raw?.index ?? 0) + 20))}`);
  assert.doesNotMatch(run.stderr, /\n\s+at .+:\d+:\d+\)?\n/, `${what}: a stack trace\n${run.stderr.slice(0, 2000)}`);
}

describe('robustness: the hostile sweep through the CLI (test/fixtures/hostile)', function () {
  const files = fs.readdirSync(HOSTILE).filter(f => CONFIG.test(f)).sort();
  let tmp: string;
  before(() => {
    assert.ok(fs.existsSync(CLI), 'dist/cli.js is built (npm test builds it before the unit tests)');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-hostile-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('holds files of every class of issue 11 (so the sweep cannot pass on an empty folder)', () => {
    const classes = new Set(files.map(f => f.split('-')[0]));
    for (const c of ['escapes', 'csv', 'svg', 'cli', 'interpolation', 'proto', 'hover']) assert.ok(classes.has(c), `no ${c}-* file among ${files.length}`);
    assert.ok(files.length >= 36, `${files.length} files: the issue asks for several dozen`);
    for (const f of files) assert.ok(fs.statSync(path.join(HOSTILE, f)).size < 256 * 1024, `${f} is 256 KB or more: generate it in its test`);
  });

  for (const file of files) {
    it(file, function () {
      this.timeout(3 * HANG_GUARD_MS);
      const input = path.join(HOSTILE, file);
      assertSane(`check ${file}`, cli('check', input));
      assertSane(`eval ${file}`, cli('eval', input));
      assertSane(`eval --json ${file}`, cli('eval', input, '--json'));
      const svg = path.join(tmp, `${file}.svg`);
      const plot = cli('plot', input, '-o', svg);
      assertSane(`plot ${file}`, plot);
      if (plot.status === 0) assert.ok(fs.existsSync(svg), `plot ${file} exited 0 without writing the SVG`);
      if (fs.existsSync(svg)) {
        const error = xmlError(fs.readFileSync(svg, 'utf8'));
        assert.equal(error, undefined, `plot ${file}: the SVG is not well-formed XML: ${error}`);
      }
    });
  }
});
