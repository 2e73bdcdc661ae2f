// The local VS Code that `npm start` and the extension tests use: code-server 4.96.4 (VS Code 1.96.4's server,
// the web workbench and the real Node extension host), installed by scripts/host-setup.sh into .vscode-host/.
// Everything here stays on 127.0.0.1: the extension gallery points at a dead local port and the server is
// started with telemetry and update checks off.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const HOST_DIR = path.resolve(process.env.LR_LENS_HOST_DIR || path.join(ROOT, '.vscode-host'));
export const CS_ENTRY = path.join(HOST_DIR, 'node_modules/code-server/out/node/entry.js');

export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

export function assertHostInstalled() {
  if (!fs.existsSync(CS_ENTRY) || !fs.existsSync(path.join(HOST_DIR, '.setup-ext-deps'))) {
    throw new Error(`code-server is not installed in ${HOST_DIR}; run \`bash scripts/host-setup.sh\` first`);
  }
}

// A dead local URL: the server-side extension gallery never reaches the network.
const DEAD = 'http://127.0.0.1:9';
export const SERVER_ENV = {
  ...process.env,
  EXTENSIONS_GALLERY: JSON.stringify({
    serviceUrl: `${DEAD}/gallery`, itemUrl: `${DEAD}/item`,
    resourceUrlTemplate: `${DEAD}/res/{publisher}/{name}/{version}/{path}`,
  }),
  VSCODE_PROXY_URI: '',
};
// Started through npm, the server would hand npm's environment (npm_config_*, a node_modules/.bin PATH)
// to the extension host and its terminals; drop the npm_* variables.
for (const k of Object.keys(SERVER_ENV)) if (k.startsWith('npm_')) delete SERVER_ENV[k];

export const SETTINGS = {
  'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
  'extensions.autoUpdate': false, 'extensions.autoCheckUpdates': false, 'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false, 'workbench.tips.enabled': false, 'security.workspace.trust.enabled': false,
  'git.enabled': false, 'npm.fetchOnlinePackageInfo': false, 'json.schemaDownload.enable': false,
  'workbench.editor.enablePreview': false, 'chat.commandCenter.enabled': false,
};

/** Writes User/settings.json into a user-data dir unless one is there already. */
export function ensureUserSettings(userDataDir, extra = {}) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  if (fs.existsSync(file)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...SETTINGS, ...extra }, null, 1) + '\n');
}

function listen(port) {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(port, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

/** `preferred` if it is free on 127.0.0.1, otherwise (or without one) a free port the OS picks. */
export async function freePort(preferred) {
  if (preferred) { try { return await listen(preferred); } catch { /* taken: fall back */ } }
  return listen(0);
}

/**
 * Starts code-server in its own process group (so that stopServer() also ends the extension host, file
 * watcher and terminals it spawns) and resolves once /healthz answers.
 * `log`: a file path that gets the server's stdout+stderr, or 'inherit'.
 */
export async function startServer({ port, extensionsDir, userDataDir, folder, log, extraArgs = [], timeoutMs = 60000 }) {
  assertHostInstalled();
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.mkdirSync(userDataDir, { recursive: true });
  // --config: an empty config file of our own, so ~/.config/code-server/config.yaml (password, bind address)
  // plays no part.
  const config = path.join(userDataDir, 'code-server.yaml');
  if (!fs.existsSync(config)) fs.writeFileSync(config, 'auth: none\n');
  const args = [CS_ENTRY, '--config', config, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--disable-proxy', '--ignore-last-opened', '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir,
    ...extraArgs, ...(folder ? [folder] : [])];
  const proc = spawn(process.execPath, args, {
    env: SERVER_ENV, detached: true, stdio: ['ignore', log === 'inherit' ? 'inherit' : 'pipe', log === 'inherit' ? 'inherit' : 'pipe'],
  });
  if (log && log !== 'inherit') {
    fs.mkdirSync(path.dirname(log), { recursive: true });
    const out = fs.createWriteStream(log);
    proc.stdout.pipe(out);
    proc.stderr.pipe(out);
  }
  let exited = null;
  proc.on('exit', (code, signal) => { exited = code ?? signal; });
  const end = Date.now() + timeoutMs;
  for (;;) {
    try { const r = await fetch(`http://127.0.0.1:${port}/healthz`); if (r.ok) break; } catch { /* not up yet */ }
    if (exited !== null) throw new Error(`code-server exited (${exited}) before it was ready${log && log !== 'inherit' ? `; see ${log}` : ''}`);
    if (Date.now() > end) { await stopServer(proc); throw new Error(`code-server did not answer on 127.0.0.1:${port} within ${timeoutMs} ms`); }
    await sleep(100);
  }
  return proc;
}

/** Ends code-server's whole process group: SIGTERM, up to 5 s of grace, then SIGKILL. */
export async function stopServer(proc) {
  if (!proc || !proc.pid) return;
  const group = sig => { try { process.kill(-proc.pid, sig); return true; } catch { return false; } };
  if (!group('SIGTERM')) return;
  for (let i = 0; i < 50 && group(0); i++) await sleep(100);
  group('SIGKILL');
}

/** The remote authority the workbench uses for this server (needed to build vscode-remote:// URIs). */
export async function remoteAuthority(port) {
  const html = await (await fetch(`http://127.0.0.1:${port}/`)).text();
  const m = html.match(/id="vscode-workbench-web-configuration" data-settings="([^"]*)"/);
  if (!m) throw new Error('could not read the workbench configuration from code-server');
  const cfg = JSON.parse(m[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
  return cfg.remoteAuthority;
}
