import { Injectable, Logger } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import type { SocketViewer } from './socket-authenticator';

/** A browser that just joined `/live`: who it is, the site it asked for (admins), a way to answer it alone. */
export interface LiveJoin {
  viewer: SocketViewer;
  requestedSiteId: string | null;
  /** 'dashboard': a wall screen (room `dashboard:<site>`); 'live': the raw events of the site. */
  view: 'live' | 'dashboard';
  emit(event: string, payload: unknown): void;
  join(room: string): Promise<void> | void;
}

/** The room of a site's wall screens: coalesced batches only, never the raw events. */
export const dashboardRoom = (siteId: string) => `dashboard:${siteId}`;
type JoinListener = (join: LiveJoin) => Promise<void> | void;
type PushListener = (siteId: string, event: string, payload: unknown) => void;

/** Pushes live events to the managers of a site (socket.io rooms `site:<id>`; admins see all). */
@Injectable()
export class RealtimeService {
  private ns?: Namespace;
  private readonly joinListeners: JoinListener[] = [];
  private readonly pushListeners: PushListener[] = [];

  attach(ns: Namespace): void {
    this.ns = ns;
  }

  private readonly log = new Logger('Realtime');

  /** Features that must greet a (re)connecting browser with the current state (the dashboard's snapshot). */
  onJoin(listener: JoinListener): void {
    this.joinListeners.push(listener);
  }

  /** Features that watch every push of this instance (the dashboard coalesces them per site). */
  onPush(listener: PushListener): void {
    this.pushListeners.push(listener);
  }

  async joined(join: LiveJoin): Promise<void> {
    for (const listener of this.joinListeners) {
      try {
        await listener(join);
      } catch (err) {
        this.log.warn(`live join listener failed: ${(err as Error).message}`);
      }
    }
  }

  /** Live pushes are best effort: a Redis hiccup must never break the flow that emitted them. */
  toSite(siteId: string, event: string, payload: unknown): void {
    for (const listener of this.pushListeners) {
      try {
        listener(siteId, event, payload);
      } catch (err) {
        this.log.warn(`live push listener for ${event} failed: ${(err as Error).message}`);
      }
    }
    try {
      this.ns?.to([`site:${siteId}`, 'admins']).emit(event, payload);
    } catch (err) {
      this.log.warn(`live push ${event} failed: ${(err as Error).message}`);
    }
  }

  /** Closes every socket in a room, on every instance (the Redis adapter relays it). */
  disconnect(room: string): void {
    try {
      this.ns?.in(room).disconnectSockets(true);
    } catch (err) {
      this.log.warn(`closing live sockets of ${room} failed: ${(err as Error).message}`);
    }
  }

  /** To the wall screens of a site (they do not get the raw events, only what the dashboard coalesced). */
  toDashboard(siteId: string, event: string, payload: unknown): void {
    try {
      this.ns?.to(dashboardRoom(siteId)).emit(event, payload);
    } catch (err) {
      this.log.warn(`dashboard push ${event} failed: ${(err as Error).message}`);
    }
  }
}
