import { Injectable, Logger } from '@nestjs/common';
import type { Namespace } from 'socket.io';

/** Pushes live events to the managers of a site (socket.io rooms `site:<id>`; admins see all). */
@Injectable()
export class RealtimeService {
  private ns?: Namespace;

  attach(ns: Namespace): void {
    this.ns = ns;
  }

  private readonly log = new Logger('Realtime');

  /** Live pushes are best effort: a Redis hiccup must never break the flow that emitted them. */
  toSite(siteId: string, event: string, payload: unknown): void {
    try {
      this.ns?.to([`site:${siteId}`, 'admins']).emit(event, payload);
    } catch (err) {
      this.log.warn(`live push ${event} failed: ${(err as Error).message}`);
    }
  }
}
