import { describe, expect, it } from "vitest";
import { parseConfig } from "../core/config";
import { minimalRawConfig, rawConfigWithAlerting, SLACK_ONLY } from "../test/support/fixtures";
import { deploymentSettings, statusRecordName } from "./deployment";
import { dropletAlertPlans, uptimeAlertPlans } from "./external-checks";
import { caddyfile } from "./https-entry";
import { isPinnedImage, ALL_IMAGES } from "./images";
import { memoryGibOf, memoryLimitsMib, monthlyCostEstimate } from "./sizing";
import { checkStaticAssets } from "./status-site";

describe("memoryLimitsMib", () => {
  const containers = ["prometheus", "grafana", "alertmanager", "node-exporter", "vigil-exporter", "cadvisor"];

  it("reads the memory from the size slug", () => {
    expect(memoryGibOf("s-2vcpu-4gb")).toBe(4);
    expect(memoryGibOf("s-4vcpu-8gb-intel")).toBe(8);
    expect(memoryGibOf("c-2")).toBeUndefined();
  });

  it("keeps the sum within three quarters of the droplet and gives a larger droplet's memory to Prometheus", () => {
    const small = memoryLimitsMib("s-2vcpu-4gb", containers);
    const large = memoryLimitsMib("s-4vcpu-8gb", containers);
    expect(Object.values(small).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3072);
    expect(large.prometheus).toBeGreaterThan((small.prometheus ?? 0) + 2048);
    expect(large.alertmanager).toBe(small.alertmanager);
  });

  it("refuses a droplet below 2 GiB or one whose memory it cannot tell", () => {
    expect(() => memoryLimitsMib("s-1vcpu-1gb", containers)).toThrow("needs at least 2 GiB");
    expect(() => memoryLimitsMib("c-2", containers)).toThrow("cannot tell the memory");
  });
});

describe("monthlyCostEstimate", () => {
  it("adds droplet, volume, Spaces and backups at list prices", () => {
    expect(monthlyCostEstimate({ size: "s-2vcpu-4gb", volumeSizeGib: 50, backups: true, spaces: true })).toMatchObject({
      dropletUsd: 24,
      volumeUsd: 5,
      spacesUsd: 5,
      backupsUsd: 4.8,
      totalUsd: 38.8,
    });
  });

  it("says so instead of guessing for a size it has no price for", () => {
    const estimate = monthlyCostEstimate({ size: "m-2vcpu-16gb", volumeSizeGib: 20, backups: false, spaces: false });
    expect(estimate.totalUsd).toBeNull();
    expect(estimate.note).toContain("m-2vcpu-16gb is not in");
  });
});

