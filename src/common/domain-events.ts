import { Global, Injectable, Logger, Module } from '@nestjs/common';

/**
 * The domain events features tell each other, by name → payload. Empty here: each feature declares
 * the events it emits next to its emitter (`declare module '../common/domain-events'`), so this
 * shared file names no feature and every `emit`/`on` is checked against the owner's payload type.
 * The table of events is in docs/ARCHITECTURE.md ("Domain events").
 */
export interface DomainEvents {}

export type DomainEventName = keyof DomainEvents;
export type DomainEventHandler<K extends DomainEventName> = (payload: DomainEvents[K]) => void | Promise<void>;

/**
 * In-process bus for the domain events of one app instance (the change bus carries cache
 * invalidations to the other instances). Handlers run in their order of registration, called at
 * once as an EventEmitter would; a handler's error, thrown or rejected, is logged and never
 * reaches the emitter nor the other handlers: an event, once happened, is not undone by a listener.
 */
@Injectable()
export class DomainEventBus {
  private readonly log = new Logger('DomainEvents');
  private readonly handlers = new Map<DomainEventName, Array<DomainEventHandler<never>>>();

  on<K extends DomainEventName>(name: K, handler: DomainEventHandler<K>): void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler as DomainEventHandler<never>);
    this.handlers.set(name, list);
  }

  emit<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void {
    for (const handler of this.handlers.get(name) ?? []) {
      try {
        const done = (handler as DomainEventHandler<K>)(payload);
        if (done instanceof Promise) done.catch((err) => this.failed(name, err));
      } catch (err) {
        this.failed(name, err);
      }
    }
  }

  private failed(name: DomainEventName, err: unknown) {
    this.log.error(`a listener of ${String(name)} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

@Global()
@Module({ providers: [DomainEventBus], exports: [DomainEventBus] })
export class DomainEventsModule {}
