#!/bin/sh
# Builds the bundle a site admin installs on the Raspberry Pi: compiled dist/, production
# node_modules only (serialport ships prebuilt binaries for armv6, armv7, arm64 and x64, so
# nothing is compiled on the Pi), install.sh, the systemd unit and the example config.
#   npm run bundle            -> build/fablab-bridge-<version>.tgz
#   BUNDLE_OUT=/tmp/x npm run bundle
set -eu
cd "$(dirname "$0")/.."
version=$(node -p "require('./package.json').version")
out=${BUNDLE_OUT:-build}
name=fablab-bridge-$version
stage=$out/$name
rm -rf "$stage" "$out/$name.tgz"
mkdir -p "$stage/systemd"
# Compiled straight into the bundle: ./dist, which running tests use, is left alone.
npx tsc -p tsconfig.json --outDir "$stage/dist"
cp -R package.json package-lock.json README.md config.example.yaml install.sh "$stage/"
cp systemd/fablab-bridge.service "$stage/systemd/"
# A real copy, never hard links: npm prune rewrites node_modules/.package-lock.json in place.
cp -R node_modules "$stage/node_modules"
# Offline: the lockfile says which packages are for development only.
(cd "$stage" && npm prune --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null)
tar -czf "$out/$name.tgz" -C "$out" "$name"
rm -rf "$stage"
echo "$out/$name.tgz"
