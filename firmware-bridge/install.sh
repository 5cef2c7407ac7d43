#!/bin/sh
# Installe (ou met à jour) la passerelle fab lab depuis le paquet décompressé où se trouve ce
# script. À lancer en root sur le Raspberry Pi :
#   sudo ./install.sh                  première installation
#   sudo ./install.sh --update         mise à jour : attend la fin des travaux en cours
#   sudo ./install.sh --update --force mise à jour sans attendre (les travaux en cours échouent)
# Options pour les tests et les installations à part :
#   --root DIR     installe sous DIR (DIR/opt/fablab-bridge, DIR/etc/fablab-bridge, …)
#   --no-system    ni utilisateur, ni groupe, ni systemctl (implicite hors root ou sans systemd)
#   --service      pilote quand même le service par systemctl (conteneur, tests ; sans comptes)
# Variables : FABLAB_BRIDGE_USER, FABLAB_BRIDGE_GROUP (défaut fablab), NODE (chemin de node).
set -eu

NODE_MIN_MAJOR=20
NODE_MIN_MINOR=19
SERVICE=fablab-bridge

src=$(cd "$(dirname "$0")" && pwd)
root=
update=no
force=no
system=auto
service=auto
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root=${2%/}; shift 2 ;;
    --update) update=yes; shift ;;
    --force) force=yes; shift ;;
    --no-system) system=no; shift ;;
    --service) service=yes; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "option inconnue : $1 (voir --help)" >&2; exit 2 ;;
  esac
done

user=${FABLAB_BRIDGE_USER:-fablab}
group=${FABLAB_BRIDGE_GROUP:-fablab}
app=$root/opt/fablab-bridge
etc=$root/etc/fablab-bridge
data=$root/var/lib/fablab-bridge
unit=$root/etc/systemd/system/$SERVICE.service

say() { printf '%s\n' "$*"; }
fail() { printf 'ERREUR : %s\n' "$*" >&2; exit 1; }

if [ "$system" = auto ]; then
  if [ "$(id -u)" -eq 0 ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    system=yes
  else
    system=no
    [ "$service" = yes ] || say "Ni root ni systemd : pas de création d'utilisateur ni de service (fichiers seulement)."
  fi
fi
# $system: accounts (user, groups); $service: systemctl. Both follow --no-system unless --service.
[ "$service" = yes ] || service=$system

# --- Node.js ---------------------------------------------------------------------------------
node=${NODE:-$(command -v node || true)}
[ -n "$node" ] && [ -x "$node" ] || fail "Node.js introuvable. Il faut Node.js >= $NODE_MIN_MAJOR.$NODE_MIN_MINOR (voir README.md, « Node.js sur le Raspberry Pi »)."
version=$("$node" -p 'process.versions.node')
major=${version%%.*}
rest=${version#*.}
minor=${rest%%.*}
if [ "$major" -lt "$NODE_MIN_MAJOR" ] || { [ "$major" -eq "$NODE_MIN_MAJOR" ] && [ "$minor" -lt "$NODE_MIN_MINOR" ]; }; then
  fail "Node.js $version trouvé ($node), il faut >= $NODE_MIN_MAJOR.$NODE_MIN_MINOR. Raspberry Pi OS 12 fournit Node 18 : installez Node 22 (NodeSource pour armv7/arm64, unofficial-builds.nodejs.org pour armv6) — voir README.md."
fi
case "$(uname -m)" in
  armv6l|armv7l|aarch64|arm64|x86_64) ;;
  *) say "Attention : processeur $(uname -m) sans binaire précompilé de serialport." ;;
esac
[ -f "$src/dist/cli.js" ] && [ -d "$src/node_modules/serialport" ] || fail "$src n'est pas un paquet complet (dist/ et node_modules/ attendus : npm run bundle)."
say "Node.js $version ($node) : OK"

# A plain install over a running bridge would leave the old version running: refused.
was_active=no
if [ "$service" = yes ] && systemctl is-active --quiet "$SERVICE"; then was_active=yes; fi
if [ "$was_active" = yes ] && [ "$update" = no ]; then
  fail "le service $SERVICE tourne : mettez à jour avec « sudo ./install.sh --update » (attend la fin des travaux en cours)."
