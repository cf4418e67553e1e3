import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FAST, parseDuration } from "../../core/timing";
import { httpOk, sleep, waitUntil } from "../../scripts/local/processes";
import type { Channel, NotifiedAlert, Received } from "../../scripts/local/receivers";
import { notifiedAlert } from "../../scripts/local/receivers";
import type { LocalStack } from "../../scripts/local/stack";
import { startLocalStack } from "../../scripts/local/stack";

// Proof under fire: the local stack (the real Prometheus, Alertmanager, exporters, PostgreSQL
// and Redis, with synth's artifacts under the fast timing) watches the demo app while faults
// are injected. Each scenario asserts that the right alert reaches the right receivers with
// the right severity and links, that the status page learns of it, that it resolves, and
// that nobody else is paged. The receivers are the local stand-ins Alertmanager's real
// PagerDuty, Slack and email integrations talk to.

const PEOPLE: Channel[] = ["pagerduty", "slack", "email"];
/** Where each severity reaches people (alert-rules/alertmanager.ts, every receiver configured). */
const CHANNELS_FOR: Record<string, Channel[]> = { critical: ["pagerduty", "slack"], warning: ["slack"], info: ["email"] };

let stack: LocalStack;
let stackStartedAt = 0;

interface PromAlert {
  labels: Record<string, string>;
  state: string;
}

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`${init?.method ?? "GET"} ${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function setFaults(faults: Record<string, unknown>): Promise<void> {
  await getJson(`${stack.demoAppUrl}/admin/faults`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(faults) });
}

/** Alerts Prometheus has firing (Watchdog aside). */
async function firingInPrometheus(): Promise<string[]> {
  const body = await getJson<{ data: { alerts: PromAlert[] } }>(`${stack.urls.Prometheus}/api/v1/alerts`);
  return body.data.alerts.filter((a) => a.state === "firing" && a.labels.alertname !== "Watchdog").map((a) => a.labels.alertname ?? "");
}

/** What reached people: one entry per notification, with the channel it came through. */
function pages(): Array<NotifiedAlert & { channel: Channel; received: Received }> {
  return stack.receivers
    .received()
    .filter((entry) => PEOPLE.includes(entry.channel))
    .flatMap((entry) => {
      const alert = notifiedAlert(entry);
      return alert ? [{ ...alert, channel: entry.channel, received: entry }] : [];
    });
}

async function waitForPage(alertname: string, status: "firing" | "resolved", channels: Channel[], timeoutMs = 90_000): Promise<void> {
  await waitUntil(
    `${alertname} ${status} on ${channels.join(" and ")}`,
    async () => channels.every((channel) => pages().some((p) => p.alertname === alertname && p.status === status && p.channel === channel)),
    timeoutMs,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; received: ${JSON.stringify(pages().map(({ channel, alertname: name, status: state }) => `${channel}:${name}:${state}`))}`);
  });
}

/** The status-page component states the exporter holds (what Alertmanager told it). */
async function componentAlerts(): Promise<Record<string, Array<{ alertname: string; severity: string }>>> {
  const { host, port } = stack.placement.endpoints.vigilExporter;
  return getJson(`http://${host}:${port}/api/status/components`);
}

interface PublishedSummary {
  status: { indicator: string };
  components: Array<{ id: string; name: string; status: string }>;
  incidents: Array<{ name: string; status: string; impact: string; components: Array<{ id: string }> }>;
}

/** The status page as visitors' integrations read it: summary.json, published to (local) Spaces. */
async function publishedSummary(): Promise<PublishedSummary> {
  return getJson(`${stack.config.statusPage?.publicUrl ?? ""}api/v2/summary.json`);
}

/**
 * Reads the published page every second until stopped: everything visitors could have read
 * while a scenario ran, so a brief second incident or a moment of "major outage" is seen too.
 */
function watchPublished(): { stop: () => Promise<PublishedSummary[]> } {
  const seen: PublishedSummary[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const summary = await publishedSummary().catch(() => undefined);
      if (summary) seen.push(summary);
      await sleep(1_000);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return seen;
    },
  };
}

