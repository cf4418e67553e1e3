// The routing tree, the inhibitions and the message templates as Alertmanager 0.25 itself
// reads them: amtool (Debian's prometheus-alertmanager) checks the rendered files, walks
// the routes (`config routes test --verify.receivers`) and renders the templates. The
// committed generated/ is what the droplet gets (every receiver configured); the configs
// below, built with parseConfig, prove the fallbacks when receivers are missing.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { TEMPLATE } from "../alert-rules/alertmanager-templates";
import type { VigilConfig } from "../core/config";
import { parseConfig } from "../core/config";
import { LOCAL_CONFIG_FILE, localConfigAt } from "../scripts/local/config";
import type { Run } from "./support/binaries";
import { renderLocalInto, runTool, tempDirsRemovedAfterAll } from "./support/binaries";
import { parseMinimalConfig } from "./support/fixtures";

const REPO_ROOT = join(__dirname, "..");
const GENERATED_AM = join(REPO_ROOT, "generated", "alertmanager", "alertmanager.yml");

const amtool = (args: string[]): Run => runTool("amtool", args);

const tempDir = tempDirsRemovedAfterAll();

/** Renders for the local placement, secrets filled, as the local stack does; answers alertmanager.yml. */
function renderLocal(config: VigilConfig): string {
  const root = tempDir("vigil-amtool-");
  renderLocalInto(root, config, 45_000);
  return join(root, "alertmanager", "alertmanager.yml");
}

/**
 * `amtool config routes test --verify.receivers`: exits 0 only when the alert reaches
 * exactly these receivers, in this order (the order Alertmanager notifies them).
 */
function verifyRoute(file: string, receivers: string[], labels: string[]): Run {
  return amtool(["config", "routes", "test", `--config.file=${file}`, `--verify.receivers=${receivers.join(",")}`, ...labels]);
}

function expectRoute(file: string, receivers: string[], labels: string[]): void {
  const result = verifyRoute(file, receivers, labels);
  expect(result.status, `${labels.join(" ")} → expected ${receivers.join(",")}\n${result.output}`).toBe(0);
}

const DESTINATIONS = {
  pagerduty: { routingKey: "routing-key" },
  slack: { channel: "#alerts", webhookUrl: "https://hooks.slack.com/services/T0/B0/x" },
  email: { to: "oncall@example.com", from: "vigil@example.com", smarthost: "smtp.example.com:587", username: "vigil", password: "smtp" },
  heartbeat: { url: "https://hc-ping.example.com/abc" },
};
type DestinationKey = keyof typeof DESTINATIONS;

function configWith(keys: DestinationKey[], extra: Record<string, unknown> = {}): VigilConfig {
  return parseMinimalConfig({ ...Object.fromEntries(keys.map((key) => [key, DESTINATIONS[key]])), ...extra });
}

// Labels as the rules set them (alert-rules/), one alert of each kind.
const CRITICAL = ["alertname=PaymentFailuresHigh", "severity=critical", "job=vigil-exporter"];
const CRITICAL_COMPONENT = ["alertname=EndpointDown", "severity=critical", "component=shop", "job=blackbox-http", "instance=https://shop.example.com/"];
const WARNING = ["alertname=HostHighCpu", "severity=warning", "job=node", "instance=node-exporter:9100"];
const WARNING_COMPONENT = ["alertname=EndpointSlow", "severity=warning", "component=shop", "job=blackbox-http"];
const INFO = ["alertname=SomethingWorthKnowing", "severity=info", "job=shop"];
const INFO_COMPONENT = ["alertname=SomethingWorthKnowing", "severity=info", "component=shop", "job=shop"];
const WATCHDOG = ["alertname=Watchdog", "severity=none"];
const NO_SEVERITY = ["alertname=RuleWithoutSeverity", "job=shop"];

