// The lrLens.scalingRule and lrLens.referenceBatchSize settings in a real VS Code: changed through the
// configuration API (as the Settings editor does), they change the hover's effective-LR arithmetic and the
// "scaled LR disagrees with the scaling rule" diagnostic of a schedule file that leaves them out; then restored.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { waitFor } from './wait';

const EXTENSION_ID = 'lr-lens.lr-lens';

/**
 * Goyal et al.'s ResNet-50 without `lr.referenceBatch` / `lr.scaling`: 0.1 for 256 images at a global batch of
 * 32 × 32 = 1024. Linear (the default): 0.1 × 1024 / 256 = 0.4, which `lr.value` states; sqrt: 0.1 × √4 = 0.2;
 * linear with a reference batch of 512: 0.1 × 1024 / 512 = 0.2.
 */
const TEXT = `name: settings test
lr:
  reference: 0.1
  value: 0.4
batch:
  perDevice: 32
  devices: 32
datasetSize: 1281167
epochs: 90
warmup:
  epochs: 5
decay:
  type: multistep
  milestones: [30, 60, 80]
`;

const disagrees = (uri: vscode.Uri) =>
  vscode.languages.getDiagnostics(uri).find(d => d.source === 'LR Lens' && String(typeof d.code === 'object' ? d.code.value : d.code) === 'lr-disagrees-with-scaling');

async function hoverOnReference(document: vscode.TextDocument): Promise<string> {
  const position = document.positionAt(document.getText().indexOf('reference: 0.1') + 3);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
  return hovers.flatMap(h => h.contents).map(c => (typeof c === 'string' ? c : c.value)).join('\n');
}

/** Polls the hover until it holds `expected` (the configuration change reaches the analysis asynchronously). */
async function hoverShows(document: vscode.TextDocument, expected: string): Promise<string> {
  let last = '';
  const end = Date.now() + 30_000;
  for (;;) {
    last = await hoverOnReference(document);
    if (last.includes(expected)) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for "${expected}" in the hover:\n${last}`);
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

suite('LR Lens settings: reference batch and scaling rule', () => {
  const config = () => vscode.workspace.getConfiguration('lrLens');

  suiteTeardown(async () => {
    await config().update('scalingRule', undefined, vscode.ConfigurationTarget.Global);
    await config().update('referenceBatchSize', undefined, vscode.ConfigurationTarget.Global);
  });

  test('lrLens.scalingRule and lrLens.referenceBatchSize change the hover arithmetic and the diagnostic', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: TEXT });
    await vscode.window.showTextDocument(document);
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    try {
      // defaults: linear over 256 agrees with lr.value 0.4
      await hoverShows(document, 'Effective LR (linear scaling): 0.1 × 1024 / 256 = 0.4');
      assert.equal(disagrees(document.uri), undefined);

      await config().update('scalingRule', 'sqrt', vscode.ConfigurationTarget.Global);
      const sqrt = await hoverShows(document, 'Effective LR (sqrt scaling): 0.1 × √(1024 / 256) = 0.2');
      assert.match(sqrt, /scaling\\_rule = sqrt \(setting\)/);
      const diagnostic = await waitFor('lr-disagrees-with-scaling under sqrt', () => disagrees(document.uri));
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Information);
      assert.match(diagnostic.message, /sqrt scaling rule gives 0\.1 × √\(1024 \/ 256\) = 0\.2/);

      await config().update('scalingRule', undefined, vscode.ConfigurationTarget.Global);
      await config().update('referenceBatchSize', 512, vscode.ConfigurationTarget.Global);
      await hoverShows(document, 'Effective LR (linear scaling): 0.1 × 1024 / 512 = 0.2');
      await waitFor('lr-disagrees-with-scaling with a reference batch of 512',
        () => disagrees(document.uri)?.message.includes('linear scaling rule gives 0.1 × 1024 / 512 = 0.2'));

      // restored: the default rule agrees with the file again and the diagnostic goes
      await config().update('referenceBatchSize', undefined, vscode.ConfigurationTarget.Global);
      await hoverShows(document, '0.1 × 1024 / 256 = 0.4');
      await waitFor('lr-disagrees-with-scaling gone after restoring the settings', () => !disagrees(document.uri));
    } finally {
      await config().update('scalingRule', undefined, vscode.ConfigurationTarget.Global);
      await config().update('referenceBatchSize', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
