#!/usr/bin/env node
// A missing fact is never an error (issue 12 §1), in a real VS Code (code-server + headless Chromium, see
// ui-harness.mjs), as a user meets it: open a timm args.yaml that says nothing about its data (`epochs: 100`,
// `sched: cosine`, `warmup_epochs: 5`, `lr: 0.1`), see a CodeLens with its epochs and "updates/epoch unknown",
// open the panel and see the curve drawn on an epoch axis, click the "Set updates per epoch…" CodeLens, type a
// number that is none and see the input box refuse it, type 1252, and see the directive written at the top of the
// file, the CodeLens count the updates and the panel draw them; then a strict JSON file, whose fact the palette
// command writes as the workspace setting lrLens.stepsPerEpoch. Screenshots: test-results/facts-unknown.png (the
// curve in epochs), test-results/facts-set.png (after the fact is stated).
//
//   npm run build && flock /tmp/lr-lens-host.lock node test/host/ui-facts.mjs
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { log, runUi, until } from './ui-harness.mjs';

// The file: a timm train.py args.yaml as timm writes it, minus the data (no dataset size, no updates per epoch).
const DIR = 'no-data';
const ARGS = 'epochs: 100\nsched: cosine\nwarmup_epochs: 5\nlr: 0.1\nmodel: resnet50\nopt: sgd\nbatch_size: 128\nweight_decay: 0.0001\n';
// The expected numbers, by hand from timm (timm/scheduler/cosine_lr.py; create_scheduler_v2 steps it per epoch,
// t_initial = epochs = 100, warmup_t = 5 with warmup_prefix off, warmup_lr_init 1e-5, lr_min 0):
// - the peak is the cosine at the warm-up end, 0.05 × (1 + cos(5π/100)) = 0.0993844 (6 significant digits);
// - the final LR is the cosine at epoch 99, 0.05 × (1 + cos(99π/100)) = 0.000024672.
const peak = Number((0.05 * (1 + Math.cos(5 * Math.PI / 100))).toPrecision(6));
const final = Number((0.05 * (1 + Math.cos(99 * Math.PI / 100))).toPrecision(6));
const LENS_UNKNOWN = `timm · 100 epochs · updates/epoch unknown · warmup 5 ep · ${peak} → ${final}`;
// - with 1252 updates per epoch stated, the same run is 100 × 1252 = 125,200 updates
const LENS_KNOWN = `timm · 100 epochs · 125,200 steps · warmup 5 ep · ${peak} → ${final}`;

const LONG = 90_000;

/** What the chart shows: the line count and the axis titles. */
async function chartState(chart) {
  const svg = chart.locator('#chart svg');
  if (await svg.count() === 0) return undefined;
  return svg.evaluate(root => ({
    lines: root.querySelectorAll('.lines_marks path').length,
    rules: root.querySelectorAll('.rules_marks line').length,
    axisTitles: [...root.querySelectorAll('.role-axis-title text')].map(t => t.textContent),
    labels: [...root.querySelectorAll('.labels_marks text, .finalLabels_marks text')].map(t => t.textContent),
  }));
}

