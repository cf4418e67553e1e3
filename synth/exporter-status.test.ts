import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../core/config";
import { parseExporterConfig } from "../core/exporter/config";
import { dropletPlacement } from "../core/placement";
import { DROPLET_STATUS_DATA_DIR } from "../core/placement";
import { PRODUCTION } from "../core/timing";
import { rawConfigWithAlerting, SLACK_ONLY } from "../test/support/fixtures";
import { alertmanagerArtifacts } from "./alertmanager";
import { exporterArtifacts } from "./exporter";

const STATUS_PAGE = {
  title: "Shop status",
  spaces: { bucket: "shop-status", region: "ams3", accessKeyId: "DO00SPACESKEYVALUE", secretAccessKey: "spaces-secret-value" },
  components: [{ id: "checkout", name: "Checkout", group: "Website" }],
  webhookToken: "webhook-secret",
  adminToken: "admin-secret",
};

function configWith(statusPage: Record<string, unknown>) {
  return parseConfig({ ...rawConfigWithAlerting(SLACK_ONLY), statusPage });
}

function exporterConfigOf(statusPage: Record<string, unknown>) {
  const artifacts = exporterArtifacts(configWith(statusPage), dropletPlacement());
  const file = artifacts.find((artifact) => artifact.path === "exporter/config.json");
  return { config: parseExporterConfig(JSON.parse(String(file?.content))), artifacts };
}

describe("the status section of the exporter's config", () => {
  it("always shows the application (the component vigil's alerts carry), then the configured ones", () => {
    const { config } = exporterConfigOf(STATUS_PAGE);
    const app = configWith(STATUS_PAGE).app.name;
    expect(config.status?.components.map((component) => component.id)).toEqual([app, "checkout"]);
  });

  it("adds the database and cache components PostgresDown and RedisDown carry, unless listed", () => {
    const raw = {
      ...rawConfigWithAlerting(SLACK_ONLY),
      statusPage: { ...STATUS_PAGE, components: [{ id: "cache", name: "Sessions", group: "Backend" }] },
      postgres: { host: "10.110.0.8", database: "shop", user: "monitor", password: "pw" },
      redis: { address: "10.110.0.9:6379" },
    };
    const artifacts = exporterArtifacts(parseConfig(raw), dropletPlacement());
    const file = artifacts.find((artifact) => artifact.path === "exporter/config.json");
    const components = parseExporterConfig(JSON.parse(String(file?.content))).status?.components ?? [];
    expect(components.map((component) => [component.id, component.name])).toEqual([
      ["shop", "shop"],
      ["database", "Database"],
      ["cache", "Sessions"],
    ]);
  });

  it("reads every secret from a secret file whose content is a placeholder, never the value", () => {
    const { config, artifacts } = exporterConfigOf(STATUS_PAGE);
    expect(config.status).toMatchObject({
      webhookTokenFile: "/etc/vigil/secrets/status-webhook-token",
      adminTokenFile: "/etc/vigil/secrets/status-admin-token",
      spaces: { endpoint: "https://ams3.digitaloceanspaces.com", bucket: "shop-status", forcePathStyle: false },
      dataDir: DROPLET_STATUS_DATA_DIR,
      prometheusUrl: "http://prometheus:9090",
      alertmanagerUrl: "http://alertmanager:9093",
      publicUrl: "https://shop-status.ams3.cdn.digitaloceanspaces.com/",
    });
    for (const artifact of artifacts) {
      for (const value of ["webhook-secret", "admin-secret", "DO00SPACESKEYVALUE", "spaces-secret-value"]) expect(artifact.content).not.toContain(value);
    }
    expect(artifacts.filter((artifact) => artifact.secret).map((artifact) => artifact.path)).toEqual(
      expect.arrayContaining(["exporter/secrets/status-webhook-token", "exporter/secrets/status-admin-token", "exporter/secrets/spaces-access-key-id", "exporter/secrets/spaces-secret-access-key"]),
    );
  });

  it("uses a path-style local endpoint and the custom domain when set", () => {
    const { config } = exporterConfigOf({ ...STATUS_PAGE, spaces: { ...STATUS_PAGE.spaces, endpoint: "http://127.0.0.1:4568" }, customDomain: "status.shop.example.com" });
    expect(config.status?.spaces).toMatchObject({ endpoint: "http://127.0.0.1:4568", forcePathStyle: true });
    expect(config.status?.publicUrl).toBe("https://status.shop.example.com/");
  });
});

describe("the status-page receiver", () => {
  it("sends the webhook token as a bearer credentials file, a secret artifact under alertmanager/", () => {
    const artifacts = alertmanagerArtifacts(configWith(STATUS_PAGE), dropletPlacement(), PRODUCTION);
    const document = parseYaml(String(artifacts.find((artifact) => artifact.path === "alertmanager/alertmanager.yml")?.content));
    const receiver = document.receivers.find((entry: { name: string }) => entry.name === "status-page");
    expect(receiver.webhook_configs[0].http_config).toEqual({ authorization: { type: "Bearer", credentials_file: "/etc/alertmanager/secrets/status-webhook-token" } });
    const secret = artifacts.find((artifact) => artifact.path === "alertmanager/secrets/status-webhook-token");
    expect(secret?.secret).toBe(true);
    expect(secret?.content).not.toContain("webhook-secret");
  });

  it("has no credentials when no status page is configured", () => {
    const artifacts = alertmanagerArtifacts(parseConfig(rawConfigWithAlerting(SLACK_ONLY)), dropletPlacement(), PRODUCTION);
    const document = parseYaml(String(artifacts.find((artifact) => artifact.path === "alertmanager/alertmanager.yml")?.content));
    const receiver = document.receivers.find((entry: { name: string }) => entry.name === "status-page");
    expect(receiver.webhook_configs[0].http_config).toBeUndefined();
  });
});
