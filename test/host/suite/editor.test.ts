// The editor features in a real VS Code, through the same commands other extensions use: hover, CodeLens,
// inlay hints and completion on the seed example and framework configs (examples/frameworks).
import * as assert from 'node:assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'lr-lens.lr-lens';

async function open(...segments: string[]): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the examples/ folder is open as the workspace');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, ...segments));
  await vscode.window.showTextDocument(document);
  await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  return document;
}

/** The position just after `needle` (or at `needle` + `delta`). */
function positionOf(document: vscode.TextDocument, needle: string, delta = needle.length): vscode.Position {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} is in ${document.uri.path}`);
  return document.positionAt(offset + delta);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap(h => h.contents).map(c => (typeof c === 'string' ? c : c.value)).join('\n');
}

suite('LR Lens editor features', () => {
  test('hover on the seed warmup shows the LR values and the scaling arithmetic', async () => {
    const document = await open('seed', 'resnet50-step.lrschedule.yaml');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, '  epochs: 5', 4));
    const text = hoverText(hovers);
    // Goyal et al.: 5 epochs × 1252 updates = 6260 updates of warmup to 0.1 × 1024 / 256 = 0.4; × 0.1 at 30, 60, 80.
    assert.match(text, /warmup end, update 6,260 \(epoch 5\): \*\*0\.4\*\*/);
    assert.match(text, /update 100,160 \(epoch 80\): \*\*0\.0004\*\*/);
    assert.ok(text.includes('0.1 × 1024 / 256 = 0.4'), text);
    assert.match(text, /data:image\/svg\+xml;base64,/);
  });

  test('the seed CodeLens: dialect, epochs, steps, warmup, peak → final, and Preview LR curve', async () => {
    const document = await open('seed', 'resnet50-step.lrschedule.yaml');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10);
    const titles = lenses.map(l => l.command?.title);
    assert.ok(titles.includes('lr-lens · 90 epochs · 112,680 steps · warmup 5 ep · 0.4 → 0.0004'), titles.join(' | '));
    const preview = lenses.find(l => l.command?.command === 'lrLens.preview');
    assert.ok(preview, 'a lens runs lrLens.preview');
  });

  test('CodeLens names the framework of every example', async () => {
    for (const [path, dialect] of [['timm/args.yaml', 'timm'], ['detectron2/config.yaml', 'detectron2'],
      ['mmengine/faster-rcnn_r50_fpn_1x_coco.yaml', 'mmengine'], ['deepspeed/ds_config.jsonc', 'deepspeed'],
      ['huggingface/train_config.yaml', 'huggingface'], ['pytorch/config.yaml', 'pytorch'], ['ultralytics/custom.yaml', 'ultralytics']]) {
      const document = await open('frameworks', ...path.split('/'));
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10);
      assert.ok(lenses.some(l => l.command?.title.startsWith(`${dialect} · `)), `${path}: ${lenses.map(l => l.command?.title).join(' | ')}`);
    }
  });

  test('inlay hints: scaled LR, LR after milestones, updates of epoch counts', async () => {
    const seed = await open('seed', 'resnet50-step.lrschedule.yaml');
    const range = new vscode.Range(0, 0, seed.lineCount, 0);
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', seed.uri, range);
    const labels = hints.map(h => (typeof h.label === 'string' ? h.label : h.label.map(p => p.value).join('')));
    assert.ok(labels.includes('→ 0.4'), labels.join(' | '));
    assert.ok(labels.includes('→ 0.04, 0.004, 0.0004'), labels.join(' | '));
    assert.ok(labels.includes('= 112,680 updates'), labels.join(' | '));
    const d2 = await open('frameworks', 'detectron2', 'config.yaml');
    const d2Hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', d2.uri, new vscode.Range(0, 0, d2.lineCount, 0));
    assert.ok(d2Hints.some(h => h.label === '→ 0.016, 0.0032, 0.00064'));
  });

  test('completion: lr_scheduler_type values in a Hugging Face config, decay types in the seed', async () => {
    const hf = await open('frameworks', 'huggingface', 'train_config.yaml');
    const hfItems = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', hf.uri, positionOf(hf, 'lr_scheduler_type: '));
    const hfLabels = hfItems.items.map(i => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(hfLabels.includes('constant_with_warmup'), hfLabels.join(' '));
    const seed = await open('seed', 'resnet50-step.lrschedule.yaml');
    const seedItems = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', seed.uri, positionOf(seed, '  type: multistep', '  type: '.length));
    const seedLabels = seedItems.items.map(i => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(['cosine', 'cosineRestarts', 'oneCycle', 'wsd'].every(t => seedLabels.includes(t)), seedLabels.join(' '));
  });
});
