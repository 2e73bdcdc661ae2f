#!/usr/bin/env node
// The hover and the status bar in a real VS Code (code-server + headless Chromium, see driver.mjs): open the
// seed step example, put the cursor on `warmup.epochs`, show the hover (Ctrl+K Ctrl+I) and check that its
// sparkline, a `data:` SVG image, is rendered (loaded, non-zero size) beside the LR values, and that the status
// bar shows the schedule at the cursor. Screenshot: test-results/hover.png.
//
//   npm run build && flock /tmp/lr-lens-host.lock node test/host/ui-hover.mjs
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, log } from './driver.mjs';
import { ROOT, ensureUserSettings, freePort, remoteAuthority, sleep, startServer, stopServer } from '../../scripts/host-server.mjs';

const RESULTS = path.join(ROOT, 'test-results');

async function until(what, probe, ms = 30_000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try { last = await probe(); if (last) return last; } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await sleep(150);
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-ui-hover-'));
const workspace = path.join(tmp, 'examples');
fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
const userData = path.join(tmp, 'user-data');
ensureUserSettings(userData, { 'workbench.colorTheme': 'Default Light Modern' });
fs.mkdirSync(RESULTS, { recursive: true });
const seedLines = fs.readFileSync(path.join(ROOT, 'examples/seed/resnet50-step.lrschedule.yaml'), 'utf8').split('\n');
const warmupEpochsLine = seedLines.findIndex(l => l === '  epochs: 5') + 1;

let server, ctx, failed = false;
try {
  const port = await freePort();
  server = await startServer({ port, extensionsDir: path.join(tmp, 'extensions'), userDataDir: userData, folder: null, log: path.join(RESULTS, 'ui-hover-code-server.log') });
  const auth = await remoteAuthority(port);
  ctx = await launchBrowser(path.join(tmp, 'chromium'));
  const page = ctx.pages()[0] || await ctx.newPage();
  const payload = [['extensionDevelopmentPath', `vscode-remote://${auth}${ROOT}`]];
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input[role="combobox"]');
  await input.waitFor();
  await input.fill('resnet50-step.lrschedule.yaml');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'resnet50-step.lrschedule.yaml' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.codelens-decoration').first().waitFor({ timeout: 30_000 });
  const lens = await page.locator('.codelens-decoration').first().textContent();
  log('CodeLens:', lens);
  assert.ok(lens.includes('lr-lens · 90 epochs · 112,680 steps · warmup 5 ep · 0.4 → 0.0004'), lens);

  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.keyboard.type(`${warmupEpochsLine}:5`);
  await page.keyboard.press('Enter');
  const status = await until('the status bar item', async () => {
    const t = await page.locator('[id="lr-lens.lr-lens.lrLens.schedule"], [id="lrLens.schedule"]').first().textContent();
    return t && t.includes('0.4') && t;
  });
  log('status bar:', status);
  assert.ok(status.includes('LR 0.4 · 90 ep · lr-lens'), status);

  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  const hover = page.locator('.monaco-hover:not(.hidden)');
  await until('the hover with LR values', async () => (await hover.textContent())?.includes('warmup end, update 6,260'));
  const image = await until('the sparkline image to load', async () => hover.locator('img').first().evaluate(img => img.complete && img.naturalWidth > 0 && { w: img.naturalWidth, h: img.naturalHeight, src: img.getAttribute('src').slice(0, 26) }));
  log('sparkline:', JSON.stringify(image));
  assert.equal(image.src, 'data:image/svg+xml;base64,');
  await page.screenshot({ path: path.join(RESULTS, 'hover.png') });
  log('ui-hover passed: screenshot in test-results/hover.png');
} catch (e) {
  failed = true;
  console.error(e);
  const page = ctx?.pages()[0];
  if (page) await page.screenshot({ path: path.join(RESULTS, 'ui-hover-failure.png') }).catch(() => {});
} finally {
  if (ctx) await ctx.close().catch(() => {});
  await stopServer(server);
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
