import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { DropletSlug, Region } from "@pulumi/digitalocean/types/enums";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ConfigIssue, VigilConfig } from ".";
import { ConfigError, fromStackConfig, loadConfigFile, parseConfig, Secret, secretsOf } from ".";
import { minimalRawConfig, PLAIN_SECRET_VALUES, plainConfigYaml } from "../../test/support/fixtures";
import { dataVolumeNeed } from "../volume-sizing";
import { CDN_TTL_SECONDS, DROPLET_REGIONS, DROPLET_SIZES, SPACES_REGIONS, UPTIME_CHECK_REGIONS } from "./digitalocean";
import { selectors } from "./selectors";

const REPO_ROOT = join(__dirname, "..", "..");

/** A plain vigil YAML file: the config shape at the root, secrets as plain strings. */
const PLAIN_YAML = plainConfigYaml({ adminCidrs: '[203.0.113.10/32, "2001:db8::/64"]' });

/** The ConfigError's issues for a raw config; fails the test if it parses. */
function issuesOf(raw: unknown): ConfigIssue[] {
  try {
    parseConfig(raw, "test");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error("expected parseConfig to throw a ConfigError, but the config was accepted");
}

function withChange(change: (raw: Record<string, any>) => void): Record<string, any> {
  const raw = minimalRawConfig();
  change(raw);
  return raw;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "vigil-config-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeYaml(text: string): string {
  const path = join(dir, "vigil.yaml");
  writeFileSync(path, text);
  return path;
}

describe("the example stack file (Pulumi.prod.yaml)", () => {
  it("loads, with the values it sets", () => {
    const config = loadConfigFile(join(REPO_ROOT, "Pulumi.prod.yaml"));
    expect(config.region).toBe("fra1");
    expect(config.app.name).toBe("shop");
    expect(config.app.metricsTargets).toEqual(["10.110.0.5:8000", "10.110.0.6:8000"]);
    expect(config.postgres?.port).toBe(5432);
    expect(config.access.adminCidrs).toEqual(["203.0.113.10/32", "198.51.100.0/28"]);
  });

  it("holds only Pulumi ciphertext, so every secret reveals undefined", () => {
    const config = loadConfigFile(join(REPO_ROOT, "Pulumi.prod.yaml"));
    const secrets = secretsOf(config);
    const exampleOnly = [
      "app.hosts.discoveryToken",
      "business.ingestToken",
      "business.exporterSentryDsn",
      "access.hostKey.privateKey",
      "logs.ingestToken",
      "statusPage.adminToken",
      "statusPage.spaces.accessKeyId",
      "statusPage.spaces.secretAccessKey",
      "statusPage.webhookToken",
    ];
    expect([...secrets.keys()].sort()).toEqual([...Object.keys(PLAIN_SECRET_VALUES), ...exampleOnly].sort());
    for (const secret of secrets.values()) {
      expect(secret).toBeInstanceOf(Secret);
      expect(secret.reveal()).toBeUndefined();
    }
  });

  it("leaves out keys of other namespaces such as digitalocean:token", () => {
    const config = loadConfigFile(join(REPO_ROOT, "Pulumi.prod.yaml")) as unknown as Record<string, unknown>;
    expect(Object.keys(config)).not.toContain("token");
    expect(Object.keys(config).some((key) => key.includes(":"))).toBe(false);
  });
});

describe("defaults", () => {
  it("fill every optional setting of a minimal config", () => {
    const config = parseConfig(minimalRawConfig());
    expect(config.region).toBe("fra1");
    // The volume follows from the default 30 days of metrics and of logs at 10,000 lines a
    // minute (core/volume-sizing.ts): 23 GiB, above the 20 GiB floor.
    expect(config.droplet).toEqual({ size: "s-2vcpu-4gb", backups: false, volumeSizeGib: 23 });
    expect(config.logs).toEqual({
      retentionDays: 30,
      maxDiskUsagePercent: 80,
      expectedLinesPerMinute: 10_000,
      alerts: { errorLines: 50, window: "5m", for: "5m" },
    });
    // Grafana's password is optional: the Pulumi program generates one.
    expect(parseConfig({ ...minimalRawConfig(), grafana: undefined }).grafana).toEqual({});
    expect(config.app.metricsPath).toBe("/metrics");
    expect(config.app.metricsScheme).toBe("http");
    expect(config.app.httpMetrics).toEqual({
      requestsTotal: "http_requests_total",
      requestDuration: "http_request_duration_seconds",
      routeLabel: "handler",
      methodLabel: "method",
      statusLabel: "status",
    });
    expect(config.prometheus.retention).toBe("30d");
    expect(config.postgres).toBeUndefined();
    expect(config.redis).toBeUndefined();
    expect(config.externalChecks.regions).toEqual(["us_east", "eu_west", "se_asia"]);
    expect(parseConfig({ ...minimalRawConfig(), statusPage: statusPageRaw() }).statusPage?.cdnTtlSeconds).toBe(60);
    expect(parseConfig({ ...minimalRawConfig(), statusPage: statusPageRaw() }).statusPage?.language).toBe("en");
  });

  it("fill the fields a partly written section leaves out", () => {
    const config = parseConfig(
      withChange((raw) => {
        raw.droplet = { backups: true };
        raw.app.httpMetrics = { requestsTotal: "starlette_requests_total" };
        raw.postgres = { host: "db", database: "shop", user: "monitor", password: "x" };
      }),
    );
    expect(config.droplet.size).toBe("s-2vcpu-4gb");
    expect(config.droplet.backups).toBe(true);
    expect(config.app.httpMetrics.requestsTotal).toBe("starlette_requests_total");
    expect(config.app.httpMetrics.requestDuration).toBe("http_request_duration_seconds");
    expect(config.app.httpMetrics.statusLabel).toBe("status");
    expect(config.postgres?.port).toBe(5432);
    expect(config.postgres?.sslmode).toBe("require");
  });

  it("size the data volume for the retention when it is unset: a longer retention, a larger volume", () => {
    const volumeFor = (retention: string) => parseConfig(withChange((raw) => (raw.prometheus = { retention }))).droplet.volumeSizeGib;
    // 30 days of metrics alone need 5 GiB; with the default logs (30 days at 10,000 lines a
    // minute, kept below VictoriaLogs' 80% cap) 23, 90 days of metrics 31.
    const logs = { linesPerMinute: 10_000, retentionDays: 30, maxDiskUsagePercent: 80 };
    expect(dataVolumeNeed({ retentionSeconds: 30 * 86_400, freeShareKept: 0.05 }).gib).toBe(5);
    expect(volumeFor("30d")).toBe(23);
    expect(volumeFor("90d")).toBe(31);
    expect(volumeFor("365d")).toBeGreaterThan(volumeFor("90d"));
    expect(volumeFor("365d")).toBe(dataVolumeNeed({ retentionSeconds: 365 * 86_400, freeShareKept: 0.05, logs }).gib);
    // Fewer log lines, a smaller volume, never below the 20 GiB earlier releases created (a volume cannot shrink).
    const quiet = parseConfig(withChange((raw) => (raw.logs = { expectedLinesPerMinute: 100 }))).droplet.volumeSizeGib;
    expect(quiet).toBe(20);
    // Keeping more free at the peak (HostDiskAlmostFull's threshold) takes a larger volume.
    // (VictoriaLogs' cap then stays below the alert's threshold too.)
    const keepingMore = parseConfig(
      withChange((raw) => ((raw.prometheus = { retention: "365d" }), (raw.alerts = { host: { diskAlmostFullFreeRatio: 0.2 } }), (raw.logs = { maxDiskUsagePercent: 70 }))),
    );
    expect(keepingMore.droplet.volumeSizeGib).toBeGreaterThan(volumeFor("365d"));
  });

  it("are not shared between parsed configs, so changing one leaves the next alone", () => {
    const first: VigilConfig = parseConfig(minimalRawConfig());
    first.droplet.size = "s-8vcpu-16gb";
    first.app.httpMetrics.requestsTotal = "changed";
    first.prometheus.retention = "1d";
    const second = parseConfig(minimalRawConfig());
    expect(second.droplet.size).toBe("s-2vcpu-4gb");
    expect(second.app.httpMetrics.requestsTotal).toBe("http_requests_total");
    expect(second.prometheus.retention).toBe("30d");
  });
});

describe("a plain vigil YAML file", () => {
  it("loads, and each secret reveals its plain-string value", () => {
    const config = loadConfigFile(writeYaml(PLAIN_YAML));
    expect(config.grafana.adminPassword?.reveal()).toBe(PLAIN_SECRET_VALUES["grafana.adminPassword"]);
    expect(config.alerting.pagerduty?.routingKey.reveal()).toBe(PLAIN_SECRET_VALUES["alerting.pagerduty.routingKey"]);
    expect(config.redis?.password?.reveal()).toBe(PLAIN_SECRET_VALUES["redis.password"]);
    expect(config.access.adminCidrs).toEqual(["203.0.113.10/32", "2001:db8::/64"]);
  });

  it("gives every secret its dotted path", () => {
    const config = loadConfigFile(writeYaml(PLAIN_YAML));
    const secrets = secretsOf(config);
    expect([...secrets.keys()].sort()).toEqual(Object.keys(PLAIN_SECRET_VALUES).sort());
    for (const [path, secret] of secrets) {
      expect(secret.path).toBe(path);
      expect(secret.reveal()).toBe(PLAIN_SECRET_VALUES[path as keyof typeof PLAIN_SECRET_VALUES]);
    }
  });

  it("never shows a secret value through JSON.stringify, String or util.inspect", () => {
    const config = loadConfigFile(writeYaml(PLAIN_YAML));
    const renderings = [
      JSON.stringify(config),
      JSON.stringify(config, null, 2),
      String(config.grafana.adminPassword),
      `${config.alerting.slack?.webhookUrl}`,
      inspect(config, { depth: Infinity }),
      inspect(config.alerting, { depth: Infinity, showHidden: true }),
    ];
    for (const rendering of renderings) {
      for (const value of Object.values(PLAIN_SECRET_VALUES)) expect(rendering).not.toContain(value);
    }
    expect(JSON.stringify(config.grafana)).toBe('{"adminPassword":"[secret]"}');
    expect(String(config.grafana.adminPassword)).toBe("[secret]");
    expect(inspect(config.grafana.adminPassword)).toBe("Secret(grafana.adminPassword)");
  });

  it("reports an unreadable YAML file as a ConfigError on the file", () => {
    const path = writeYaml("app: [unclosed\n");
    expect(() => loadConfigFile(path)).toThrow(ConfigError);
    try {
      loadConfigFile(path);
    } catch (error) {
      expect((error as ConfigError).source).toBe(path);
      expect((error as ConfigError).issues[0]?.path).toBe("(file)");
    }
  });
});

describe("secrets written as {secure: …}", () => {
  it("parse as secrets that reveal undefined but still carry their path", () => {
    const config = parseConfig(
      withChange((raw) => {
        raw.grafana.adminPassword = { secure: "v1:abc" };
        raw.alerting.pagerduty = { routingKey: { secure: "v1:def" } };
      }),
    );
    expect(config.grafana.adminPassword?.reveal()).toBeUndefined();
    expect(config.grafana.adminPassword?.path).toBe("grafana.adminPassword");
    expect(config.alerting.pagerduty?.routingKey.reveal()).toBeUndefined();
    expect(config.alerting.pagerduty?.routingKey.path).toBe("alerting.pagerduty.routingKey");
  });

  it("must hold nothing but the ciphertext", () => {
    expect(issuesOf(withChange((raw) => (raw.grafana.adminPassword = { secure: "v1:abc", extra: 1 })))).toEqual([
      { path: "grafana.adminPassword", message: "unknown key(s): extra" },
    ]);
  });
});

describe("a bad config fails with a ConfigError naming the path", () => {
  it("when pagerduty is set without a routing key", () => {
    expect(issuesOf(withChange((raw) => (raw.alerting.pagerduty = {})))).toEqual([
      { path: "alerting.pagerduty.routingKey", message: "required when alerting.pagerduty is set" },
    ]);
  });

  it("when Prometheus keeps less than the SLO window and no long-term store holds it", () => {
    expect(issuesOf(withChange((raw) => (raw.prometheus = { retention: "15d" })))).toEqual([
      {
        path: "prometheus.retention",
        message: "15d is shorter than the SLO window (alerts.slo.window, 30d): keep at least 30d, or set prometheus.longTermStore, a store that holds it",
      },
    ]);
    const weekly = withChange((raw) => {
      raw.prometheus = { retention: "7d" };
      raw.alerts = { slo: { window: "7d" } };
    });
    expect(parseConfig(weekly).prometheus.retention).toBe("7d");
  });

  it("accepts a short retention when a long-term store holds the SLO window, and the SLO reads from it", () => {
    const raw = withChange((r) => (r.prometheus = { retention: "2d", longTermStore: { queryUrl: "https://lts.example.com/prometheus", bearerToken: "t" } }));
    expect(selectors(parseConfig(raw)).slo.fromLongTermStore).toBe(true);
    expect(selectors(parseConfig(minimalRawConfig())).slo.fromLongTermStore).toBe(false);
  });

  it("when a secret is not a string", () => {
    expect(issuesOf(withChange((raw) => (raw.alerting.pagerduty = { routingKey: 42 })))).toEqual([
      {
        path: "alerting.pagerduty.routingKey",
        message: "expected a secret string (set it with `pulumi config set --secret --path …`)",
      },
    ]);
  });

  it("when the Slack webhook is readable but not a URL, without echoing the value", () => {
    const issues = issuesOf(withChange((raw) => (raw.alerting.slack = { channel: "#alerts", webhookUrl: "hooks slack typo" })));
    expect(issues).toEqual([{ path: "alerting.slack.webhookUrl", message: "expected an http(s) URL" }]);
    expect(JSON.stringify(issues)).not.toContain("typo");
  });

  it("accepts an encrypted Slack webhook it cannot read", () => {
    expect(() => parseConfig(withChange((raw) => (raw.alerting.slack = { channel: "#alerts", webhookUrl: { secure: "v1:x" } })))).not.toThrow();
  });

  it("when the second admin CIDR is not a CIDR", () => {
    expect(issuesOf(withChange((raw) => (raw.access.adminCidrs = ["203.0.113.10/32", "10.0.0.300/8"])))).toEqual([
      { path: "access.adminCidrs.1", message: "expected a CIDR such as 203.0.113.7/32 or 2001:db8::/64" },
    ]);
  });

  it.each(["10.0.0.0/33", "10.0.0.0", "10.0.0.0/8/8", "example.com/32", "2001:db8::/129"])(
    "when an admin CIDR is %s",
    (cidr) => {
      expect(issuesOf(withChange((raw) => (raw.access.adminCidrs = [cidr])))).toEqual([
        { path: "access.adminCidrs.0", message: "expected a CIDR such as 203.0.113.7/32 or 2001:db8::/64" },
      ]);
    },
  );

  it("when there are no admin CIDRs", () => {
    expect(issuesOf(withChange((raw) => (raw.access.adminCidrs = [])))).toEqual([
      { path: "access.adminCidrs", message: "at least one admin CIDR is needed, or nobody can reach the droplet" },
    ]);
  });

  it("when the SSH key list is empty", () => {
    expect(issuesOf(withChange((raw) => (raw.access.sshKeyFingerprints = [])))).toEqual([
      { path: "access.sshKeyFingerprints", message: "at least one SSH key is needed to manage the droplet" },
    ]);
  });

  it("when a metrics target has port 70000", () => {
    expect(issuesOf(withChange((raw) => (raw.app.metricsTargets = ["10.110.0.5:70000"])))).toEqual([
      { path: "app.metricsTargets.0", message: "port must be 1-65535" },
    ]);
  });

  it("when a metrics target has no port, with that one message and no misleading port-range one", () => {
    expect(issuesOf(withChange((raw) => (raw.app.metricsTargets = ["10.110.0.5"])))).toEqual([
      { path: "app.metricsTargets.0", message: "expected host:port, e.g. 10.110.0.5:8000" },
    ]);
  });

  it.each(["ftp://shop.example.com/", "javascript:alert(1)", "shop.example.com"])("when publicUrl is %s", (url) => {
    expect(issuesOf(withChange((raw) => (raw.app.publicUrl = url)))).toEqual([
      { path: "app.publicUrl", message: "expected an http(s) URL" },
    ]);
  });

  it("when a root key is misspelt", () => {
    expect(issuesOf(withChange((raw) => (raw.alertng = {})))).toEqual([
      { path: "(root)", message: "unknown key(s): alertng" },
    ]);
  });

  it("when a nested key is misspelt", () => {
    expect(issuesOf(withChange((raw) => (raw.app.metricPath = "/metrics")))).toEqual([
      { path: "app", message: "unknown key(s): metricPath" },
    ]);
    expect(issuesOf(withChange((raw) => (raw.alerting.slack = { channel: "#a", webhookUrl: "https://hooks.slack.com/x", chanel: "#b" })))).toEqual([
      { path: "alerting.slack", message: "unknown key(s): chanel" },
    ]);
  });

  it.each(['foo{bar="1"}', "http_requests_total) or vector(1", "2xx_total", "http requests"])(
    "when a metric name would inject PromQL: %s",
    (name) => {
      expect(issuesOf(withChange((raw) => (raw.app.httpMetrics = { requestsTotal: name })))).toEqual([
        { path: "app.httpMetrics.requestsTotal", message: "expected a Prometheus metric name" },
      ]);
    },
  );

  it("when a label name is not a Prometheus label name", () => {
    expect(issuesOf(withChange((raw) => (raw.app.httpMetrics = { statusLabel: 'status="500"' })))).toEqual([
      { path: "app.httpMetrics.statusLabel", message: "expected a Prometheus label name" },
    ]);
  });

  it.each(["15 days", "15", "d15", "-1d", ""])("when the retention is %j", (retention) => {
    expect(issuesOf(withChange((raw) => (raw.prometheus = { retention })))).toEqual([
      { path: "prometheus.retention", message: "expected a Prometheus duration such as 30s, 12h or 15d" },
    ]);
  });

  it("when the document is not a mapping at all", () => {
    expect(issuesOf(null)).toEqual([{ path: "(root)", message: expect.stringContaining("expected object") }]);
    expect(issuesOf(["a"])).toEqual([{ path: "(root)", message: expect.stringContaining("expected object") }]);
  });

  it("with every problem at once, each under its own path, and all of them in the message", () => {
    const raw = withChange((raw) => {
      raw.access.adminCidrs.push("not-a-cidr");
      raw.app.metricsTargets = ["10.110.0.5:70000"];
      raw.alerting.pagerduty = {};
      raw.prometheus = { retention: "forever" };
      raw.extra = true;
      raw.droplet = { volumeSizeGib: 1 };
    });
    const issues = issuesOf(raw);
    expect(issues.map((issue) => issue.path).sort()).toEqual(
      [
        "(root)",
        "access.adminCidrs.1",
        "alerting.pagerduty.routingKey",
        "app.metricsTargets.0",
        "droplet.volumeSizeGib",
        "prometheus.retention",
      ].sort(),
    );
    let message = "";
    try {
      parseConfig(raw, "Pulumi.test.yaml");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("invalid vigil config (Pulumi.test.yaml)");
    expect(message).toContain("  alerting.pagerduty.routingKey: required when alerting.pagerduty is set");
    expect(message).toContain("  prometheus.retention: expected a Prometheus duration");
    expect(message).toContain("  (root): unknown key(s): extra");
  });

  it("from a file, naming the file as the source", () => {
    const path = writeYaml(PLAIN_YAML.replace("metricsTargets: [10.110.0.5:8000]", "metricsTargets: []"));
    try {
      loadConfigFile(path);
      throw new Error("expected loadConfigFile to throw");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).source).toBe(path);
      expect((error as ConfigError).issues).toEqual([
        { path: "app.metricsTargets", message: "at least one metrics target is needed" },
      ]);
    }
  });
});

