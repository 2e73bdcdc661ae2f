// Runs an extension's test suite inside a real VS Code: code-server 4.96.4 (VS Code 1.96.4's server and its
// Node extension host) with Debian's headless Chromium as the window, driven by playwright-core. Offline: the
// server's extension gallery points at a dead local port, Chromium resolves no host name but 127.0.0.1, and
// any other request is aborted (and reported).
//
//   import { runExtensionTests } from './driver.mjs';
//   const code = await runExtensionTests({ extensionDevelopmentPath, extensionTestsPath, folder });
//
// The test runner module (exports run(), as for @vscode/test-electron) runs in the extension host; its console
// output (mocha's reporter) is streamed to stdout, and its outcome arrives through window.codeAutomationExit.
// Env: LR_LENS_HOST_DIR (code-server install, default .vscode-host), CHROMIUM (default /usr/bin/chromium),
//      LR_LENS_HOST_OUT (logs, screenshots; default test-results/host), LR_LENS_HOST_TIMEOUT (ms, default 600000).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { createRequire } from 'node:module';
import {
  ROOT, HOST_DIR, ensureUserSettings, freePort, remoteAuthority, startServer, stopServer, sleep,
} from '../../scripts/host-server.mjs';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const OUT = path.resolve(process.env.LR_LENS_HOST_OUT || path.join(ROOT, 'test-results/host'));

const T0 = Date.now();
export const log = (...a) => console.log(`[host +${((Date.now() - T0) / 1000).toFixed(1)}s]`, ...a);

