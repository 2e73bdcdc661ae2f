// Issue 12 §4 in a real VS Code: a detectron2 config with `_BASE_` is drawn from the merged chain, read through
// workspace.fs inside the workspace folder; editing the base file (unsaved), then saving it, re-analyses the
// config that read it: its CodeLens and diagnostics change, and a diagnostic about the base's value points into
// the base file (related information). The chain is the shape of detectron2's COCO-Detection/*_3x configs:
// the file sets STEPS and MAX_ITER, the base BASE_LR.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { waitFor } from './wait';

interface ScheduleReport { dialect: string; totalUpdates: number; peakLr: number }
interface LrLensApi { schedulesFor(uri: vscode.Uri): Promise<ScheduleReport[]> }

const BASE = 'SOLVER:\n  IMS_PER_BATCH: 16\n  BASE_LR: 0.02\n  STEPS: (60000, 80000)\n  MAX_ITER: 90000\n';
const CHILD = '_BASE_: "../Base-Test.yaml"\nSOLVER:\n  STEPS: (210000, 250000)\n  MAX_ITER: 270000\n';

async function waitForAsync<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

const lensTitles = async (uri: vscode.Uri) =>
  ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? []).map(l => l.command?.title ?? '').join(' | ');

suite('LR Lens: base files (issue 12 §4)', () => {
  let api: LrLensApi;
  let dir: vscode.Uri;
  let baseUri: vscode.Uri;
  let childUri: vscode.Uri;

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the examples/ folder is open as the workspace');
    // inside the workspace folder (base files are read there only), removed afterwards
    dir = vscode.Uri.joinPath(folder.uri, `.lr-lens-bases-test-${process.pid}`);
    baseUri = vscode.Uri.joinPath(dir, 'Base-Test.yaml');
    childUri = vscode.Uri.joinPath(dir, 'COCO', 'child_3x.yaml');
    await vscode.workspace.fs.writeFile(baseUri, new TextEncoder().encode(BASE));
    await vscode.workspace.fs.writeFile(childUri, new TextEncoder().encode(CHILD));
    const extension = vscode.extensions.getExtension<LrLensApi>('lr-lens.lr-lens');
    assert.ok(extension);
    api = await extension.activate();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: false });
  });

  test('the child is drawn from the merged chain; editing and saving the base re-analyses it', async () => {
    const child = await vscode.workspace.openTextDocument(childUri);
    await vscode.window.showTextDocument(child, vscode.ViewColumn.One);
    // the base's BASE_LR 0.02 (detectron2's default would be 0.001), the child's 270,000 iterations
    const first = await waitForAsync('the merged chain', async () => {
      const [r] = await api.schedulesFor(childUri);
      return r && r.peakLr === 0.02 && r;
    });
    assert.strictEqual(first.totalUpdates, 270_000);
    const before = await waitForAsync('a CodeLens', async () => (await lensTitles(childUri)) || undefined);
    assert.ok(!vscode.languages.getDiagnostics(childUri).some(d => String(d.code).startsWith('d2-base')), 'no base warning');

    // an unsaved edit of the base: BASE_LR 1 (an int where yacs wants a float) → the child's diagnostic, pointing there
    const base = await vscode.workspace.openTextDocument(baseUri);
    await vscode.window.showTextDocument(base, vscode.ViewColumn.Two);
    const edit = new vscode.WorkspaceEdit();
    const at = base.getText().indexOf('0.02');
    edit.replace(baseUri, new vscode.Range(base.positionAt(at), base.positionAt(at + 4)), '1');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const mismatch = await waitFor('the child\'s d2-type-mismatch from the base', () =>
      vscode.languages.getDiagnostics(childUri).find(d => d.code === 'd2-type-mismatch'));
    assert.ok(mismatch.relatedInformation?.length, 'related information');
    const related = mismatch.relatedInformation![0].location;
    assert.strictEqual(related.uri.path, baseUri.path);
    assert.strictEqual(related.range.start.line, 2, 'BASE_LR is on line 3 of the base');
    // the diagnostic sits on the child's `_BASE_` entry
    assert.strictEqual(mismatch.range.start.line, 0);

    // saved with another value: the CodeLens follows
    const again = new vscode.WorkspaceEdit();
    const one = base.getText().indexOf('BASE_LR: 1') + 'BASE_LR: '.length;
    again.replace(baseUri, new vscode.Range(base.positionAt(one), base.positionAt(one + 1)), '0.05');
    assert.ok(await vscode.workspace.applyEdit(again));
    assert.ok(await base.save());
    await waitForAsync('the child peaking at the saved 0.05', async () => (await api.schedulesFor(childUri))[0]?.peakLr === 0.05);
    const after = await waitForAsync('the CodeLens to change', async () => {
      const titles = await lensTitles(childUri);
      return titles !== before && titles;
    });
    assert.match(after, /0\.05/);
    await waitFor('the mismatch to go', () => !vscode.languages.getDiagnostics(childUri).some(d => d.code === 'd2-type-mismatch'));
  });

  test('a base deleted on disk is a warning on the child\'s `_BASE_`', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const child = await vscode.workspace.openTextDocument(childUri);
    await vscode.window.showTextDocument(child);
    await vscode.workspace.fs.delete(baseUri, { useTrash: false });
    const missing = await waitFor('d2-base-missing', () => vscode.languages.getDiagnostics(childUri).find(d => d.code === 'd2-base-missing'));
    assert.strictEqual(missing.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(missing.message, /Base-Test\.yaml/);
  });
});
