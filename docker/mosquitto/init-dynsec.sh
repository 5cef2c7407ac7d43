#!/bin/sh
# Creates Mosquitto's dynamic-security file on first start, with the server's account
# (MQTT_USERNAME / MQTT_PASSWORD) as its admin: the server then provisions every bridge itself.
# Without this file Mosquitto refuses every login. Used by docker/compose.yaml (before starting
# Mosquitto) and by the cluster test (test/e2e/cluster.e2e-spec.ts), so both run the same steps.
#   DYNSEC_FILE   where the file lives (default /mosquitto/data/dynamic-security.json)
#   MOSQUITTO_CONF  if set, Mosquitto is started with it once the file exists
set -eu
file="${DYNSEC_FILE:-/mosquitto/data/dynamic-security.json}"
: "${MQTT_USERNAME:?set MQTT_USERNAME (the server's MQTT account)}"
: "${MQTT_PASSWORD:?set MQTT_PASSWORD}"
if [ ! -s "$file" ]; then
  mkdir -p "$(dirname "$file")"
  # `init` gives this client the "admin" role: the dynsec control topic, and everything else.
  mosquitto_ctrl dynsec init "$file" "$MQTT_USERNAME" "$MQTT_PASSWORD" >/dev/null
  if id mosquitto >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then chown mosquitto:mosquitto "$file" "$(dirname "$file")"; fi
  echo "dynamic security initialised in $file, admin: $MQTT_USERNAME"
fi
if [ -n "${MOSQUITTO_CONF:-}" ]; then exec mosquitto -c "$MOSQUITTO_CONF"; fi
