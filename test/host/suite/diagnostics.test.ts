// Diagnostics and quick fixes in a real VS Code: the squiggle's code, the preferred fix through the code action
// provider, applied with workspace.applyEdit, and the diagnostic gone after LR Lens re-analyses the edit.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { waitFor } from './wait';

const ours = (uri: vscode.Uri, code: string) =>
  vscode.languages.getDiagnostics(uri).find(d => d.source === 'LR Lens' && String(typeof d.code === 'object' ? d.code.value : d.code) === code);

/** The quick fixes at `range`; asked again when VS Code cancels the request (a diagnostics refresh does). */
async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
    } catch (err) {
      if (attempt >= 5 || !(err instanceof Error) || !/Canceled/.test(err.message)) throw err;
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  }
}

/** Opens examples/<path>, applies the preferred fix of `code`, checks the text and that `code` is gone; reverts. */
async function fixes(path: string, code: string, expectedTitle: RegExp, expectedText: RegExp): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the examples/ folder is open as the workspace');
  const uri = vscode.Uri.joinPath(folder.uri, ...path.split('/'));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  try {
    const diagnostic = await waitFor(`${code} in ${path}`, () => ours(uri, code));
    const actions = await codeActions(uri, diagnostic.range);
    const best = actions.find(a => a.isPreferred);
    assert.ok(best, `a preferred quick fix for ${code}; got ${JSON.stringify(actions.map(a => [a.title, a.isPreferred]))}; diagnostics ${JSON.stringify(vscode.languages.getDiagnostics(uri).map(d => [d.code, d.range]))}`);
    assert.match(best.title, expectedTitle);
    assert.ok(best.edit);
    assert.ok(await vscode.workspace.applyEdit(best.edit));
    assert.match(document.getText(), expectedText);
    await waitFor(`${code} gone after the fix`, () => !ours(uri, code));
  } finally {
    // the examples are the user's files: leave them as they were on disk
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  }
}

suite('LR Lens diagnostics and quick fixes', () => {
  test('Hugging Face: warm-up longer than training (500 of 345 updates) → shorten to 5% of training, 17 updates', async () => {
    await fixes('broken/hf-warmup-too-long.json', 'hf-warmup-too-long', /Shorten the warm-up to 17 updates/, /"warmup_steps": 17,/);
  });

  test('DeepSpeed: WarmupLR without warmup_type warms up logarithmically → "warmup_type": "linear"', async () => {
    await fixes('broken/ds-log-warmup.jsonc', 'ds-log-warmup', /warmup_type/, /"params": \{\n {6}"warmup_type": "linear",\n {6}"warmup_min_lr": 0,/);
  });

  test('detectron2: a STEPS entry past MAX_ITER → drop it, keeping the tuple and the comment', async () => {
    await fixes('broken/detectron2-steps-beyond.yaml', 'd2-steps-dropped', /Drop the milestones past the end/, /STEPS: \(60000, 80000\) {2}# the last step/);
  });
});