/** The open incidents of one component in a published summary. */
function incidentsOf(summary: PublishedSummary, component: string): PublishedSummary["incidents"] {
  return summary.incidents.filter((incident) => incident.components.some((c) => c.id === component));
}

/** Waits until the published page shows `component` in `status`, with an unresolved incident or none. */
async function waitForPublished(component: string, status: string, incident: "open" | "none"): Promise<PublishedSummary> {
  let summary: PublishedSummary | undefined;
  await waitUntil(
    `the status page showing ${component} ${status} with ${incident === "open" ? "an open incident" : "no open incident"}`,
    async () => {
      summary = await publishedSummary().catch(() => undefined);
      const shown = summary?.components.find((c) => c.id === component || c.name.toLowerCase() === component);
      return shown?.status === status && (incident === "open" ? (summary?.incidents.length ?? 0) > 0 : summary?.incidents.length === 0);
    },
    60_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; published: ${JSON.stringify(summary)}`);
  });
  return summary!;
}

/** Waits until Alertmanager holds `alertname` back: firing, and suppressed by an inhibition. */
async function waitForInhibited(alertname: string): Promise<void> {
  await waitUntil(
    `${alertname} inhibited in Alertmanager`,
    async () => {
      const alerts = await getJson<Array<{ labels: Record<string, string>; status: { state: string; inhibitedBy: string[] } }>>(
        `${stack.urls.Alertmanager}/api/v2/alerts?inhibited=true`,
      );
      const alert = alerts.find((candidate) => candidate.labels.alertname === alertname);
      return alert?.status.state === "suppressed" && alert.status.inhibitedBy.length > 0;
    },
    60_000,
  );
}

/**
 * Waits until the exporter's component store holds exactly these alerts for `component`:
 * Alertmanager sends the status webhook on its own route, so it may land after the page.
 */
async function waitForComponentAlerts(component: string, alertnames: string[]): Promise<void> {
  let seen: string[] | undefined;
  await waitUntil(
    `${component} showing ${alertnames.join(", ")} in the exporter`,
    async () => {
      seen = (await componentAlerts())[component]?.map((alert) => alert.alertname);
      return JSON.stringify(seen) === JSON.stringify(alertnames);
    },
    30_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; it shows ${JSON.stringify(seen)}`);
  });
}

/** The processes the scenarios stop; one a failed scenario left stopped is started again. */
const STOPPABLE = ["postgresql", "redis", "vigilExporter", "prometheus", "alertmanager"];

/** Everything quiet: nothing firing in Prometheus, nothing but Watchdog in Alertmanager. */
async function waitForQuiet(timeoutMs = 90_000): Promise<void> {
  await waitUntil(
    "no alert firing but Watchdog",
    async () => {
      if ((await firingInPrometheus()).length > 0) return false;
      const active = await getJson<Array<{ labels: Record<string, string>; status: { state: string } }>>(`${stack.urls.Alertmanager}/api/v2/alerts?active=true`);
      return active.every((alert) => alert.labels.alertname === "Watchdog");
    },
    timeoutMs,
  ).catch(async (error: Error) => {
    throw new Error(`${error.message}: still firing ${JSON.stringify(await firingInPrometheus())}`);
  });
}

/**
 * Asserts every page of this scenario was about one of `expected`, on the channels its
 * severity goes to. Only firing notifications count: a "resolved" that a previous scenario's
 * alert sends one group_interval after it ended wakes nobody.
 */
function expectOnlyPagesFor(expected: string[]): void {
  const firing = pages().filter((page) => page.status === "firing");
  const others = firing.filter((page) => !expected.includes(page.alertname));
  expect(others.map((p) => `${p.channel}:${p.alertname}`), "pages nobody should have had").toEqual([]);
  for (const page of firing) expect(CHANNELS_FOR[page.severity], `${page.alertname} on ${page.channel}`).toContain(page.channel);
}

