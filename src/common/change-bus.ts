import { Global, Injectable, Module } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/**
 * In-process notice that something access depends on changed (a badge, a person, a training, a
 * machine), so caches and the bridges' offline allow-lists can be refreshed.
 */
export interface Change {
  kind: 'person' | 'badge' | 'training' | 'qualification' | 'machine' | 'bridge';
  siteId: string | null;
  /** False when the change cannot alter who may use what (a machine going from free to in use). */
  affectsAccess?: boolean;
}

@Injectable()
export class ChangeBus {
  private readonly emitter = new EventEmitter();

  emit(change: Change): void {
    this.emitter.emit('change', change);
  }

  on(listener: (change: Change) => void): void {
    this.emitter.on('change', listener);
  }
}

@Global()
@Module({ providers: [ChangeBus], exports: [ChangeBus] })
export class ChangeBusModule {}
