#!/usr/bin/env bash
# Offline-friendly install of code-server 4.96.4 (VS Code 1.96.4 server + web workbench)
# from the npm registry only (no GitHub access needed), plus Chromium for headless e2e.
#
# Usage:  PREFIX=.vscode-host bash setup.sh
# Idempotent: re-running skips finished steps (markers live in $PREFIX/.setup-*).
set -euo pipefail

PREFIX="$(realpath -m "${PREFIX:-$(dirname "$0")/../.vscode-host}")"
CS_VERSION="${CS_VERSION:-4.96.4}"
t0=$(date +%s)
step() { echo "[setup +$(( $(date +%s) - t0 ))s] $*"; }

# ---------------------------------------------------------------- 1. system packages
need_apt=()
for p in chromium ripgrep libkrb5-dev python3 make g++ pkg-config; do
  dpkg -s "$p" >/dev/null 2>&1 || need_apt+=("$p")
done
if [ "${#need_apt[@]}" -gt 0 ]; then
  step "apt-get install ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

# node-gyp must not try to download headers from nodejs.org
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node_version.h ]; then
  export npm_config_nodedir=/usr
fi
# prebuild-install (kerberos) would try GitHub first; go straight to node-gyp
export npm_config_build_from_source=true
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

mkdir -p "$PREFIX"
cd "$PREFIX"

# ---------------------------------------------------------------- 2. code-server package (no scripts)
if [ ! -f .setup-cs-fetched ]; then
  step "npm install --ignore-scripts code-server@$CS_VERSION"
  [ -f package.json ] || echo '{"name":"cs-host","private":true}' > package.json
  npm install --ignore-scripts --omit=dev "code-server@$CS_VERSION"
  step "build code-server's own native dep (argon2, node-pre-gyp -> node-gyp)"
  npm rebuild --foreground-scripts argon2
  touch .setup-cs-fetched
fi

CS="$PREFIX/node_modules/code-server"
VS="$CS/lib/vscode"

# ---------------------------------------------------------------- 3. VS Code server deps
if [ ! -f .setup-vscode-deps ]; then
  step "patch shrinkwrap: @vscode/proxy-agent git+ssh -> registry tarball (same integrity)"
  sed -i 's#"resolved": "git+ssh://git@github.com/microsoft/vscode-proxy-agent.git\#[0-9a-f]*"#"resolved": "https://registry.npmjs.org/@vscode/proxy-agent/-/proxy-agent-0.27.0.tgz"#' \
    "$VS/npm-shrinkwrap.json"
  grep -q 'git+ssh' "$VS/npm-shrinkwrap.json" && { echo "shrinkwrap still has git deps"; exit 1; }

  step "npm install (lib/vscode, --ignore-scripts)"
  (cd "$VS" && npm install --omit=dev --ignore-scripts)

  step "build native modules with node-gyp"
  (cd "$VS" && npm rebuild --foreground-scripts \
      @parcel/watcher @vscode/spdlog @vscode/deviceid kerberos native-watchdog node-pty)

  step "ripgrep: use Debian's /usr/bin/rg instead of GitHub download"
  mkdir -p "$VS/node_modules/@vscode/ripgrep/bin"
  ln -sf /usr/bin/rg "$VS/node_modules/@vscode/ripgrep/bin/rg"

  step "symlinks normally made by code-server's postinstall.sh"
  (cd "$VS" && rm -rf node_modules.asar && ln -s node_modules node_modules.asar)
  (cd "$VS/bin/remote-cli" && rm -f code-server && ln -s code-linux.sh code-server)
  (cd "$VS/bin/helpers" && rm -f browser.sh && ln -s browser-linux.sh browser.sh)
  touch .setup-vscode-deps
fi

# ---------------------------------------------------------------- 4. built-in extensions' shared deps
if [ ! -f .setup-ext-deps ]; then
  step "npm install (lib/vscode/extensions)"
  (cd "$VS/extensions" && npm install --omit=dev)
  touch .setup-ext-deps
fi

# ---------------------------------------------------------------- 5. e2e driver deps
if [ ! -f .setup-e2e-deps ]; then
  step "npm install playwright-core (driver only, uses /usr/bin/chromium)"
  npm install --ignore-scripts playwright-core@1
  touch .setup-e2e-deps
fi

step "smoke: native modules load"
(cd "$VS" && node --input-type=module -e "
import { createRequire } from 'module'; const require = createRequire(process.cwd() + '/');
for (const m of ['node-pty','@vscode/spdlog','@parcel/watcher','native-watchdog','kerberos','@vscode/deviceid']) { require(m); }
console.log('native modules OK');")
"$CS/out/node/entry.js" --version
step "done. code-server: $CS/out/node/entry.js  ($(du -sh "$PREFIX" | cut -f1))"
