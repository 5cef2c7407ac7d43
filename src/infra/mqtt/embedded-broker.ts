import { Logger } from '@nestjs/common';
import { Aedes, AuthenticateError, Client } from 'aedes';
import * as net from 'node:net';
import { StartupError } from '../startup-error';
import { BrokerAuthority, BrokerPrincipal } from './broker-authority';

const MAX_PAYLOAD = 64 * 1024;
/** CONNACK return codes of MQTT 3.1.1 (aedes declares them as a const enum, absent at run time). */
const AuthErrorCode = { IDENTIFIER_REJECTED: 2, SERVER_UNAVAILABLE: 3, BAD_USERNAME_OR_PASSWORD: 4, NOT_AUTHORIZED: 5 } as const;
type AuthErrorCode = (typeof AuthErrorCode)[keyof typeof AuthErrorCode];
const ALLOWLIST_MAX_PAYLOAD = 4 * 1024 * 1024;

/** The MQTT broker started inside the app when MQTT_URL is unset (aedes). */
export class EmbeddedBroker {
  private readonly log = new Logger('EmbeddedBroker');
  private broker?: Aedes;
  private server?: net.Server;
  private readonly principals = new WeakMap<Client, BrokerPrincipal>();
  port = 0;
  /** The default port that was taken, when the broker had to move. */
  movedFrom: number | null = null;

  constructor(private readonly authority: () => BrokerAuthority) {}

  async start(host: string, wantedPort: number, explicitPort: boolean): Promise<number> {
    this.broker = await Aedes.createBroker({
      authenticate: (client, username, password, done) => void this.authenticate(client, username, password, done),
      authorizePublish: (client, packet, done) => done(this.mayPublish(client, packet.topic, packet.payload, packet.retain)),
      authorizeSubscribe: (client, sub, done) => done(this.maySubscribe(client, sub.topic) ? null : new Error('not authorized'), sub),
    });
    this.broker.on('clientError', (client, err) => this.log.debug(`client ${client?.id}: ${err.message}`));
    this.port = await this.listen(host, wantedPort, explicitPort);
    return this.port;
  }

  private async listen(host: string, port: number, explicitPort: boolean): Promise<number> {
    const last = port === 0 ? 0 : port + 19;
    for (let candidate = port; candidate <= last; candidate++) {
      try {
        const actual = await this.tryListen(host, candidate);
        if (candidate !== port) {
          this.movedFrom = port;
          this.log.warn(
            `!!! Le port MQTT ${port} est déjà pris (un autre broker ?) : le broker intégré écoute sur ${candidate}. ` +
              `MQTT port ${port} is taken: the embedded broker listens on ${candidate}. Set MQTT_PORT to choose. !!!`,
          );
        }
        return actual;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
        if (explicitPort) {
          throw new StartupError(
            `Le port MQTT ${port} (MQTT_PORT) est déjà utilisé : arrêtez l'autre broker ou choisissez un autre port. ` +
              `MQTT port ${port} (MQTT_PORT) is already in use.`,
          );
        }
      }
    }
    throw new StartupError(`Aucun port MQTT libre entre ${port} et ${port + 19}. No free MQTT port near ${port}.`);
  }

  private tryListen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = net.createServer(this.broker!.handle);
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        this.server = server;
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  }

  private async authenticate(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (err: AuthenticateError | null, ok: boolean | null) => void,
  ) {
    const refuse = (code: AuthErrorCode, why: string) => {
      this.log.warn(`MQTT connection refused for client "${client.id}" (${username ?? 'no username'}): ${why}`);
      const err = new Error(why) as AuthenticateError;
      err.returnCode = code as AuthenticateError['returnCode'];
      done(err, false);
    };
    if (!username || !password) return refuse(AuthErrorCode.BAD_USERNAME_OR_PASSWORD, 'credentials required');
    // One device cannot kick another off by reusing its id (MQTT-PROTOCOL.md, Security).
    if (client.id !== username) return refuse(AuthErrorCode.IDENTIFIER_REJECTED, 'client id must equal username');
    try {
      const principal = await this.authority().authenticate(username, password.toString('utf8'));
      if (!principal) return refuse(AuthErrorCode.BAD_USERNAME_OR_PASSWORD, 'bad username or password');
      this.principals.set(client, principal);
      done(null, true);
    } catch (err) {
      this.log.error(err);
      refuse(AuthErrorCode.SERVER_UNAVAILABLE, 'authentication failed');
    }
  }

  private mayPublish(client: Client | null, topic: string, payload: Buffer | string, retain: boolean): Error | null {
    if (!client) return null; // the broker's own messages ($SYS, wills already checked)
    const principal = this.principals.get(client);
    if (!principal) return new Error('not authenticated');
    if (principal.kind === 'server') return null; // the app's own client: trusted, allow-lists can be large
    const limit = topic.endsWith('/allowlist') ? ALLOWLIST_MAX_PAYLOAD : MAX_PAYLOAD;
    if (Buffer.byteLength(payload) > limit) return new Error('payload too large');
    if (!this.authority().canPublish(principal, topic, retain)) {
      this.log.warn(`MQTT publish refused: ${principal.username} → ${topic}${retain ? ' (retained)' : ''}`);
      return new Error('not authorized');
    }
    return null;
  }

  private maySubscribe(client: Client, filter: string): boolean {
    const principal = this.principals.get(client);
    if (!principal) return false;
    const ok = this.authority().canSubscribe(principal, filter);
    if (!ok) this.log.warn(`MQTT subscribe refused: ${principal.username} → ${filter}`);
    return ok;
  }

  /** Closes the connection of the client with this id (= username), after its account changed. */
  kick(clientId: string): boolean {
    // aedes keeps its connected clients by id (not in its typings).
    const clients = (this.broker as unknown as { clients?: Record<string, Client> } | undefined)?.clients;
    const client = clients?.[clientId];
    if (!client) return false;
    client.close();
    return true;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.broker ? this.broker.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
