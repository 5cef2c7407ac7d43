import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { SiteKeysService } from '../sites/site-keys.service';
import { bridgeConfigYaml } from './bridge-config';
import type { Bridge } from './entities/bridge.entity';

/** What a bridge needs to connect, given at pairing and at each password reset (shown once). */
@Injectable()
export class BridgePairingKit {
  constructor(
    private readonly mqtt: MqttService,
    private readonly config: AppConfig,
    private readonly keys: SiteKeysService,
  ) {}

  async of(bridge: Bridge, siteSlug: string, secret: string, machines: string[]) {
    const mqttUrl = this.mqtt.brokerUrl;
    const httpBaseUrl = this.config.publicUrl;
    const publicKeyPem = (await this.keys.keyPairFor(bridge.siteId)).publicKeyPem;
    return {
      credentials: { mqttUrl, username: bridge.username, clientId: bridge.username, password: secret },
      /** Where the bridge downloads job files (`server.httpBaseUrl` of its config). */
      httpBaseUrl,
      /** The bridge checks its offline allow-lists with this key (Ed25519, SPKI PEM). */
      sitePublicKeyPem: publicKeyPem,
      site: siteSlug,
      /** The bridge's `config.yaml`, ready to paste (serial ports to fill in). */
      configYaml: bridgeConfigYaml({
        mqttUrl,
        site: siteSlug,
        bridge: bridge.slug,
        username: bridge.username,
        password: secret,
        publicKeyPem,
        httpBaseUrl,
        machines,
      }),
      warning: 'Notez ce mot de passe maintenant : il ne sera plus affiché. Save this password now: it will not be shown again.',
    };
  }
}
