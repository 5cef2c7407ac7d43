#!/usr/bin/env bash
# The whole test suite (README: `npm test`): types, import rules, migrations, unit, end-to-end on SQLite and
# PostgreSQL, browser tests, and the firmware-bridge's own suite. Needs PostgreSQL, Redis and
# Mosquitto on this machine (see .ci/run, which starts them).
set -uo pipefail
cd "$(dirname "$0")/.."
failed=0
passed=0
results=$(mktemp --suffix=.json)

step() { echo; echo "== $*"; }

step "types"
npx tsc --noEmit -p tsconfig.json || failed=$((failed + 1))

step "format and lint (Biome: biome.jsonc; \`npm run format\` fixes the layout)"
npm run --silent lint || failed=$((failed + 1))

step "import rules (docs/ARCHITECTURE.md): dependency-cruiser and the repository check"
npm run --silent lint:deps || failed=$((failed + 1))

step "migrations match the entities (both databases)"
bash scripts/migrations.sh check || failed=$((failed + 1))

if [ -d firmware-bridge ]; then
  step "build firmware-bridge (the server's end-to-end tests spawn the real bridge)"
  [ -d firmware-bridge/node_modules ] || (cd firmware-bridge && npm ci --no-audit --no-fund)
  (cd firmware-bridge && npx tsc -p tsconfig.json) || failed=$((failed + 1))
fi

# The bridge's own suite waits mostly on pseudo-terminals: it runs beside the server's, one worker,
# its output kept for after (the whole run must stay under CI's 20 minutes).
if [ -d firmware-bridge ] && [ $# -eq 0 ]; then
  fb_results=$(mktemp --suffix=.json)
  fb_log=$(mktemp --suffix=.log)
  # --forceExit: once its report is written, a handle left open (Jest says so in the log) must not
  # keep CI waiting; it did once, past the 20 minutes, after every test had passed.
  (cd firmware-bridge && npx jest --maxWorkers=1 --forceExit --json --outputFile="$fb_results") >"$fb_log" 2>&1 &
  fb_pid=$!
fi

# Files that spend most of their time waiting on real timers (a 60 s badge-out grace, leases, a
# killed instance, a real bridge on pseudo-terminals) run in a lane of their own beside the two
# main workers: on CI's 2 cores they overlap with the files that need the processors.
WAITING='test/e2e/(bridge-field|badge-out-grace|jobs-bridge|cluster|lease-restart)\.'
count() { # adds a Jest JSON report to the totals; a run that failed without a failed test counts once
  local file=$1 status=$2 p=0 f=0
  if [ -s "$file" ]; then
    read -r p f < <(node -e "const r=JSON.parse(require('fs').readFileSync('$file','utf8')); console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites)")
    passed=$((passed + p)); failed=$((failed + f))
  fi
  [ "$status" -ne 0 ] && [ "$f" -eq 0 ] && failed=$((failed + 1))
  return 0
}

if [ $# -eq 0 ]; then
  wait_results=$(mktemp --suffix=.json)
  wait_log=$(mktemp --suffix=.log)
  npx jest --maxWorkers=1 --selectProjects e2e-sqlite e2e-postgres --testPathPatterns "$WAITING" --json --outputFile="$wait_results" >"$wait_log" 2>&1 &
  wait_pid=$!
  step "jest: unit, e2e on SQLite and PostgreSQL, browser (the waiting files beside, reported after)"
  npx jest --maxWorkers=2 --testPathIgnorePatterns "$WAITING" --json --outputFile="$results"
  count "$results" $?
  step "jest: the files that wait on real timers"
  wait "$wait_pid"
  wait_status=$?
  cat "$wait_log"
  count "$wait_results" $wait_status
else
  step "jest: $*"
  npx jest --maxWorkers=2 --json --outputFile="$results" "$@"
  count "$results" $?
fi

if [ -d firmware-bridge ] && [ $# -eq 0 ]; then
  step "firmware-bridge"
  wait "$fb_pid"
  fb_status=$?
  cat "$fb_log"
  count "$fb_results" $fb_status
fi

echo
echo "tests: $passed passed, $failed failed"
[ $failed -eq 0 ]