await runUi('facts', {}, async ui => {
  const { page, workspace } = ui;
  const file = path.join(workspace, DIR, 'args.yaml');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, ARGS);

  // Quick Open by its path: the examples have another args.yaml (frameworks/timm), which states its data.
  await page.keyboard.press('Control+P');
  const quickInput = page.locator('.quick-input-widget input[role="combobox"]');
  await quickInput.waitFor();
  await quickInput.fill(`${DIR}/args.yaml`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: DIR }).first().waitFor({ timeout: LONG });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active[aria-label^="args.yaml"]').waitFor();

  // 1. the CodeLens: the run in epochs, what is unknown, and the lenses that give it
  const lens = page.locator('.codelens-decoration').first();
  const before = await until('the CodeLens', async () => { const t = await lens.textContent(); return t?.includes('timm') && t; }, LONG);
  log('CodeLens:', before);
  assert.ok(before.includes(LENS_UNKNOWN), before);
  assert.ok(before.includes('Set updates per epoch…') && before.includes('Set dataset size…'), before);
  assert.equal(await page.locator('.monaco-editor .squiggly-error').count(), 0, 'no error in the file');
  const status = await until('the status bar', async () => {
    const t = await page.locator('.statusbar-item', { hasText: /LR [\d.]+ · / }).first().textContent({ timeout: 1000 });
    return t?.includes('updates/epoch unknown') && t;
  });
  log('status bar:', status.trim());
  assert.match(status, new RegExp(`LR ${String(peak).replace('.', '\\.')} · 100 ep · updates/epoch unknown · timm`));

  // 2. the panel: one curve, on an epoch axis that says what is missing, and no update axis
  await ui.runCommand('LR Lens: Preview LR Curve');
  const chart = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const unknown = await until('the chart in epochs', async () => { const s = await chartState(chart); return s && s.lines === 1 && s; }, LONG);
  log('chart:', JSON.stringify(unknown));
  assert.ok(unknown.axisTitles.includes('epoch (updates per epoch unknown)'), `x axis: ${unknown.axisTitles}`);
  assert.ok(!unknown.axisTitles.includes('optimizer update'), `no update axis: ${unknown.axisTitles}`);
  assert.equal(unknown.rules, 1, 'a rule at the warm-up end');
  assert.ok(unknown.labels.includes(`peak ${peak}`) && unknown.labels.includes(`final ${final}`), `labels: ${unknown.labels}`);
  await ui.screenshot('facts-unknown.png');

  // 3. one click: the "Set updates per epoch…" lens asks for the number, and refuses one that is none
  await page.locator('.codelens-decoration a', { hasText: 'Set updates per epoch…' }).first().click();
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.first().waitFor();
  await input.first().fill('12.5');
  const refusal = await until('the input box to refuse 12.5', async () => {
    const t = await page.locator('.quick-input-widget .quick-input-message').textContent({ timeout: 1000 }).catch(() => '');
    return /whole number/.test(t) && t;
  });
  log('refused:', refusal.trim());
  await input.first().fill('1252');
  await page.keyboard.press('Enter');

  // 4. the directive is the file's first line, and every view counts updates
  await page.locator('.monaco-editor .view-line', { hasText: 'lr-lens: steps_per_epoch=1252' }).first().waitFor({ timeout: LONG });
  const after = await until('the CodeLens with updates', async () => { const t = await lens.textContent(); return t?.includes('125,200') && t; }, LONG);
  log('CodeLens after:', after);
  assert.ok(after.includes(LENS_KNOWN), after);
  assert.ok(!after.includes('Set updates per epoch…'), 'the fact is stated now');
  const known = await until('the chart in updates', async () => {
    const s = await chartState(chart);
    return s && s.lines === 1 && s.axisTitles.includes('optimizer update') && s;
  }, LONG);
  assert.ok(known.axisTitles.includes('epoch'), `the epochs axis on top: ${known.axisTitles}`);
  await page.keyboard.press('Control+S');
  await until('the file saved with the directive', () => fs.readFileSync(file, 'utf8') === `# lr-lens: steps_per_epoch=1252\n${ARGS}`);
  await ui.screenshot('facts-set.png');

  // 5. strict JSON holds no comment: the palette command writes the workspace setting instead. A Hugging Face
  // TrainingArguments file of 3 epochs, warmup_ratio 0.1, linear decay; with 500 updates per epoch the Trainer
  // runs N = 1,500 updates, ceil(0.1 × 1500) = 150 of warm-up, and get_linear_schedule_with_warmup's last update
  // (t = 1499) is 5e-5 × (1500 − 1499) / (1500 − 150) = 3.7037e-8.
  const json = path.join(workspace, DIR, 'training_args.json');
  fs.writeFileSync(json, '{\n  "learning_rate": 5e-5,\n  "num_train_epochs": 3,\n  "lr_scheduler_type": "linear",\n  "warmup_ratio": 0.1,\n  "per_device_train_batch_size": 8,\n  "output_dir": "out"\n}\n');
  await page.keyboard.press('Control+1');
  await page.keyboard.press('Control+P');
  await quickInput.waitFor();
  await quickInput.fill(`${DIR}/training_args.json`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'training_args.json' }).first().waitFor({ timeout: LONG });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active[aria-label^="training_args.json"]').waitFor();
  const hf = page.locator('.codelens-decoration', { hasText: 'huggingface' }).first();
  const hfBefore = await until('the Hugging Face CodeLens', async () => { const t = await hf.textContent({ timeout: 1000 }); return t?.includes('updates/epoch unknown') && t; }, LONG);
  log('JSON CodeLens:', hfBefore);
  assert.ok(hfBefore.includes('huggingface · 3 epochs · updates/epoch unknown · warmup 0.3 ep'), hfBefore);
  await ui.runCommand('LR Lens: Set Updates per Epoch…');
  await input.first().waitFor();
  await input.first().fill('500');
  await page.keyboard.press('Enter');
  const hfAfter = await until('the Hugging Face CodeLens with updates', async () => { const t = await hf.textContent({ timeout: 1000 }); return t?.includes('1,500 steps') && t; }, LONG);
  log('JSON CodeLens after:', hfAfter);
  assert.ok(hfAfter.includes('huggingface · 3 epochs · 1,500 steps · warmup 150 steps · 0.00005 → 3.7037e-8'), hfAfter);
  const settings = JSON.parse(fs.readFileSync(path.join(workspace, '.vscode', 'settings.json'), 'utf8'));
  assert.equal(settings['lrLens.stepsPerEpoch'], 500);
  assert.equal(fs.readFileSync(json, 'utf8').includes('lr-lens'), false, 'the JSON file is left as it was');

  await ui.assertNoLeaks();
  log('ui-facts passed: screenshots in test-results/facts-unknown.png, facts-set.png');
});
