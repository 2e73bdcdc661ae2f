// The LR chart panel in a real VS Code, through the extension's API: the command opens it, the webview draws
// and reports back (ready handshake → render → rendered), an edit swaps the data of the live view, exports
// produce the chart as shown, and the webview reports no Content-Security-Policy violation. (Edit-to-redraw
// latency is measured by `npm run bench`, test/host/bench.)
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from './wait';

interface PreviewProbe {
  violations(): { directive: string; blockedUri: string; sample: string }[];
  lastRender(): { uri: string; lines: number; rules: number; rebuilt: boolean; count: number } | undefined;
  exportContent(format: 'svg' | 'png' | 'csv'): Promise<string>;
}
interface LrLensApi { preview: PreviewProbe }

suite('LR Lens preview panel', () => {
  let api: LrLensApi;
  let document: vscode.TextDocument;
  let tmp: string;

  suiteSetup(async () => {
    // A copy of the seed example: the test edits it.
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-preview-'));
    const file = path.join(tmp, 'resnet50-step.lrschedule.yaml');
    fs.copyFileSync(path.join(folder.uri.fsPath, 'seed', 'resnet50-step.lrschedule.yaml'), file);
    document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    const extension = vscode.extensions.getExtension<LrLensApi>('lr-lens.lr-lens');
    assert.ok(extension);
    api = await extension.activate();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('the command opens the chart: one line, rules at epochs 5, 30, 60, 80', async () => {
    await vscode.commands.executeCommand('lrLens.preview');
    const drawn = await waitFor('the first render', () => {
      const r = api.preview.lastRender();
      return r && r.uri === document.uri.toString() && r;
    });
    assert.strictEqual(drawn.lines, 1);
    assert.strictEqual(drawn.rules, 4);
  });

  test('an edit redraws by swapping the data, not rebuilding the view', async () => {
    const before = api.preview.lastRender()!.count;
    const text = document.getText();
    const at = text.indexOf('[30, 60, 80]');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(at), document.positionAt(at + '[30, 60, 80]'.length)), '[30, 60]');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = await waitFor('the render after the edit', () => {
      const r = api.preview.lastRender();
      return r && r.count > before && r.rules === 3 && r;
    });
    assert.strictEqual(after.rebuilt, false, 'the data changed in the live view');
  });

  test('exports the chart as shown: SVG with the line, CSV with every point', async () => {
    const svg = await api.preview.exportContent('svg');
    assert.match(svg, /^<svg/);
    assert.match(svg, /peak 0\.4/);
    const csv = (await api.preview.exportContent('csv')).trimEnd().split('\n');
    assert.strictEqual(csv[0], 'series,role,update,epoch,lr');
    assert.strictEqual(csv[1], '"ResNet-50 / ImageNet, step decay",current,0,0,0.1', 'update 0 trains at the warmup start 0.1');
    const png = await api.preview.exportContent('png');
    assert.match(png, /^data:image\/png;base64,/);
  });

  test('no Content-Security-Policy violation was reported', () => {
    assert.deepStrictEqual(api.preview.violations(), []);
  });
});