describe("deploymentSettings", () => {
  const withHostKey = (overrides: Record<string, unknown> = {}) => {
    const raw = minimalRawConfig(overrides);
    raw.access.hostKey = { privateKey: "key", publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA" };
    return raw;
  };

  it("takes the alert emails from alerting.email when none are listed", () => {
    const raw = withHostKey();
    expect(deploymentSettings(parseConfig(raw), "test").checkEmails).toEqual(["oncall@example.com"]);
  });

  it("refuses to open the tunnel to every website: it needs the relay's Origin allow-list", () => {
    const relay = { allowedDsns: [{ dsn: "https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/1" }] };
    const raw = { ...withHostKey(), httpsEntry: { zone: "example.com", name: "relay" }, sentryRelay: relay };
    expect(() => deploymentSettings(parseConfig(raw), "test")).toThrow(/sentryRelay\.allowedOrigins: required with httpsEntry/);
    const allowed = { ...raw, sentryRelay: { ...relay, allowedOrigins: ["https://shop.example.com"] } };
    expect(() => deploymentSettings(parseConfig(allowed), "test")).not.toThrow(/allowedOrigins/);
  });

  it("needs the status page's DNS zone with its custom domain, and the domain below that zone's apex", () => {
    const statusPage = (extra: Record<string, unknown>) => ({
      ...withHostKey(),
      statusPage: {
        title: "Shop status",
        spaces: { bucket: "shop-status", accessKeyId: "id", secretAccessKey: "secret" },
        webhookToken: "w".repeat(32),
        adminToken: "a".repeat(32),
        customDomain: "status.shop.example.com",
        certificateName: "status-cert",
        ...extra,
      },
    });
    const settle = (extra: Record<string, unknown>) => () => deploymentSettings(parseConfig(statusPage(extra)), "test");
    expect(settle({})).toThrow(/statusPage\.dnsZone: required with statusPage\.customDomain: the DigitalOcean DNS zone that holds status\.shop\.example\.com/);
    expect(settle({ dnsZone: "shop.example.com" })).not.toThrow();
    expect(settle({ dnsZone: "example.com" })).not.toThrow();
    expect(settle({ dnsZone: "status.shop.example.com" })).toThrow(/statusPage\.customDomain: expected a name below statusPage\.dnsZone status\.shop\.example\.com/);
    expect(settle({ dnsZone: "other.example" })).toThrow(/statusPage\.customDomain: expected a name below/);
    expect(settle({ dnsZone: "hop.example.com" })).toThrow(/statusPage\.customDomain: expected a name below/);
    expect(settle({ customDomain: undefined, certificateName: undefined, dnsZone: "example.com" })).toThrow(/statusPage\.dnsZone: set statusPage\.customDomain too/);
    expect(statusRecordName("status.shop.example.com", "example.com")).toBe("status.shop");
  });

  it("names every deployment-only problem with its path", () => {
    const raw = {
      ...rawConfigWithAlerting(SLACK_ONLY),
      httpsEntry: { zone: "example.com", name: "relay" },
      managedDatabases: { redisCluster: "cache" },
    };
    let message = "";
    try {
      deploymentSettings(parseConfig(raw), "test");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("access.hostKey: required to deploy");
    expect(message).toContain("externalChecks.emails: required without alerting.email");
    expect(message).toContain("httpsEntry: the HTTPS entry forwards the Sentry tunnel path");
    expect(message).toContain("managedDatabases.redisCluster: needs the redis section");
  });
});

describe("the small pure pieces", () => {
  it("pins every image the program may run", () => {
    for (const image of ALL_IMAGES) expect(isPinnedImage(image), image).toBe(true);
  });

  it("caddyfile forwards the tunnel path alone and answers 404 for the rest", () => {
    const text = caddyfile({ domain: "relay.example.com", tunnelPath: "/tunnel", upstream: "vigil-exporter:9465" });
    expect(text).toBe(
      "{\n\tadmin 127.0.0.1:2019\n}\n\nrelay.example.com {\n\thandle /tunnel {\n\t\treverse_proxy vigil-exporter:9465\n\t}\n\thandle {\n\t\trespond 404\n\t}\n}\n",
    );
  });

  it("checkStaticAssets refuses a live file, a leading slash and a duplicate", () => {
    const asset = (p: string) => ({ path: p, content: "x", contentType: "text/plain", cacheControl: "public" });
    expect(() => checkStaticAssets([asset("404.html")], ["index.html"])).not.toThrow();
    expect(() => checkStaticAssets([asset("index.html")], ["index.html"])).toThrow("written live by the exporter");
    expect(() => checkStaticAssets([asset("/404.html")], [])).toThrow("no leading slash");
    expect(() => checkStaticAssets([asset("a"), asset("a")], [])).toThrow("listed twice");
  });

  it("uptime alerts use the API's snake_case values; SSL expiry only for https", () => {
    const plans = uptimeAlertPlans("https://shop.example.com", { latencyMs: 2000, sslExpiryDays: 14 });
    expect(plans.map((p) => [p.type, p.comparison])).toEqual([
      ["down", undefined],
      ["latency", "greater_than"],
      ["ssl_expiry", "less_than"],
    ]);
    expect(uptimeAlertPlans("http://x", { latencyMs: 1, sslExpiryDays: 1 }).map((p) => p.type)).toEqual(["down", "latency"]);
    expect(dropletAlertPlans({ cpuPercent: 90, memoryPercent: 90, diskPercent: 85 }).map((p) => p.type)).toEqual([
      "v1/insights/droplet/cpu",
      "v1/insights/droplet/memory_utilization_percent",
      "v1/insights/droplet/disk_utilization_percent",
    ]);
  });
});
