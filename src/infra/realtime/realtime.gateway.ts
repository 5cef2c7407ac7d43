import { Inject, Logger } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { AppConfig } from '../../config/app-config';
import { sameOrigin } from '../http/origin';
import { RealtimeService } from './realtime.service';
import { SOCKET_AUTHENTICATOR, SocketAuthenticator } from './socket-authenticator';

export const SESSION_COOKIE = 'fablab_session';

function tokenOf(socket: Socket): string | undefined {
  const auth = socket.handshake.auth as { token?: string } | undefined;
  if (auth?.token) return auth.token;
  const cookie = socket.handshake.headers.cookie ?? '';
  const match = cookie.split(/;\s*/).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return match ? decodeURIComponent(match.slice(SESSION_COOKIE.length + 1)) : undefined;
}

/** A live socket does not outlive its login (timers cap at ~24 days: the browser then reconnects and is checked again). */
function closeWhenExpired(socket: Socket, expiresAt: Date): void {
  const timer = setTimeout(() => socket.disconnect(true), Math.min(Math.max(0, expiresAt.getTime() - Date.now()), 2 ** 31 - 1));
  timer.unref();
  socket.once('disconnect', () => clearTimeout(timer));
}

/** socket.io namespace `/live`: authenticated with the same session cookie or bearer token. */
@WebSocketGateway({ namespace: '/live' })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly log = new Logger('Realtime');

  constructor(
    private readonly realtime: RealtimeService,
    @Inject(SOCKET_AUTHENTICATOR) private readonly auth: SocketAuthenticator,
    private readonly config: AppConfig,
  ) {}

  afterInit(ns: Namespace): void {
    this.realtime.attach(ns);
    ns.use((socket, next) => {
      // A page of another site must not open a socket with this browser's cookie (no Origin: not a browser).
      const origin = socket.handshake.headers.origin;
      if (origin !== undefined && !sameOrigin(origin, socket.handshake.headers.host, this.config.publicUrl)) {
        return next(new Error('origin refused'));
      }
      this.auth
        .fromToken(tokenOf(socket))
        .then((viewer) => {
          if (!viewer || !this.auth.canWatch(viewer)) return next(new Error('unauthorized'));
          socket.data.viewer = viewer;
          next();
        })
        .catch((err) => next(err));
    });
  }

  async handleConnection(socket: Socket): Promise<void> {
    const viewer = socket.data.viewer;
    if (!viewer) return void socket.disconnect(true);
    for (const room of viewer.rooms ?? []) await socket.join(room);
    if (viewer.expiresAt) closeWhenExpired(socket, viewer.expiresAt);
    const auth = (socket.handshake.auth ?? {}) as { siteId?: unknown; view?: unknown };
    const asked = auth.siteId ?? socket.handshake.query?.siteId;
    const requestedSiteId = typeof asked === 'string' && asked ? asked : null;
    const view = auth.view === 'dashboard' ? 'dashboard' : 'live';
    if (view === 'live') {
      await socket.join(viewer.role === 'admin' ? 'admins' : `site:${viewer.siteId}`);
      socket.emit('hello', { siteId: viewer.siteId });
    }
    // A wall screen joins the room of the one site it shows once the dashboard has resolved it.
    await this.realtime.joined({
      viewer,
      requestedSiteId,
      view,
      emit: (event, payload) => socket.emit(event, payload),
      join: (room) => socket.join(room),
    });
    this.log.debug(`live socket for ${viewer.id}`);
  }
}
