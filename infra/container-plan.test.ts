import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fromStackConfig, parseConfig } from "../core/config";
import { DEFAULT_PORTS, DROPLET_CONTAINER_NAMES, DROPLET_DOCKER_NETWORK, dropletPlacement } from "../core/placement";
import { PRODUCTION } from "../core/timing";
import { synth } from "../synth/index";
import { fillSecrets, placeholdersIn, secretValuesOf } from "../synth/secrets";
import { SECRET_FILES, serviceSpecs } from "../synth/services";
import { testStackConfig } from "../test/support/pulumi-mocks";
import type { ContainerPlan, PlannedValue } from "./container-plan";
import { CADDYFILE_PATH, EXPORTER_BUNDLE_PATH, planContainers } from "./container-plan";
import { DATA_MOUNT } from "./data-volume";
import { EXPORTER_NODE, exporterBundleText } from "./exporter-bundle";
import { CONTAINER_IMAGES, HOST_IMAGES, isPinnedImage } from "./images";
import { sshTunnelCommand } from "./ssh-tunnel";

const stack = testStackConfig();
const config = parseConfig(fromStackConfig(stack.config), "test stack");
const placement = dropletPlacement();
const artifacts = synth(config, placement, PRODUCTION);
const specs = serviceSpecs(config, placement, PRODUCTION);
const secretValues = secretValuesOf(config);
const BUNDLE = { path: "/tmp/vigil-exporter.js", hash: "ab".repeat(32) };
const SIZE = "s-2vcpu-4gb";
const HTTPS_ENTRY = { domain: "relay.example.com", tunnelPath: "/tunnel" };
const plans = planContainers({ placement, specs, artifacts, secretValues, exporterBundle: BUNDLE, dropletSize: SIZE });
const withEntry = planContainers({ placement, specs, artifacts, secretValues, exporterBundle: BUNDLE, dropletSize: SIZE, httpsEntry: HTTPS_ENTRY });

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
  vmauth: "vmauth",
  vmalert: "vmalert",
  "fluent-bit": "fluent-bit",
};

/** Every string of a plan that ends up in Pulumi state, with whether it is marked secret. */
function stateStrings(containerPlan: ContainerPlan): PlannedValue[] {
  const { command, envs, uploads, ...rest } = containerPlan;
  const files = uploads.map((u) => ({ value: u.file, secret: false }));
  return [...command, ...envs, ...uploads, ...files, { value: JSON.stringify(rest), secret: false }];
}

