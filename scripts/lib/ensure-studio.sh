# Installs the Elsa Studio package (npm @elsa-workflows/elsa-studio-wasm, pinned in studio/package.json)
# into studio/node_modules when it is missing. The server serves it at /studio (ChatArchive:Studio:PackagePath).
# Sourced by scripts/test.sh; usable alone: `source scripts/lib/ensure-studio.sh && ensure_studio`.
ensure_studio() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  local pkg="$root/studio/node_modules/@elsa-workflows/elsa-studio-wasm"
  if [ -f "$pkg/_framework/blazor.webassembly.js" ] && grep -q '"version": "3.8.2"' "$pkg/package.json" 2>/dev/null; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "[studio] npm is missing; installing Debian's nodejs and npm" >&2
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null 2>&1 \
      || { echo "[studio] could not install npm" >&2; return 1; }
  fi
  echo "[studio] installing @elsa-workflows/elsa-studio-wasm into studio/node_modules" >&2
  (cd "$root/studio" && npm install --no-audit --no-fund --loglevel=error >&2) || { echo "[studio] npm install failed" >&2; return 1; }
  [ -f "$pkg/_framework/blazor.webassembly.js" ]
}
