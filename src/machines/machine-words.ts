import type { MachineStatus, MachineType } from './entities/machine.entity';
import { raw, SafeHtml } from '../web/html';
import { defineDictionary, Lang, t } from '../web/i18n';

/** Machine words shared by the live page, the admin page and live.js (sent as a data island). */
export const trm = defineDictionary({
  'status.free': { fr: 'Libre', en: 'Free' },
  'status.in_use': { fr: 'Occupée', en: 'In use' },
  'status.reserved': { fr: 'Réservée', en: 'Booked' },
  'status.to_check': { fr: 'À vérifier', en: 'To check' },
  'status.maintenance': { fr: 'En maintenance', en: 'Maintenance' },
  'status.disabled': { fr: 'Hors service', en: 'Out of order' },
  'status.offline': { fr: 'Hors ligne', en: 'Offline' },
  'type.laser': { fr: 'Découpe laser', en: 'Laser cutter' },
  'type.printer': { fr: 'Imprimante 3D', en: '3D printer' },
  'type.cnc': { fr: 'Fraiseuse CNC', en: 'CNC mill' },
  'type.other': { fr: 'Autre machine', en: 'Other machine' },
  'type.public_computer': { fr: 'Poste en accès libre', en: 'Public computer' },
  'bridge.locked': { fr: 'verrouillée', en: 'locked' },
  'bridge.unlocked': { fr: 'déverrouillée', en: 'unlocked' },
  'bridge.running': { fr: 'en marche', en: 'running' },
  'bridge.paused': { fr: 'en pause', en: 'paused' },
  'bridge.error': { fr: 'en erreur', en: 'error' },
  'bridge.offline': { fr: 'hors ligne', en: 'offline' },
  'bridge.label': { fr: 'Boîtier', en: 'Bridge' },
  'bridge.online': { fr: 'connecté', en: 'connected' },
  'bridge.down': { fr: 'déconnecté', en: 'disconnected' },
  'bridge.none': { fr: 'sans boîtier', en: 'no bridge' },
  'decision.granted': { fr: 'Accès accordé', en: 'Access granted' },
  'decision.denied': { fr: 'Accès refusé', en: 'Access denied' },
  'decision.offline': { fr: '(hors ligne)', en: '(offline)' },
  'holder.on': { fr: 'Sur la machine : {name}', en: 'On the machine: {name}' },
  'holder.none': { fr: 'Personne sur la machine', en: 'Nobody on it' },
  alarm: { fr: 'Alarme', en: 'Alarm' },
  // Alarm codes the bridges send (firmware-bridge drivers, MQTT-PROTOCOL.md): shown in words, the code stays in the API.
  'alarm.door_open': { fr: 'Porte ouverte', en: 'Door open' },
  'alarm.job_paused': { fr: 'Travail mis en pause', en: 'Job paused' },
  'alarm.board_failed': { fr: 'Carte de contrôle en panne', en: 'Control board failed' },
  'alarm.grbl_no_reply': { fr: 'La fraiseuse ne répond plus', en: 'The mill stopped answering' },
  'alarm.grbl_alarm': { fr: 'Fraiseuse en alarme (n° {n})', en: 'Mill alarm (no. {n})' },
  'alarm.marlin_no_reply': { fr: 'L’imprimante ne répond plus', en: 'The printer stopped answering' },
  'alarm.marlin_halted': { fr: 'Imprimante arrêtée d’urgence', en: 'Printer halted' },
  'alarm.marlin_resend': { fr: 'Liaison avec l’imprimante perturbée', en: 'Printer link disturbed' },
  'alarm.thermal_runaway': { fr: 'Emballement thermique', en: 'Thermal runaway' },
  'alarm.klipper_shutdown': { fr: 'Klipper s’est arrêté (shutdown) : à redémarrer', en: 'Klipper shut down: restart it' },
  'sensor.hotend': { fr: 'Buse', en: 'Nozzle' },
  'sensor.bed': { fr: 'Plateau', en: 'Bed' },
  'sensor.chamber': { fr: 'Caisson', en: 'Chamber' },
  'telemetry.progress': { fr: 'Avancement : {n} %', en: 'Progress: {n}%' },
  'telemetry.power': { fr: 'Puissance : {n} W', en: 'Power: {n} W' },
  'live.on': { fr: 'En direct', en: 'Live' },
  'live.off': { fr: 'Connexion perdue, nouvelle tentative…', en: 'Connection lost, retrying…' },
  'live.connecting': { fr: 'Connexion…', en: 'Connecting…' },
});

