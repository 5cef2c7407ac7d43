/**
 * Jest starts the files it knows to be slow first (from its cache of last durations); on a fresh
 * clone it has no cache and would start them last, leaving one worker alone on a 100 s file at the
 * end. These files wait on real timers (a 60 s badge-out grace, a lease, a killed instance), so
 * they go first whatever the cache says; the rest keep Jest's own order.
 */
const Sequencer = require('@jest/test-sequencer').default;

const SLOW_FIRST = [
  'bridge-field',
  'cluster',
  'badge-out-grace',
  'bridge-process',
  'mqtt-accounts',
  'redis-faults',
  'jobs-bridge',
  'bad-input',
  'event-acks',
  'lease-restart',
];

const rank = (path) => {
  const i = SLOW_FIRST.findIndex((name) => path.includes(`/${name}.`));
  return i === -1 ? SLOW_FIRST.length : i;
};

class SlowFirst extends Sequencer {
  sort(tests) {
    const known = super.sort(tests);
    const at = new Map(known.map((t, i) => [t, i]));
    return [...known].sort((a, b) => rank(a.path) - rank(b.path) || at.get(a) - at.get(b));
  }
}

module.exports = SlowFirst;
