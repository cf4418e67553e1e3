import { describe, expect, it } from "vitest";
import type { VigilConfig } from "../core/config";
import { ConfigError, secretsOf } from "../core/config";
import { synth } from "../synth";
import type { Placement } from "../core/placement";
import { consecutivePorts, dropletPlacement, localPlacement } from "../core/placement";
import { placeholdersIn, SecretCollector, secretPlaceholder } from "../synth/secrets";
import type { Timing } from "../core/timing";
import { FAST, parseDuration, PRODUCTION } from "../core/timing";
import type { AlertmanagerDocument, Route } from "./alertmanager";
import {
  alertmanagerPlan,
  BUSINESS_HOURS,
  effectiveRoutes,
  MAX_NOTIFICATIONS_PER_HOUR,
  maxNotificationsPerHour,
  NOTIFICATION_TIMING,
  RECEIVER,
} from "./alertmanager";
import type { InhibitRule } from "./alertmanager-inhibitions";
import { TEMPLATES_ARTIFACT_PATH, TEMPLATES_FILE } from "./alertmanager-templates";
import { parseMinimalConfig } from "../test/support/fixtures";

// ---------------------------------------------------------------- fixtures

const SECRET_VALUES = {
  pagerduty: "pd-secret-Qa81xZ",
  slack: "https://hooks.slack.com/services/T0/B0/slack-secret-Wm42pL",
  email: "smtp-secret-Jc09dE",
};

const DESTINATIONS = {
  pagerduty: { routingKey: SECRET_VALUES.pagerduty },
  slack: { channel: "#alerts", webhookUrl: SECRET_VALUES.slack },
  email: {
    to: "oncall@example.com",
    from: "vigil@example.com",
    smarthost: "smtp.example.com:587",
    username: "vigil",
    password: SECRET_VALUES.email,
  },
  heartbeat: { url: "https://hc-ping.example.com/abc" },
} as const;
type DestinationKey = keyof typeof DESTINATIONS;

function configWith(keys: DestinationKey[], extra: Record<string, unknown> = {}): VigilConfig {
  return parseMinimalConfig({ ...Object.fromEntries(keys.map((key) => [key, DESTINATIONS[key]])), ...extra });
}

const LOCAL_PORTS = consecutivePorts(44_000);
const local = (): Placement => localPlacement("/tmp/vigil-am-test", LOCAL_PORTS);

const plan = (config: VigilConfig, timing: Timing = PRODUCTION, placement: Placement = dropletPlacement()) =>
  alertmanagerPlan(config, placement, timing, new SecretCollector(placement, "alertmanager"));
const documentOf = (config: VigilConfig, timing: Timing = PRODUCTION) => plan(config, timing).config;

/** Every non-empty subset of the person receivers, with and without a heartbeat. */
const PEOPLE: DestinationKey[] = ["pagerduty", "slack", "email"];
const COMBINATIONS: DestinationKey[][] = [1, 2, 3, 4, 5, 6, 7].flatMap((mask) => {
  const people = PEOPLE.filter((_key, index) => mask & (1 << index));
  return [people, [...people, "heartbeat" as const]];
});
const label = (keys: DestinationKey[]) => keys.join("+");

function allRoutes(route: Route): Route[] {
  return [route, ...(route.routes ?? []).flatMap(allRoutes)];
}

function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}

// ---------------------------------------------------------------- a small Alertmanager model
// Enough of Alertmanager's routing and inhibition semantics to ask "who gets this alert"
// and "does this alert silence that one" of the pure plan; amtool answers the same
// questions of the rendered file in test/amtool.test.ts.

type Labels = Record<string, string>;

function matches(matcher: string, labels: Labels): boolean {
  const parsed = /^([a-zA-Z_][a-zA-Z0-9_]*)(=~|!~|!=|=)"(.*)"$/.exec(matcher);
  if (!parsed) throw new Error(`unparsed matcher ${matcher}`);
  const [, name, op, value] = parsed as unknown as [string, string, string, string];
  const actual = labels[name] ?? "";
  const regex = () => new RegExp(`^(?:${value})$`).test(actual);
  if (op === "=") return actual === value;
  if (op === "!=") return actual !== value;
  if (op === "=~") return regex();
  return !regex();
}

