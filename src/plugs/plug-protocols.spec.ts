import { topicMatches } from '../infra/mqtt/topics';
import { plugAcl, plugPrefix, plugTopics, readPlugMessage, switchCommand } from './plug-protocols';

describe('plug prefixes', () => {
  it('are chosen per site and machine, one short level that reaches no contract topic', () => {
    const a = plugPrefix('site-a', 'machine-1');
    expect(a).toMatch(/^fl-[0-9a-f]{12}$/);
    expect(plugPrefix('site-a', 'machine-1')).toBe(a);
    expect(plugPrefix('site-b', 'machine-1')).not.toBe(a);
    expect(plugPrefix('site-a', 'machine-2')).not.toBe(a);
    for (const kind of ['shelly', 'tasmota'] as const) {
      for (const f of plugAcl(kind, a).publish) expect(topicMatches(f, 'fablab/v1/lab/machines/laser/events')).toBe(false);
    }
  });

  it('lets a Shelly answer our RPC under its own prefix', () => {
    const cmd = JSON.parse(switchCommand('shelly', 'fl-abc', true).payload);
    expect(plugAcl('shelly', 'fl-abc').publish.some((f) => topicMatches(f, `${cmd.src}/rpc`))).toBe(true);
  });
});

describe('Shelly Gen2+ plugs', () => {
  it('switches with a Switch.Set RPC on <prefix>/rpc', () => {
    const cmd = switchCommand('shelly', 'shellyplus1pm-laser', true);
    expect(cmd.topic).toBe('shellyplus1pm-laser/rpc');
    expect(JSON.parse(cmd.payload)).toMatchObject({ src: 'shellyplus1pm-laser/fablab', method: 'Switch.Set', params: { id: 0, on: true } });
  });

  it('reads apower from NotifyStatus and the online flag', () => {
    const p = JSON.stringify({ src: 'x', method: 'NotifyStatus', params: { ts: 1, 'switch:0': { id: 0, apower: 231.4 } } });
    expect(readPlugMessage('shelly', 'sh', 'sh/events/rpc', p)).toEqual({ type: 'power', watts: 231.4 });
    expect(readPlugMessage('shelly', 'sh', 'sh/online', 'false')).toEqual({ type: 'online', online: false });
    expect(readPlugMessage('shelly', 'sh', 'sh/events/rpc', 'garbage')).toEqual({ type: 'ignored' });
  });
});

describe('Tasmota plugs', () => {
  it('switches with cmnd/<topic>/POWER ON|OFF', () => {
    expect(switchCommand('tasmota', 'laser', false)).toEqual({ topic: 'cmnd/laser/POWER', payload: 'OFF' });
  });

  it('reads ENERGY.Power, POWER state and LWT', () => {
    expect(readPlugMessage('tasmota', 'laser', 'tele/laser/SENSOR', '{"ENERGY":{"Power":12}}')).toEqual({ type: 'power', watts: 12 });
    expect(readPlugMessage('tasmota', 'laser', 'stat/laser/POWER', 'ON')).toEqual({ type: 'switch', on: true });
    expect(readPlugMessage('tasmota', 'laser', 'tele/laser/LWT', 'Offline')).toEqual({ type: 'online', online: false });
    expect(readPlugMessage('tasmota', 'laser', 'tele/laser/SENSOR', '{"ENERGY":{"Power":-3}}')).toEqual({ type: 'ignored' });
  });

  it('listens to the stat and tele topics', () => {
    expect(plugTopics('tasmota', 'laser')).toContain('tele/laser/SENSOR');
  });
});
