#!/usr/bin/env bash
# Generates (or checks) the TypeORM migrations of both databases against fresh, migrated databases.
# usage: scripts/migrations.sh generate <Name> | scripts/migrations.sh check
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?generate NAME or check}
name=${2:-}
# Built into a private folder so that a concurrent `npm run build` cannot disturb it.
out=".migrations-build-$$"
tmp=$(mktemp -d)
npx tsc -p tsconfig.build.json --outDir "$out"
pgdb="fablab_migr_$$"
pgbase=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
psql "$pgbase" -qc "create database $pgdb" >/dev/null
trap 'rm -rf "$tmp" "$out"; psql "$pgbase" -qc "drop database if exists $pgdb" >/dev/null' EXIT
status=0
for driver in sqlite postgres; do
  if [ "$driver" = sqlite ]; then envs=(env -u DATABASE_URL DATA_DIR="$tmp"); else envs=(env DATABASE_URL="${pgbase%/*}/$pgdb"); fi
  "${envs[@]}" node node_modules/typeorm/cli.js migration:run -d "$out/src/data-source.js" >/dev/null
  if [ "$mode" = check ]; then
    "${envs[@]}" node node_modules/typeorm/cli.js migration:generate --check -d "$out/src/data-source.js" "migrations/$driver/Check" || status=1
  else
    "${envs[@]}" node node_modules/typeorm/cli.js migration:generate -d "$out/src/data-source.js" "migrations/$driver/${name:?name}" || true
  fi
done
exit $status