/** A status page section with only its required fields (plain strings for the secrets). */
function statusPageRaw(spaces: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: "Shop status",
    spaces: { bucket: "shop-status", accessKeyId: "key", secretAccessKey: "secret", ...spaces },
    webhookToken: "webhook-token",
    adminToken: "admin-token",
  };
}

describe("the application's hosts (app.hosts)", () => {
  const withHosts = (hosts: Record<string, unknown>, tags: string[] = ["shop-web"]) =>
    withChange((raw) => {
      raw.access.appDropletTags = tags;
      raw.app.hosts = hosts;
    });

  it("are off unless set; set, the metrics port defaults to metricsTargets' and the firewall is off", () => {
    expect(parseConfig(minimalRawConfig()).app.hosts).toBeUndefined();
    const hosts = parseConfig(withHosts({ discoveryToken: "do-read-only" })).app.hosts;
    expect(hosts).toMatchObject({ metricsPort: 8000, firewall: false });
    expect(hosts?.discoveryToken.reveal()).toBe("do-read-only");
    expect(hosts?.discoveryToken.path).toBe("app.hosts.discoveryToken");
    expect(parseConfig(withHosts({ discoveryToken: "x", metricsPort: 9464, firewall: true })).app.hosts).toMatchObject({ metricsPort: 9464, firewall: true });
  });

  it("need the read-only token", () => {
    expect(issuesOf(withHosts({}))).toEqual([
      {
        path: "app.hosts.discoveryToken",
        message: "required: a read-only DigitalOcean API token (scope droplet:read) Prometheus lists the application's droplets with",
      },
    ]);
  });

  it("are found by access.appDropletTags, so those must list one", () => {
    expect(issuesOf(withHosts({ discoveryToken: "x" }, []))).toEqual([
      { path: "access.appDropletTags", message: "app.hosts finds the application's droplets by these tags: list at least one" },
    ]);
  });

  it("need their metrics port said when metricsTargets use more than one", () => {
    const raw = withHosts({ discoveryToken: "x" });
    raw.app.metricsTargets = ["10.110.0.5:8000", "10.110.0.6:8001"];
    expect(issuesOf(raw)).toEqual([
      { path: "app.hosts.metricsPort", message: "required: metricsTargets use ports 8000, 8001, so say which one each host serves the application's metrics on" },
    ]);
    raw.app.hosts.metricsPort = 8001;
    expect(parseConfig(raw).app.hosts?.metricsPort).toBe(8001);
  });

  it("refuse a port out of range and unknown keys", () => {
    expect(issuesOf(withHosts({ discoveryToken: "x", metricsPort: 70_000 }))).toEqual([{ path: "app.hosts.metricsPort", message: "port must be 1-65535" }]);
    expect(issuesOf(withHosts({ discoveryToken: "x", tags: ["shop"] }))).toEqual([{ path: "app.hosts", message: "unknown key(s): tags" }]);
  });
});