const matchesAll = (matchers: string[] | undefined, labels: Labels) => (matchers ?? []).every((m) => matches(m, labels));

/** The receivers an alert reaches, as Alertmanager walks the tree (first match, unless continue). */
function receiversFor(route: Route, labels: Labels): string[] {
  const found: string[] = [];
  for (const child of route.routes ?? []) {
    if (!matchesAll(child.matchers, labels)) continue;
    found.push(...receiversFor(child, labels));
    if (!child.continue) return found;
  }
  return found.length > 0 ? found : [route.receiver];
}

/** Whether firing `source` inhibits `target` under these rules. */
function inhibits(rules: InhibitRule[], source: Labels, target: Labels): boolean {
  return rules.some(
    (rule) =>
      matchesAll(rule.source_matchers, source) &&
      matchesAll(rule.target_matchers, target) &&
      // An alert matching both sides cannot be inhibited by another that does too.
      !(matchesAll(rule.source_matchers, target) && matchesAll(rule.target_matchers, source)) &&
      (rule.equal ?? []).every((name) => (source[name] ?? "") === (target[name] ?? "")),
  );
}

// ---------------------------------------------------------------- receivers

describe("receivers", () => {
  it.each(COMBINATIONS.map((keys) => [label(keys), keys] as const))(
    "with %s, only those receivers exist and every route names one of them",
    (_name, keys) => {
      const document = documentOf(configWith(keys));
      const names = document.receivers.map((receiver) => receiver.name);
      const expected = [...keys.filter((key) => key !== "heartbeat"), ...(keys.includes("heartbeat") ? ["heartbeat"] : [])];
      expect(names).toEqual([...expected, RECEIVER.statusPage, RECEIVER.blackhole]);
      for (const route of allRoutes(document.route)) expect(names).toContain(route.receiver);
      // Each receiver holds the one integration its name says, or none (blackhole).
      for (const receiver of document.receivers) {
        const integrations = Object.keys(receiver).filter((key) => key.endsWith("_configs"));
        expect(integrations.length, receiver.name).toBe(receiver.name === RECEIVER.blackhole ? 0 : 1);
      }
    },
  );

  it.each(COMBINATIONS.map((keys) => [label(keys), keys] as const))("with %s, no value is empty", (_name, keys) => {
    const artifacts = synth(configWith(keys), dropletPlacement(), PRODUCTION);
    const file = artifacts.find((artifact) => artifact.path === "alertmanager/alertmanager.yml");
    const document = plan(configWith(keys)).config;
    expect(stringsIn(document)).not.toContain("");
    expect(file?.content).not.toMatch(/(url|key|file|to|from|smarthost):\s*(""|''|null|~)?\s*$/m);
  });

  it("points the status-page webhook at the vigil exporter of the placement", () => {
    const webhook = (placement: Placement) =>
      plan(configWith(["slack"]), PRODUCTION, placement).config.receivers.find((r) => r.name === RECEIVER.statusPage)
        ?.webhook_configs;
    expect(webhook(dropletPlacement())).toEqual([{ url: "http://vigil-exporter:9464/api/alertmanager/status", send_resolved: true }]);
    expect(webhook(local())).toEqual([
      { url: `http://127.0.0.1:${LOCAL_PORTS.vigilExporter}/api/alertmanager/status`, send_resolved: true },
    ]);
  });

  it("maps severity to PagerDuty's and links the runbook, the dashboard and the logs", () => {
    const pagerduty = documentOf(configWith(["pagerduty"])).receivers.find((r) => r.name === RECEIVER.pagerduty)
      ?.pagerduty_configs?.[0];
    expect(pagerduty).toMatchObject({
      severity: '{{ template "vigil.pagerduty.severity" . }}',
      links: [
        { href: "{{ .CommonAnnotations.runbook_url }}", text: "Runbook" },
        { href: "{{ .CommonAnnotations.dashboard_url }}", text: "Dashboard" },
        { href: '{{ template "vigil.logs.group.url" . }}', text: "Logs" },
      ],
      details: expect.objectContaining({ runbook: expect.any(String), dashboard: expect.any(String), logs: expect.any(String), severity: expect.any(String) }),
    });
    expect(TEMPLATES_FILE).toMatch(/eq \.CommonLabels\.severity "critical" \}\}critical/);
  });
});

