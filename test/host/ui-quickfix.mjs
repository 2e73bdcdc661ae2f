#!/usr/bin/env node
// A broken warm-up fixed in one click, in a real VS Code (code-server + headless Chromium, see ui-harness.mjs):
// open the Hugging Face TrainingArguments example whose warm-up is longer than training, see the squiggle under
// `warmup_steps` and the CodeLens with the schedule's numbers, hover the setting for its LR values, put the
// cursor on the squiggle, pick the preferred fix from the light bulb's Quick Fix menu (Ctrl+.), and see the
// squiggle go, the CodeLens follow and the saved file hold the new value with nothing else changed.
// Screenshots: test-results/quickfix-menu.png (the menu open), test-results/quickfix.png (after the fix).
//
//   npm run build && flock /tmp/lr-lens-host.lock node test/host/ui-quickfix.mjs
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, log, runUi, until } from './ui-harness.mjs';

const FILE = 'hf-warmup-too-long.json';
const original = fs.readFileSync(path.join(ROOT, 'examples/broken', FILE), 'utf8');

// The expected numbers, by hand from the file (re-derive them if the example changes):
const config = JSON.parse(original);
assert.deepEqual(
  [config.learning_rate, config.max_steps, config.warmup_steps, config.lr_scheduler_type, config.num_train_epochs],
  [2e-5, 345, 500, 'linear', undefined], `${FILE} is not the file the numbers below were derived from`);
// - The Trainer runs N = max_steps = 345 updates (max_steps > 0 decides the length; no epochs, no dataset size).
// - get_linear_schedule_with_warmup: λ(t) = t / W for t < W, then (N − t) / (N − W); the updates are t = 0 … N − 1.
// - W = 500 > N: all 345 updates warm up, the last (t = 344) is the highest and the final one:
//   2e-5 × 344 / 500 = 1.376e-5, printed 0.00001376.
const LENS_BEFORE = 'huggingface · 345 steps · warmup 500 steps · 0.00001376 → 0.00001376';
const HOVER_VALUE = 'end, update 344: 0.00001376';
// - The fix (issue 4): 5 epochs or 5% of training, whichever is shorter. Without a dataset size there are no
//   epochs, so 5% of 345 = 17.25, down to whole updates (warmup_steps is an int): 17.
const FIX_TITLE = 'Shorten the warm-up to 17 updates';
const FIXED = original.replace('"warmup_steps": 500,', '"warmup_steps": 17,');
// - W = 17: the peak is at t = 17, λ = 328 / 328 = 1 → 2e-5 (0.00002); the final update t = 344 has
//   λ = (345 − 344) / (345 − 17) = 1 / 328 → 2e-5 / 328 = 6.09756e-8 (6 significant digits).
const LENS_AFTER = 'huggingface · 345 steps · warmup 17 steps · 0.00002 → 6.09756e-8';
assert.notEqual(FIXED, original);

const lines = original.split('\n');
const warmupLine = lines.findIndex(l => l.includes('"warmup_steps": 500')) + 1;
const valueColumn = lines[warmupLine - 1].indexOf('500') + 1;

// On a loaded machine the extension host can take a while to activate and analyse: wait on conditions, long.
const LONG = 90_000;

await runUi('quickfix', {}, async ui => {
  const { page, workspace } = ui;
  await ui.openFile(FILE);

  // the squiggle (a warning: the run trains, badly) and the CodeLens with the schedule's numbers
  const squiggle = page.locator('.monaco-editor .squiggly-warning');
  await squiggle.first().waitFor({ timeout: LONG });
  assert.equal(await squiggle.count(), 1, 'one warning in the file');
  const lens = page.locator('.codelens-decoration').first();
  const lensBefore = await until('the CodeLens', async () => { const t = await lens.textContent(); return t?.includes('huggingface') && t; }, LONG);
  log('CodeLens:', lensBefore);
  assert.ok(lensBefore.includes(LENS_BEFORE), lensBefore);
  // the squiggle sits on the warm-up's line: both measured at once, as the lens above them shifts the lines
  // down when it arrives
  const placed = await until(`the squiggle on line ${warmupLine}`, () => page.evaluate(text => {
    const row = [...document.querySelectorAll('.monaco-editor .view-lines .view-line')].find(l => l.textContent.replace(/\s/g, ' ').includes(text));
    const marks = document.querySelectorAll('.monaco-editor .squiggly-warning');
    if (!row || marks.length !== 1) return false;
    const [r, m] = [row.getBoundingClientRect(), marks[0].getBoundingClientRect()];
    return m.top >= r.top && m.bottom <= r.bottom + 1 && { row: [r.top, r.bottom], squiggle: [m.top, m.bottom] };
  }, '"warmup_steps": 500'), LONG);
  log('squiggle:', JSON.stringify(placed));

  // hover the setting's key with the mouse: the LR values it leads to
  const warmupRow = page.locator('.monaco-editor .view-lines .view-line', { hasText: '"warmup_steps": 500' });
  const key = warmupRow.locator('span span', { hasText: /^"warmup_steps"$/ });
  await key.hover();
  const hover = page.locator('.monaco-hover:not(.hidden)');
  const hoverText = await until('the hover with LR values', async () => {
    const t = await hover.textContent();
    return t?.includes(HOVER_VALUE) && t;
  }, LONG);
  log('hover:', hoverText.slice(0, 160).replace(/\s+/g, ' '), '…');
  await page.keyboard.press('Escape');
  await page.mouse.move(5, 5);

  // the cursor on the squiggle: the light bulb shows that a preferred fix is there (its autofix icon)
  await ui.goTo(warmupLine, valueColumn);
  await page.locator('.lightBulbWidget.codicon-lightbulb-autofix').waitFor({ timeout: LONG });
  await page.keyboard.press('Control+.');
  const menu = page.locator('.action-widget');
  const fix = menu.locator('.monaco-list-row.action', { has: page.locator('.title', { hasText: FIX_TITLE }) });
  await fix.waitFor({ timeout: LONG });
  const titles = await menu.locator('.monaco-list-row.action .title').allTextContents();
  log('Quick Fix menu:', JSON.stringify(titles));
  await ui.screenshot('quickfix-menu.png');
  // pick it by its title with the arrow keys and Enter, as from the keyboard (the menu's pointer guard
  // swallows a synthetic click)
  const focused = () => menu.locator('.monaco-list-row.action.focused').getAttribute('aria-label');
  for (let i = 0; i < titles.length && await focused() !== FIX_TITLE; i++) await page.keyboard.press('ArrowDown');
  assert.equal(await focused(), FIX_TITLE);
  await page.keyboard.press('Enter');

  await until('the squiggle to go', async () => await squiggle.count() === 0, LONG);
  const lensAfter = await until('the CodeLens to follow', async () => { const t = await lens.textContent(); return t?.includes(LENS_AFTER) && t; }, LONG);
  log('CodeLens after the fix:', lensAfter);

  // saved, the file holds the new value and is otherwise as it was (the fix keeps the formatting)
  await page.keyboard.press('Control+S');
  const saved = path.join(workspace, 'broken', FILE);
  await until('the fixed file on disk', async () => fs.readFileSync(saved, 'utf8') === FIXED, LONG);
  assert.equal(JSON.parse(fs.readFileSync(saved, 'utf8')).warmup_steps, 17);
  await ui.screenshot('quickfix.png');

  await ui.assertNoLeaks();
  log('ui-quickfix passed: screenshots in test-results/quickfix-menu.png, quickfix.png');
});
