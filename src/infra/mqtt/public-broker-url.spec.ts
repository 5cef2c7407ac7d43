import { publicBrokerUrl } from './mqtt.service';

/** Pairing gives devices on other machines a broker address they can reach (never 0.0.0.0 turned into localhost). */
describe('publicBrokerUrl', () => {
  it("takes PUBLIC_URL's host and the broker's real port", () => {
    expect(publicBrokerUrl({ PUBLIC_URL: 'https://fablab.example.org/' }, '0.0.0.0', 1884)).toBe('mqtt://fablab.example.org:1884');
    expect(publicBrokerUrl({ PUBLIC_URL: 'http://[2001:db8::1]:3000' }, '::', 1883)).toBe('mqtt://[2001:db8::1]:1883');
  });

  it('prefers MQTT_PUBLIC_URL, then the bind address', () => {
    expect(publicBrokerUrl({ MQTT_PUBLIC_URL: 'mqtts://mqtt.example.org:8883', PUBLIC_URL: 'https://x.org' }, '0.0.0.0', 1883)).toBe(
      'mqtts://mqtt.example.org:8883',
    );
    expect(publicBrokerUrl({}, '192.168.1.20', 1883)).toBe('mqtt://192.168.1.20:1883');
    expect(publicBrokerUrl({}, '0.0.0.0', 1883)).toBe('mqtt://localhost:1883');
  });
});
