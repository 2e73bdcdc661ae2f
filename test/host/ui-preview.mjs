#!/usr/bin/env node
// The LR chart webview in a real VS Code (code-server + headless Chromium, see driver.mjs), driven like a user:
// open the ResNet-50 step example, run "LR Lens: Preview LR Curve", read the chart's SVG two iframes deep,
// type an edit and see the chart follow, switch to the cosine example and see the panel follow, switch the
// theme and see it redraw. Throughout: no Content-Security-Policy violation and no request leaving 127.0.0.1.
// Screenshots (light, dark) go to test-results/.
//
//   npm run build && flock /tmp/lr-lens-host.lock node test/host/ui-preview.mjs
//
// The examples are copied to a temporary folder first: the test types into a file and must not touch ours.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, log } from './driver.mjs';
import { ROOT, ensureUserSettings, freePort, remoteAuthority, sleep, startServer, stopServer } from '../../scripts/host-server.mjs';

const RESULTS = path.join(ROOT, 'test-results');
const STEPS_PER_EPOCH = 1252; // ceil(1281167 / 1024), the seed's number

/** Polls `probe` until it returns a truthy value. */
async function until(what, probe, ms = 30_000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try { last = await probe(); if (last) return last; } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await sleep(150);
  }
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input[role="combobox"]');
  await input.waitFor();
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${title}$`) }) }).first();
  await row.click();
}

async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input[role="combobox"]');
  await input.waitFor();
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tab.active[aria-label^="${name}"]`).waitFor();
}

/** Types `text` over line `lineNo` of the active editor (after its indentation), key by key as a user would. */
async function replaceLine(page, lineNo, text) {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.keyboard.type(String(lineNo));
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.type(text);
}