// ---------------------------------------------------------------- routing

describe("routing", () => {
  const ALERTS: Record<string, Labels> = {
    critical: { alertname: "PaymentFailuresHigh", severity: "critical" },
    warning: { alertname: "HostHighCpu", severity: "warning" },
    info: { alertname: "SomethingToKnow", severity: "info" },
    watchdog: { alertname: "Watchdog", severity: "none" },
    unlabelled: { alertname: "NoSeverity" },
  };
  const route = (keys: DestinationKey[]) => documentOf(configWith(keys)).route;

  it.each([
    // [configured, critical, warning, info, no severity]
    [["pagerduty", "slack", "email"], ["pagerduty", "slack"], ["slack"], ["email"], ["slack"]],
    [["pagerduty", "slack"], ["pagerduty", "slack"], ["slack"], ["slack"], ["slack"]],
    [["pagerduty", "email"], ["pagerduty"], ["email"], ["email"], ["email"]],
    [["slack", "email"], ["slack"], ["slack"], ["email"], ["slack"]],
    [["pagerduty"], ["pagerduty"], ["pagerduty"], ["blackhole"], ["pagerduty"]],
    [["slack"], ["slack"], ["slack"], ["slack"], ["slack"]],
    [["email"], ["email"], ["email"], ["email"], ["email"]],
  ] as Array<[DestinationKey[], string[], string[], string[], string[]]>)(
    "with %j: critical → %j, warning → %j, info → %j, no severity → %j",
    (keys, critical, warning, info, unlabelled) => {
      expect(receiversFor(route(keys), ALERTS.critical as Labels)).toEqual(critical);
      expect(receiversFor(route(keys), ALERTS.warning as Labels)).toEqual(warning);
      expect(receiversFor(route(keys), ALERTS.info as Labels)).toEqual(info);
      expect(receiversFor(route(keys), ALERTS.unlabelled as Labels)).toEqual(unlabelled);
    },
  );

  it.each(COMBINATIONS.map((keys) => [label(keys), keys] as const))(
    "with %s, Watchdog reaches the heartbeat or nothing, never a person, even with a component",
    (_name, keys) => {
      const expected = keys.includes("heartbeat") ? RECEIVER.heartbeat : RECEIVER.blackhole;
      expect(receiversFor(route(keys), ALERTS.watchdog as Labels)).toEqual([expected]);
      expect(receiversFor(route(keys), { ...ALERTS.watchdog, component: "shop" })).toEqual([expected]);
    },
  );

  it.each(COMBINATIONS.map((keys) => [label(keys), keys] as const))(
    "with %s, an alert with a component also reaches the status page, then its people",
    (_name, keys) => {
      for (const alert of [ALERTS.critical, ALERTS.warning, ALERTS.info] as Labels[]) {
        const withComponent = receiversFor(route(keys), { ...alert, component: "shop" });
        expect(withComponent).toEqual([RECEIVER.statusPage, ...receiversFor(route(keys), alert)]);
      }
    },
  );

  it("holds back only what must not wake anybody: info, and warnings that only PagerDuty could carry", () => {
    const heldBack = (keys: DestinationKey[]) =>
      allRoutes(route(keys))
        .filter((r) => r.active_time_intervals?.includes(BUSINESS_HOURS))
        .map((r) => `${r.matchers?.join(",") ?? "(inherited)"} → ${r.receiver}`);
    expect(heldBack(["pagerduty", "slack", "email"])).toEqual(['severity="info" → email']);
    expect(heldBack(["pagerduty", "slack"])).toEqual(['severity="info" → slack']);
    expect(heldBack(["pagerduty"])).toEqual(['severity="warning" → pagerduty']);
    for (const keys of COMBINATIONS) {
      const critical = allRoutes(route(keys)).filter((r) => r.matchers?.includes('severity="critical"'));
      for (const r of critical.flatMap(allRoutes)) expect(r.active_time_intervals).toBeUndefined();
    }
  });

  it("pages critical alerts after 5 s and waits 30 s for the rest", () => {
    const waits = Object.fromEntries(
      route(["pagerduty", "slack", "email"]).routes?.map((r) => [r.matchers?.join(",") ?? "", r.group_wait]) ?? [],
    );
    expect(waits['severity="critical"']).toBe("5s");
    expect(waits['severity="warning"']).toBe("30s");
    expect(waits['severity="info"']).toBe("30s");
    expect(NOTIFICATION_TIMING.criticalGroupWait).toBe(5);
  });

  it("scales every wait and interval with the timing profile", () => {
    const durations = (timing: Timing) =>
      allRoutes(documentOf(configWith(["pagerduty", "slack", "email", "heartbeat"]), timing).route).flatMap((r) =>
        [r.group_wait, r.group_interval, r.repeat_interval].filter((d): d is string => d !== undefined).map(parseDuration),
      );
    const production = durations(PRODUCTION);
    const fast = durations(FAST);
    expect(fast).toHaveLength(production.length);
    production.forEach((seconds, index) => {
      expect(fast[index]).toBe(seconds === 0 ? 0 : Math.max(1, Math.round(seconds / 60)));
    });
  });
});