/**
 * Extra requests to the demo app's API on loopback, on top of its own gentle traffic, so a
 * fast-timing window of a few seconds holds enough requests for a 5% error ratio to be
 * steady (at 5 requests/s a 5 s window holds one error or none). Bounded in rate and count.
 */
function driveTraffic(perSecond: number, maxRequests: number): () => void {
  let sent = 0;
  const timer = setInterval(() => {
    if (sent >= maxRequests) return clearInterval(timer);
    sent += 1;
    void fetch(`${stack.demoAppUrl}/api/items/${1 + (sent % 3)}`, { signal: AbortSignal.timeout(2_000) })
      .then((response) => response.arrayBuffer())
      .catch(() => undefined);
  }, 1_000 / perSecond);
  return () => clearInterval(timer);
}

/** The PagerDuty trigger of an alert carries the runbook and dashboard a responder needs. */
function expectLinks(alertname: string, dashboardUid: string): void {
  const trigger = pages().find((p) => p.channel === "pagerduty" && p.alertname === alertname && p.status === "firing");
  expect(trigger, `${alertname} trigger on PagerDuty`).toBeDefined();
  const event = trigger!.received.body as { links?: Array<{ href: string; text?: string }> };
  const links = Object.fromEntries((event.links ?? []).map((link) => [link.text, link.href]));
  expect(links.Runbook).toMatch(new RegExp(`/docs/runbooks/${alertname}\\.md$`));
  expect(links.Dashboard).toContain(`/d/${dashboardUid}`);
}

/** A route's repeat_interval in the local Alertmanager config, in ms (the first route matching `matcher`). */
function repeatIntervalMs(matcher: string): number {
  const file = stack.artifacts.find((artifact) => artifact.path === "alertmanager/alertmanager.yml");
  const config = parseYaml(file?.content ?? "") as { route: { routes: Array<{ matchers?: string[]; repeat_interval?: string }> } };
  const route = config.route.routes.find((r) => r.matchers?.includes(matcher));
  if (!route?.repeat_interval) throw new Error(`no route with ${matcher} and a repeat_interval`);
  return parseDuration(route.repeat_interval) * 1_000;
}

async function restartAndWait(name: string, readyUrl: string): Promise<void> {
  await stack.stopProcess(name);
  stack.restartProcess(name);
  await waitUntil(`${name} ready again`, () => httpOk(readyUrl), 60_000);
}