describe("a value DigitalOcean would refuse fails at config time, naming the field and what it accepts", () => {
  it.each(["xyz1", "nyc2", "ams2", "sfo1", "FRA1"])("when the droplet region is %s", (region) => {
    expect(issuesOf(withChange((raw) => (raw.region = region)))).toEqual([
      { path: "region", message: `expected a DigitalOcean region that takes new droplets, one of: ${DROPLET_REGIONS.join(", ")}` },
    ]);
  });

  it.each(["nyc1", "sfo1", "xyz1"])("when the Spaces region is %s, which has no Spaces", (region) => {
    expect(issuesOf(withChange((raw) => (raw.statusPage = statusPageRaw({ region }))))).toEqual([
      { path: "statusPage.spaces.region", message: `expected a region with Spaces, one of: ${SPACES_REGIONS.join(", ")}` },
    ]);
  });

  it("accepts every Spaces region the issue lists, atl1 among them, and every droplet region", () => {
    expect([...SPACES_REGIONS]).toEqual(["ams3", "atl1", "blr1", "fra1", "lon1", "nyc3", "sfo2", "sfo3", "sgp1", "syd1", "tor1"]);
    for (const region of SPACES_REGIONS) {
      expect(parseConfig(withChange((raw) => (raw.statusPage = statusPageRaw({ region })))).statusPage?.spaces.region).toBe(region);
    }
    for (const region of DROPLET_REGIONS) expect(parseConfig(withChange((raw) => (raw.region = region))).region).toBe(region);
  });

  it.each(["s-2vcpu-4g", "s-2vcpu-3gb", "large"])("when the droplet size is %s", (size) => {
    const issues = issuesOf(withChange((raw) => (raw.droplet = { size })));
    expect(issues).toEqual([{ path: "droplet.size", message: `expected a DigitalOcean droplet size slug, one of: ${DROPLET_SIZES.join(", ")}` }]);
    expect(issues[0]?.message).toContain("s-2vcpu-4gb, s-2vcpu-4gb-amd");
  });

  it("when the data volume is larger than DigitalOcean's largest, or not whole GiB", () => {
    expect(issuesOf(withChange((raw) => (raw.droplet = { volumeSizeGib: 16_385 })))).toEqual([
      { path: "droplet.volumeSizeGib", message: "expected at most 16384 GiB, DigitalOcean's largest volume (16 TiB)" },
    ]);
    expect(issuesOf(withChange((raw) => (raw.droplet = { volumeSizeGib: 20.5 })))).toEqual([
      { path: "droplet.volumeSizeGib", message: "expected whole GiB, from 5 to 16384" },
    ]);
    expect(parseConfig(withChange((raw) => (raw.droplet = { volumeSizeGib: 16_384 }))).droplet.volumeSizeGib).toBe(16_384);
  });

  it("when VictoriaLogs' disk cap would let logs fill the volume past HostDiskAlmostFull", () => {
    expect(issuesOf(withChange((raw) => (raw.logs = { maxDiskUsagePercent: 95 })))).toEqual([
      {
        path: "logs.maxDiskUsagePercent",
        message: "95% lets logs fill the volume past where HostDiskAlmostFull pages (alerts.host.diskAlmostFullFreeRatio 0.05): set at most 89",
      },
    ]);
    expect(issuesOf(withChange((raw) => (raw.logs = { retentionDays: 0 }))).map((issue) => issue.path)).toEqual(["logs.retentionDays"]);
    expect(issuesOf(withChange((raw) => (raw.logs = { ingestToken: "" }))).map((issue) => issue.path)).toEqual(["logs.ingestToken"]);
    // A bearer token that would not survive the HTTP header or the hosts' environment file.
    for (const token of ["short-token", "has spaces in it, sixteen+", 'quote"in-the-token-value']) {
      expect(issuesOf(withChange((raw) => (raw.logs = { ingestToken: token }))).map((issue) => issue.path), token).toEqual(["logs.ingestToken"]);
    }
    expect(parseConfig(withChange((raw) => (raw.logs = { ingestToken: "a".repeat(64) }))).logs.ingestToken?.reveal()).toBe("a".repeat(64));
  });

  it("when the retention is zero, which Prometheus would read as its own 15 days", () => {
    const raw = withChange((r) => (r.prometheus = { retention: "0d", longTermStore: { queryUrl: "https://lts.example.com/prometheus", bearerToken: "t" } }));
    expect(issuesOf(raw)).toEqual([{ path: "prometheus.retention", message: "expected a retention above zero (Prometheus reads 0 as its default, 15d)" }]);
  });

  it("when the data volume set is smaller than the retention needs, naming the field and the size needed", () => {
    const yearly = (volumeSizeGib: number) => withChange((raw) => ((raw.prometheus = { retention: "365d" }), (raw.droplet = { volumeSizeGib })));
    const logs = { linesPerMinute: 10_000, retentionDays: 30, maxDiskUsagePercent: 80 };
    const needed = dataVolumeNeed({ retentionSeconds: 365 * 86_400, freeShareKept: 0.05, logs }).gib;
    expect(needed).toBeGreaterThan(10);
    expect(issuesOf(yearly(10))).toEqual([
      {
        path: "droplet.volumeSizeGib",
        message: `10 GiB is less than the ${needed} GiB prometheus.retention (365d) and logs.retentionDays (30) need at the example stack's ingestion and logs.expectedLinesPerMinute (core/volume-sizing.ts; docs/operations.md, "Retention and the data volume"): set at least ${needed}, or leave it unset`,
      },
    ]);
    expect(parseConfig(yearly(needed)).droplet.volumeSizeGib).toBe(needed);
    // The default 30 days of metrics, with few logs, fit the smallest volume vigil accepts.
    expect(parseConfig(withChange((raw) => ((raw.droplet = { volumeSizeGib: 5 }), (raw.logs = { expectedLinesPerMinute: 10, maxDiskUsagePercent: 88 })))).droplet.volumeSizeGib).toBe(5);
  });

  it("when the retention needs more than DigitalOcean's largest volume", () => {
    expect(issuesOf(withChange((raw) => (raw.prometheus = { retention: "1000y" })))).toEqual([
      {
        path: "prometheus.retention",
        message: expect.stringMatching(/^1000y needs a \d+ GiB data volume, more than DigitalOcean's largest \(16384 GiB\): keep less, and set prometheus.longTermStore for the rest$/),
      },
    ]);
  });

  it("when an uptime check region is not one DigitalOcean probes from, or none is left", () => {
    expect(issuesOf(withChange((raw) => (raw.externalChecks = { regions: ["us_east", "eu-west"] })))).toEqual([
      { path: "externalChecks.regions.1", message: `expected an uptime check region, one of: ${UPTIME_CHECK_REGIONS.join(", ")}` },
    ]);
    expect(issuesOf(withChange((raw) => (raw.externalChecks = { regions: [] })))).toEqual([
      { path: "externalChecks.regions", message: "at least one uptime check region is needed" },
    ]);
  });

  it.each([0, 30, 300, 3601])("when the CDN's TTL is %s seconds", (cdnTtlSeconds) => {
    expect(issuesOf(withChange((raw) => (raw.statusPage = { ...statusPageRaw(), cdnTtlSeconds })))).toEqual([
      { path: "statusPage.cdnTtlSeconds", message: `expected a CDN TTL in seconds, one of: ${CDN_TTL_SECONDS.join(", ")}` },
    ]);
  });

  it("keeps the size list equal to the provider's DropletSlug enum, so an upgrade of the provider shows up here", () => {
    expect([...DROPLET_SIZES].sort()).toEqual([...new Set(Object.values(DropletSlug))].sort());
  });

  it("differs from the provider's Region enum exactly where DigitalOcean moved on: three closed regions, one new", () => {
    const provider: string[] = Object.values(Region);
    const ours: readonly string[] = DROPLET_REGIONS;
    expect(provider.filter((region) => !ours.includes(region)).sort()).toEqual(["ams2", "nyc2", "sfo1"]);
    expect(ours.filter((region) => !provider.includes(region))).toEqual(["atl1"]);
  });
});

describe("the status page's language", () => {
  it.each(["fr", "zh", "pt-BR", "EN"])("when the status page's language is %s, not one of the six it is published in", (language) => {
    expect(issuesOf(withChange((raw) => (raw.statusPage = { ...statusPageRaw(), language })))).toEqual([
      { path: "statusPage.language", message: "expected a status page language, one of: en, es, pt, zh-CN, zh-TW, ko" },
    ]);
    expect(parseConfig(withChange((raw) => (raw.statusPage = { ...statusPageRaw(), language: "zh-TW" }))).statusPage?.language).toBe("zh-TW");
  });
});

describe("fromStackConfig", () => {
  it("keeps only vigil: keys, without the prefix", () => {
    expect(
      fromStackConfig({
        "digitalocean:token": "do-token",
        "vigilant:region": "ams3",
        "vigil:region": "fra1",
      }),
    ).toEqual({ region: "fra1" });
  });

  it("decodes structured values that arrive as JSON strings, and leaves plain strings alone", () => {
    expect(
      fromStackConfig({
        "vigil:app": '{"name":"shop","metricsTargets":["10.0.0.1:8000"]}',
        "vigil:list": " [1, 2]",
        "vigil:region": "fra1",
        "vigil:broken": "{not json",
        "vigil:already": { name: "x" },
      }),
    ).toEqual({
      app: { name: "shop", metricsTargets: ["10.0.0.1:8000"] },
      list: [1, 2],
      region: "fra1",
      broken: "{not json",
      already: { name: "x" },
    });
  });

  it("gives parseConfig what the Pulumi runtime hands the program", () => {
    const stack = Object.fromEntries(
      Object.entries(minimalRawConfig()).map(([key, value]) => [`vigil:${key}`, JSON.stringify(value)]),
    );
    stack["digitalocean:token"] = "do-token";
    const config = parseConfig(fromStackConfig(stack));
    expect(config.app.name).toBe("shop");
    expect(config.grafana.adminPassword?.reveal()).toBe("admin-password");
    expect(config.grafana.adminPassword?.path).toBe("grafana.adminPassword");
  });
});
