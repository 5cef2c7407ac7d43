import { AppConfig, instanceClientId } from './app-config';

describe('the server MQTT client id on an external broker', () => {
  const external = { MQTT_URL: 'mqtt://broker:1883', MQTT_USERNAME: 'fablab-server' };

  it('differs between two processes on one host, and between hosts', () => {
    expect(instanceClientId('fablab-server', 'app-1', 101)).not.toBe(instanceClientId('fablab-server', 'app-1', 102));
    expect(instanceClientId('fablab-server', 'app-1', 1)).not.toBe(instanceClientId('fablab-server', 'app-2', 1));
  });

  it('keeps only characters every broker takes', () => {
    expect(instanceClientId('fablab-server', 'atelier_1.local', 7)).toBe('fablab-server-atelier-1-local-7');
  });

  it('is MQTT_CLIENT_ID when set, and refuses one with a space in French', () => {
    const config = AppConfig.fromEnv({ ...external, MQTT_CLIENT_ID: 'fablab-a' });
    expect(config.mqtt).toMatchObject({ mode: 'external', clientId: 'fablab-a' });
    expect(() => AppConfig.fromEnv({ ...external, MQTT_CLIENT_ID: 'fablab a' })).toThrow(/MQTT_CLIENT_ID: lettres, chiffres/);
  });
});

describe('PASSWORD_HASH', () => {
  it('is OWASP argon2id unless said, and takes the test profile only under NODE_ENV=test', () => {
    expect(AppConfig.fromEnv({}).env.PASSWORD_HASH).toBe('owasp');
    expect(AppConfig.fromEnv({ NODE_ENV: 'test', PASSWORD_HASH: 'fast-for-tests' }).env.PASSWORD_HASH).toBe('fast-for-tests');
    expect(() => AppConfig.fromEnv({ NODE_ENV: 'production', PASSWORD_HASH: 'fast-for-tests' })).toThrow(/seulement avec NODE_ENV=test/);
    expect(() => AppConfig.fromEnv({ PASSWORD_HASH: 'fast-for-tests' })).toThrow(/seulement avec NODE_ENV=test/);
  });
});
