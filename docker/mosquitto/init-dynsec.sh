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
# The role the server gives its own account at start (src/bridges/mosquitto-dynsec.ts, SERVER_ROLE),
# given here already: otherwise the first instance adding it makes Mosquitto drop every connection
# of the account, and a replica starting at the same moment loses its own dynsec requests.
SERVER_ROLE_REF='{"rolename":"fablab-server","priority":10}, '
SERVER_ROLE='{"rolename":"fablab-server","acls":[{"acltype":"publishClientSend","topic":"fablab/v1/#","allow":true},{"acltype":"publishClientReceive","topic":"fablab/v1/#","allow":true},{"acltype":"subscribePattern","topic":"fablab/v1/#","allow":true}]}, '

if [ ! -s "$file" ]; then
  mkdir -p "$(dirname "$file")"
  # `init` gives this client the "admin" role: the dynsec control topic, and everything else.
  mosquitto_ctrl dynsec init "$file" "$MQTT_USERNAME" "$MQTT_PASSWORD" >/dev/null
  # The first "roles" list is the client's, the second the file's roles.
  awk -v ref="$SERVER_ROLE_REF" -v role="$SERVER_ROLE" '
    /"roles":[ \t]*\[\{$/ { n++; sub(/\[\{$/, "[" (n == 1 ? ref : role) "{") }
    { print }' "$file" > "$file.new"
  if [ "$(grep -c '"rolename":"fablab-server"' "$file.new")" = 2 ]; then
    mv "$file.new" "$file"
  else
    rm -f "$file.new"
    echo "note: the server's role could not be written in advance; the server adds it at its first start"
  fi
  if id mosquitto >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then chown mosquitto:mosquitto "$file" "$(dirname "$file")"; fi
  echo "dynamic security initialised in $file, admin: $MQTT_USERNAME"
fi
if [ -n "${MOSQUITTO_CONF:-}" ]; then exec mosquitto -c "$MOSQUITTO_CONF"; fi