export const statusWord = (s: string, lang: Lang) => t(`status.${s}`, lang);
export const typeWord = (ty: string, lang: Lang) => t(`type.${ty}`, lang);
export const bridgeWord = (s: string, lang: Lang) => t(`bridge.${s}`, lang);

const SENSORS = ['hotend', 'bed', 'chamber'];
/** A temperature sensor's name: the hotend is « Buse », the bed « Plateau »; an unknown sensor keeps its key. */
export const sensorWord = (key: string, lang: Lang) => (SENSORS.includes(key) ? t(`sensor.${key}`, lang) : key);

export const ALARM_CODES = [
  'door_open',
  'job_paused',
  'board_failed',
  'grbl_no_reply',
  'grbl_alarm',
  'marlin_no_reply',
  'marlin_halted',
  'marlin_resend',
  'thermal_runaway',
  'klipper_shutdown',
] as const;

/**
 * An alarm code in words (« Porte ouverte », « Alarme de la fraiseuse (n° 1) »), or null for a
 * code the project does not know: the page then shows the alarm's message alone. live.js and
 * dashboard.js do the same with the `alarm.*` words they receive.
 */
export function alarmWord(code: string | number | null | undefined, lang: Lang): string | null {
  const text = String(code ?? '');
  const grbl = /^(?:grbl_alarm_|ALARM:)(\d+)$/.exec(text);
  if (grbl) return t('alarm.grbl_alarm', lang, { n: grbl[1] });
  return (ALARM_CODES as readonly string[]).includes(text) ? t(`alarm.${text}`, lang) : null;
}

/** The words live.js needs, in the page's language. */
export function liveWords(lang: Lang): Record<string, string> {
  const keys = [
    'status.free',
    'status.in_use',
    'status.reserved',
    'status.to_check',
    'status.maintenance',
    'status.disabled',
    'status.offline',
    'bridge.locked',
    'bridge.unlocked',
    'bridge.running',
    'bridge.paused',
    'bridge.error',
    'bridge.offline',
    'bridge.label',
    'bridge.online',
    'bridge.down',
    'decision.granted',
    'decision.denied',
    'decision.offline',
    'holder.on',
    'holder.none',
    'alarm',
    ...ALARM_CODES.map((c) => `alarm.${c}`),
    'sensor.hotend',
    'sensor.bed',
    'sensor.chamber',
    'telemetry.progress',
    'telemetry.power',
    'live.on',
    'live.off',
    'live.connecting',
  ];
  return Object.fromEntries(keys.map((k) => [k, t(k, lang)]));
}

/** An inline line icon (24×24, current colour), hidden from screen readers. */
export const svg = (body: string) =>
  raw(
    `<svg class="icon" viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${body}</svg>`,
  );

/** Inline icons: no emoji font needed on the wall screen's browser. */
const ICONS: Record<MachineType, SafeHtml> = {
  laser: svg('<rect x="3" y="4" width="18" height="7" rx="1"/><path d="M12 11v5"/><path d="M9 20l3-4 3 4"/><path d="M5 20h14"/>'),
  printer: svg('<rect x="3" y="3" width="18" height="18" rx="2"/><path d="M3 8h18"/><path d="M10 8v4l2 2 2-2V8"/><path d="M7 18h10"/>'),
  cnc: svg('<circle cx="12" cy="12" r="3"/><path d="M12 2v3M12 19v3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M2 12h3M19 12h3M4.9 19.1L7 17M17 7l2.1-2.1"/>'),
  other: svg('<path d="M14.7 6.3a4 4 0 0 0-5.4 5.4L3 18l3 3 6.3-6.3a4 4 0 0 0 5.4-5.4l-2.5 2.5-2.4-.6-.6-2.4z"/>'),
  public_computer: svg('<rect x="3" y="4" width="18" height="12" rx="1"/><path d="M8 20h8"/><path d="M12 16v4"/>'),
};

export const typeIcon = (ty: string): SafeHtml => ICONS[ty as MachineType] ?? ICONS.other;

export const STATUS_ORDER: MachineStatus[] = ['free', 'in_use', 'reserved', 'to_check', 'maintenance', 'disabled', 'offline'];

/** « Avancement : 45 % · Puissance : 120 W » from a bridge's telemetry (MQTT-PROTOCOL.md). */
export function telemetryText(tel: Record<string, unknown> | undefined, lang: Lang): string {
  if (!tel) return '';
  const parts: string[] = [];
  if (typeof tel.progress === 'number') parts.push(t('telemetry.progress', lang, { n: Math.round(tel.progress * 100) }));
  if (typeof tel.powerW === 'number') parts.push(t('telemetry.power', lang, { n: Math.round(tel.powerW) }));
  return parts.join(' · ');
}
