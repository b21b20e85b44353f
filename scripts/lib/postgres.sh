# A throwaway PostgreSQL server on a free loopback port (never 5432), as DEPENDENCIES.md shows.
# Sets PG_PORT and PG_DATA; pg_throwaway_stop stops it and removes its data. PG_OPTIONS adds server options (the last of
# two -c of one setting wins: PG_OPTIONS="-c fsync=on" for a benchmark whose commits must cost what they cost).
PG_DATA=""; PG_PORT=""
pg_free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 30000 ))
    [ "$port" -eq 5432 ] && continue
    if ! (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}
pg_throwaway_start() {
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$bin/initdb" ] || { echo "[pg] no PostgreSQL server binaries found" >&2; return 1; }
  PG_DATA=$(mktemp -d /tmp/chatarchive-pg.XXXXXX)
  PG_PORT=$(pg_free_port) || return 1
  local as=(); [ "$(id -u)" -eq 0 ] && { chown postgres:postgres "$PG_DATA"; as=(runuser -u postgres --); }
  "${as[@]}" "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null 2>&1 || { echo "[pg] initdb failed" >&2; return 1; }
  "${as[@]}" "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w \
    -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=1000 -c shared_buffers=256MB ${PG_OPTIONS:-}" start >/dev/null \
    || { echo "[pg] start failed: $(tail -5 "$PG_DATA/server.log")" >&2; return 1; }
  PG_BIN="$bin"
}
pg_throwaway_stop() {
  [ -n "$PG_DATA" ] && [ -d "$PG_DATA" ] || return 0
  local as=(); [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DATA"; PG_DATA=""
}
