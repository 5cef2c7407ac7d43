/**
 * Who may connect to the embedded broker and what each client may publish or subscribe to.
 * The bridges feature provides the real rules (MQTT-PROTOCOL.md, "Security"); the broker only asks.
 */
export interface BrokerPrincipal {
  kind: 'server' | 'bridge' | 'plug' | 'monitor';
  username: string;
}

export interface BrokerAuthority {
  authenticate(username: string, password: string): Promise<BrokerPrincipal | null>;
  /** `retain`: the message would be kept by the broker and replayed to every new subscriber. */
  canPublish(principal: BrokerPrincipal, topic: string, retain: boolean): boolean;
  canSubscribe(principal: BrokerPrincipal, topicFilter: string): boolean;
}
