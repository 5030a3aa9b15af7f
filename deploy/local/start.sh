#!/usr/bin/env bash
# Starts the production topology as plain processes on this machine: (a throwaway PostgreSQL,) the schema
# migration, three silos and two API processes (Tempo__Mode=Client) in one cluster. Stop it with stop.sh.
#
#   deploy/local/start.sh
#
# Environment (all optional):
#   TEMPO_PG                        Npgsql connection string of an existing database. Unset: a throwaway PostgreSQL
#                                   server from /usr/lib/postgresql/*/bin on a free loopback port (stop.sh deletes it).
#   TEMPO_TOKENS_HASH_KEY           Tokens:HashKey for the APIs (base64 of >= 32 bytes). Unset: the one saved in
#                                   .run/tokens-hash-key, else a new random key (saved there and printed).
#   TEMPO_AUTHENTICATION_AUTHORITY  OpenID Connect issuer of the management API (default: a placeholder URL).
#   TEMPO_AUTHENTICATION_AUDIENCE   Its audience (default: tempo-orleans).
#   TEMPO_CONFIGURATION             Build configuration to run (default: Release; built when missing).
#   TEMPO_BUILD=1                   Build even when the outputs exist.
#   TEMPO_PORT_OFFSET               Added to every port below (default 0), to run beside something that holds them.
#
# Ports (loopback): silos 11111-11113 (silo-to-silo), 30000-30002 (gateways), HTTP 8091-8093; APIs HTTP 8080, 8081.
# Logs and pid files: deploy/local/.run/.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
run="$here/.run"
configuration=${TEMPO_CONFIGURATION:-Release}
silo_dir="$root/Silo/bin/$configuration/net10.0"
api_dir="$root/Api/bin/$configuration/net10.0"
cluster_id=tempo-local
service_id=tempo-orleans
silo_count=3
offset=${TEMPO_PORT_OFFSET:-0}
[[ "$offset" =~ ^[0-9]+$ ]] || { echo "start.sh: TEMPO_PORT_OFFSET must be a number" >&2; exit 1; }
silo_port() { echo $((11110 + offset + $1)); }
gateway_port() { echo $((29999 + offset + $1)); }
silo_http_port() { echo $((8090 + offset + $1)); }
api_ports=($((8080 + offset)) $((8081 + offset)))