describe("faults on the local stack", () => {
  beforeAll(async () => {
    stackStartedAt = Date.now();
    stack = await startLocalStack({ timing: FAST });
    // Settled: every target scraped, the rules evaluated, Watchdog's heartbeat flowing.
    await waitForQuiet(120_000);
    await waitUntil("the first heartbeat", async () => stack.receivers.received("heartbeat").length > 0, 60_000);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(async () => {
    // A scenario that failed midway must not fail every one after it.
    const running = stack.processPids();
    for (const name of STOPPABLE) if (running[name] === undefined) stack.restartProcess(name);
    stack.receivers.failSlackWith(undefined);
    await setFaults({});
    await waitForQuiet();
    stack.receivers.clear();
  });

  it("pages PagerDuty and Slack when PostgreSQL stops, shows the outage on the status page, and resolves everywhere", async () => {
    await stack.stopProcess("postgresql");
    await waitForPage("PostgresDown", "firing", ["pagerduty", "slack"]);
    expectLinks("PostgresDown", "vigil-postgres");
    await waitForComponentAlerts("database", ["PostgresDown"]);
    const down = await waitForPublished("database", "major_outage", "open");
    expect(down.status.indicator).toBe("critical");
    // One incident for the one problem, at the impact the alert declares.
    expect(down.incidents.map((incident) => [incident.impact, incident.components.map((c) => c.id)])).toEqual([["critical", ["database"]]]);

    stack.restartProcess("postgresql");
    await waitForPage("PostgresDown", "resolved", ["pagerduty", "slack"]);
    await waitUntil("the status page's database clear", async () => (await componentAlerts()).database === undefined, 30_000);
    const recovered = await waitForPublished("database", "operational", "none");
    expect(recovered.status.indicator).toBe("none");
    expectOnlyPagesFor(["PostgresDown"]);
  });

  it("pages when Redis stops, and resolves when it is back", async () => {
    await stack.stopProcess("redis");
    await waitForPage("RedisDown", "firing", ["pagerduty", "slack"]);
    expectLinks("RedisDown", "vigil-redis");
    await waitForComponentAlerts("cache", ["RedisDown"]);
    await waitForPublished("cache", "major_outage", "open");
    stack.restartProcess("redis");
    await waitForPage("RedisDown", "resolved", ["pagerduty", "slack"]);
    await waitForPublished("cache", "operational", "none");
    expectOnlyPagesFor(["RedisDown"]);
  });

  it("warns on Slack when the application slows down", async () => {
    await setFaults({ extraLatencyMs: 1_500 });
    await waitForPage("HighLatencyP95", "firing", ["slack"]);
    // Slower, not failing: HighLatencyP95 declares degraded performance.
    await waitForPublished(stack.config.app.name, "degraded_performance", "open");
    await setFaults({});
    await waitForPage("HighLatencyP95", "resolved", ["slack"]);
    await waitForPublished(stack.config.app.name, "operational", "none");
    expectOnlyPagesFor(["HighLatencyP95"]);
  });

  it("pages EndpointDown when the public page stops answering, with EndpointSlow inhibited", async () => {
    await setFaults({ publicPageDown: true });
    await waitForPage("EndpointDown", "firing", ["pagerduty", "slack"]);
    expectLinks("EndpointDown", "vigil-overview");
    // The wedged page is slow as well as down; the slow warning is held back.
    await waitForInhibited("EndpointSlow");
    expectOnlyPagesFor(["EndpointDown"]);
    await waitForComponentAlerts(stack.config.app.name, ["EndpointDown"]);
    const down = await waitForPublished(stack.config.app.name, "major_outage", "open");
    expect(down.incidents.map((incident) => [incident.impact, incident.components.map((c) => c.id)])).toEqual([["critical", [stack.config.app.name]]]);
    await setFaults({});
    await waitForPage("EndpointDown", "resolved", ["pagerduty", "slack"]);
    await waitForPublished(stack.config.app.name, "operational", "none");
    // The first probe after the page recovers may still be slow: for that moment EndpointSlow
    // fires with nothing left to inhibit it, and Alertmanager may warn (Slack) once.
    expectOnlyPagesFor(["EndpointDown", "EndpointSlow"]);
  });

  it("warns TargetDown when the vigil exporter is killed", async () => {
    await stack.stopProcess("vigilExporter", "SIGKILL");
    await waitForPage("TargetDown", "firing", ["slack"]);
    stack.restartProcess("vigilExporter");
    await waitForPage("TargetDown", "resolved", ["slack"]);
    expectOnlyPagesFor(["TargetDown"]);
  });

  it("pages AlertmanagerFailedToSendAlerts when Slack answers 500, after Alertmanager's retries", async () => {
    stack.receivers.failSlackWith(500);
    try {
      // Something for Slack to carry: a warning.
      await setFaults({ extraLatencyMs: 1_500 });
      await waitForPage("AlertmanagerFailedToSendAlerts", "firing", ["pagerduty"]);
      // Alertmanager retried: more than one attempt reached the failing webhook.
      const attempts = stack.receivers.received("slack").filter((entry) => (entry.body as { failedWith?: number }).failedWith === 500);
      expect(attempts.length).toBeGreaterThan(1);
    } finally {
      stack.receivers.failSlackWith(undefined);
      await setFaults({});
    }
    await waitForPage("AlertmanagerFailedToSendAlerts", "resolved", ["pagerduty"], 120_000);
    // The latency warning Slack could not take may arrive once Slack is back; nothing else.
    expectOnlyPagesFor(["AlertmanagerFailedToSendAlerts", "HighLatencyP95"]);
  });

  it("keeps the samples from before a Prometheus restart queryable", async () => {
    const prometheus = stack.urls.Prometheus;
    const end = Date.now() / 1_000;
    const range = async () => {
      const params = new URLSearchParams({ query: 'up{job="prometheus"}', start: String(end - 20), end: String(end), step: "1" });
      const body = await getJson<{ data: { result: Array<{ values: unknown[] }> } }>(`${prometheus}/api/v1/query_range?${params}`);
      return body.data.result[0]?.values.length ?? 0;
    };
    const before = await range();
    expect(before).toBeGreaterThan(10);
    await restartAndWait("prometheus", `${prometheus}/-/ready`);
    expect(await range()).toBe(before);
    expectOnlyPagesFor([]);
  });

  it("sends no page twice across an Alertmanager restart, beyond its repeat interval", async () => {
    const started = Date.now();
    await stack.stopProcess("redis");
    await waitForPage("RedisDown", "firing", ["pagerduty"]);
    await restartAndWait("alertmanager", `${stack.urls.Alertmanager}/-/ready`);
    // Prometheus re-sends its firing alerts within one resend delay; give Alertmanager the
    // chance to (wrongly) page again.
    await sleep(10_000);
    stack.restartProcess("redis");
    await waitForPage("RedisDown", "resolved", ["pagerduty"]);
    const triggers = pages().filter((p) => p.channel === "pagerduty" && p.alertname === "RedisDown" && p.status === "firing");
    // The notification log survives the restart (it lives on the data directory), so the
    // only repeats allowed are the ones repeat_interval schedules.
    const allowed = 1 + Math.floor((Date.now() - started) / repeatIntervalMs('severity="critical"'));
    expect(triggers.length).toBeGreaterThanOrEqual(1);
    expect(triggers.length).toBeLessThanOrEqual(allowed);
    expectOnlyPagesFor(["RedisDown"]);
  });

  it("delivers Watchdog to the heartbeat continuously, and a silence (maintenance) stops it", async () => {
    const every = repeatIntervalMs('alertname="Watchdog"');
    const heartbeats = () => stack.receivers.received("heartbeat").length;
    // One ping per repeat interval, give or take Alertmanager's timer ticks on a busy machine.
    const first = heartbeats();
    await waitUntil("three more heartbeats", async () => heartbeats() - first >= 3, every * 15);

    const alertmanager = stack.urls.Alertmanager;
    const now = new Date();
    const silence = await getJson<{ silenceID: string }>(`${alertmanager}/api/v2/silences`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        matchers: [{ name: "alertname", value: "Watchdog", isRegex: false, isEqual: true }],
        startsAt: now.toISOString(),
        endsAt: new Date(now.getTime() + 10 * 60_000).toISOString(),
        createdBy: "vigil fault suite",
        comment: "maintenance",
      }),
    });
    try {
      // A notification already in flight may still land.
      await sleep(every * 2);
      const silenced = heartbeats();
      await sleep(every * 5);
      expect(heartbeats()).toBe(silenced);
    } finally {
      await fetch(`${alertmanager}/api/v2/silence/${silence.silenceID}`, { method: "DELETE" });
    }
    const resumed = heartbeats();
    await waitUntil("heartbeats again after the silence", async () => heartbeats() > resumed, every * 5 + 10_000);
  });

  it("pages nobody during a quiet run with single failed scrapes", async () => {
    for (let round = 0; round < 6; round++) {
      await setFaults({ failNextScrapes: 1 });
      await sleep(10_000);
    }
    // The injected failures were real: Prometheus saw the demo app's scrapes fail.
    const params = new URLSearchParams({ query: 'count_over_time((up{job="demo"} == 0)[2m:1s])' });
    const failed = await getJson<{ data: { result: Array<{ value: [number, string] }> } }>(`${stack.urls.Prometheus}/api/v1/query?${params}`);
    expect(Number(failed.data.result[0]?.value[1] ?? 0)).toBeGreaterThanOrEqual(3);
    expect(await firingInPrometheus()).toEqual([]);
    expectOnlyPagesFor([]);
  });

  it("delivers the series to a second Prometheus through remote_write", async () => {
    const archive = stack.urls["remote-write archive"];
    expect(archive, "the local stack runs a remote-write archive").toBeDefined();
    await waitUntil(
      "the demo app's series in the archive",
      async () => {
        const params = new URLSearchParams({ query: `up{job="demo"}` });
        const body = await getJson<{ data: { result: unknown[] } }>(`${archive}/api/v1/query?${params}`);
        return body.data.result.length > 0;
      },
      60_000,
    );
    // Prometheus reports the queue healthy: samples sent, none failed.
    const params = new URLSearchParams({ query: 'sum(prometheus_remote_storage_samples_failed_total{remote_name="archive"}) or vector(0)' });
    const failed = await getJson<{ data: { result: Array<{ value: [number, string] }> } }>(`${stack.urls.Prometheus}/api/v1/query?${params}`);
    expect(Number(failed.data.result[0]?.value[1])).toBe(0);
  });

  it("pages HighErrorRate and ErrorBudgetBurnFast at 5% errors, with the slow-burn warning inhibited, and shows one partial outage", async () => {
    // The burn-rate windows need their history: with less than the slow burn's long window
    // (6h, 6m under the fast timing) behind it, that window is as short as the stack is old,
    // and the slow burn's lower threshold is crossed first. Production has the history.
    const slowLongWindowMs = 6 * 60 * 60_000 * FAST.durationScale;
    const age = Date.now() - stackStartedAt;
    if (age < slowLongWindowMs + 30_000) await sleep(slowLongWindowMs + 30_000 - age);
    const app = stack.config.app.name;
    const stopTraffic = driveTraffic(40, 40 * 180);
    const watch = watchPublished();
    try {
      await setFaults({ errorRate: 0.05 });
      await waitForPage("HighErrorRate", "firing", ["pagerduty", "slack"]);
      await waitForPage("ErrorBudgetBurnFast", "firing", ["pagerduty", "slack"]);
      expectLinks("HighErrorRate", "vigil-api");
      // 95% of requests succeed: a partial outage for visitors, however urgently it pages.
      const during = await waitForPublished(app, "partial_outage", "open");
      expect(during.status.indicator).toBe("major");
      expect(during.incidents.map((incident) => incident.impact)).toEqual(["major"]);
      // While the fast burn pages, the slow burn (a warning for the same component) fires
      // too, and Alertmanager holds it back: inhibited by the fast burn.
      await waitForInhibited("ErrorBudgetBurnSlow");
      await sleep(5_000);
      expectOnlyPagesFor(["HighErrorRate", "ErrorBudgetBurnFast"]);
      await setFaults({});
      await waitForPage("HighErrorRate", "resolved", ["pagerduty", "slack"]);
      await waitForPage("ErrorBudgetBurnFast", "resolved", ["pagerduty", "slack"]);
      // Resolved once the errors have stopped (the slow burn's short window clears last).
      await waitForPublished(app, "operational", "none");
    } finally {
      stopTraffic();
    }
    const seen = await watch.stop();
    // Whatever fired in which order (slow burn first, then the fast burn and HighErrorRate),
    // visitors read one incident, never two, and never more than a partial outage.
    expect(seen.length).toBeGreaterThan(10);
    expect(Math.max(...seen.map((summary) => incidentsOf(summary, app).length))).toBe(1);
    expect(new Set(seen.map((summary) => summary.components.find((c) => c.id === app)?.status))).toEqual(new Set(["operational", "partial_outage"]));
    // Once the criticals have resolved, the warnings they held back may still speak for as long
    // as their windows hold the burst: the slow burn (6x the budget over its long window) and
    // the Sentry error spike (the 5xx answers reported through the relay). Slack only.
    expectOnlyPagesFor(["HighErrorRate", "ErrorBudgetBurnFast", "ErrorBudgetBurnSlow", "SentryErrorSpike"]);
  });
});
