#!/usr/bin/env bash
# Runs every test of Tempo.Orleans. Sets up what the tests need first (when run as root on a fresh Debian
# machine it installs missing packages with apt-get), then builds and runs all test projects and ends with
# one line: "N passed, N failed". Exits non-zero on any failure or when no test ran.
set -euo pipefail
cd "$(dirname "$0")"

results_dir=".tmp/test-results"
rm -rf "$results_dir"
mkdir -p "$results_dir"

# Debian packages the tests use, by the command that must exist afterwards.
ensure_packages() {
  [ "$#" -gt 0 ] || return 0
  local missing=()
  local pair
  for pair in "$@"; do
    local command="${pair%%=*}" package="${pair##*=}"
    if ! command -v "$command" >/dev/null 2>&1 && [ ! -x "$command" ]; then
      missing+=("$package")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: missing packages: ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root" >&2
    exit 2
  fi
  echo "test.sh: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# command=package pairs; grows as the suites need more.
required_packages=(/usr/bin/chromium=chromium npm=npm)
# PostgreSQL server binaries (initdb, pg_ctl) live in a versioned folder, not on PATH.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  required_packages+=("/usr/lib/postgresql/none/bin/initdb=postgresql")
fi
ensure_packages "${required_packages[@]}"

# axe-core for the browser tests' accessibility checks, from the npm registry into .tmp/ (never committed).
axe_version=4.14.1
if [ ! -f .tmp/axe/node_modules/axe-core/axe.min.js ]; then
  npm install --prefix .tmp/axe --no-audit --no-fund --silent "axe-core@$axe_version"
fi

dotnet build Tempo.Orleans.sln -c Debug -nologo -v quiet -warnaserror

status=0
aborted=()
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  # A test that runs 10 minutes is hung: the run is stopped and names it (no dump is written).
  rc=0
  dotnet test "$project" -c Debug --no-build -nologo \
    --blame-hang-timeout 10m --blame-hang-dump-type none \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results_dir" \
    -- RunConfiguration.TreatNoTestsAsError=true || rc=$?
  if [ "$rc" -ne 0 ]; then
    status=$rc
    aborted+=("$name")
  fi
done

passed=0
failed=0
for trx in "$results_dir"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

# A project whose run failed without a failing test in its results (a hung or crashed test host) counts as one failure.
for name in "${aborted[@]}"; do
  trx="$results_dir/$name.trx"
  f=0
  if [ -e "$trx" ]; then
    f=$(grep -o '<Counters [^>]*>' "$trx" | head -1 | sed -n 's/.* failed="\([0-9]*\)".*/\1/p' || true)
  fi
  if [ "${f:-0}" -eq 0 ]; then
    echo "test.sh: $name's run failed without a failing test (aborted, hung or crashed host): counted as one failure" >&2
    failed=$((failed + 1))
  fi
done

if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  status=1
fi
echo "$passed passed, $failed failed"
if [ "$failed" -ne 0 ]; then
  exit 1
fi
exit "$status"
