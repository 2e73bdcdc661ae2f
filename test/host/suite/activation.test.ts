// LR Lens in a real VS Code: opening a schedule file activates the extension, whose API reports the schedule.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { waitFor } from './wait';

/** The part of the extension's exported API (the value activate() returns) that this suite uses. */
interface ScheduleReport {
  dialect: string;
  totalUpdates: number;
  stepsPerEpoch?: number;
  peakLr: number;
  finalLr: number;
}
interface LrLensApi {
  schedulesFor(uri: vscode.Uri): Promise<ScheduleReport[]>;
  bench?: unknown;
}

const EXTENSION_ID = 'lr-lens.lr-lens';

function assertClose(actual: number, expected: number, relTol: number, what: string): void {
  const rel = Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(rel <= relTol, `${what}: ${actual} differs from ${expected} by ${rel} (relative), more than ${relTol}`);
}

suite('LR Lens in VS Code', () => {
  let uri: vscode.Uri;
  let document: vscode.TextDocument;

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the examples/ folder is open as the workspace');
    uri = vscode.Uri.joinPath(folder.uri, 'seed', 'resnet50-step.lrschedule.yaml');
    document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
  });

  test('opening a schedule file activates the extension', async () => {
    console.log(`    VS Code ${vscode.version}, ${vscode.env.appHost}, remote ${vscode.env.remoteName ?? '-'}, Node ${process.version}`);
    assert.strictEqual(document.languageId, 'yaml');
    const extension = vscode.extensions.getExtension<LrLensApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    await waitFor(`${EXTENSION_ID} to activate`, () => extension.isActive);
    // isActive also turns true when activate() threw; activate() then rejects with that error.
    const api = await extension.activate();
    assert.ok(api && typeof api.schedulesFor === 'function', 'activate() returns the API { schedulesFor }');
  });

  test('the API reports the ResNet-50 step schedule', async () => {
    const extension = vscode.extensions.getExtension<LrLensApi>(EXTENSION_ID);
    assert.ok(extension);
    const api = await extension.activate();
    const reports = await api.schedulesFor(uri);
    assert.strictEqual(reports.length, 1, `one schedule in the file, got ${JSON.stringify(reports)}`);
    const [r] = reports;
    assert.strictEqual(r.dialect, 'lr-lens');
    // ImageNet-1k: ceil(1,281,167 / (32 x 32)) = 1252 updates per epoch, x 90 epochs
    assert.strictEqual(r.stepsPerEpoch, 1252);
    assert.strictEqual(r.totalUpdates, 112_680);
    assertClose(r.peakLr, 0.4, 1e-12, 'peak LR (0.1 x 1024 / 256)');
    assertClose(r.finalLr, 0.0004, 1e-9, 'final LR (0.4 x 0.1^3)');
  });

  test('activation leaves --expose-gc off in the shared extension host (only `npm run bench` turns it on)', async () => {
    const api = await vscode.extensions.getExtension<LrLensApi>(EXTENSION_ID)!.activate();
    assert.strictEqual(process.env.LR_LENS_BENCH, undefined, 'this host was not started by the bench');
    assert.strictEqual(api.bench, undefined, 'no bench probe (its heap reading sets --expose-gc) outside the bench');
    // With the flag on, every new V8 context gets a global gc(): this host has none.
    const vm = await import('node:vm');
    assert.strictEqual(vm.runInNewContext('typeof gc'), 'undefined');
  });

  test('the preview command is registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('lrLens.preview'), 'lrLens.preview is among the registered commands');
  });
});