describe("the committed generated/alertmanager.yml (every receiver configured)", () => {
  it("passes `amtool check-config`", () => {
    const result = amtool(["check-config", GENERATED_AM]);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.output).toMatch(/10 inhibit rules/);
  });

  it.each([
    ["critical → PagerDuty and Slack", CRITICAL, ["pagerduty", "slack"]],
    ["critical with a component → the status page, PagerDuty and Slack", CRITICAL_COMPONENT, ["status-page", "pagerduty", "slack"]],
    ["warning → Slack", WARNING, ["slack"]],
    ["warning with a component → the status page and Slack", WARNING_COMPONENT, ["status-page", "slack"]],
    ["info → email (within business hours)", INFO, ["email"]],
    ["info with a component → the status page and email", INFO_COMPONENT, ["status-page", "email"]],
    ["Watchdog → the heartbeat alone", WATCHDOG, ["heartbeat"]],
    ["Watchdog, even with a component → the heartbeat alone", [...WATCHDOG, "component=shop"], ["heartbeat"]],
    ["an alert without severity → Slack, rather than nobody", NO_SEVERITY, ["slack"]],
  ])("routes %s", (_name, labels, receivers) => {
    expectRoute(GENERATED_AM, receivers, labels);
  });

  it("fails --verify.receivers when the expectation is wrong (the check can bite)", () => {
    expect(verifyRoute(GENERATED_AM, ["slack"], CRITICAL).status).not.toBe(0);
    expect(verifyRoute(GENERATED_AM, ["pagerduty", "slack"], WATCHDOG).status).not.toBe(0);
    expect(verifyRoute(GENERATED_AM, ["pagerduty", "slack"], CRITICAL_COMPONENT).status).not.toBe(0);
  });
});

describe("a local render with fast timing (what the local stack runs)", () => {
  let file: string;
  beforeAll(() => {
    file = renderLocal(parseConfig(localConfigAt(46_001), LOCAL_CONFIG_FILE));
  });

  it("passes `amtool check-config` with its templates file found and parsed", () => {
    const result = amtool(["check-config", file]);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toMatch(/ 1 templates/);
  });

  it("routes like production: PagerDuty and Slack for critical, Slack for warning, email for info, the heartbeat for Watchdog", () => {
    expectRoute(file, ["status-page", "pagerduty", "slack"], CRITICAL_COMPONENT);
    expectRoute(file, ["slack"], WARNING);
    expectRoute(file, ["email"], INFO);
    expectRoute(file, ["heartbeat"], WATCHDOG);
  });
});

describe("fallbacks when receivers are missing", () => {
  it.each([
    // configured,             critical,                warning,        info,           Watchdog,      no severity
    [["pagerduty", "slack"], ["pagerduty", "slack"], ["slack"], ["slack"], ["blackhole"], ["slack"]],
    [["pagerduty", "email"], ["pagerduty"], ["email"], ["email"], ["blackhole"], ["email"]],
    [["slack", "email", "heartbeat"], ["slack"], ["slack"], ["email"], ["heartbeat"], ["slack"]],
    [["pagerduty", "heartbeat"], ["pagerduty"], ["pagerduty"], ["blackhole"], ["heartbeat"], ["pagerduty"]],
    [["slack"], ["slack"], ["slack"], ["slack"], ["blackhole"], ["slack"]],
    [["email"], ["email"], ["email"], ["email"], ["blackhole"], ["email"]],
  ] as Array<[DestinationKey[], string[], string[], string[], string[], string[]]>)(
    "with %j: critical → %j, warning → %j, info → %j, Watchdog → %j, no severity → %j",
    (keys, critical, warning, info, watchdog, noSeverity) => {
      const file = renderLocal(configWith(keys));
      const check = amtool(["check-config", file]);
      expect(check.status, check.output).toBe(0);
      expectRoute(file, critical, CRITICAL);
      expectRoute(file, ["status-page", ...critical], CRITICAL_COMPONENT);
      expectRoute(file, warning, WARNING);
      expectRoute(file, info, INFO);
      expectRoute(file, watchdog, WATCHDOG);
      expectRoute(file, noSeverity, NO_SEVERITY);
    },
  );

  it("passes `amtool check-config` with business hours in a time zone (Alertmanager loads the zone)", () => {
    const file = renderLocal(
      configWith(["email"], { businessHours: { weekdays: ["monday:thursday"], start: "08:00", end: "16:30", timeZone: "Europe/Berlin" } }),
    );
    const result = amtool(["check-config", file]);
    expect(result.status, result.output).toBe(0);
    expect(readFileSync(file, "utf8")).toContain("location: Europe/Berlin");
  });
});

