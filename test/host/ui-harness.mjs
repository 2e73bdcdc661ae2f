// What the Playwright UI scripts (ui-*.mjs) share: a fresh code-server with the extension loaded for development
// and a copy of examples/ opened (the scripts type into files and must not touch ours), headless Chromium
// (driver.mjs), the steps a user takes (open a file, run a command, go to a line), polling, screenshots in
// test-results/, and the guards: every Content-Security-Policy violation and every request leaving 127.0.0.1
// is recorded, for a script to assert on with `ui.assertNoLeaks()`.
//
// The extension runs from a snapshot of its build (dist/ and the manifest files) taken at the start: a rebuild
// during the run (`npm run build` or `npm run package` in another terminal) would otherwise rewrite the bundle
// under the extension host, which may then load a half-written bundle, or another build than the one tested.
// With LR_LENS_UI_VSIX=path/to/lr-lens.vsix it runs what ships instead: the .vsix is installed into the
// test VS Code's extensions folder (code-server --install-extension, as a user installs it) and no extension is
// loaded from the source folder (CI does this with the `npm run package` build).
//
//   import { runUi, until } from './ui-harness.mjs';
//   await runUi('hover', {}, async ui => { await ui.openFile('x.yaml'); ... });
//
// runUi exits the process: 0 when the body returned, 1 when it threw (after a failure screenshot,
// test-results/ui-<name>-failure.png, and the browser console with the extension host's output,
// test-results/ui-<name>-browser-console.log; the server's log is test-results/ui-<name>-code-server.log).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { consoleText, launchBrowser, log } from './driver.mjs';
import {
  CS_ENTRY, ROOT, SERVER_ENV, assertHostInstalled, ensureUserSettings, freePort, remoteAuthority, sleep, startServer, stopServer,
} from '../../scripts/host-server.mjs';

export { log, sleep, ROOT };
export const RESULTS = path.join(ROOT, 'test-results');

/** Polls `probe` until it returns a truthy value (the workbench renders asynchronously, the more so on a loaded machine). */
export async function until(what, probe, ms = 30_000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try { last = await probe(); if (last) return last; } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await sleep(150);
  }
}

