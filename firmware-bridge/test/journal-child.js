// Appends events as fast as it can, acknowledging each one 5 behind (a PUBACK lag),
// printing what is durable; the test kills it with SIGKILL at an arbitrary point.
const { Journal } = require('../dist/journal/journal');
const j = new Journal(process.argv[2], 25);
let i = 0;
const id = (n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
function step() {
  j.append({ machine: 'laser-1', event: { eventId: id(i), type: 'test', ts: new Date().toISOString(), n: i } });
  process.stdout.write(`E ${i}\n`);
  if (i >= 5) {
    j.ack(id(i - 5));
    process.stdout.write(`A ${i - 5}\n`);
  }
  i++;
  setImmediate(step);
}
step();