describe("the message templates, rendered by amtool", () => {
  let templates: string;
  let dataDir: string;
  beforeAll(() => {
    templates = join(renderLocal(configWith(["pagerduty", "slack", "email"])), "..", "templates", "vigil.tmpl");
    dataDir = tempDir("vigil-template-data-");
  });

  const alert = (severity: string, annotations: Record<string, string>, status = "firing") => ({
    status,
    labels: { alertname: "EndpointDown", severity, component: "shop", job: "blackbox-http", instance: "https://shop.example.com/" },
    annotations,
    startsAt: "2024-05-01T10:00:00Z",
    endsAt: status === "firing" ? "0001-01-01T00:00:00Z" : "2024-05-01T10:05:00Z",
    generatorURL: "",
    fingerprint: "0",
  });
  const LINKED = {
    summary: "shop is down",
    description: "The probe of https://shop.example.com/ has failed for 30s.",
    runbook_url: "https://example.com/runbooks/EndpointDown.md",
    dashboard_url: "http://localhost:3000/d/vigil-overview/overview",
  };

  /** Renders `{{ template name . }}` over a notification with these alerts. */
  function render(name: string, alerts: ReturnType<typeof alert>[], type: "text" | "html" = "text"): string {
    const firing = alerts.filter((a) => a.status === "firing");
    const common: Record<string, string> = alerts[0]?.labels ?? {};
    const data = {
      receiver: "slack",
      status: firing.length > 0 ? "firing" : "resolved",
      alerts,
      groupLabels: { alertname: common.alertname },
      commonLabels: common,
      commonAnnotations: alerts.length === 1 ? alerts[0]?.annotations : {},
      externalURL: "http://localhost:9093",
    };
    const file = join(dataDir, `${name}-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(data));
    const result = amtool([
      "template",
      "render",
      `--template.glob=${templates}`,
      `--template.data=${file}`,
      `--template.type=${type}`,
      `--template.text={{ template "${name}" . }}`,
    ]);
    expect(result.status, result.output).toBe(0);
    return result.output;
  }

  it("titles a notification with its state, count, severity, alert and component", () => {
    expect(render(TEMPLATE.title, [alert("critical", LINKED)])).toBe("[FIRING:1] critical · EndpointDown · shop");
  });

  it("gives Slack the severity, summary, description, runbook and dashboard of each alert", () => {
    const text = render(TEMPLATE.slackText, [alert("critical", LINKED)]);
    expect(text).toContain("*CRITICAL* shop is down");
    expect(text).toContain(LINKED.description);
    expect(text).toContain(`<${LINKED.runbook_url}|Runbook>`);
    expect(text).toContain(`<${LINKED.dashboard_url}|Dashboard>`);
  });

  it("leaves out a dashboard link the alert does not have, rather than rendering it empty", () => {
    const { dashboard_url: _none, ...unlinked } = LINKED;
    const text = render(TEMPLATE.slackText, [alert("warning", unlinked)]);
    expect(text).toContain(`<${LINKED.runbook_url}|Runbook>`);
    expect(text).not.toContain("Dashboard");
    expect(text).not.toContain("<|");
  });

  it("links each alert to its service's logs around the moment it started, in Slack and email", () => {
    const logs_url = "http://localhost:3000/d/vigil-logs?var-service=shop";
    // 2024-05-01T10:00:00Z, and a window of 30 minutes centred on it.
    const expected = `${logs_url}&time=1714557600000&time.window=1800000`;
    expect(render(TEMPLATE.slackText, [alert("critical", { ...LINKED, logs_url })])).toContain(` · <${expected}|Logs>`);
    expect(render(TEMPLATE.emailText, [alert("critical", { ...LINKED, logs_url })])).toContain(`Logs: ${expected}`);
    expect(render(TEMPLATE.emailHtml, [alert("critical", { ...LINKED, logs_url })], "html")).toContain(`<a href="${expected}">Logs</a>`);
    expect(render(TEMPLATE.groupLogsUrl, [alert("critical", { ...LINKED, logs_url })])).toBe(expected);
    // Without logs_url: no Logs link, and PagerDuty's href renders empty, so Alertmanager drops it.
    expect(render(TEMPLATE.slackText, [alert("critical", LINKED)])).not.toContain("Logs");
    expect(render(TEMPLATE.groupLogsUrl, [alert("critical", LINKED)])).toBe("");
  });

  it("marks resolved alerts and colours the message by severity and state", () => {
    expect(render(TEMPLATE.slackText, [alert("critical", LINKED, "resolved")])).toContain("*RESOLVED* shop is down");
    expect(render(TEMPLATE.slackColor, [alert("critical", LINKED)])).toBe("danger");
    expect(render(TEMPLATE.slackColor, [alert("warning", LINKED)])).toBe("warning");
    expect(render(TEMPLATE.slackColor, [alert("critical", LINKED, "resolved")])).toBe("good");
  });

  it.each([
    ["critical", "critical"],
    ["warning", "warning"],
    ["info", "info"],
    ["none", "error"],
  ])("maps severity %s to PagerDuty's %s", (severity, expected) => {
    expect(render(TEMPLATE.pagerdutySeverity, [alert(severity, LINKED)])).toBe(expected);
  });

  it("summarises for PagerDuty in one line, and details every alert", () => {
    const second = { ...alert("critical", { ...LINKED, summary: "shop is down from fra1 too" }), fingerprint: "1" };
    expect(render(TEMPLATE.pagerdutySummary, [alert("critical", LINKED)])).toBe("[FIRING:1] critical · EndpointDown · shop: shop is down");
    expect(render(TEMPLATE.pagerdutySummary, [alert("critical", LINKED), second])).toBe(
      "[FIRING:2] critical · EndpointDown · shop: shop is down (2 alerts, see details)",
    );
    expect(render(TEMPLATE.summaries, [alert("critical", LINKED), second])).toBe(
      "CRITICAL: shop is down\nCRITICAL: shop is down from fra1 too",
    );
    expect(render(TEMPLATE.descriptions, [alert("critical", LINKED)])).toBe(LINKED.description);
  });

  it("writes info emails with the summary, description and links, escaped as HTML", () => {
    const html = render(TEMPLATE.emailHtml, [alert("info", { ...LINKED, description: "Usage is <b>high</b>." })], "html");
    expect(html).toContain("INFO: shop is down");
    expect(html).toContain("Usage is &lt;b&gt;high&lt;/b&gt;.");
    expect(html).toContain(`<a href="${LINKED.runbook_url}">Runbook</a>`);
    expect(html).toContain(`<a href="${LINKED.dashboard_url}">Dashboard</a>`);
    const text = render(TEMPLATE.emailText, [alert("info", LINKED)]);
    expect(text).toContain(`Runbook: ${LINKED.runbook_url}`);
    expect(text).toContain(`Dashboard: ${LINKED.dashboard_url}`);
  });

  it("fails on a template the file does not define (the render can bite)", () => {
    const file = join(dataDir, "empty.json");
    writeFileSync(file, JSON.stringify({ alerts: [] }));
    const result = amtool(["template", "render", `--template.glob=${templates}`, `--template.data=${file}`, '--template.text={{ template "vigil.nope" . }}']);
    expect(result.status).not.toBe(0);
  });
});
