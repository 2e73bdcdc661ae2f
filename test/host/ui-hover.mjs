#!/usr/bin/env node
// The hover and the status bar in a real VS Code (code-server + headless Chromium, see ui-harness.mjs): open the
// seed step example, put the cursor on `warmup.epochs`, show the hover (Ctrl+K Ctrl+I) and check that its
// sparkline, a `data:` SVG image, is rendered (loaded, non-zero size) beside the LR values, and that the status
// bar shows the schedule at the cursor. Screenshot: test-results/hover.png.
//
//   npm run build && flock /tmp/lr-lens-host.lock node test/host/ui-hover.mjs
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, log, runUi, until } from './ui-harness.mjs';

const seedLines = fs.readFileSync(path.join(ROOT, 'examples/seed/resnet50-step.lrschedule.yaml'), 'utf8').split('\n');
const warmupEpochsLine = seedLines.findIndex(l => l === '  epochs: 5') + 1;

await runUi('hover', {}, async ui => {
  const { page } = ui;
  await ui.openFile('resnet50-step.lrschedule.yaml');
  await page.locator('.codelens-decoration').first().waitFor({ timeout: 30_000 });
  const lens = await page.locator('.codelens-decoration').first().textContent();
  log('CodeLens:', lens);
  assert.ok(lens.includes('lr-lens · 90 epochs · 112,680 steps · warmup 5 ep · 0.4 → 0.0004'), lens);

  await ui.goTo(warmupEpochsLine, 5);
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
  await ui.screenshot('hover.png');
  log('ui-hover passed: screenshot in test-results/hover.png');
});