/** What the chart shows: the lines, the rules' x positions, the labels, the axis label colour. */
async function chartState(chart) {
  const svg = chart.locator('#chart svg');
  if (await svg.count() === 0) return undefined;
  return svg.evaluate(root => ({
    lines: root.querySelectorAll('.lines_marks path').length,
    rules: [...root.querySelectorAll('.rules_marks line')].map(l => l.getAttribute('transform')),
    labels: [...root.querySelectorAll('.labels_marks text, .finalLabels_marks text')].map(t => t.textContent),
    axisTitles: [...root.querySelectorAll('.role-axis-title text')].map(t => t.textContent),
    labelFill: root.querySelector('.role-axis-label text')?.getAttribute('fill') ?? '',
    title: root.ownerDocument.getElementById('title')?.textContent ?? '',
  }));
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-ui-preview-'));
const workspace = path.join(tmp, 'examples');
fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
const userData = path.join(tmp, 'user-data');
ensureUserSettings(userData, { 'workbench.colorTheme': 'Default Light Modern', 'editor.autoClosingBrackets': 'never' });
fs.mkdirSync(RESULTS, { recursive: true });

let server, ctx, failed = false;
const violations = [];
const offHost = [];
try {
  const port = await freePort();
  server = await startServer({ port, extensionsDir: path.join(tmp, 'extensions'), userDataDir: userData, folder: null, log: path.join(RESULTS, 'ui-preview-code-server.log') });
  const auth = await remoteAuthority(port);
  ctx = await launchBrowser(path.join(tmp, 'chromium'));
  // A webview loads its files from https://*.vscode-resource.vscode-cdn.net/…: VS Code's service worker in the
  // webview answers those from the local server, so they never reach the network. Any other request off
  // 127.0.0.1, or a resource request the service worker did not answer, counts.
  const pendingChecks = [];
  ctx.on('request', request => {
    const u = new URL(request.url());
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol) || u.hostname === '127.0.0.1') return;
    if (!u.hostname.endsWith('.vscode-resource.vscode-cdn.net')) { offHost.push(u.href); return; }
    pendingChecks.push(request.response().then(r => { if (!r || !r.fromServiceWorker()) offHost.push(u.href); }, () => offHost.push(u.href)));
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  // Chromium reports every violation on the console of the frame it happened in ("Refused to …"); the
  // extension logs the ones the webview's securitypolicyviolation listener posts to it.
  page.on('console', msg => {
    const text = msg.text();
    // The workbench's own gallery query to the dead local port (host-server.mjs) is refused by the
    // workbench's CSP: not the preview's doing.
    if (/Content[- ]Security[- ]Policy|Refused to/i.test(text) && !text.includes('127.0.0.1:9/')) violations.push(text);
  });
  const payload = [['extensionDevelopmentPath', `vscode-remote://${auth}${ROOT}`]];
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  log('workbench up');

  // 1. the step example: one line, a rule at the warmup end and at each milestone
  await openFile(page, 'resnet50-step.lrschedule.yaml');
  await page.locator('.codelens-decoration').first().waitFor({ timeout: 30_000 });
  await runCommand(page, 'LR Lens: Preview LR Curve');
  const chart = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const step = await until('the step chart', async () => { const s = await chartState(chart); return s && s.rules.length === 4 && s; });
  log('step chart:', JSON.stringify(step));
  assert.equal(step.lines, 1, 'one line for the one schedule');
  assert.equal(step.rules.length, 4, 'rules at the warmup end (epoch 5) and the milestones 30, 60, 80');
  assert.ok(step.labels.includes('peak 0.4') && step.labels.includes('final 0.0004'), `peak and final labels: ${step.labels}`);
  assert.ok(step.axisTitles.includes('epoch') && step.axisTitles.includes('optimizer update'), `both x axes: ${step.axisTitles}`);
  // The rules sit at 5, 30, 60, 80 epochs on one linear scale: their x positions are proportional to that.
  const xs = step.rules.map(t => Number(/translate\(([-\d.]+)/.exec(t)[1]));
  const perEpoch = (xs[3] - xs[0]) / (80 - 5);
  assert.ok(Math.abs((xs[1] - xs[0]) - 25 * perEpoch) < 1.5 && Math.abs((xs[2] - xs[0]) - 55 * perEpoch) < 1.5,
    `rules placed by epoch: ${xs}`);
  await page.screenshot({ path: path.join(RESULTS, 'preview-light.png') });

  // 2. click to source: the second milestone's rule selects the `milestones` line (21) in the editor
  const rule = chart.locator('.rules_marks line').nth(2);
  const box = await rule.boundingBox();
  // near its top end: the rule is dashed (4 on, 3 off), and a click in a gap would miss it
  await rule.click({ position: { x: box.width / 2, y: 2 }, force: true });
  const selection = await until('the milestones line to be selected', async () => {
    const text = await page.locator('[id="status.editor.selection"]').textContent();
    return /Ln 21, Col \d+ \(24 selected\)/.test(text) && text;
  });
  log(`click on the second milestone: ${selection.trim()}`);

  // 3. type an edit: the second milestone 60 → 45; the chart's data change in place
  await replaceLine(page, 21, 'milestones: [30, 45, 80]');
  const edited = await until('the chart to follow the edit', async () => {
    const s = await chartState(chart);
    if (!s || s.rules.length !== 4) return false;
    // (typed key by key: wait for the whole line, not a state half way through it)
    const at = s.rules.map(t => Number(/translate\(([-\d.]+)/.exec(t)[1]));
    return Math.abs((at[2] - at[0]) - 40 * perEpoch) < 1.5 && s; // the second milestone now sits at epoch 45
  });
  const moved = edited.rules.map(t => Number(/translate\(([-\d.]+)/.exec(t)[1]));
  assert.equal(moved[1], xs[1], 'the first milestone stayed');
  log('after the edit:', JSON.stringify(edited.rules));

  // pin the edited curve, type the old milestones back: the pinned curve stays as a faint second line
  await chart.locator('#pin').click();
  await until('the pinned line', async () => (await chartState(chart))?.lines === 2);
  await replaceLine(page, 21, 'milestones: [30, 60, 80]');
  const pinned = await until('the undo beside the pinned curve', async () => {
    const s = await chartState(chart);
    // (typed key by key: wait for the whole line, not a state half way through it)
    return s && s.lines === 2 && s.rules.length === 8 && s.rules.includes(step.rules[2]) && s.rules.includes(edited.rules[2]) && s;
  });
  assert.ok(pinned.rules.includes(step.rules[2]) && pinned.rules.includes(edited.rules[2]), `epoch 60 (now) and epoch 45 (pinned) both drawn: ${pinned.rules}`);
  await chart.locator('#pin').click();
  await until('the pin to go', async () => (await chartState(chart))?.lines === 1);

  // 4. the cosine example: the panel follows the active editor
  await page.keyboard.press('Control+1'); // the last click was in the panel: open the file in the editor's group
  await openFile(page, 'resnet50-cosine.lrschedule.yaml');
  const cosine = await until('the panel to follow the cosine example', async () => {
    const s = await chartState(chart);
    return s && /cosine/.test(s.title) && s.rules.length === 1 && s;
  });
  assert.equal(cosine.lines, 1, 'one line for the cosine schedule');
  // The last update is N − 1 = 112679, one short of the cosine's end: 0.4 · (1 + cos(π · 106419 / 106420)) / 2
  // with T = 112680 − 6260 (the cosine counts from the warmup end), ≈ 8.71472e-11, not 0.
  const finalLr = Number((0.4 * (1 + Math.cos(Math.PI * 106419 / 106420)) / 2).toPrecision(6));
  assert.ok(cosine.labels.includes('peak 0.4') && cosine.labels.includes(`final ${finalLr}`), `cosine labels: ${cosine.labels}`);
  log('cosine chart:', JSON.stringify(cosine));

  // batch-size what-if: 2048 draws the curve of 0.1 × 2048 / 256 = 0.8 beside the file's; "Apply" writes
  // 2048 / 32 devices = 64 per device into the file
  await chart.locator('#batch').fill('2048');
  await chart.locator('#batch').press('Tab');
  const whatIf = await until('the what-if curve', async () => {
    const s = await chartState(chart);
    return s && s.lines === 2 && s.labels.includes('peak 0.8') && s;
  });
  assert.match(await chart.locator('#batch-note').textContent(), /batch 1024 → 2048 gives LR 0\.8\b/);
  log('what-if:', JSON.stringify(whatIf.labels));
  await chart.locator('#batch-apply').click();
  await page.locator('.monaco-editor .view-line', { hasText: 'perDevice: 64' }).waitFor();
  await until('the chart of the edited file', async () => {
    const s = await chartState(chart);
    return s && s.lines === 1 && s.labels.includes('peak 0.8');
  });
  await page.keyboard.press('Control+1');
  await page.keyboard.press('Control+Z');

  // 5. the dark theme: the chart redraws in the theme's colours
  await runCommand(page, 'Preferences: Color Theme');
  await page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: /^Dark Modern$/ }) }).first().click();
  const dark = await until('the chart to redraw in the dark theme', async () => {
    const s = await chartState(chart);
    return s && s.labelFill && s.labelFill !== cosine.labelFill && s;
  });
  log(`axis labels: ${cosine.labelFill} (light) → ${dark.labelFill} (dark)`);
  await sleep(300);
  await page.screenshot({ path: path.join(RESULTS, 'preview-dark.png') });

  // the log scale (a rebuilt view: symlog under the expression interpreter)
  await chart.locator('#log-scale').click();
  await until('the log scale', async () => (await chartState(chart))?.axisTitles.includes('learning rate (log)'));

  // 6. a window reload: the serializer restores the panel on the file it showed, still on the log scale
  await runCommand(page, 'Developer: Reload Window');
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const restored = await until('the panel to come back after the reload', async () => {
    const s = await chartState(page.frameLocator('iframe.webview.ready').frameLocator('#active-frame'));
    return s && /cosine/.test(s.title) && s.lines === 1 && s.axisTitles.includes('learning rate (log)') && s;
  }, 60_000);
  log('restored after reload:', restored.title);

  await Promise.all(pendingChecks);
  assert.deepEqual(violations, [], 'no Content-Security-Policy violation');
  assert.deepEqual([...new Set([...offHost, ...ctx.blocked])], [], 'no request left 127.0.0.1');
  log('ui-preview passed: screenshots in test-results/preview-light.png, preview-dark.png');
} catch (e) {
  failed = true;
  console.error(e);
  const page = ctx?.pages()[0];
  if (page) await page.screenshot({ path: path.join(RESULTS, 'ui-preview-failure.png') }).catch(() => {});
  if (violations.length) console.error('CSP violations:', violations);
  if (offHost.length) console.error('requests off 127.0.0.1:', offHost);
} finally {
  if (ctx) await ctx.close().catch(() => {});
  await stopServer(server);
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
