import { Injectable } from '@nestjs/common';
import type { Namespace } from 'socket.io';

/** Pushes live events to the managers of a site (socket.io rooms `site:<id>`; admins see all). */
@Injectable()
export class RealtimeService {
  private ns?: Namespace;

  attach(ns: Namespace): void {
    this.ns = ns;
  }

  toSite(siteId: string, event: string, payload: unknown): void {
    this.ns?.to([`site:${siteId}`, 'admins']).emit(event, payload);
  }
}