// ---------------------------------------------------------------- business hours

describe("business hours", () => {
  const interval = (config: VigilConfig) => documentOf(config).time_intervals;

  it("default to Monday to Friday, 09:00 to 17:00, UTC (Alertmanager's zone, so no location)", () => {
    expect(interval(configWith(["email"]))).toEqual([
      {
        name: BUSINESS_HOURS,
        time_intervals: [{ weekdays: ["monday:friday"], times: [{ start_time: "09:00", end_time: "17:00" }] }],
      },
    ]);
  });

  it("take days, hours and a time zone from config", () => {
    const config = configWith(["email"], {
      businessHours: { weekdays: ["monday:thursday", "saturday"], start: "08:30", end: "18:00", timeZone: "Europe/Berlin" },
    });
    expect(interval(config)?.[0]?.time_intervals).toEqual([
      {
        weekdays: ["monday:thursday", "saturday"],
        times: [{ start_time: "08:30", end_time: "18:00" }],
        location: "Europe/Berlin",
      },
    ]);
  });

  it.each([
    [{ start: "9:00" }, "alerting.businessHours.start"],
    [{ end: "25:00" }, "alerting.businessHours.end"],
    [{ start: "17:00", end: "09:00" }, "alerting.businessHours.end"],
    [{ weekdays: ["friday:monday"] }, "alerting.businessHours.weekdays.0"],
    [{ weekdays: ["Monday"] }, "alerting.businessHours.weekdays.0"],
    [{ weekdays: [] }, "alerting.businessHours.weekdays"],
    [{ timeZone: "Mars/Olympus" }, "alerting.businessHours.timeZone"],
    [{ timeZone: "europe/berlin" }, "alerting.businessHours.timeZone"],
    [{ timezone: "UTC" }, "alerting.businessHours"],
  ])("rejects %j, naming %s", (businessHours, path) => {
    let error: unknown;
    try {
      configWith(["email"], { businessHours });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((issue) => issue.path)).toContain(path);
  });

  it("accepts a time zone alias Go knows (Asia/Kolkata) and one with an offset (Etc/GMT+5)", () => {
    expect(() => configWith(["email"], { businessHours: { timeZone: "Asia/Kolkata" } })).not.toThrow();
    expect(() => configWith(["email"], { businessHours: { timeZone: "Etc/GMT+5" } })).not.toThrow();
  });
});

// ---------------------------------------------------------------- inhibitions

