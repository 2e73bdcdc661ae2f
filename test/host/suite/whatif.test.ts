// The batch-size what-if of the LR chart panel in a real VS Code, against the seed example (Goyal et al. 2017:
// 0.1 per 256 images, a global batch of 32 × 32 = 1024, so LR 0.1 × 1024 / 256 = 0.4):
// - applied and undone, the status bar and the panel show the same state of the file (the issue saw the
//   panel at batch 1024 / LR 0.4 while the status bar still said LR 0.8);
// - the what-if curve follows the user's lrLens.scalingRule like every other analysis.
// The panel is driven through the API's probe with the messages its batch field and Apply button send.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from './wait';

interface WhatIfShown { fileBatch: number; batch: number; scaledLr: number; rule: string }
interface Rendered { uri: string; lines: number; count: number; whatIf?: WhatIfShown }
interface LrLensApi {
  statusBarText(): string | undefined;
  preview: {
    lastRender(): Rendered | undefined;
    exportContent(format: 'csv'): Promise<string>;
    setBatch(batchSize: number | undefined): Promise<void>;
    applyBatch(batchSize: number): Promise<void>;
  };
}

const SEED = 'resnet50-step.lrschedule.yaml';

/** The highest LR of each series in the panel's CSV export (series,role,update,epoch,lr). */
async function peaks(api: LrLensApi): Promise<Map<string, number>> {
  const rows = (await api.preview.exportContent('csv')).trimEnd().split('\n').slice(1);
  const peak = new Map<string, number>();
  for (const row of rows) {
    const m = /^("(?:[^"]|"")*"|[^,]*),([^,]*),[^,]*,[^,]*,([^,]*)$/.exec(row);
    assert.ok(m, `a CSV row: ${row}`);
    const series = m[1].replace(/^"|"$/g, '').replace(/""/g, '"');
    peak.set(series, Math.max(peak.get(series) ?? -Infinity, Number(m[3])));
  }
  return peak;
}

const close = (actual: number | undefined, expected: number) =>
  actual !== undefined && Math.abs(actual - expected) <= 1e-12 * expected;

/** A copy of the seed in a temporary folder (the tests edit it), `change` applied to its text, opened in column one. */
async function openSeedCopy(change: (text: string) => string = t => t): Promise<{ document: vscode.TextDocument; dir: string }> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-whatif-'));
  const file = path.join(dir, SEED);
  fs.writeFileSync(file, change(fs.readFileSync(path.join(folder.uri.fsPath, 'seed', SEED), 'utf8')));
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
  return { document, dir };
}

async function openPanel(api: LrLensApi, document: vscode.TextDocument): Promise<Rendered> {
  await vscode.commands.executeCommand('lrLens.preview');
  return waitFor('the panel to draw the file', () => {
    const r = api.preview.lastRender();
    return r?.uri === document.uri.toString() && r.whatIf && r;
  });
}

async function activate(): Promise<LrLensApi> {
  const extension = vscode.extensions.getExtension<LrLensApi>('lr-lens.lr-lens');
  assert.ok(extension);
  return extension.activate();
}

