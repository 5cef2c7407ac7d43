import { Logger } from '@nestjs/common';
import { DomainEventBus } from './domain-events';

// A payload of the shape the tests need, under a name no feature uses (not added to DomainEvents).
type Rang = { n: number };
const RANG = 'test.rang' as never;
const on = (bus: DomainEventBus, handler: (p: Rang) => void | Promise<void>) => bus.on(RANG, handler as never);
const emit = (bus: DomainEventBus, p: Rang) => bus.emit(RANG, p as never);

describe('DomainEventBus', () => {
  afterEach(() => jest.restoreAllMocks());

  it('hands the payload to every listener of that name, in their order of registration', () => {
    const bus = new DomainEventBus();
    const heard: string[] = [];
    on(bus, ({ n }) => void heard.push(`a${n}`));
    on(bus, ({ n }) => void heard.push(`b${n}`));
    emit(bus, { n: 1 });
    emit(bus, { n: 2 });
    expect(heard).toEqual(['a1', 'b1', 'a2', 'b2']);
  });

  it("logs a listener's error, thrown or rejected, without throwing into the emitter nor skipping the others", async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const bus = new DomainEventBus();
    const heard: number[] = [];
    on(bus, () => {
      throw new Error('plug unreachable');
    });
    on(bus, async () => {
      throw new Error('mail down');
    });
    on(bus, ({ n }) => void heard.push(n));
    expect(() => emit(bus, { n: 3 })).not.toThrow();
    await new Promise((r) => setImmediate(r));
    expect(heard).toEqual([3]);
    expect(logged.mock.calls.map((c) => String(c[0]))).toEqual([
      'a listener of test.rang failed: plug unreachable',
      'a listener of test.rang failed: mail down',
    ]);
  });

  it('emits to nobody when no one listens', () => {
    expect(() => emit(new DomainEventBus(), { n: 4 })).not.toThrow();
  });
});
