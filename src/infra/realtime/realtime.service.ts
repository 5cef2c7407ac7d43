import { Injectable, Logger, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import { AppConfig } from '../../config/app-config';
import { LiveShare, SharedPush } from './live-share';
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

/** The rooms pushes go to (the others, a person's or a login's, only serve `disconnect`). */
const isPushRoom = (room: string) => room.startsWith('site:') || room.startsWith('dashboard:') || room === 'admins';

/**
 * Pushes live events to the managers of a site (socket.io rooms `site:<id>`; admins see all) and to
 * its wall screens. Each instance delivers to its own browsers; with REDIS_URL, what browsers on
 * other instances watch goes to them through LiveShare, a turn's pushes in one message.
 */
@Injectable()
export class RealtimeService implements OnModuleInit, OnModuleDestroy {
  private ns?: Namespace;
  private readonly joinListeners: JoinListener[] = [];
  private readonly pushListeners: PushListener[] = [];
  private share?: LiveShare;
  private readonly log = new Logger('Realtime');

  constructor(@Optional() private readonly config?: AppConfig) {}

  async onModuleInit(): Promise<void> {
    const url = this.config?.env.REDIS_URL;
    if (!url) return; // one instance: its own browsers are all there is
    this.share = new LiveShare(
      url,
      `${this.config!.env.QUEUE_PREFIX}:live`,
      () => this.localPushRooms(),
      ([rooms, event, payload]) => this.emitHere(rooms, event, payload),
    );
    await this.share.start();
  }

  onModuleDestroy(): void {
    this.share?.stop();
  }

  attach(ns: Namespace): void {
    this.ns = ns;
    // A room's first browser here: the other instances are told at once, so they start sharing its pushes.
    ns.adapter.on('create-room', (room: string) => isPushRoom(room) && this.share?.announce());
  }

  private localPushRooms(): string[] {
    return [...(this.ns?.adapter.rooms.keys() ?? [])].filter(isPushRoom);
  }

  /** Whether a browser, on this instance or another, is in one of these rooms. */
  watched(rooms: string[]): boolean {
    return this.watchedHere(rooms) || !!this.share?.watchedElsewhere(rooms);
  }

  private watchedHere(rooms: string[]): boolean {
    return rooms.some((room) => (this.ns?.adapter.rooms.get(room)?.size ?? 0) > 0);
  }

  /** To this instance's browsers in the rooms, if it has any (socket.io encodes a packet even for an empty room). */
  private emitHere(rooms: string[], event: string, payload: unknown): void {
    if (this.ns && this.watchedHere(rooms)) this.ns.local.to(rooms).emit(event, payload);
  }

  private push(rooms: string[], event: string, payload: unknown): void {
    this.emitHere(rooms, event, payload);
    this.share?.share([rooms, event, payload] as SharedPush);
  }

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
      this.push([`site:${siteId}`, 'admins'], event, payload);
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
      this.push([dashboardRoom(siteId)], event, payload);
    } catch (err) {
      this.log.warn(`dashboard push ${event} failed: ${(err as Error).message}`);
    }
  }
}
