import { AppConfig } from '../../config/app-config';
import { StartupError } from '../startup-error';
import { jobProblems, Queues } from './queues';

describe('jobProblems (start-up check of declared jobs)', () => {
  it('accepts handlers that match what is produced', () => {
    expect(jobProblems(['bookings.remind', 'bookings.no-show'], ['bookings.remind', 'bookings.no-show'])).toEqual([]);
  });

  it('names a produced job nobody handles', () => {
    expect(jobProblems(['bookings.remind'], ['bookings.remind', 'bookings.no-show'])).toEqual([
      'le travail bookings.no-show est produit mais rien ne le traite (no handler)',
    ]);
  });

  it('names a handler whose queue nobody feeds', () => {
    expect(jobProblems(['bookings.remind', 'inventory.low-stock'], ['bookings.remind'])).toEqual([
      "le traitement inventory.low-stock attend une file que personne n'alimente (no producer for its queue)",
    ]);
  });
});

describe('Queues at start-up', () => {
  const fakeBackend = () => {
    const started: string[][] = [];
    const backend = {
      kind: 'database' as const,
      up: true,
      add: async () => undefined,
      remove: async () => undefined,
      find: async () => null,
      assertSchedules: async () => 0,
      startWorkers: async (queues: string[]) => void started.push(queues),
      ping: async () => undefined,
      onReady: () => undefined,
      close: async () => undefined,
    };
    return { backend, started };
  };
  const config = { env: { QUEUE_WORKERS: true } } as unknown as AppConfig;

  it('stops with a clear sentence when a scheduled job has no handler', async () => {
    const { backend, started } = fakeBackend();
    const queues = new Queues(config, backend);
    queues.schedule({ queue: 'trainings', job: 'send-reminders', repeat: { every: 1000 } });
    await expect(queues.onApplicationBootstrap()).rejects.toThrow(
      new StartupError(
        'Travaux de fond mal déclarés / background jobs wrongly declared:\n  le travail trainings.send-reminders est produit mais rien ne le traite (no handler)',
      ),
    );
    expect(started).toEqual([]);
  });

  it('refuses an add of a job its feature did not declare, and starts one worker per handled queue', async () => {
    const { backend, started } = fakeBackend();
    const queues = new Queues(config, backend);
    queues.produces('bookings', 'remind');
    queues.handle('bookings', 'remind', async () => 'sent');
    await queues.onApplicationBootstrap();
    expect(started).toEqual([['bookings']]);
    await expect(queues.add('bookings', 'no-show', {})).rejects.toThrow('job bookings.no-show added but not declared with produces()');
    expect(await queues.run('bookings', 'remind', {})).toBe('sent');
    await queues.onModuleDestroy();
  });
});
