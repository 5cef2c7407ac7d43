#!/usr/bin/env node
/**
 * Runs a device simulator on one end of a socat pty pair (or on an existing path) so that a
 * bridge, a test or a demo can talk to it. Prints the path the bridge must open as the first
 * line of stdout, then reads commands on stdin:
 *   badge <uid> | remove | current <mA> | button <n> | alarm <n> | runaway | quit
 */
import { createInterface } from 'node:readline';
import { createPtyPair } from './serial/pty';
import { openSerial } from './serial/open';
import { GrblSim } from './simulators/grbl-sim';
import { MarlinSim } from './simulators/marlin-sim';
import { Rdm6300Sim, Pn532Sim, UsbRelaySim } from './simulators/badge-sims';
import { BoardSim } from './simulators/board-sim';

const KINDS = ['grbl', 'marlin', 'rdm6300', 'pn532', 'usb-relay', 'fablab-board'];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const kind = process.argv[2];
  if (!kind || !KINDS.includes(kind)) {
    process.stderr.write(`usage: fablab-sim <${KINDS.join('|')}> (--pty | --port <path>) [--block-ms n] [--unpaced]\n`);
    process.exit(2);
  }
  let hostPath: string;
  let devicePath: string;
  let closePair = async () => undefined as void;
  const given = arg('--port');
  if (given) {
    hostPath = given;
    devicePath = given;
  } else {
    const pair = await createPtyPair();
    hostPath = pair.a;
    devicePath = pair.b;
    closePair = pair.close;
  }
  const { wire } = await openSerial({ path: devicePath, baudRate: 115200 });
  const paced = process.argv.includes('--unpaced') ? 0 : 11520;
  const blockMs = Number(arg('--block-ms') ?? 5);
  let sim: any;
  switch (kind) {
    case 'grbl':
      sim = new GrblSim(wire, { bytesPerSecond: paced, planMs: blockMs, blockMs: blockMs * 0.8 });
      break;
    case 'marlin':
      sim = new MarlinSim(wire, { bytesPerSecond: paced, blockMs, planMs: blockMs / 2, advancedOk: !process.argv.includes('--no-advanced-ok') });
      break;
    case 'rdm6300':
      sim = new Rdm6300Sim(wire);
      break;
    case 'pn532':
      sim = new Pn532Sim(wire);
      break;
    case 'usb-relay':
      sim = new UsbRelaySim(wire);
      if (!process.argv.includes('--quiet')) (sim as UsbRelaySim).onCue = (cue) => process.stderr.write(`${cue}\n`);
      break;
    case 'fablab-board':
      sim = new BoardSim(wire);
      // What a person at the machine would see and hear, so an install can be rehearsed.
      if (!process.argv.includes('--quiet')) (sim as BoardSim).onCue = (cue) => process.stderr.write(`${cue}\n`);
      break;
  }
  process.stdout.write(hostPath + '\n');
  const rl = createInterface({ input: process.stdin });
  const quit = async () => {
    sim.stop?.();
    await wire.close();
    await closePair();
    process.exit(0);
  };
  rl.on('line', (line) => {
    const [cmd, a] = line.trim().split(/\s+/);
    try {
      if (cmd === 'badge') kind === 'fablab-board' ? sim.badge(a) : sim.present(a);
      else if (cmd === 'remove') kind === 'fablab-board' ? sim.removeBadge() : sim.remove();
      else if (cmd === 'current') sim.current(Number(a));
      else if (cmd === 'button') sim.button(Number(a));
      else if (cmd === 'alarm') sim.raiseAlarm(Number(a));
      else if (cmd === 'runaway') sim.kill('Thermal Runaway, system stopped! Heater_ID: 0');
      else if (cmd === 'state') process.stdout.write(JSON.stringify({ relay: sim.relay ?? Object.fromEntries(sim.relays ?? []) }) + '\n');
      else if (cmd === 'stats') process.stdout.write(JSON.stringify({ dropped: sim.dropped ?? 0, resendsAsked: sim.resendsAsked ?? 0 }) + '\n');
      else if (cmd === 'quit') void quit();
    } catch (e) {
      process.stderr.write(`${(e as Error).message}\n`);
    }
  });
  rl.on('close', () => void quit());
  process.on('SIGTERM', () => void quit());
  process.on('SIGINT', () => void quit());
}

void main();