fi

# --- New version, staged beside the running one (the bridge is stopped for the swap only) -------
mkdir -p "$root/opt" "$etc" "$data" "$(dirname "$unit")"
rm -rf "$app.new"
mkdir "$app.new"
for f in dist node_modules systemd package.json README.md config.example.yaml install.sh; do
  cp -R "$src/$f" "$app.new/"
done
chmod -R u=rwX,go=rX "$app.new"

# --- Stop (update): the service waits for the running jobs ------------------------------------
# The new files are only swapped in once the service has stopped: a running print keeps reading
# the version it started with.
if [ "$was_active" = yes ]; then
  if [ "$force" = yes ]; then
    say "Arrêt immédiat du service (--force) : un travail en cours échouera (« bridge stopped by force »)."
    systemctl stop --no-block "$SERVICE"
    sleep 1
    systemctl kill --kill-whom=main --signal=SIGTERM "$SERVICE" || true
  else
    say "Arrêt du service : il attend la fin des travaux en cours et n'en accepte plus de nouveaux."
    say "  (journalctl -u $SERVICE -f montre lesquels ; Ctrl-C puis --force pour ne pas attendre)"
  fi
  # Returns once the bridge has exited (TimeoutStopSec=infinity: after its last job).
  systemctl stop "$SERVICE"
  say "Service arrêté."
fi

# --- User and groups ---------------------------------------------------------------------------
if [ "$system" = yes ]; then
  getent group "$group" >/dev/null || groupadd --system "$group"
  if ! id "$user" >/dev/null 2>&1; then
    useradd --system --gid "$group" --groups dialout --home-dir /var/lib/fablab-bridge --no-create-home --shell /usr/sbin/nologin "$user"
  else
    usermod -a -G dialout "$user"
  fi
fi

# --- Files -------------------------------------------------------------------------------------
if [ -d "$app" ]; then
  rm -rf "$app.old"
  mv "$app" "$app.old"
fi
mv "$app.new" "$app"
rm -rf "$app.old"

# The config holds the MQTT password: readable by root and the bridge's group only.
if [ ! -f "$etc/config.yaml" ]; then
  cp "$src/config.example.yaml" "$etc/config.yaml"
  fresh_config=yes
else
  fresh_config=no
fi
chmod 0750 "$etc"
chmod 0640 "$etc/config.yaml"
chmod 0750 "$data"
hand_over() {
  chgrp "$group" "$etc" "$etc/config.yaml" || return 1
  if id "$user" >/dev/null 2>&1; then chown "$user:$group" "$data"; else chgrp "$group" "$data"; fi
}
if ! getent group "$group" >/dev/null 2>&1; then
  say "Attention : le groupe $group n'existe pas ; $etc/config.yaml reste au groupe $(id -gn)."
elif ! hand_over; then
  say "Attention : impossible de donner $etc/config.yaml au groupe $group (relancez en root)."
fi

sed "s#@NODE@#$node#" "$src/systemd/$SERVICE.service" > "$unit"
chmod 0644 "$unit"

# --- Service -----------------------------------------------------------------------------------
# Started again after an update only if it was running: a bridge stopped on purpose stays stopped.
if [ "$service" = yes ]; then
  systemctl daemon-reload
  systemctl enable "$SERVICE" >/dev/null
  if [ "$was_active" = yes ] || { [ "$update" = no ] && [ "$fresh_config" = no ]; }; then
    systemctl start "$SERVICE"
    say "Service $SERVICE démarré (journalctl -u $SERVICE -f)."
  elif [ "$update" = yes ]; then
    say "Le service $SERVICE était arrêté : il le reste (sudo systemctl start $SERVICE)."
  fi
fi

say "Installé dans $app."
if [ "$fresh_config" = yes ]; then
  say "Étapes suivantes :"
  say "  1. Adaptez $etc/config.yaml (site, passerelle, mot de passe donnés à l'appairage, ports)."
  say "  2. Vérifiez : sudo -u $user $node $app/dist/cli.js --config $etc/config.yaml --check"
  say "  3. Démarrez : sudo systemctl start $SERVICE"
fi
