#!/usr/bin/env bash
# What the token gate costs, in one command (issue 8). Not part of ./test.sh.
#
#   bench/run-gate.sh                 # everything: http, lifecycle, memory, micro (about 15 minutes)
#   bench/run-gate.sh http [--rounds 5 --seconds 10 --warmup 60 --connections 16 --client-mode true|false]
#                                 [--oauth true|false]   # case O: an OAuth access token next to A (issue 21)
#   bench/run-gate.sh lifecycle [--storage memory|postgres|both]   # default both: in memory, then on PostgreSQL
#   bench/run-gate.sh memory | micro
#   bench/run-gate.sh writes [--stored 10000,1000000 --warmup 30 --rounds 3 --seconds 10 --connections 16 --gc-events true]
#                            [--storage memory|postgres|both --pg-stored 10000 --pg-connections 8,16 --batching off,on]
#                                 # issue 18: worklog creates/bulk/updates/deletes by wrk against an API process
#                                 # (in memory: pinned as below; on PostgreSQL: the API process on every CPU);
#                                 # not part of `all` (about 10 minutes at the defaults, most of it seeding 1,000,000)
#
# Builds the API and the benchmarks in Release, installs wrk (Debian package) when missing and run as root, and
# splits the CPUs: the load generator and the benchmark driver on the first half, the API processes on the second
# (taskset), so client and servers do not compete for a core. The lifecycle part on PostgreSQL starts a throwaway
# server from /usr/lib/postgresql/*/bin (or TEMPO_PG_BIN; as root it runs as the postgres user) with PostgreSQL's
# default durability, unpinned (every CPU), and removes it afterwards. The figures are also written to .tmp/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-all}"
if [[ $# -gt 0 ]]; then shift; fi

if ! command -v wrk >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  else
    echo "run-gate: wrk is missing: install the Debian package 'wrk' (apt-get install wrk)" >&2
    exit 2
  fi
fi

echo "run-gate: building in Release..." >&2
dotnet build -c Release -v q -nologo Api/Api.csproj >/dev/null
if [[ "$mode" != writes ]]; then
  dotnet build -c Release -v q -nologo Silo/Silo.csproj >/dev/null   # the client-mode case runs a silo process
fi
dotnet build -c Release -v q -nologo bench/Gate.Bench/Gate.Bench.csproj >/dev/null
if [[ "$mode" != writes ]]; then
  dotnet build -c Release -v q -nologo bench/Gate.Micro/Gate.Micro.csproj >/dev/null
fi

api="$PWD/Api/bin/Release/net10.0/Tempo.Api.dll"
gate="$PWD/bench/Gate.Bench/bin/Release/net10.0/Tempo.Bench.Gate.dll"
micro="$PWD/bench/Gate.Micro/bin/Release/net10.0/Tempo.Bench.Micro.dll"

cores=$(nproc)
pin_client=()
server_args=()
threads=1
if [[ $cores -ge 2 ]] && command -v taskset >/dev/null; then
  half=$((cores / 2))
  pin_client=(taskset -c "0-$((half - 1))")
  server_args=(--server-cpus "$half-$((cores - 1))")
  threads=$half
fi

mkdir -p .tmp/bench
out=".tmp/bench/gate-$(date -u +%Y%m%dT%H%M%SZ).md"

run_pinned() { "${pin_client[@]}" dotnet "$gate" "$1" --api "$api" "${server_args[@]}" --threads "$threads" "${@:2}"; }

{
  case "$mode" in
    http|lifecycle|writes) run_pinned "$mode" "$@" ;;
    memory) dotnet "$gate" memory --api "$api" "$@" ;;
    micro) dotnet "$micro" "$@" ;;
    all)
      run_pinned http "$@"
      run_pinned lifecycle
      dotnet "$gate" memory --api "$api"
      dotnet "$micro"
      ;;
    *) echo "run-gate: unknown mode '$mode': http, lifecycle, writes, memory, micro or all" >&2; exit 2 ;;
  esac
} 2>&1 | tee "$out"
echo "run-gate: figures saved in $out" >&2