/** playwright-core: the project's own devDependency, else the copy host-setup.sh installs. */
function loadPlaywright() {
  for (const base of [ROOT, HOST_DIR]) {
    try { return createRequire(path.join(base, 'package.json'))('playwright-core'); } catch { /* next */ }
  }
  throw new Error('playwright-core not found: run `npm ci` (or `bash scripts/host-setup.sh`)');
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
  '--disable-default-apps', '--disable-features=MediaRouter,OptimizationHints,Translate',
  // any host name other than 127.0.0.1 fails DNS inside Chromium (covers service workers too)
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'];

/** Headless Chromium with a throwaway profile; `ctx.blocked` lists the external requests it aborted. */
export async function launchBrowser(profileDir) {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found (apt-get install chromium, or set CHROMIUM)`);
  const { chromium } = loadPlaywright();
  const ctx = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1400, height: 900 }, args: CHROMIUM_ARGS,
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false, // we clean up ourselves
  });
  const blocked = [];
  await ctx.route('**/*', route => {
    const u = new URL(route.request().url());
    if (['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol) && u.hostname !== '127.0.0.1') {
      blocked.push(u.href);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  ctx.blocked = blocked;
  return ctx;
}

// Workbench chatter that is not the extension's output.
const NOISE = new RegExp([
  'connection token', 'Creating a socket', 'allow-scripts and allow-same-origin', 'Failed to load resource',
  'web worker extension host', 'additional builtin extensions', 'Service Worker', 'service worker controller',
  '127\\.0\\.0\\.1:9', 'net::ERR_', 'Creation of workbench contribution', 'Started local extension host', 'Extension host .* started',
  '^\\s*(INFO|DEBUG|TRACE)?\\s*$',
].join('|'));

/** A browser console message as plain text: VS Code logs ext-host output as console.log('%c INFO', css, fmt, ...args). */
export async function consoleText(msg) {
  let text = msg.text();
  try {
    const a = await Promise.all(msg.args().map(x => x.jsonValue()));
    if (typeof a[0] === 'string' && a[0].startsWith('%c')) {
      const level = a[0].slice(2).trim();
      const body = util.format(...a.slice(2));
      text = level && level !== 'INFO' ? `${level} ${body}` : body;
    }
  } catch { /* a handle we cannot serialise: keep msg.text() */ }
  return text;
}

/**
 * Runs `extensionTestsPath` (a module exporting run()) in the extension host of a fresh code-server with the
 * extension(s) at `extensionDevelopmentPath` loaded from source, `folder` opened (null: an empty window).
 * Resolves to the runner's exit code (0 = all tests passed).
 */
export async function runExtensionTests({
  extensionDevelopmentPath, extensionTestsPath, folder, extensionsDir, userDataDir,
  timeoutMs = Number(process.env.LR_LENS_HOST_TIMEOUT) || 10 * 60 * 1000, onLine = line => console.log(line),
}) {
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of ['failure.png', 'exttests-logs.json', 'browser-console.log']) fs.rmSync(path.join(OUT, f), { force: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-lens-host-'));
  const ext = extensionsDir ? path.resolve(extensionsDir) : path.join(tmp, 'extensions'); // empty: only the dev extension
  const data = userDataDir ? path.resolve(userDataDir) : path.join(tmp, 'user-data');
  ensureUserSettings(data);
  const devPaths = [].concat(extensionDevelopmentPath).map(p => path.resolve(p));
  const port = await freePort();
  const serverLog = path.join(OUT, 'code-server.log');

  let server, ctx, page, exitCode = 1, interrupted = null;
  const cleanup = async () => {
    if (ctx) await ctx.close().catch(() => {});
    ctx = undefined;
    await stopServer(server);
    server = undefined;
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  let wake;
  const interruptedP = new Promise(resolve => { wake = resolve; });
  const onSignal = sig => { if (!interrupted) log(`${sig}: stopping`); interrupted = sig; wake(sig); };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, onSignal);
  try {
    let t = Date.now();
    server = await startServer({ port, extensionsDir: ext, userDataDir: data, folder: null, log: serverLog });
    log(`code-server ready on 127.0.0.1:${port} in ${Date.now() - t} ms (pid ${server.pid}, log ${path.relative(process.cwd(), serverLog)})`);
    const serverExit = new Promise(resolve => server.once('exit', (code, sig) => resolve(`code-server exited (${code ?? sig})`)));

    const auth = await remoteAuthority(port);
    const remote = p => `vscode-remote://${auth}${p}`;
    const payload = [...devPaths.map(p => ['extensionDevelopmentPath', remote(p)]),
      ['extensionTestsPath', remote(path.resolve(extensionTestsPath))]];

    t = Date.now();
    ctx = await launchBrowser(path.join(tmp, 'chromium-profile'));
    page = ctx.pages()[0] || await ctx.newPage();
    const done = new Promise(resolve => {
      // VS Code's web extension service calls window.codeAutomationExit(code, logs) when the runner finishes.
      void page.exposeFunction('codeAutomationExit', (code, logs) => {
        if (logs && logs.length) fs.writeFileSync(path.join(OUT, 'exttests-logs.json'), JSON.stringify(logs, null, 1));
        resolve(code);
      });
    });
    const consoleLines = [];
    // Keep the order of console messages although their text is read asynchronously.
    let chain = Promise.resolve();
    page.on('console', msg => {
      const text = consoleText(msg);
      chain = chain.then(async () => {
        const line = await text;
        consoleLines.push(`[${msg.type()}] ${line}`);
        if (!NOISE.test(line)) onLine(line);
      });
    });
    page.on('pageerror', e => consoleLines.push(`[pageerror] ${e.stack || e}`));
    const q = folder ? `folder=${encodeURIComponent(path.resolve(folder))}&` : 'ew=true&';
    const url = `http://127.0.0.1:${port}/?${q}payload=${encodeURIComponent(JSON.stringify(payload))}`;
    log(`opening the workbench: ${folder ? path.resolve(folder) : '(empty window)'}; tests ${path.resolve(extensionTestsPath)}`);
    await page.goto(url);
    const result = await Promise.race([done, serverExit, interruptedP, sleep(timeoutMs).then(() => `timed out after ${timeoutMs} ms`)]);
    await chain;
    fs.writeFileSync(path.join(OUT, 'browser-console.log'), consoleLines.join('\n') + '\n');
    if (typeof result === 'number') {
      exitCode = result;
      log(`extension tests finished with exit code ${exitCode} in ${Date.now() - t} ms (workbench + tests)`);
    } else {
      exitCode = interrupted ? 130 : 1;
      log(`extension tests did not finish: ${result}`);
    }
    if (exitCode !== 0 && !interrupted && page) {
      const shot = path.join(OUT, 'failure.png');
      await page.screenshot({ path: shot }).then(() => log(`screenshot: ${path.relative(process.cwd(), shot)}`), () => {});
      log(`logs: ${path.relative(process.cwd(), OUT)}/ (browser-console.log, code-server.log)`);
    }
  } finally {
    const blocked = ctx ? [...new Set(ctx.blocked)] : [];
    await cleanup();
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(s, onSignal);
    if (blocked.length) {
      log(`blocked ${blocked.length} external request(s):`);
      for (const u of blocked) console.log(`    ${u}`);
    } else {
      log('no external requests');
    }
  }
  return exitCode;
}