suite('LR Lens batch what-if: one state in the panel and the status bar', () => {
  let api: LrLensApi;
  let document: vscode.TextDocument;
  let dir: string;

  suiteSetup(async () => {
    ({ document, dir } = await openSeedCopy());
    api = await activate();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a what-if of batch 2048 applied and undone: both show the file\'s batch 1024 and LR 0.4 again', async () => {
    const first = await openPanel(api, document);
    assert.deepStrictEqual(first.whatIf, { fileBatch: 1024, batch: 1024, scaledLr: 0.4, rule: 'linear' });
    await waitFor('the status bar to show LR 0.4', () => /\bLR 0\.4 /.test(api.statusBarText() ?? ''));

    // the field: 2048 draws 0.1 × 2048 / 256 = 0.8 beside the file's curve; the file (and the status bar) stay
    await api.preview.setBatch(2048);
    const whatIf = await waitFor('the what-if curve', () => {
      const r = api.preview.lastRender();
      return r?.whatIf?.batch === 2048 && r.lines === 2 && r;
    });
    assert.deepStrictEqual(whatIf.whatIf, { fileBatch: 1024, batch: 2048, scaledLr: 0.8, rule: 'linear' });
    const drawn = await peaks(api);
    assert.ok(close([...drawn].find(([name]) => name.endsWith('(batch 2048)'))?.[1], 0.8), `what-if peak 0.8: ${[...drawn]}`);
    assert.match(api.statusBarText() ?? '', /\bLR 0\.4 /, 'a what-if not applied leaves the file, and the status bar, at 0.4');

    // Apply: 2048 / 32 devices = 64 per device, written into the file; both now show 0.8
    await api.preview.applyBatch(2048);
    await waitFor('perDevice: 64 in the file', () => document.getText().includes('perDevice: 64'));
    await waitFor('the panel to show the applied file', () => {
      const r = api.preview.lastRender();
      return r?.whatIf?.fileBatch === 2048 && r.lines === 1;
    });
    await waitFor(`the status bar to show LR 0.8 (it shows ${api.statusBarText()})`, () => /\bLR 0\.8 /.test(api.statusBarText() ?? ''));

    // Undo in the editor: the panel is back at batch 1024 and LR 0.4, and so is the status bar
    await vscode.commands.executeCommand('undo');
    await waitFor('perDevice: 32 in the file again', () => document.getText().includes('perDevice: 32'));
    const undone = await waitFor('the panel to show the file as it was', () => {
      const r = api.preview.lastRender();
      return r?.whatIf?.fileBatch === 1024 && r.lines === 1 && r;
    });
    assert.deepStrictEqual(undone.whatIf, { fileBatch: 1024, batch: 1024, scaledLr: 0.4, rule: 'linear' });
    const [[, peak]] = [...await peaks(api)];
    assert.ok(close(peak, 0.4), `the panel's curve peaks at 0.4: ${peak}`);
    await waitFor(`the status bar to agree with the panel on LR 0.4 (it shows ${api.statusBarText()})`,
      () => /\bLR 0\.4 /.test(api.statusBarText() ?? ''), 5_000);
  });
});

suite('LR Lens batch what-if under lrLens.scalingRule: sqrt', () => {
  const config = () => vscode.workspace.getConfiguration('lrLens');
  let api: LrLensApi;
  let document: vscode.TextDocument;
  let dir: string;

  suiteSetup(async () => {
    // Without the file's own `scaling: linear`, the setting decides the rule.
    ({ document, dir } = await openSeedCopy(text => text.replace(/^ {2}scaling: linear.*\n/m, '')));
    assert.ok(!document.getText().includes('scaling:'));
    api = await activate();
    await config().update('scalingRule', 'sqrt', vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await config().update('scalingRule', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the what-if curve of batch 2048 peaks at 0.1 × √(2048 / 256), as the file\'s at 0.1 × √(1024 / 256)', async () => {
    await openPanel(api, document);
    await waitFor('the sqrt rule to reach the panel', () => api.preview.lastRender()?.whatIf?.rule === 'sqrt');
    await waitFor('the status bar to show the sqrt rule\'s 0.1 × √4 = 0.2', () => /\bLR 0\.2 /.test(api.statusBarText() ?? ''));
    await api.preview.setBatch(2048);
    const shown = await waitFor('the what-if curve', () => {
      const r = api.preview.lastRender();
      return r?.whatIf?.batch === 2048 && r.lines === 2 && r;
    });
    const expected = 0.1 * Math.sqrt(2048 / 256);
    assert.ok(close(shown.whatIf?.scaledLr, expected), `the what-if line: ${JSON.stringify(shown.whatIf)}`);
    const drawn = [...await peaks(api)];
    const curve = drawn.find(([name]) => name.endsWith('(batch 2048)'))?.[1];
    assert.ok(close(curve, expected), `the what-if curve peaks at ${curve}, the sqrt rule gives ${expected}`);
    const file = drawn.find(([name]) => name.endsWith('(file)'))?.[1];
    assert.ok(close(file, 0.2), `the file's curve peaks at ${file}, the sqrt rule gives 0.1 × √4 = 0.2`);
    await api.preview.setBatch(undefined);
  });
});
