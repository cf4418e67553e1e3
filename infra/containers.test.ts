import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { synth } from "../synth/index";
import { DEFAULT_PORTS, DROPLET_CONTAINER_NAMES, dropletPlacement } from "../synth/placement";
import { fillSecrets, placeholdersIn } from "../synth/secrets";
import { serviceSpecs } from "../synth/services";
import { PRODUCTION } from "../synth/timing";
import { testStackConfig } from "../test/pulumi-mocks";
import { fromStackConfig, parseConfig } from "./config";
import type { ContainerPlan, PlannedValue } from "./containers";
import { exporterBundleText } from "../scripts/build-exporter";
import { EXPORTER_BUNDLE_PATH, planContainers, secretValuesOf, sshTunnelCommand } from "./containers";
import { CONTAINER_IMAGES } from "./images";

const stack = testStackConfig();
const config = parseConfig(fromStackConfig(stack.config), "test stack");
const placement = dropletPlacement();
const artifacts = synth(config, placement, PRODUCTION);
const specs = serviceSpecs(config, placement, PRODUCTION);
const secretValues = secretValuesOf(config);
const BUNDLE = "/* the exporter bundle */\n";
const plans = planContainers({ placement, specs, artifacts, secretValues, exporterBundle: BUNDLE });

function plan(containerName: string): ContainerPlan {
  const found = plans[containerName];
  if (!found) throw new Error(`no container ${containerName} in the plan`);
  return found;
}

/** Which container each synth tree goes to, as the issue states it. */
const TREE_CONTAINERS: Record<string, string> = {
  prometheus: "prometheus",
  alertmanager: "alertmanager",
  blackbox: "blackbox-exporter",
  grafana: "grafana",
  exporter: "vigil-exporter",
};

/** Every string of a plan that ends up in Pulumi state, with whether it is marked secret. */
function stateStrings(containerPlan: ContainerPlan): PlannedValue[] {
  const { command, envs, uploads, ...rest } = containerPlan;
  const files = uploads.map((u) => ({ value: u.file, secret: false }));
  return [...command, ...envs, ...uploads, ...files, { value: JSON.stringify(rest), secret: false }];
}

