# Shared set-up steps for scripts/run and scripts/test. Source it from the project root.
# Everything PADUKO needs is installed by these files: a fresh Debian machine with Python 3.11
# and the package registries is enough.

VENV=".venv"
PY="$VENV/bin/python"
TOOLS="tools"
BUN_VERSION="1.4.4"   # Reflex 0.10.1 wants bun >= 1.4.4 (reflex_base/constants/installer.py)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

apt_install() {
  # Install Debian packages that are missing; apt-get update once per run.
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing Debian packages: ${missing[*]}"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if [ -z "${PADUKO_APT_UPDATED:-}" ]; then $sudo apt-get update -qq; export PADUKO_APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_venv() {
  local python="${PADUKO_PYTHON:-python3.11}"
  command -v "$python" >/dev/null 2>&1 || python=python3
  if [ ! -x "$PY" ]; then
    say "Creating the Python virtual environment ($($python --version))"
    "$python" -m venv "$VENV" || { apt_install python3-venv; "$python" -m venv "$VENV"; }
  fi
  # Reinstall only when the lock changed since the last install.
  local stamp="$VENV/.requirements.lock.sha"
  local want; want=$(sha256sum requirements.lock | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "Installing Python dependencies (requirements.lock)"
    "$PY" -m pip install -q --disable-pip-version-check -r requirements.lock
    echo "$want" > "$stamp"
  fi
}

_version_at_least() { # $1 have, $2 want (dotted)
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

ensure_js_runtime() {
  # Reflex builds its frontend with Bun >= 1.4.4 (or Node >= 22) and would otherwise download
  # Bun from the internet, which many government networks (and this one) cannot reach.
  # We always build with Bun, so the committed reflex.lock/bun.lock pins every frontend
  # package: a system Bun >= 1.4.4 if there is one, else Bun from the npm registry.
  export PATH="$PWD/$TOOLS/bun/node_modules/.bin:$PATH"
  if command -v bun >/dev/null 2>&1 && _version_at_least "$(bun --version)" "$BUN_VERSION"; then
    export REFLEX_USE_SYSTEM_BUN=1
    return 0
  fi
  command -v npm >/dev/null 2>&1 || apt_install npm
  say "Installing Bun $BUN_VERSION from the npm registry into $TOOLS/bun"
  mkdir -p "$TOOLS/bun"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS/bun" "bun@$BUN_VERSION" >/dev/null
  export REFLEX_USE_SYSTEM_BUN=1
}

compile_catalogues() {
  "$PY" -m paduko_app.i18n_catalogs compile
}

AXE_VERSION="4.14.1"
ensure_axe() {
  # axe-core for the accessibility tests, from the npm registry, pinned.
  if [ ! -f "$TOOLS/axe/node_modules/axe-core/axe.min.js" ] || \
     [ "$(node -p "require('./$TOOLS/axe/node_modules/axe-core/package.json').version" 2>/dev/null)" != "$AXE_VERSION" ]; then
    command -v npm >/dev/null 2>&1 || apt_install npm
    say "Installing axe-core $AXE_VERSION into $TOOLS/axe"
    mkdir -p "$TOOLS/axe"
    npm install --silent --no-audit --no-fund --prefix "$TOOLS/axe" "axe-core@$AXE_VERSION" >/dev/null
  fi
}

ensure_workbox() {
  # workbox-build generates the service worker after each production build (paduko_app/pwa).
  # Installed with the project's Bun from the committed lockfile (every package pinned).
  local dir="$TOOLS/workbox" src="paduko_app/pwa/workbox"
  if [ ! -d "$dir/node_modules/workbox-build" ] || ! cmp -s "$src/bun.lock" "$dir/bun.lock"; then
    say "Installing workbox-build into $dir"
    mkdir -p "$dir"
    cp "$src/package.json" "$src/bun.lock" "$dir/"
    (cd "$dir" && bun install --frozen-lockfile --silent >/dev/null)
  fi
}
