// Inhibitions: while a cause is firing, its consequences notify nobody. An inhibited alert
// is still visible in Alertmanager, and if it outlives its cause it is notified then, so
// nothing is lost, only the second and third page for the same incident.
//
// Alertmanager compares `equal` labels that both sides lack as equal (empty == empty), so
// a rule keyed on a label also requires its source to carry it; otherwise one unlabelled
// source would silence every target everywhere.

export interface InhibitRule {
  source_matchers: string[];
  target_matchers: string[];
  equal?: string[];
}

/** The alert names this module relies on; they are part of the catalog's contract. */
export const ALERT = {
  endpointDown: "EndpointDown",
  postgresDown: "PostgresDown",
  redisDown: "RedisDown",
  tlsVerySoon: "TlsCertExpiringVerySoon",
  tlsSoon: "TlsCertExpiringSoon",
  businessQueryFailing: "BusinessQueryFailing",
  targetDown: "TargetDown",
  diskAlmostFull: "HostDiskAlmostFull",
  diskWillFill: "HostDiskWillFillIn24h",
  highErrorRate: "HighErrorRate",
  sentryErrorSpike: "SentryErrorSpike",
  burnFast: "ErrorBudgetBurnFast",
  burnSlow: "ErrorBudgetBurnSlow",
} as const;

/**
 * What an unreachable endpoint makes fire as well, for the same component. Latency alerts
 * measure requests that cannot complete. HighErrorRate and the error-budget burn alerts are
 * inhibited too: during an outage they are the same incident (critical, so a second and
 * third page), and EndpointDown, the symptom users see, already pages; if errors go on
 * after the endpoint is back they page then.
 */
export const ENDPOINT_DOWN_INHIBITS = [
  "EndpointSlow",
  "HighLatencyP95",
  "LatencyRegression",
  "HighErrorRate",
  "ErrorBudgetBurnFast",
  "ErrorBudgetBurnSlow",
] as const;

const anyOf = (names: readonly string[]) => `alertname=~"${names.join("|")}"`;
const is = (name: string) => `alertname="${name}"`;

/** Every Postgres*, or Redis*, alert but the Down one itself. */
function othersOfFamily(prefix: string, down: string): string[] {
  return [`alertname=~"${prefix}.+"`, `alertname!="${down}"`];
}

export function inhibitRules(): InhibitRule[] {
  return [
    {
      // The same problem at two severities: the critical one says it all.
      source_matchers: ['severity="critical"'],
      target_matchers: ['severity=~"warning|info"'],
      equal: ["alertname", "job", "instance"],
    },
    {
      source_matchers: [is(ALERT.endpointDown), 'component=~".+"'],
      target_matchers: [anyOf(ENDPOINT_DOWN_INHIBITS)],
      equal: ["component"],
    },
    {
      // vigil watches one database (config.postgres), so every Postgres alert is about the
      // one that is down; business queries run against that database too and fail with it.
      source_matchers: [is(ALERT.postgresDown)],
      target_matchers: othersOfFamily("Postgres", ALERT.postgresDown),
    },
    {
      // vigil watches one application, and its 5xx answers are what its Sentry SDK reports:
      // while HighErrorRate pages, a spike of Sentry errors is the same incident seen twice.
      source_matchers: [is(ALERT.highErrorRate)],
      target_matchers: [is(ALERT.sentryErrorSpike)],
    },
    {
      // The fast burn is the slow burn caught early: one page, not a page and a warning.
      source_matchers: [is(ALERT.burnFast), 'component=~".+"'],
      target_matchers: [is(ALERT.burnSlow)],
      equal: ["component"],
    },
    {
      // Business metrics read the same database and Redis (config.business.sql, .redis):
      // while either is down, their queries fail with it and say nothing new.
      source_matchers: [anyOf([ALERT.postgresDown, ALERT.redisDown])],
      target_matchers: [is(ALERT.businessQueryFailing)],
    },
    {
      // One Redis per stack (config.redis), as with Postgres.
      source_matchers: [is(ALERT.redisDown)],
      target_matchers: othersOfFamily("Redis", ALERT.redisDown),
    },
    {
      // PostgresDown and RedisDown also fire when their exporter cannot be scraped (up == 0),
      // sooner than TargetDown does for the same target.
      source_matchers: [anyOf([ALERT.postgresDown, ALERT.redisDown]), 'job=~".+"', 'instance=~".+"'],
      target_matchers: [is(ALERT.targetDown)],
      equal: ["job", "instance"],
    },
    {
      // The same certificate, nearer its expiry.
      source_matchers: [is(ALERT.tlsVerySoon), 'instance=~".+"'],
      target_matchers: [is(ALERT.tlsSoon)],
      equal: ["instance"],
    },
    {
      // The same filesystem: nearly full already says more than "full within a day".
      source_matchers: [is(ALERT.diskAlmostFull), 'instance=~".+"', 'mountpoint=~".+"'],
      target_matchers: [is(ALERT.diskWillFill)],
      equal: ["instance", "mountpoint"],
    },
  ];
}
