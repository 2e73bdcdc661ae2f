// The in-host half of `npm run bench` (bench/run.mjs starts it through test/host/run.mjs with
// LR_LENS_HOST_SUITE=bench): activation time, edit-to-redraw latency of the preview, and the extension
// host's heap after many edits, all read from the extension's own timestamps (no polling). Writes its
// figures as JSON to $LR_LENS_BENCH_OUT. LR_LENS_BENCH_ONLY=activation measures the activation only.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

interface RenderTiming {
  seq: number; editAt?: number; startAt: number; dataAt: number; postedAt: number; renderedAt: number;
  webview?: { queuedMs: number; drawMs: number }; rebuilt: boolean;
}
interface BenchProbe { loadedAt: number; activateCalledAt: number; activatedAt: number; heapUsedAfterGc(): number }
interface LrLensApi {
  preview: { nextRender(): Promise<RenderTiming> };
  /** present only in a host started with LR_LENS_BENCH=1 (bench/host.mjs sets it) */
  bench?: BenchProbe;
  schedulesFor(uri: vscode.Uri): Promise<unknown[]>;
}
type BenchApi = LrLensApi & { bench: BenchProbe };

const EDITS = Number(process.env.LR_LENS_BENCH_EDITS) || 50;
const WARMUP_EDITS = 5;
const MEMORY_EDITS = Number(process.env.LR_LENS_BENCH_MEMORY_EDITS) || 1000;

export async function run(): Promise<void> {
  const out = process.env.LR_LENS_BENCH_OUT;
  const extension = vscode.extensions.getExtension<LrLensApi>('lr-lens.lr-lens');
  if (!extension) throw new Error('LR Lens is not installed in this host');
  const result: Record<string, unknown> = { vscode: vscode.version, node: process.version };

  const wasActive = extension.isActive;
  const requestedAt = performance.now();
  const activated = await extension.activate();
  const resolvedAt = performance.now();
  if (!activated.bench) throw new Error('the LR Lens API has no bench probe: start the host with LR_LENS_BENCH=1 (bench/host.mjs does)');
  const api: BenchApi = { ...activated, bench: activated.bench };
  result.activation = {
    wasActive, loadToActivatedMs: api.bench.activatedAt - api.bench.loadedAt,
    moduleMs: api.bench.activateCalledAt - api.bench.loadedAt, activateMs: api.bench.activatedAt - api.bench.activateCalledAt,
    loadToResolvedMs: wasActive ? undefined : resolvedAt - api.bench.loadedAt,
    requestToLoadMs: wasActive ? undefined : api.bench.loadedAt - requestedAt,
  };
  console.log(`bench: activation ${JSON.stringify(result.activation)}`);

  if (process.env.LR_LENS_BENCH_ONLY !== 'activation') {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-bench-'));
    try {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) throw new Error('the examples/ folder is not open');
      const open = async (name: string) => {
        const file = path.join(tmp, name);
        fs.copyFileSync(path.join(folder.uri.fsPath, 'seed', name), file);
        const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
        await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
        return document;
      };
      // The step example draws ~120 points (its flat stretches cost none), the cosine one ~2,000: the
      // largest data an edit of a single schedule posts.
      const step = await open('resnet50-step.lrschedule.yaml');
      const first = api.preview.nextRender();
      await vscode.commands.executeCommand('lrLens.preview');
      await first;
      result.redraw = await editToRedraw(api, step, GAMMA);
      const followed = api.preview.nextRender();
      const cosine = await open('resnet50-cosine.lrschedule.yaml');
      await followed;
      result.redrawCosine = await editToRedraw(api, cosine, MIN_LR);
      await vscode.window.showTextDocument(step, vscode.ViewColumn.One);
      result.memory = await memoryAfterEdits(api, step);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  if (out) fs.writeFileSync(out, JSON.stringify(result, null, 1));
}

/** A value in the file toggled between two texts of the same length: an edit that changes the curve. */
interface Toggle { key: string; values: [string, string] }
/** the step example's `gamma: 0.1` ↔ 0.2 */
const GAMMA: Toggle = { key: 'gamma: ', values: ['0.1', '0.2'] };
/** the cosine example's `minLr: 0` ↔ 0.004: every drawn point moves */
const MIN_LR: Toggle = { key: 'minLr: ', values: ['0', '0.004'] };

async function toggle(document: vscode.TextDocument, { key, values }: Toggle): Promise<void> {
  const text = document.getText();
  const at = text.indexOf(key) + key.length;
  // The longer value first: '0' is a prefix of '0.004'.
  const [from, to] = [[values[1], values[0]], [values[0], values[1]]].find(([f]) => text.startsWith(f, at))
    ?? (() => { throw new Error(`expected ${key}${values.join(' or ')} in ${document.uri.path}`); })();
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(at), document.positionAt(at + from.length)), to);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('the edit was not applied');
}

async function editToRedraw(api: LrLensApi, document: vscode.TextDocument, what: Toggle): Promise<{ timings: RenderTiming[] }> {
  const timings: RenderTiming[] = [];
  for (let i = 0; i < WARMUP_EDITS + EDITS; i++) {
    const next = api.preview.nextRender();
    await toggle(document, what);
    const timing = await next;
    if (i >= WARMUP_EDITS) timings.push(timing);
  }
  const after = timings.map(t => t.renderedAt - t.startAt).sort((a, b) => a - b);
  console.log(`bench: ${path.basename(document.uri.path)}: edit → redraw after the debounce over ${after.length} edits: median ${after[after.length >> 1].toFixed(1)} ms`);
  return { timings };
}

async function memoryAfterEdits(api: BenchApi, document: vscode.TextDocument) {
  // Settle first: the edits above leave debounced diagnostics and renders behind.
  await new Promise(resolve => setTimeout(resolve, 500));
  const before = api.bench.heapUsedAfterGc();
  for (let i = 0; i < MEMORY_EDITS; i++) {
    // Every edit is analysed, as the CodeLens and hover providers do on each keystroke; every tenth one is
    // drawn too (typing pauses), which keeps the run short.
    const next = i % 10 === 9 ? api.preview.nextRender() : undefined;
    await toggle(document, GAMMA);
    await api.schedulesFor(document.uri);
    if (next) await next;
  }
  await new Promise(resolve => setTimeout(resolve, 500));
  const after = api.bench.heapUsedAfterGc();
  console.log(`bench: heap ${(before / 2 ** 20).toFixed(1)} MB → ${(after / 2 ** 20).toFixed(1)} MB after ${MEMORY_EDITS} edits`);
  return { edits: MEMORY_EDITS, beforeBytes: before, afterBytes: after };
}
