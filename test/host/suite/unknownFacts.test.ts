// Issue 12 §1 in a real VS Code: a timm args.yaml that says nothing about its data (`epochs: 100`, `sched: cosine`,
// `warmup_epochs: 5`) is drawn in epochs, with "updates/epoch unknown" in the CodeLens, the status bar, the hover
// and the panel; "Set updates per epoch…" (a CodeLens, a quick action, a command) writes the `lr-lens:` directive,
// and the CodeLens then counts updates. timm steps this cosine once per epoch (timm/scheduler/cosine_lr.py with
// t_in_epochs), so 100 epochs of 1252 updates are 125,200 updates.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from './wait';

interface LrLensApi {
  statusBarText(): string | undefined;
  preview: {
    lastRender(): { uri: string; lines: number; rules: number } | undefined;
    exportContent(format: 'svg' | 'png' | 'csv'): Promise<string>;
  };
}

const ARGS = 'epochs: 100\nsched: cosine\nwarmup_epochs: 5\nlr: 0.1\nmodel: resnet50\nopt: sgd\nbatch_size: 128\n';

const titles = (lenses: vscode.CodeLens[]) => lenses.map(l => l.command?.title ?? '');

/** Polls an asynchronous probe (a provider command) until it gives a value. */
async function waitForAsync<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

suite('LR Lens: updates per epoch unknown (issue 12 §1)', () => {
  let api: LrLensApi;
  let document: vscode.TextDocument;
  let tmp: string;

  suiteSetup(async () => {
    // outside the examples/ workspace: the test writes into the file
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-unknown-'));
    const file = path.join(tmp, 'args.yaml');
    fs.writeFileSync(file, ARGS);
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

  test('no error, a CodeLens with its epochs and "updates/epoch unknown", and the lenses that give the fact', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10);
    const shown = titles(lenses);
    assert.ok(shown.some(t => /^timm · 100 epochs · updates\/epoch unknown · warmup 5 ep · /.test(t)), shown.join(' | '));
    assert.ok(!shown.some(t => /steps/.test(t)), shown.join(' | '));
    assert.ok(shown.includes('Set updates per epoch…'), shown.join(' | '));
    // timm derives its updates per epoch from a dataset size (and the batch): that fact is offered too
    assert.ok(shown.includes('Set dataset size…'), shown.join(' | '));
    assert.deepStrictEqual(vscode.languages.getDiagnostics(document.uri).filter(d => d.severity === vscode.DiagnosticSeverity.Error).map(d => d.message), []);
  });

  test('the status bar, the hover and the inlay hints speak in epochs only', async () => {
    const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(2, 3, 2, 3);
    const status = await waitFor('the status bar', () => api.statusBarText()?.includes('updates/epoch unknown') && api.statusBarText());
    assert.match(status, /LR 0\.0993844 · 100 ep · updates\/epoch unknown · timm/);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(2, 3));
    const text = hovers.flatMap(h => h.contents).map(c => (typeof c === 'string' ? c : c.value)).join('\n');
    // timm's cosine at the warm-up end, t = 5 of 100: 0.05 × (1 + cos(π/20)) = 0.0993844
    assert.match(text, /warmup end, epoch 5: \*\*0\.0993844\*\*/);
    assert.match(text, /steps\\_per\\_epoch: \*\*unknown\*\*/);
    assert.doesNotMatch(text.split('![')[0], /\bupdate \d/);
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, new vscode.Range(0, 0, document.lineCount, 0));
    const labels = hints.map(h => (typeof h.label === 'string' ? h.label : h.label.map(p => p.value).join('')));
    assert.ok(!labels.some(l => /updates/.test(l)), labels.join(' | '));
  });

  test('the panel draws the curve on an epoch axis that says what is missing', async () => {
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('lrLens.preview', document.uri);
    const drawn = await waitFor('the render', () => {
      const r = api.preview.lastRender();
      return r && r.uri === document.uri.toString() && r;
    });
    assert.strictEqual(drawn.lines, 1);
    assert.strictEqual(drawn.rules, 1, 'the warm-up end');
    const svg = await api.preview.exportContent('svg');
    assert.ok(svg.includes('epoch (updates per epoch unknown)'), 'the x axis title');
    assert.ok(!svg.includes('optimizer update'), 'no update axis');
    const csv = await api.preview.exportContent('csv');
    const rows = csv.trim().split('\n');
    assert.strictEqual(rows[0], 'series,role,update,epoch,lr');
    assert.ok(rows.slice(1).every(r => r.split(',')[2] === ''), 'no update column values');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('the quick action is offered on the first line without a diagnostic', async () => {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(0, 0, 0, 0));
    const set = actions.find(a => a.title === 'Set updates per epoch…');
    assert.ok(set, actions.map(a => a.title).join(' | '));
    assert.strictEqual(set.command?.command, 'lrLens.setStepsPerEpoch');
    assert.ok(!set.diagnostics?.length);
  });

  test('"Set updates per epoch…" with 1252 writes the directive, and the CodeLens counts 125,200 updates', async () => {
    const done = await vscode.commands.executeCommand<boolean>('lrLens.setStepsPerEpoch', document.uri, 1252);
    assert.strictEqual(done, true);
    assert.ok(document.getText().startsWith('# lr-lens: steps_per_epoch=1252\nepochs: 100\n'), document.getText().slice(0, 80));
    const shown = await waitForAsync('the CodeLens with updates', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10);
      const t = titles(lenses);
      return t.some(x => x.startsWith('timm · 100 epochs · 125,200 steps · warmup 5 ep')) && t;
    });
    assert.ok(!shown.includes('Set updates per epoch…'), 'the fact is stated now');
    // a second value replaces the first instead of adding a line the first would override
    await vscode.commands.executeCommand('lrLens.setStepsPerEpoch', document.uri, 626);
    assert.ok(document.getText().startsWith('# lr-lens: steps_per_epoch=626\nepochs: 100\n'), document.getText().slice(0, 80));
  });
});