/** The files the installed extension consists of (as .vscodeignore keeps them), copied to `dir`. */
function snapshotExtension(dir) {
  const files = ['package.json', 'dist', 'media', 'schemas', 'l10n', ...fs.readdirSync(ROOT).filter(f => /^package\.nls.*\.json$/.test(f))];
  if (!fs.existsSync(path.join(ROOT, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
  for (const f of files) if (fs.existsSync(path.join(ROOT, f))) fs.cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
  return dir;
}

/**
 * Installs `vsix` into `extensionsDir` as a user does (`--install-extension`) and returns the folder it
 * landed in; throws when it is not there afterwards.
 */
export function installVsix(vsix, extensionsDir, userDataDir) {
  assertHostInstalled();
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} does not exist: run \`npm run package\` first`);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const id = `${pkg.publisher}.${pkg.name}`.toLowerCase();
  fs.mkdirSync(extensionsDir, { recursive: true });
  execFileSync(process.execPath, [CS_ENTRY, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir,
    '--install-extension', path.resolve(vsix), '--force'], { env: SERVER_ENV, stdio: ['ignore', 'ignore', 'inherit'] });
  const installed = fs.readdirSync(extensionsDir).find(d => d.toLowerCase().startsWith(`${id}-`));
  if (!installed) throw new Error(`${id} is not in ${extensionsDir} after installing ${vsix}`);
  return path.join(extensionsDir, installed);
}

/** The steps of a user in the workbench, on one page. */
export function userSteps(page) {
  const quickInput = page.locator('.quick-input-widget input[role="combobox"]');
  const steps = {
    /** Quick Open (Ctrl+P) by file name; resolves once its tab is the active one. */
    async openFile(name) {
      await page.keyboard.press('Control+P');
      await quickInput.waitFor();
      await quickInput.fill(name);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator(`.tab.active[aria-label^="${name}"]`).waitFor();
    },
    /** A command from the palette (F1), by its exact title. */
    async runCommand(title) {
      await page.keyboard.press('F1');
      await quickInput.waitFor();
      await quickInput.fill(`>${title}`);
      const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${title}$`) }) }).first();
      await row.click();
    },
    /** Puts the cursor of the active editor at `line` (and `column`), 1-based, through Go to Line (Ctrl+G). */
    async goTo(line, column) {
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+G');
      await page.keyboard.type(column === undefined ? String(line) : `${line}:${column}`);
      await page.keyboard.press('Enter');
    },
    /** Types `text` over line `line` of the active editor (after its indentation), key by key as a user would. */
    async replaceLine(line, text) {
      await steps.goTo(line);
      await page.keyboard.press('End');
      await page.keyboard.press('Home');
      await page.keyboard.press('Shift+End');
      await page.keyboard.type(text);
    },
    /** A screenshot of the window as test-results/`file`. */
    async screenshot(file) {
      await page.screenshot({ path: path.join(RESULTS, file) });
    },
  };
  return steps;
}

/**
 * Runs `body(ui)` in a fresh code-server + Chromium and exits the process with its outcome.
 * `settings`: user settings on top of host-server.mjs's SETTINGS and the light theme.
 * `ui`: { page, ctx, workspace (the copy of examples/), ...userSteps, assertNoLeaks() }.
 */
export async function runUi(name, { settings = {} } = {}, body) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `lr-lens-ui-${name}-`));
  const workspace = path.join(tmp, 'examples');
  fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
  const userData = path.join(tmp, 'user-data');
  ensureUserSettings(userData, { 'workbench.colorTheme': 'Default Light Modern', ...settings });
  fs.mkdirSync(RESULTS, { recursive: true });

  let server, ctx, failed = false;
  const violations = [];
  const offHost = [];
  const pendingChecks = [];
  const consoleLines = [];
  try {
    const vsix = process.env.LR_LENS_UI_VSIX;
    const extensionsDir = path.join(tmp, 'extensions');
    let extension;
    if (vsix) log(`extension: ${path.basename(installVsix(vsix, extensionsDir, userData))} installed from ${vsix}`);
    else extension = snapshotExtension(path.join(tmp, 'lr-lens'));
    const port = await freePort();
    server = await startServer({ port, extensionsDir, userDataDir: userData, folder: null, log: path.join(RESULTS, `ui-${name}-code-server.log`) });
    const auth = await remoteAuthority(port);
    ctx = await launchBrowser(path.join(tmp, 'chromium'));
    // A webview loads its files from https://*.vscode-resource.vscode-cdn.net/…: VS Code's service worker in the
    // webview answers those from the local server, so they never reach the network. Any other request off
    // 127.0.0.1, or a resource request the service worker did not answer, counts.
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
      consoleLines.push(consoleText(msg).then(line => `[${msg.type()}] ${line}`));
      const text = msg.text();
      // The workbench's own gallery query to the dead local port (host-server.mjs) is refused by the
      // workbench's CSP: not the extension's doing.
      if (/Content[- ]Security[- ]Policy|Refused to/i.test(text) && !text.includes('127.0.0.1:9/')) violations.push(text);
    });
    const payload = extension ? `&payload=${encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', `vscode-remote://${auth}${extension}`]]))}` : '';
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}${payload}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    log('workbench up');

    await body({
      page, ctx, workspace, ...userSteps(page),
      /** No Content-Security-Policy violation and no request off 127.0.0.1 so far. */
      async assertNoLeaks() {
        await Promise.all(pendingChecks);
        assert.deepEqual(violations, [], 'no Content-Security-Policy violation');
        assert.deepEqual([...new Set([...offHost, ...ctx.blocked])], [], 'no request left 127.0.0.1');
      },
    });
  } catch (e) {
    failed = true;
    console.error(e);
    const page = ctx?.pages()[0];
    if (page) await page.screenshot({ path: path.join(RESULTS, `ui-${name}-failure.png`) }).catch(() => {});
    const lines = await Promise.all(consoleLines.map(l => l.catch(e => `[unreadable] ${e}`)));
    fs.writeFileSync(path.join(RESULTS, `ui-${name}-browser-console.log`), lines.join('\n') + '\n');
    if (violations.length) console.error('CSP violations:', violations);
    if (offHost.length) console.error('requests off 127.0.0.1:', offHost);
  } finally {
    if (ctx) await ctx.close().catch(() => {});
    await stopServer(server);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}