describe("inhibitions", () => {
  const rules = documentOf(configWith(["slack"])).inhibit_rules;
  const alert = (alertname: string, severity: string, labels: Labels = {}): Labels => ({ alertname, severity, ...labels });
  const shop = { component: "shop" };
  const host = { job: "node", instance: "a" };
  const endpointDown = alert("EndpointDown", "critical", { job: "blackbox-http", instance: "https://shop.example.com/", ...shop });
  const postgresDown = alert("PostgresDown", "critical", { job: "postgres" });
  const redisDown = alert("RedisDown", "critical", { job: "redis" });
  const certificate = { instance: "https://shop.example.com/" };

  const INHIBITED: Array<[string, Labels, Labels]> = [
    ["a critical alert its warning twin on the same instance", alert("X", "critical", host), alert("X", "warning", host)],
    ["a critical alert its info twin", alert("X", "critical", host), alert("X", "info", host)],
    ...["EndpointSlow", "HighLatencyP95", "LatencyRegression", "HighErrorRate", "ErrorBudgetBurnFast", "ErrorBudgetBurnSlow"].map(
      (name): [string, Labels, Labels] => [
        `EndpointDown ${name} of the same component`,
        endpointDown,
        alert(name, "warning", { job: "shop", instance: "10.110.0.5:8000", ...shop }),
      ],
    ),
    ...["PostgresTooManyConnections", "PostgresDeadlocks", "PostgresLongRunningTransaction", "PostgresLowCacheHitRatio", "PostgresExporterErrors"].map(
      (name): [string, Labels, Labels] => [`PostgresDown ${name}`, postgresDown, alert(name, "warning", { job: "postgres" })],
    ),
    ["PostgresDown BusinessQueryFailing", postgresDown, alert("BusinessQueryFailing", "warning", { job: "vigil-exporter" })],
    ["ErrorBudgetBurnFast ErrorBudgetBurnSlow of the same component", alert("ErrorBudgetBurnFast", "critical", shop), alert("ErrorBudgetBurnSlow", "warning", shop)],
    ["HighErrorRate SentryErrorSpike", alert("HighErrorRate", "critical", { job: "shop", ...shop }), alert("SentryErrorSpike", "warning", { job: "vigil-exporter", project: "shop-frontend" })],
    ["RedisDown BusinessQueryFailing", redisDown, alert("BusinessQueryFailing", "warning", { job: "vigil-exporter" })],
    ...["RedisMemoryHigh", "RedisTooManyConnections", "RedisRejectedConnections"].map(
      (name): [string, Labels, Labels] => [`RedisDown ${name}`, redisDown, alert(name, "warning", { job: "redis" })],
    ),
    [
      "TlsCertExpiringVerySoon TlsCertExpiringSoon of the same certificate",
      alert("TlsCertExpiringVerySoon", "critical", certificate),
      alert("TlsCertExpiringSoon", "warning", certificate),
    ],
  ];

  const disk = { instance: "node-exporter:9100", mountpoint: "/" };
  INHIBITED.push(
    ["PostgresDown TargetDown of its exporter", { ...postgresDown, instance: "pg:9187" }, alert("TargetDown", "warning", { job: "postgres", instance: "pg:9187" })],
    ["RedisDown TargetDown of its exporter", { ...redisDown, instance: "redis:9121" }, alert("TargetDown", "warning", { job: "redis", instance: "redis:9121" })],
    ["HostDiskAlmostFull HostDiskWillFillIn24h of the same filesystem", alert("HostDiskAlmostFull", "critical", disk), alert("HostDiskWillFillIn24h", "warning", disk)],
  );

  const NOT_INHIBITED: Array<[string, Labels, Labels]> = [
    ["a critical alert a warning of another instance", alert("X", "critical", host), alert("X", "warning", { ...host, instance: "b" })],
    ["a critical alert another alert's warning", alert("X", "critical", host), alert("Y", "warning", host)],
    ["a critical alert another critical one", alert("X", "critical", host), alert("X", "critical", host)],
    ["EndpointDown the latency of another component", endpointDown, alert("HighLatencyP95", "warning", { component: "api" })],
    ["EndpointDown without a component, anything", alert("EndpointDown", "critical"), alert("EndpointSlow", "warning")],
    ["EndpointDown a Postgres alert", endpointDown, alert("PostgresDeadlocks", "warning", shop)],
    ["PostgresDown another PostgresDown", postgresDown, postgresDown],
    ["PostgresDown a Redis alert", postgresDown, alert("RedisMemoryHigh", "warning")],
    ["RedisDown a Postgres alert", redisDown, alert("PostgresDeadlocks", "warning")],
    [
      "TlsCertExpiringVerySoon another certificate",
      alert("TlsCertExpiringVerySoon", "critical", { instance: "a" }),
      alert("TlsCertExpiringSoon", "warning", { instance: "b" }),
    ],
    ["anything Watchdog", endpointDown, alert("Watchdog", "none")],
    ["PostgresDown TargetDown of another job", { ...postgresDown, instance: "pg:9187" }, alert("TargetDown", "warning", { job: "node", instance: "pg:9187" })],
    ["HostDiskAlmostFull another filesystem", alert("HostDiskAlmostFull", "critical", disk), alert("HostDiskWillFillIn24h", "warning", { ...disk, mountpoint: "/data" })],
  ];

  it.each(INHIBITED)("%s: inhibited", (_name, source, target) => {
    expect(inhibits(rules, source, target)).toBe(true);
  });

  it.each(NOT_INHIBITED)("%s: not inhibited", (_name, source, target) => {
    expect(inhibits(rules, source, target)).toBe(false);
  });

  it("keys every rule with `equal` on labels its source is required to carry, or on the alert itself", () => {
    for (const rule of rules) {
      for (const name of rule.equal ?? []) {
        const required = rule.source_matchers.some((m) => m.startsWith(`${name}=~".+"`) || m.startsWith(`${name}="`));
        // alertname/job/instance of the severity rule: the same alert at two severities.
        const sameAlert = rule.equal?.includes("alertname") ?? false;
        expect(required || sameAlert, `${JSON.stringify(rule)} on ${name}`).toBe(true);
      }
    }
  });
});