describe("planContainers", () => {
  it("runs one container per service spec, named as synth's placement names it", () => {
    const expected = Object.keys(specs).map((service) => DROPLET_CONTAINER_NAMES[service as keyof typeof specs]);
    expect(Object.keys(plans).sort()).toEqual(expected.sort());
    for (const containerPlan of Object.values(plans)) {
      expect(containerPlan.image).toBe(CONTAINER_IMAGES[containerPlan.service]);
    }
  });

  it("publishes ports only for Grafana, Prometheus and Alertmanager, each on 127.0.0.1 alone", () => {
    const published = Object.entries(plans).filter(([, p]) => p.ports.length > 0);
    expect(published.map(([name]) => name).sort()).toEqual(["alertmanager", "grafana", "prometheus"]);
    for (const [, containerPlan] of published) {
      expect(containerPlan.ports).toEqual([
        {
          internal: placement.endpoints[containerPlan.service].port,
          external: DEFAULT_PORTS[containerPlan.service],
          ip: "127.0.0.1",
        },
      ]);
    }
  });

  it("uploads every non-secret artifact byte for byte into the container whose tree it belongs to", () => {
    const plain = artifacts.filter((artifact) => !artifact.secret);
    expect(plain.length).toBeGreaterThan(0);
    for (const artifact of plain) {
      const [root, ...rest] = artifact.path.split("/");
      const owner = TREE_CONTAINERS[root as string];
      const file = `${placement.mounts[root as keyof typeof placement.mounts]}/${rest.join("/")}`;
      const upload = plan(owner as string).uploads.find((u) => u.file === file);
      expect(upload, artifact.path).toEqual({ file, value: artifact.content, secret: false });
    }
    expect(plan("prometheus").uploads.map((u) => u.file)).toContain("/etc/prometheus/prometheus.yml");
  });

  it("uploads secret artifacts with their placeholders filled and marked secret", () => {
    const secret = artifacts.filter((artifact) => artifact.secret);
    expect(secret.length).toBeGreaterThan(0);
    for (const artifact of secret) {
      const uploads = Object.values(plans).flatMap((p) => p.uploads);
      const upload = uploads.find((u) => u.file.endsWith(artifact.path.slice(artifact.path.indexOf("/"))));
      expect(upload?.secret, artifact.path).toBe(true);
      expect(upload?.value).toBe(fillSecrets(artifact.content, secretValues));
      expect(placeholdersIn(upload?.value ?? "")).toEqual([]);
    }
    const routingKey = plan("alertmanager").uploads.find(
      (u) => u.file === "/etc/alertmanager/secrets/pagerduty-routing-key",
    );
    expect(routingKey?.value).toContain(stack.secretValues.get("alerting.pagerduty.routingKey"));
  });

  it("fills secret environment values and marks just those entries secret", () => {
    const grafanaEnvs = plan("grafana").envs;
    const password = stack.secretValues.get("grafana.adminPassword");
    expect(grafanaEnvs).toContainEqual({ value: `GF_SECURITY_ADMIN_PASSWORD=${password}`, secret: true });
    expect(grafanaEnvs).toContainEqual({ value: "GF_SERVER_HTTP_PORT=3000", secret: false });
    expect(plan("postgres-exporter").envs).toContainEqual({
      value: `DATA_SOURCE_PASS=${stack.secretValues.get("postgres.password")}`,
      secret: true,
    });
  });

  it("never puts a secret value in a field that is not marked secret, and leaves no placeholder behind", () => {
    const values = [...stack.secretValues.entries()];
    expect(values.length).toBeGreaterThan(0);
    for (const [containerName, containerPlan] of Object.entries(plans)) {
      for (const { value, secret } of stateStrings(containerPlan)) {
        expect(placeholdersIn(value), containerName).toEqual([]);
        if (secret) continue;
        for (const [secretPath, secretValue] of values) {
          expect(value.includes(secretValue), `${containerName} shows ${secretPath} in a plain field`).toBe(false);
        }
      }
    }
  });

  it("starts each binary with synth's flags, and the exporter bundle with node", () => {
    expect(plan("prometheus").command).toEqual(specs.prometheus?.args.map((value) => ({ value, secret: false })));
    expect(plan("grafana").command).toEqual([]);
    const exporterArgs = specs.vigilExporter?.args ?? [];
    expect(plan("vigil-exporter").command.map((c) => c.value)).toEqual(["node", EXPORTER_BUNDLE_PATH, ...exporterArgs]);
    expect(plan("vigil-exporter").uploads).toContainEqual({ file: EXPORTER_BUNDLE_PATH, value: BUNDLE, secret: false });
    expect(plan("vigil-exporter").user).toBe("node");
  });

  it("keeps data on named volumes and mounts host paths only where a service needs them", () => {
    expect(plan("prometheus").volumes).toEqual([{ volume: "prometheus-data", containerPath: "/prometheus" }]);
    expect(plan("alertmanager").volumes).toEqual([{ volume: "alertmanager-data", containerPath: "/alertmanager" }]);
    expect(plan("grafana").volumes).toEqual([{ volume: "grafana-data", containerPath: "/var/lib/grafana" }]);
    expect(plan("node-exporter")).toMatchObject({ hostMounts: [{ source: "/", target: "/host" }], pidMode: "host" });
    // The business-hours time zone needs a tz database the Alertmanager image lacks.
    expect(plan("alertmanager").hostMounts).toEqual([{ source: "/usr/share/zoneinfo", target: "/usr/share/zoneinfo" }]);
    const others = Object.entries(plans).filter(([name]) => name !== "node-exporter" && name !== "alertmanager");
    for (const [name, containerPlan] of others) expect(containerPlan.hostMounts, name).toEqual([]);
  });

  it("refuses to run without a value for a secret that a file or flag needs, naming it", () => {
    const missing = new Map(secretValues);
    missing.delete("grafana.adminPassword");
    const input = { placement, specs, artifacts, secretValues: missing, exporterBundle: BUNDLE };
    expect(() => planContainers(input)).toThrow("no value for secret grafana.adminPassword");
  });

  it("refuses an artifact whose service is not running", () => {
    const { vigilExporter: _dropped, ...withoutExporter } = specs;
    const input = { placement, specs: withoutExporter, artifacts, secretValues, exporterBundle: BUNDLE };
    expect(() => planContainers(input)).toThrow("exporter/config.json belongs to vigilExporter");
  });
});

describe("sshTunnelCommand", () => {
  it("forwards the three published ports to the droplet's loopback", () => {
    expect(sshTunnelCommand("203.0.113.50")).toBe(
      "ssh -N -L 3000:127.0.0.1:3000 -L 9090:127.0.0.1:9090 -L 9093:127.0.0.1:9093 root@203.0.113.50",
    );
  });
});

describe("bundleExporter", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "vigil-bundle-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("makes one CommonJS file that loads with no node_modules beside it", () => {
    const bundle = exporterBundleText();
    expect(bundle).toBe(exporterBundleText());
    const file = path.join(dir, "main.js");
    writeFileSync(file, bundle);
    // A missing config file is the exporter's own error, reached only once every module loaded.
    const run = spawnSync(process.execPath, [file, "--config", path.join(dir, "absent.json")], {
      cwd: dir,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(run.stderr).not.toMatch(/Cannot find module/);
    expect(run.stderr).toContain("absent.json");
    expect(run.status).toBe(1);
  });
});
