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
# The roles the server gives its own account at start (src/bridges/mosquitto-dynsec.ts, SERVER_ROLE;
# src/plugs/plugs.service.ts, SERVER_PLUGS_ROLE), given here already: otherwise the first instance
# adding one makes Mosquitto drop every connection of the account, and a replica starting at the
# same moment loses its own dynsec requests. Changing a role's ACLs disconnects its clients too, so
# both roles are written whole (plugServerRules() in src/plugs/plug-protocols.ts): the cluster
# test fails if an instance is ever disconnected, so a drift from the code shows there.
SERVER_ROLE_REF='{"rolename":"fablab-server","priority":10}, {"rolename":"fablab-server-plugs","priority":10}, '
SERVER_ROLE='{"rolename":"fablab-server","acls":[{"acltype":"publishClientSend","topic":"fablab/v1/#","allow":true},{"acltype":"publishClientReceive","topic":"fablab/v1/#","allow":true},{"acltype":"subscribePattern","topic":"fablab/v1/#","allow":true}]}, {"rolename":"fablab-server-plugs","acls":[{"acltype":"publishClientSend","topic":"+/rpc","allow":true},{"acltype":"publishClientSend","topic":"cmnd/+/POWER","allow":true},{"acltype":"subscribePattern","topic":"+/events/rpc","allow":true},{"acltype":"publishClientReceive","topic":"+/events/rpc","allow":true},{"acltype":"subscribePattern","topic":"+/online","allow":true},{"acltype":"publishClientReceive","topic":"+/online","allow":true},{"acltype":"subscribePattern","topic":"+/status/switch:0","allow":true},{"acltype":"publishClientReceive","topic":"+/status/switch:0","allow":true},{"acltype":"subscribePattern","topic":"stat/+/POWER","allow":true},{"acltype":"publishClientReceive","topic":"stat/+/POWER","allow":true},{"acltype":"subscribePattern","topic":"tele/+/SENSOR","allow":true},{"acltype":"publishClientReceive","topic":"tele/+/SENSOR","allow":true},{"acltype":"subscribePattern","topic":"tele/+/LWT","allow":true},{"acltype":"publishClientReceive","topic":"tele/+/LWT","allow":true},{"acltype":"subscribePattern","topic":"tele/+/STATE","allow":true},{"acltype":"publishClientReceive","topic":"tele/+/STATE","allow":true}]}, '

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
