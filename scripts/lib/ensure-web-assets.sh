# Installs the web application's npm packages (pinned in web/package.json: Rijkshuisstijl community CSS and design
# tokens of NL Design System, htmx, axe-core for the browser tests) into web/node_modules when they are missing.
# The server serves web/ at /assets (ChatArchive:Web:AssetsFolder). Sourced by scripts/test.sh and scripts/run.sh;
# usable alone: `source scripts/lib/ensure-web-assets.sh && ensure_web_assets`.
ensure_web_assets() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  local nm="$root/web/node_modules"
  if [ -f "$nm/@rijkshuisstijl-community/components-css/package.json" ] && [ -f "$nm/htmx.org/package.json" ] \
     && [ -f "$nm/axe-core/axe.min.js" ] && grep -q '"version": "12.0.0"' "$nm/@rijkshuisstijl-community/components-css/package.json" 2>/dev/null; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "[web] npm is missing; installing Debian's nodejs and npm" >&2
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null 2>&1 \
      || { echo "[web] could not install npm" >&2; return 1; }
  fi
  echo "[web] installing the web application's packages into web/node_modules" >&2
  (cd "$root/web" && npm install --no-audit --no-fund --loglevel=error >&2) || { echo "[web] npm install failed" >&2; return 1; }
  [ -f "$nm/@rijkshuisstijl-community/components-css/package.json" ]
}