describe("planContainers", () => {
  it("runs one container per service spec, named as synth's placement names it, plus cAdvisor", () => {
    const expected = [...Object.keys(specs).map((service) => DROPLET_CONTAINER_NAMES[service as keyof typeof specs]), "cadvisor"];
    expect(Object.keys(plans).sort()).toEqual(expected.sort());
    for (const [name, containerPlan] of Object.entries(plans)) {
      const pinned = name === "cadvisor" ? HOST_IMAGES.cadvisor : CONTAINER_IMAGES[containerPlan.kind as keyof typeof CONTAINER_IMAGES];
      expect(containerPlan.image, name).toBe(pinned);
      expect(isPinnedImage(containerPlan.image), name).toBe(true);
    }
  });

  it("publishes the UIs and the exporter's admin API on loopback, and the ingest ports on the private address alone", () => {
    const published = Object.entries(plans).filter(([, p]) => p.ports.length > 0);
    expect(published.map(([name]) => name).sort()).toEqual(["alertmanager", "grafana", "prometheus", "victoria-logs", "vigil-exporter", "vmauth"]);
    for (const name of ["alertmanager", "grafana", "prometheus", "victoria-logs"]) {
      const containerPlan = plan(name);
      expect(containerPlan.ports).toEqual([
        { internal: placement.endpoints[containerPlan.kind as "grafana"].port, external: DEFAULT_PORTS[containerPlan.kind as "grafana"], bind: "loopback" },
      ]);
    }
    expect(plan("vigil-exporter").ports).toEqual([
      { internal: placement.endpoints.vigilExporter.port, external: DEFAULT_PORTS.vigilExporter, bind: "loopback" },
      { internal: placement.ingest.port, external: DEFAULT_PORTS.vigilIngest, bind: "private" },
    ]);
    // vmauth's proxy alone: its internal listener (metrics, health) stays on the docker network.
    expect(plan("vmauth").ports).toEqual([{ internal: placement.logIngest.port, external: DEFAULT_PORTS.logIngest, bind: "private" }]);
  });

  it("adds Caddy on the public address, 80 and 443 only, only with the HTTPS entry", () => {
    expect(plans.caddy).toBeUndefined();
    const caddy = withEntry.caddy;
    expect(caddy?.ports).toEqual([
      { internal: 80, external: 80, bind: "public" },
      { internal: 443, external: 443, bind: "public" },
    ]);
    const config = caddy?.uploads.find((u) => u.file === CADDYFILE_PATH)?.value ?? "";
    expect(config).toContain("relay.example.com {");
    expect(config).toContain(`handle /tunnel {\n\t\treverse_proxy vigil-exporter:${placement.ingest.port}`);
    expect(config).toContain("respond 404");
    expect(caddy?.dataMounts).toEqual([{ source: `${DATA_MOUNT}/caddy`, target: "/data" }]);
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

  it("hands Grafana and postgres_exporter their passwords as secret files, not environment", () => {
    const password = stack.secretValues.get("grafana.adminPassword");
    expect(plan("grafana").envs).toContainEqual({ value: `GF_SECURITY_ADMIN_PASSWORD__FILE=${SECRET_FILES.grafanaAdminPassword}`, secret: false });
    expect(plan("grafana").uploads).toContainEqual({ file: SECRET_FILES.grafanaAdminPassword, value: password, secret: true });
    expect(plan("grafana").envs).toContainEqual({ value: "GF_AUTH_ANONYMOUS_ENABLED=false", secret: false });
    expect(plan("grafana").envs).toContainEqual({ value: "GF_USERS_ALLOW_SIGN_UP=false", secret: false });
    expect(plan("grafana").envs.map((e) => e.value).join("\n")).not.toContain(password);
    expect(plan("postgres-exporter").envs).toContainEqual({ value: `DATA_SOURCE_PASS_FILE=${SECRET_FILES.postgresPassword}`, secret: false });
    expect(plan("postgres-exporter").uploads).toContainEqual({
      file: SECRET_FILES.postgresPassword,
      value: stack.secretValues.get("postgres.password"),
      secret: true,
    });
    // redis_exporter reads a JSON map from its address to its password, from a secret file.
    expect(plan("redis-exporter").envs).toEqual([]);
    expect(plan("redis-exporter").command).toContainEqual({ value: `--redis.password-file=${SECRET_FILES.redisPasswords}`, secret: false });
    const address = `redis://${config.redis?.address ?? ""}`;
    expect(plan("redis-exporter").uploads).toContainEqual({
      file: SECRET_FILES.redisPasswords,
      value: `${JSON.stringify({ [address]: stack.secretValues.get("redis.password") })}\n`,
      secret: true,
    });
  });

  it("never puts a secret value in a field that is not marked secret, and leaves no placeholder behind", () => {
    const values = [...stack.secretValues.entries()];
    expect(values.length).toBeGreaterThan(0);
    for (const [containerName, containerPlan] of Object.entries(withEntry)) {
      for (const { value, secret } of stateStrings(containerPlan)) {
        expect(placeholdersIn(value), containerName).toEqual([]);
        if (secret) continue;
        for (const [secretPath, secretValue] of values) {
          expect(value.includes(secretValue), `${containerName} shows ${secretPath} in a plain field`).toBe(false);
        }
      }
    }
  });

  it("hands Alertmanager the heartbeat URL (a credential) as its own secret file, never inside its config", () => {
    const heartbeat = stack.secretValues.get("alerting.heartbeat.url") ?? "";
    expect(heartbeat).not.toBe("");
    const carrying = plan("alertmanager").uploads.filter((u) => u.value.includes(heartbeat));
    expect(carrying).toEqual([{ file: "/etc/alertmanager/secrets/heartbeat-url", value: heartbeat, secret: true }]);
  });

  it("starts each binary with synth's flags, and the exporter bundle with node from a file uploaded by hash", () => {
    expect(plan("prometheus").command).toEqual(specs.prometheus?.args.map((value) => ({ value, secret: false })));
    expect(plan("grafana").command).toEqual([]);
    const exporterArgs = specs.vigilExporter?.args ?? [];
    expect(plan("vigil-exporter").command.map((c) => c.value)).toEqual(["node", EXPORTER_BUNDLE_PATH, ...exporterArgs]);
    expect(plan("vigil-exporter").uploads).toContainEqual({ file: EXPORTER_BUNDLE_PATH, value: "", secret: false, source: BUNDLE });
    expect(plan("vigil-exporter").user).toBe("node");
  });

  it("keeps data on the volume and mounts host paths only where a service needs them", () => {
    expect(plan("prometheus").dataMounts).toEqual([{ source: `${DATA_MOUNT}/prometheus`, target: "/prometheus" }]);
    expect(plan("alertmanager").dataMounts).toEqual([{ source: `${DATA_MOUNT}/alertmanager`, target: "/alertmanager" }]);
    expect(plan("grafana").dataMounts).toEqual([{ source: `${DATA_MOUNT}/grafana`, target: "/var/lib/grafana" }]);
    expect(plan("vigil-exporter").dataMounts).toEqual([{ source: `${DATA_MOUNT}/vigil-exporter`, target: "/var/lib/vigil" }]);
    expect(plan("victoria-logs").dataMounts).toEqual([{ source: `${DATA_MOUNT}/victoria-logs`, target: "/victoria-logs-data" }]);
    expect(plan("fluent-bit").dataMounts).toEqual([{ source: `${DATA_MOUNT}/fluent-bit`, target: "/var/lib/fluent-bit" }]);
    // The business-hours time zone needs a tz database the Alertmanager image lacks.
    expect(plan("alertmanager").hostMounts).toEqual([{ source: "/usr/share/zoneinfo", target: "/usr/share/zoneinfo" }]);
    // Fluent Bit reads the containers' json-file logs, and nothing else of the host.
    expect(plan("fluent-bit").hostMounts).toEqual([{ source: "/var/lib/docker/containers", target: "/var/lib/docker/containers" }]);
    const others = Object.entries(plans).filter(([name]) => !["node-exporter", "alertmanager", "cadvisor", "fluent-bit"].includes(name));
    for (const [name, containerPlan] of others) expect(containerPlan.hostMounts, name).toEqual([]);
  });

  it("runs cAdvisor as its documentation gives for Docker hosts: privileged, /dev/kmsg, its read-only mounts, no port", () => {
    expect(plan("cadvisor")).toMatchObject({
      privileged: true,
      devices: [{ hostPath: "/dev/kmsg", containerPath: "/dev/kmsg" }],
      hostMounts: [
        { source: "/", target: "/rootfs" },
        { source: "/var/run", target: "/var/run" },
        { source: "/sys", target: "/sys" },
        { source: "/var/lib/docker", target: "/var/lib/docker" },
        { source: "/dev/disk", target: "/dev/disk" },
      ],
      ports: [],
    });
    for (const [name, containerPlan] of Object.entries(withEntry).filter(([name]) => name !== "cadvisor")) {
      expect(containerPlan.privileged, name).toBeUndefined();
      expect(containerPlan.devices, name).toEqual([]);
    }
  });

  it("runs node-exporter in the host's network and pid namespaces, listening on the docker gateway, found by Prometheus by name", () => {
    expect(plan("node-exporter")).toMatchObject({
      networkMode: "host",
      pidMode: "host",
      hostMounts: [{ source: "/", target: "/host" }],
    });
    expect(plan("node-exporter").command.map((c) => c.value)).toEqual([
      `--web.listen-address=${DROPLET_DOCKER_NETWORK.gateway}:9100`,
      "--path.rootfs=/host",
    ]);
    expect(plan("prometheus").hosts).toEqual([{ host: "node-exporter", ip: DROPLET_DOCKER_NETWORK.gateway }]);
  });

  it("gives every container but those of images without a shell (scratch, distroless) a healthcheck on its own listener", () => {
    const withoutShell = ["redis-exporter", "victoria-logs", "vmauth", "vmalert", "fluent-bit"];
    for (const [name, containerPlan] of Object.entries(withEntry)) {
      if (withoutShell.includes(name)) expect(containerPlan.healthcheck, name).toBeUndefined();
      else expect(containerPlan.healthcheck?.slice(0, 2), name).toEqual(["CMD", "wget"]);
    }
    expect(plan("prometheus").healthcheck?.at(-1)).toBe("http://127.0.0.1:9090/-/healthy");
  });

  it("sets memory limits that leave a quarter of the droplet to the system", () => {
    const total = Object.values(withEntry).reduce((sum, p) => sum + p.memoryMib, 0);
    expect(total).toBeLessThanOrEqual(4096 * 0.75);
    for (const [name, containerPlan] of Object.entries(withEntry)) expect(containerPlan.memoryMib, name).toBeGreaterThan(0);
    expect(plan("prometheus").memoryMib).toBeGreaterThanOrEqual(1024);
    const small = () => planContainers({ placement, specs, artifacts, secretValues, exporterBundle: BUNDLE, dropletSize: "s-1vcpu-1gb" });
    expect(small).toThrow("needs at least 2 GiB");
  });

  it("refuses to run without a value for a secret that a file or flag needs, naming it", () => {
    const missing = new Map(secretValues);
    missing.delete("grafana.adminPassword");
    const input = { placement, specs, artifacts, secretValues: missing, exporterBundle: BUNDLE, dropletSize: SIZE };
    expect(() => planContainers(input)).toThrow("no value for secret grafana.adminPassword");
  });

  it("refuses an artifact whose service is not running", () => {
    const { vigilExporter: _dropped, ...withoutExporter } = specs;
    const input = { placement, specs: withoutExporter, artifacts, secretValues, exporterBundle: BUNDLE, dropletSize: SIZE };
    expect(() => planContainers(input)).toThrow("exporter/config.json belongs to vigilExporter");
  });
});

describe("sshTunnelCommand", () => {
  it("forwards the UIs and the exporter's admin API to the droplet's loopback", () => {
    expect(sshTunnelCommand("203.0.113.50")).toBe(
      "ssh -N -L 3000:127.0.0.1:3000 -L 9090:127.0.0.1:9090 -L 9093:127.0.0.1:9093 -L 9428:127.0.0.1:9428 -L 9464:127.0.0.1:9464 root@203.0.113.50",
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
    const run = spawnSync(EXPORTER_NODE, [file, "--config", path.join(dir, "absent.json")], {
      cwd: dir,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(run.stderr).not.toMatch(/Cannot find module/);
    expect(run.stderr).toContain("absent.json");
    expect(run.status).toBe(1);
  });
});
