#!/usr/bin/env bash
# Stops what deploy/local/start.sh started: SIGTERM to the API processes, then to the silos (each shuts down
# gracefully and leaves the cluster), SIGKILL only to one that has not exited within TEMPO_STOP_TIMEOUT seconds
# (default 150); then the throwaway PostgreSQL server start.sh created, if any (its data is deleted).
# Logs stay in deploy/local/.run/.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
run="$here/.run"
timeout=${TEMPO_STOP_TIMEOUT:-150}

say() { echo "stop.sh: $*"; }

[ -d "$run" ] || { say "nothing to stop"; exit 0; }

# The pid still names the dotnet process we started (not a recycled pid).
ours() {
  local pid=$1 dll=$2
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$dll"
}

# SIGTERM to every process of the group at once (they shut down in parallel), then wait for each.
stop_group() {
  local dll=$1
  shift
  local name pids=() names=()
  for name in "$@"; do
    local pid_file="$run/$name.pid"
    [ -f "$pid_file" ] || continue
    local pid
    pid=$(cat "$pid_file")
    if [ -n "$pid" ] && ours "$pid" "$dll"; then
      kill -TERM "$pid"
      pids+=("$pid")
      names+=("$name")
    else
      rm -f "$pid_file"
    fi
  done
  local i deadline=$((SECONDS + timeout))
  for i in "${!pids[@]}"; do
    while ours "${pids[$i]}" "$dll"; do
      if [ "$SECONDS" -ge "$deadline" ]; then
        say "${names[$i]} (pid ${pids[$i]}) did not exit within ${timeout} s of SIGTERM; killing it"
        kill -KILL "${pids[$i]}" 2>/dev/null
        sleep 1
        break
      fi
      sleep 0.5
    done
    say "stopped ${names[$i]} (pid ${pids[$i]})"
    rm -f "$run/${names[$i]}.pid"
  done
}

api_names=()
silo_names=()
for pid_file in "$run"/*.pid; do
  [ -e "$pid_file" ] || continue
  name=$(basename "$pid_file" .pid)
  case "$name" in
    api*) api_names+=("$name") ;;
    silo*) silo_names+=("$name") ;;
  esac
done

# APIs first (they are the silos' clients), then the silos.
[ "${#api_names[@]}" -eq 0 ] || stop_group Tempo.Api.dll "${api_names[@]}"
[ "${#silo_names[@]}" -eq 0 ] || stop_group Tempo.Silo.dll "${silo_names[@]}"

if [ -f "$run/postgres.dir" ]; then
  data=$(cat "$run/postgres.dir")
  bin=$(cat "$run/postgres.bin" 2>/dev/null || true)
  if [ -f "$data/postmaster.pid" ] && [ -x "$bin/pg_ctl" ]; then
    as=()
    [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
    "${as[@]}" "$bin/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null && say "stopped the throwaway PostgreSQL"
  fi
  case "$data" in
    /tmp/tempo-local-pg.*) rm -rf "$data" ;;
  esac
  rm -f "$run/postgres.dir" "$run/postgres.bin" "$run/postgres.pid" "$run/connection-string"
fi
exit 0
