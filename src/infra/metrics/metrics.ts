import { Controller, Get, Header, Global, Module } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { Public } from '../../common/public.decorator';

/** One registry per process; features increment these counters, `/metrics` exposes them. */
export class Metrics {
  readonly registry = new Registry();
  readonly mqttDropped = new Counter({
    name: 'fablab_mqtt_messages_dropped_total',
    help: 'MQTT messages dropped because they broke the contract',
    labelNames: ['kind', 'reason'],
    registers: [this.registry],
  });
  /** Per kind, messages counted since the last read: counting one is `n++` on the hot path. */
  private readonly receivedTallies = new Map<string, { n: number }>();
  readonly mqttReceived: Counter<'kind'> = new Counter({
    name: 'fablab_mqtt_messages_received_total',
    help: 'MQTT messages received by kind',
    labelNames: ['kind'],
    registers: [this.registry],
    // Run by prom-client whenever the counter is read (/metrics, get()): the tallies are added then.
    collect: () => {
      for (const [kind, tally] of this.receivedTallies) {
        if (!tally.n) continue;
        this.mqttReceived.inc({ kind }, tally.n);
        tally.n = 0;
      }
    },
  });
  readonly accessDecisions = new Counter({
    name: 'fablab_access_decisions_total',
    help: 'Badge-in decisions by outcome and reason',
    labelNames: ['decision', 'reason'],
    registers: [this.registry],
  });
  readonly decisionSeconds = new Histogram({
    name: 'fablab_access_decision_seconds',
    help: 'Time from badge message received to decision published',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });

  /** The tally of one message kind; `tally.n++` counts a message in mqttReceived. */
  receivedTally(kind: string): { n: number } {
    let tally = this.receivedTallies.get(kind);
    if (!tally) this.receivedTallies.set(kind, (tally = { n: 0 }));
    return tally;
  }

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}

@Controller()
@ApiExcludeController()
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Public()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

@Global()
@Module({ providers: [Metrics], controllers: [MetricsController], exports: [Metrics] })
export class MetricsModule {}
