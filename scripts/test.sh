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
# its output kept for after (the whole run stays well under CI's 20 minutes).
if [ -d firmware-bridge ] && [ $# -eq 0 ]; then
  fb_results=$(mktemp --suffix=.json)
  fb_log=$(mktemp --suffix=.log)
  (cd firmware-bridge && npx jest --maxWorkers=1 --json --outputFile="$fb_results") >"$fb_log" 2>&1 &
  fb_pid=$!
fi

step "jest: unit, e2e on SQLite and PostgreSQL, browser"
npx jest --maxWorkers=2 --json --outputFile="$results" "$@"
jest_status=$?
if [ -s "$results" ]; then
  read -r p f < <(node -e "const r=JSON.parse(require('fs').readFileSync('$results','utf8')); console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites)")
  passed=$((passed + p)); failed=$((failed + f))
fi
[ $jest_status -ne 0 ] && [ "${f:-0}" -eq 0 ] && failed=$((failed + 1))

if [ -d firmware-bridge ] && [ $# -eq 0 ]; then
  step "firmware-bridge"
  wait "$fb_pid"
  fb_status=$?
  cat "$fb_log"
  f=0
  if [ -s "$fb_results" ]; then
    read -r p f < <(node -e "const r=JSON.parse(require('fs').readFileSync('$fb_results','utf8')); console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites)")
    passed=$((passed + p)); failed=$((failed + f))
  fi
  [ $fb_status -ne 0 ] && [ "${f:-0}" -eq 0 ] && failed=$((failed + 1))
fi

echo
echo "tests: $passed passed, $failed failed"
[ $failed -eq 0 ]