say() { echo "start.sh: $*"; }
fail() { echo "start.sh: $*" >&2; exit 1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A process we started and recorded is still running (the pid still belongs to a dotnet/postgres process of ours).
running() {
  local pid_file=$1
  [ -f "$pid_file" ] || return 1
  local pid
  pid=$(cat "$pid_file")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

mkdir -p "$run"
for pid_file in "$run"/*.pid; do
  [ -e "$pid_file" ] || continue
  if running "$pid_file"; then
    fail "$(basename "$pid_file" .pid) is already running (pid $(cat "$pid_file")); run deploy/local/stop.sh first"
  fi
  rm -f "$pid_file"
done

ports=()
for i in $(seq 1 "$silo_count"); do
  ports+=("$(silo_port "$i")" "$(gateway_port "$i")" "$(silo_http_port "$i")")
done
ports+=("${api_ports[@]}")
for port in "${ports[@]}"; do
  if port_in_use "$port"; then
    fail "port $port on 127.0.0.1 is in use; stop what runs there, or shift every port with TEMPO_PORT_OFFSET (e.g. TEMPO_PORT_OFFSET=100)"
  fi
done

command -v dotnet >/dev/null || fail "dotnet is not on PATH; install the .NET 10 SDK"
if [ "${TEMPO_BUILD:-0}" = 1 ] || [ ! -f "$silo_dir/Tempo.Silo.dll" ] || [ ! -f "$api_dir/Tempo.Api.dll" ]; then
  say "building Silo and Api ($configuration)"
  dotnet build "$root/Silo/Silo.csproj" -c "$configuration" -nologo -v quiet
  dotnet build "$root/Api/Api.csproj" -c "$configuration" -nologo -v quiet
fi

# Everything below undoes itself when a step fails: stop.sh stops whatever has a pid file so far.
trap 'status=$?; if [ "$status" -ne 0 ]; then echo "start.sh: failed; stopping what started" >&2; "$here/stop.sh" >&2 || true; fi' EXIT

start_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ] || [ ! -x "$bin/pg_ctl" ]; then
    fail "TEMPO_PG is not set and no PostgreSQL server binaries (initdb, pg_ctl) are under /usr/lib/postgresql/*/bin; install them (apt-get install postgresql) or set TEMPO_PG to a connection string"
  fi

  local port
  for port in $(seq 54320 54420); do
    port_in_use "$port" || break
  done
  port_in_use "$port" && fail "no free loopback port in 54320-54420 for PostgreSQL"

  # Outside the repository, so the postgres user can reach it when we run as root.
  local data
  data=$(mktemp -d /tmp/tempo-local-pg.XXXXXX)
  echo "$data" >"$run/postgres.dir"
  echo "$bin" >"$run/postgres.bin"
  local as=()
  if [ "$(id -u)" -eq 0 ]; then
    # initdb refuses to run as root.
    id postgres >/dev/null 2>&1 || fail "running as root needs the postgres user for initdb (it comes with the postgresql package)"
    chown postgres "$data"
    as=(runuser -u postgres --)
  fi

  say "starting a throwaway PostgreSQL ($bin) on 127.0.0.1:$port, data in $data"
  "${as[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-sync >"$run/postgres-initdb.log" 2>&1 \
    || fail "initdb failed; see $run/postgres-initdb.log"
  "${as[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c min_wal_size=1GB" start >"$run/postgres-start.log" 2>&1 \
    || fail "pg_ctl start failed; see $run/postgres-start.log and $data/server.log"
  head -n 1 "$data/postmaster.pid" >"$run/postgres.pid"
  "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres tempo || fail "createdb tempo failed"
  TEMPO_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=tempo"
  # No password (trust on loopback): safe to keep for psql and tools while it runs.
  echo "$TEMPO_PG" >"$run/connection-string"
}

if [ -z "${TEMPO_PG:-}" ]; then
  start_postgres
fi

if [ -z "${TEMPO_TOKENS_HASH_KEY:-}" ]; then
  if [ -s "$run/tokens-hash-key" ]; then
    TEMPO_TOKENS_HASH_KEY=$(cat "$run/tokens-hash-key")
    say "Tokens__HashKey from $run/tokens-hash-key"
  else
    TEMPO_TOKENS_HASH_KEY=$(head -c 32 /dev/urandom | base64)
    (umask 077 && echo "$TEMPO_TOKENS_HASH_KEY" >"$run/tokens-hash-key")
    say "generated Tokens__HashKey=$TEMPO_TOKENS_HASH_KEY (saved in $run/tokens-hash-key; set TEMPO_TOKENS_HASH_KEY to choose one)"
  fi
fi
authority=${TEMPO_AUTHENTICATION_AUTHORITY:-https://login.example.invalid/tempo}
[ -n "${TEMPO_AUTHENTICATION_AUTHORITY:-}" ] || say "Authentication__Authority=$authority is a placeholder: set TEMPO_AUTHENTICATION_AUTHORITY so users can sign in to the management API"

# Shared by every process of this cluster.
export ConnectionStrings__Orleans="$TEMPO_PG"
export Tempo__ClusterId="$cluster_id"
export Tempo__ServiceId="$service_id"
export ASPNETCORE_ENVIRONMENT=Production

say "migrating the database"
(cd "$silo_dir" && dotnet Tempo.Silo.dll migrate) >"$run/migrate.log" 2>&1 || { cat "$run/migrate.log" >&2; fail "migrate failed; see $run/migrate.log"; }
sed 's/^/  /' "$run/migrate.log"

# Runs a program in the background from its output folder (its content root), logging to .run/NAME.log.
launch() {
  local name=$1 dir=$2 dll=$3
  shift 3
  (cd "$dir" && exec env "$@" nohup dotnet "$dll" >"$run/$name.log" 2>&1 </dev/null) &
  echo $! >"$run/$name.pid"
}

wait_ready() {
  local name=$1 port=$2 deadline=$((SECONDS + 120))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/health/ready" || true)" = 200 ]; do
    if ! running "$run/$name.pid"; then
      tail -n 20 "$run/$name.log" >&2 || true
      fail "$name exited before it was ready; see $run/$name.log"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 20 "$run/$name.log" >&2 || true
      fail "$name was not ready on http://127.0.0.1:$port/health/ready within 120 s; see $run/$name.log"
    fi
    sleep 1
  done
  say "$name ready on http://127.0.0.1:$port (pid $(cat "$run/$name.pid"))"
}

for i in $(seq 1 "$silo_count"); do
  launch "silo$i" "$silo_dir" Tempo.Silo.dll \
    ASPNETCORE_URLS="http://127.0.0.1:$(silo_http_port "$i")" \
    Tempo__Clustering=AdoNet Tempo__GrainStorage=AdoNet Tempo__Reminders=AdoNet \
    Tempo__SiloPort="$(silo_port "$i")" Tempo__GatewayPort="$(gateway_port "$i")" Tempo__AdvertisedIP=127.0.0.1 \
    DOTNET_SHUTDOWNTIMEOUTSECONDS=120 DOTNET_TC_DelaySingleProcMultiplier=1 DOTNET_GCgen0size=0x1000000
done
for i in $(seq 1 "$silo_count"); do
  wait_ready "silo$i" "$(silo_http_port "$i")"
done

for i in "${!api_ports[@]}"; do
  launch "api$((i + 1))" "$api_dir" Tempo.Api.dll \
    ASPNETCORE_URLS="http://127.0.0.1:${api_ports[$i]}" \
    Tempo__Mode=Client Tokens__HashKey="$TEMPO_TOKENS_HASH_KEY" \
    Authentication__Authority="$authority" Authentication__Audience="${TEMPO_AUTHENTICATION_AUDIENCE:-tempo-orleans}" \
    DevSignIn__Enabled=false Api__PublicBaseUrl="http://127.0.0.1:${api_ports[$i]}" \
    DOTNET_TC_DelaySingleProcMultiplier=1 DOTNET_GCgen0size=0x1000000
done
for i in "${!api_ports[@]}"; do
  wait_ready "api$((i + 1))" "${api_ports[$i]}"
done

say "running: APIs on http://127.0.0.1:${api_ports[0]} and http://127.0.0.1:${api_ports[1]}; logs in $run; stop with deploy/local/stop.sh"
if [ -f "$run/connection-string" ]; then
  say "throwaway PostgreSQL (stop.sh deletes it): $TEMPO_PG"
fi