// ---------------------------------------------------------------- the notification bound

describe("at most 10 notifications per alert per hour", () => {
  it("counts the worst case, a flapping alert, with gaps alternating group_interval and group_wait", () => {
    // 12 m + 5 s: notifications at 0, 5 s, 12m5s, 12m10s, … five pairs in the hour.
    expect(maxNotificationsPerHour(5, 12 * 60)).toBe(10);
    // 11 minutes would allow six pairs.
    expect(maxNotificationsPerHour(5, 11 * 60)).toBe(12);
    // The usual "60 / group_interval" misses the flapping: 6 m and 30 s allow 20, not 10.
    expect(maxNotificationsPerHour(30, 6 * 60)).toBe(20);
    // A steady stream of changes, one per group_interval: 60 / 12 = 5.
    expect(maxNotificationsPerHour(12 * 60, 12 * 60)).toBe(5);
    expect(maxNotificationsPerHour(0, 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it.each(
    COMBINATIONS.flatMap((keys) =>
      [PRODUCTION, FAST].map((timing) => [label(keys), timing.name, keys, timing] as const),
    ),
  )("holds for every route that reaches a person (%s, %s timing)", (_name, _timing, keys, timing) => {
    const hour = 3_600 * timing.durationScale;
    const people: string[] = [RECEIVER.pagerduty, RECEIVER.slack, RECEIVER.email];
    const routes = effectiveRoutes(documentOf(configWith(keys), timing).route).filter((r) => people.includes(r.receiver));
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      const most = maxNotificationsPerHour(route.groupWaitSeconds, route.groupIntervalSeconds, hour);
      expect(most, `${route.receiver} ${route.matchers.join(",")}`).toBeLessThanOrEqual(MAX_NOTIFICATIONS_PER_HOUR);
      expect(route.repeatIntervalSeconds).toBeGreaterThanOrEqual(route.groupIntervalSeconds);
    }
  });

  it("leaves the machines their own pace: the heartbeat every minute, the status page within a minute", () => {
    const routes = effectiveRoutes(documentOf(configWith(["slack", "heartbeat"])).route);
    expect(routes.find((r) => r.receiver === RECEIVER.heartbeat)).toMatchObject({
      groupWaitSeconds: 0,
      groupIntervalSeconds: 60,
      repeatIntervalSeconds: 60,
    });
    expect(routes.find((r) => r.receiver === RECEIVER.statusPage)).toMatchObject({ groupIntervalSeconds: 60 });
  });

  it("groups the status page's notifications by component, so each lists every alert of it Alertmanager lets through", () => {
    const statusRoute = documentOf(configWith(["slack"])).route.routes?.find((route) => route.receiver === RECEIVER.statusPage);
    expect(statusRoute?.group_by).toEqual(["component"]);
  });
});

// ---------------------------------------------------------------- templates and secrets

describe("templates and secrets", () => {
  const config = configWith(["pagerduty", "slack", "email", "heartbeat"]);

  it.each([
    ["droplet", dropletPlacement, PRODUCTION],
    ["local", local, FAST],
  ] as const)("references a templates file that synth renders at the mounted path (%s)", (_name, placement, timing) => {
    const where = placement();
    const document = plan(config, timing, where).config;
    const artifacts = synth(config, where, timing);
    expect(document.templates).toEqual([`${where.mounts.alertmanager}/${TEMPLATES_ARTIFACT_PATH}`]);
    for (const template of document.templates) {
      const relative = template.slice(where.mounts.alertmanager.length + 1);
      expect(artifacts.map((artifact) => artifact.path)).toContain(`alertmanager/${relative}`);
    }
  });

  it("calls only templates the file defines, and the file defines none nobody calls but its helpers", () => {
    const document: AlertmanagerDocument = documentOf(config);
    const called = new Set(
      stringsIn(document.receivers).flatMap((value) => [...value.matchAll(/\{\{ template "([^"]+)"/g)].map((m) => m[1] as string)),
    );
    const defined = new Set([...TEMPLATES_FILE.matchAll(/\{\{ define "([^"]+)"/g)].map((m) => m[1] as string));
    const usedInside = new Set([...TEMPLATES_FILE.matchAll(/\{\{ template "([^"]+)"/g)].map((m) => m[1] as string));
    expect(called.size).toBeGreaterThan(5);
    for (const name of called) expect(defined, name).toContain(name);
    for (const name of usedInside) expect(defined, name).toContain(name);
    for (const name of defined) expect(called.has(name) || usedInside.has(name), `${name} is never used`).toBe(true);
  });

  it("puts secrets only in secret files, as placeholders, which the *_file fields point at", () => {
    const artifacts = synth(config, dropletPlacement(), PRODUCTION);
    const alertmanager = artifacts.filter((artifact) => artifact.path.startsWith("alertmanager/"));
    const rendered = alertmanager.map((artifact) => artifact.content).join("\n");
    for (const value of Object.values(SECRET_VALUES)) expect(rendered).not.toContain(value);

    const yml = alertmanager.find((artifact) => artifact.path === "alertmanager/alertmanager.yml");
    expect(yml?.secret ?? false).toBe(false);
    expect(placeholdersIn(yml?.content ?? "")).toEqual([]);
    // No inline form of any secret Alertmanager could read from a file.
    expect(yml?.content).not.toMatch(/^\s*(routing_key|service_key|api_url|auth_password|url):\s*\S*(hooks\.slack|secret)/m);
    expect(yml?.content).not.toMatch(/^\s*(routing_key|api_url|auth_password):/m);

    const document = plan(config).config;
    const files = stringsIn(document.receivers).filter((value) => value.startsWith("/etc/alertmanager/secrets/"));
    // PagerDuty's key, Slack's webhook, the SMTP password and the heartbeat's ping URL.
    expect(files).toHaveLength(4);
    const secretArtifacts = alertmanager.filter((artifact) => artifact.secret);
    expect(secretArtifacts.map((artifact) => `/etc/alertmanager/${artifact.path.slice("alertmanager/".length)}`).sort()).toEqual(
      [...files].sort(),
    );
    const secrets = secretsOf(config);
    for (const artifact of secretArtifacts) {
      const [path] = placeholdersIn(artifact.content);
      expect(artifact.content).toBe(secretPlaceholder(secrets.get(path as string) as never));
    }
  });
});
