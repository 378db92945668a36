#!/usr/bin/env bash
# Installs what the end-to-end tests need and nothing else: Debian's chromium (the browser window),
# ripgrep and libkrb5-dev (for code-server's install), and code-server into the git-ignored .ci-tools/.
# It is idempotent: every step checks first, so a second run takes a second or two.
# It must not touch the project's own dependencies (package.json, package-lock.json, node_modules).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.ci-tools"
CODE_SERVER_VERSION="4.100.3"
# code-server 4.100.3 bundles @vscode/ripgrep 1.15.11, whose postinstall downloads ripgrep v13.0.0-10
# from GitHub unless it finds this archive in its cache under $TMPDIR. GitHub is unreachable here.
RIPGREP_PACKAGE_VERSION="1.15.11"
RIPGREP_ARCHIVE="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
MARKER="$TOOLS/.installed-code-server-$CODE_SERVER_VERSION"

log() { printf '[install-e2e-tools] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# 1. Debian packages, only those that are missing.
missing=()
for package in libkrb5-dev chromium ripgrep; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt-get install: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update
  as_root apt-get install -y "${missing[@]}"
else
  log "Debian packages already installed (libkrb5-dev chromium ripgrep)"
fi
for tool in /usr/bin/chromium /usr/bin/rg; do
  [ -x "$tool" ] || { log "missing $tool after apt-get install"; exit 1; }
done

# 2. code-server, into .ci-tools/ (its own package.json, so npm never walks up to the project's).
# Its postinstall installs the bundled VS Code's own dependencies (native modules, ripgrep), so a
# complete install is checked by those files, not by the package alone.
code_server="$TOOLS/node_modules/code-server"
is_code_server_complete() {
  [ -f "$MARKER" ] &&
    [ -f "$code_server/out/node/entry.js" ] &&
    [ -x "$code_server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ] &&
    [ -f "$code_server/lib/vscode/node_modules/node-pty/build/Release/pty.node" ] &&
    [ -e "$code_server/lib/vscode/node_modules.asar" ]
}
if is_code_server_complete; then
  log "code-server $CODE_SERVER_VERSION already installed in .ci-tools/"
  exit 0
fi
if [ -d "$TOOLS/node_modules" ]; then
  log "removing an incomplete .ci-tools/node_modules"
  rm -rf "$TOOLS/node_modules" "$TOOLS/package-lock.json" "$MARKER"
fi

mkdir -p "$TOOLS/tmp"
# npm 11 asks projects to approve dependency install scripts; these two are code-server's own.
cat > "$TOOLS/package.json" <<JSON
{
  "name": "serverless-ward-ci-tools",
  "private": true,
  "allowScripts": {
    "code-server@$CODE_SERVER_VERSION": true,
    "argon2@0.31.2": true
  }
}
JSON

# The ripgrep cache trick: pack Debian's rg the way @vscode/ripgrep's release archives are packed.
export TMPDIR="$TOOLS/tmp"
ripgrep_cache="$TMPDIR/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION"
if [ ! -f "$ripgrep_cache/$RIPGREP_ARCHIVE" ]; then
  log "packing /usr/bin/rg into the @vscode/ripgrep cache"
  mkdir -p "$ripgrep_cache"
  tar -czf "$ripgrep_cache/$RIPGREP_ARCHIVE" -C /usr/bin rg
fi

log "npm install code-server@$CODE_SERVER_VERSION into .ci-tools/ (about 90 s with a cold cache)"
started=$SECONDS
# A postinstall runs `npx node-gyp` (needs npm_config_yes), and code-server's postinstall refuses to
# run as root without npm_config_unsafe_perm=true (npm 11 warns that it does not know the key: harmless).
# node-gyp must use the installed Node headers, because nodejs.org is unreachable.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi
(
  cd "$TOOLS"
  npm_config_yes=true npm_config_unsafe_perm=true \
    npm install --no-audit --no-fund --save-exact "code-server@$CODE_SERVER_VERSION"
)
touch "$MARKER"
is_code_server_complete || { rm -f "$MARKER"; log "code-server's install is incomplete (see the npm output above)"; exit 1; }
log "code-server installed in $((SECONDS - started)) s"
