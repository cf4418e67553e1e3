import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVICES } from "../core/catalog";
import type { VigilConfig } from "../core/config";
import { loadConfigFile, parseConfig, Secret, secretsOf } from "../core/config";
import type { Placement } from "../core/placement";
import { consecutivePorts, DEFAULT_PORTS, DROPLET_CONTAINER_NAMES, dropletPlacement, localPlacement } from "../core/placement";
import { FAST, formatDuration, PRODUCTION, scaled } from "../core/timing";
import { minimalRawConfig, parseMinimalConfig, PLAIN_SECRET_VALUES, plainConfigYaml, SLACK_ONLY } from "../test/support/fixtures";
import type { Artifact } from "./index";
import { synth } from "./index";
import { fillSecrets, placeholdersIn, secretPlaceholder } from "./secrets";
import { serviceSpecs } from "./services";

const REPO_ROOT = join(__dirname, "..");
const EXAMPLE_STACK = join(REPO_ROOT, "Pulumi.prod.yaml");

/** A plain YAML config with every secret set (PLAIN_SECRET_VALUES), the heartbeat's URL among them. */
const PLAIN_YAML = plainConfigYaml();

const LOCAL_ROOT = "/tmp/vigil-local-root";
// Ports unlike the defaults, so a default leaking into the local render shows.
const LOCAL_PORTS = consecutivePorts(41_000);
const local = (): Placement => localPlacement(LOCAL_ROOT, LOCAL_PORTS);

function artifactAt(artifacts: Artifact[], path: string): Artifact {
  const found = artifacts.find((artifact) => artifact.path === path);
  if (!found) throw new Error(`synth rendered no ${path}; it rendered ${artifacts.map((a) => a.path).join(", ")}`);
  return found;
}

function yamlAt(artifacts: Artifact[], path: string): any {
  return parseYaml(artifactAt(artifacts, path).content);
}

function jsonAt(artifacts: Artifact[], path: string): any {
  return JSON.parse(artifactAt(artifacts, path).content);
}

function scrapeJobs(artifacts: Artifact[]): any[] {
  return yamlAt(artifacts, "prometheus/prometheus.yml").scrape_configs;
}

function targetsOf(job: any): string[] {
  return job.static_configs.flatMap((group: any) => group.targets);
}

/** Every string anywhere in a parsed document. */
function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}

let dir: string;
let plainConfigPath: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "vigil-synth-"));
  plainConfigPath = join(dir, "vigil.yaml");
  writeFileSync(plainConfigPath, PLAIN_YAML);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("synth is deterministic", () => {
  it.each([
    ["droplet placement, production timing", dropletPlacement, PRODUCTION],
    ["local placement, fast timing", local, FAST],
  ] as const)("two renders of separately loaded configs are byte-identical (%s)", (_name, placement, timing) => {
    const first = synth(loadConfigFile(EXAMPLE_STACK), placement(), timing);
    const second = synth(loadConfigFile(EXAMPLE_STACK), placement(), timing);
    expect(second).toEqual(first);
    expect(second.map((artifact) => artifact.content).join("\0")).toBe(first.map((a) => a.content).join("\0"));
  });

  it("lists each path once, in sorted order", () => {
    const paths = synth(loadConfigFile(EXAMPLE_STACK), dropletPlacement(), PRODUCTION).map((a) => a.path);
    expect(paths).toEqual([...paths].sort());
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toEqual(
      expect.arrayContaining([
        "prometheus/prometheus.yml",
        "prometheus/rules/self.yml",
        "alertmanager/alertmanager.yml",
        "blackbox/blackbox.yml",
        "grafana/provisioning/datasources/prometheus.yml",
        "exporter/config.json",
      ]),
    );
  });

  it("renders files that parse as the YAML or JSON their names promise", () => {
    for (const artifact of synth(loadConfigFile(EXAMPLE_STACK), dropletPlacement(), PRODUCTION)) {
      if (artifact.path.endsWith(".json")) expect(() => JSON.parse(artifact.content), artifact.path).not.toThrow();
      if (artifact.path.endsWith(".yml")) expect(parseYaml(artifact.content), artifact.path).toBeTypeOf("object");
    }
  });
});

describe("secrets", () => {
  const renders = () => {
    const config = loadConfigFile(plainConfigPath);
    return {
      config,
      renders: [
        synth(config, dropletPlacement(), PRODUCTION),
        synth(config, local(), FAST),
      ],
      specs: [serviceSpecs(config, dropletPlacement(), PRODUCTION), serviceSpecs(config, local(), FAST)],
    };
  };

  it("the test config really holds every secret as a plain value", () => {
    const secrets = secretsOf(loadConfigFile(plainConfigPath));
    expect(Object.fromEntries([...secrets].map(([path, secret]) => [path, secret.reveal()]))).toEqual(PLAIN_SECRET_VALUES);
  });

  it("never appear as values in any artifact or service environment", () => {
    const { renders: all, specs } = renders();
    for (const artifacts of all) {
      for (const artifact of artifacts) {
        for (const value of Object.values(PLAIN_SECRET_VALUES)) {
          expect(artifact.content, `${artifact.path} leaks a secret`).not.toContain(value);
        }
      }
    }
    const specText = JSON.stringify(specs);
    for (const value of Object.values(PLAIN_SECRET_VALUES)) expect(specText).not.toContain(value);
  });

  it("appear as a placeholder naming each secret's path", () => {
    const { renders: all, specs } = renders();
    for (const [index, artifacts] of all.entries()) {
      const inArtifacts = new Set(artifacts.flatMap((artifact) => placeholdersIn(artifact.content)));
      // Alertmanager reads its secrets from files that synth renders.
      expect([...inArtifacts].sort()).toEqual(
        ["alerting.email.password", "alerting.heartbeat.url", "alerting.pagerduty.routingKey", "alerting.slack.webhookUrl"].sort(),
      );
      // The other secrets reach their service through a spec's files (on the droplet) or the environment.
      const inEnv = Object.values(specs[index] ?? {}).flatMap((spec) =>
        [...Object.values(spec.env), ...Object.values(spec.files ?? {})].flatMap(placeholdersIn),
      );
      expect(new Set([...inArtifacts, ...inEnv])).toEqual(new Set(Object.keys(PLAIN_SECRET_VALUES)));
    }
  });

  it("use the <<vigil-secret:path>> form that the Pulumi program and the local stack fill", () => {
    const [artifacts] = renders().renders;
    expect(artifactAt(artifacts!, "alertmanager/secrets/pagerduty-routing-key").content).toBe(
      "<<vigil-secret:alerting.pagerduty.routingKey>>",
    );
  });

  it("mark exactly the artifacts that hold a placeholder as secret", () => {
    for (const artifacts of renders().renders) {
      for (const artifact of artifacts) {
        expect(artifact.secret === true, artifact.path).toBe(placeholdersIn(artifact.content).length > 0);
      }
    }
  });

  it("fill back in from the config's own values, leaving no placeholder", () => {
    const { config, renders: all } = renders();
    const values = new Map([...secretsOf(config)].map(([path, secret]) => [path, secret.reveal() as string]));
    const filled = all[0]!.map((artifact) => fillSecrets(artifact.content, values)).join("\n");
    expect(placeholdersIn(filled)).toEqual([]);
    expect(filled).toContain(PLAIN_SECRET_VALUES["alerting.pagerduty.routingKey"]);
    expect(filled).toContain(PLAIN_SECRET_VALUES["alerting.slack.webhookUrl"]);
  });
});

describe("fillSecrets", () => {
  it("replaces every placeholder, repeated ones included", () => {
    const content = "a=<<vigil-secret:x.y>> b=<<vigil-secret:z>> again=<<vigil-secret:x.y>>";
    expect(
      fillSecrets(
        content,
        new Map([
          ["x.y", "one"],
          ["z", "two"],
        ]),
      ),
    ).toBe("a=one b=two again=one");
  });

  it("inserts values literally, even ones with $& or $1 in them", () => {
    expect(fillSecrets("key: <<vigil-secret:k>>", new Map([["k", "p$&ss$1$$"]]))).toBe("key: p$&ss$1$$");
  });

  it("leaves content without placeholders untouched", () => {
    expect(fillSecrets("plain <<not-a-placeholder>>", new Map())).toBe("plain <<not-a-placeholder>>");
  });

  it("throws naming the secret that has no value", () => {
    expect(() =>
      fillSecrets("<<vigil-secret:a>> <<vigil-secret:alerting.slack.webhookUrl>>", new Map([["a", "1"]])),
    ).toThrow("no value for secret alerting.slack.webhookUrl");
  });
});

describe("secretPlaceholder", () => {
  it("refuses a secret that did not come through parseConfig (it has no path to name)", () => {
    expect(() => secretPlaceholder(new Secret("value"))).toThrow(/no path/);
  });
});

describe("placement", () => {
  const config = () => loadConfigFile(EXAMPLE_STACK);

  it("on the droplet, services reach each other by container name and default port", () => {
    const artifacts = synth(config(), dropletPlacement(), PRODUCTION);
    const jobs = Object.fromEntries(scrapeJobs(artifacts).map((job) => [job.job_name, job]));
    expect(targetsOf(jobs.prometheus)).toEqual(["prometheus:9090"]);
    expect(targetsOf(jobs.alertmanager)).toEqual(["alertmanager:9093"]);
    expect(targetsOf(jobs.node)).toEqual(["node-exporter:9100"]);
    expect(targetsOf(jobs.postgres)).toEqual(["postgres-exporter:9187"]);
    expect(targetsOf(jobs.redis)).toEqual(["redis-exporter:9121"]);
    expect(targetsOf(jobs["blackbox-exporter"])).toEqual(["blackbox-exporter:9115"]);
    expect(targetsOf(jobs["vigil-exporter"])).toEqual(["vigil-exporter:9464"]);
    expect(jobs["blackbox-http"].relabel_configs).toContainEqual({
      target_label: "__address__",
      replacement: "blackbox-exporter:9115",
    });
    const prometheus = yamlAt(artifacts, "prometheus/prometheus.yml");
    expect(prometheus.alerting.alertmanagers[0].static_configs[0].targets).toEqual(["alertmanager:9093"]);
    const datasource = yamlAt(artifacts, "grafana/provisioning/datasources/prometheus.yml").datasources[0];
    expect(datasource.url).toBe("http://prometheus:9090");
    expect(jsonAt(artifacts, "exporter/config.json").listen).toEqual({ host: "0.0.0.0", port: 9464 });
  });

  it("locally, every service is on 127.0.0.1 with its given port, and no container name remains", () => {
    const artifacts = synth(config(), local(), FAST);
    const jobs = Object.fromEntries(scrapeJobs(artifacts).map((job) => [job.job_name, job]));
    expect(targetsOf(jobs.prometheus)).toEqual([`127.0.0.1:${LOCAL_PORTS.prometheus}`]);
    expect(targetsOf(jobs.alertmanager)).toEqual([`127.0.0.1:${LOCAL_PORTS.alertmanager}`]);
    expect(targetsOf(jobs.node)).toEqual([`127.0.0.1:${LOCAL_PORTS.nodeExporter}`]);
    expect(targetsOf(jobs.postgres)).toEqual([`127.0.0.1:${LOCAL_PORTS.postgresExporter}`]);
    expect(targetsOf(jobs.redis)).toEqual([`127.0.0.1:${LOCAL_PORTS.redisExporter}`]);
    expect(targetsOf(jobs["blackbox-exporter"])).toEqual([`127.0.0.1:${LOCAL_PORTS.blackboxExporter}`]);
    expect(targetsOf(jobs["vigil-exporter"])).toEqual([`127.0.0.1:${LOCAL_PORTS.vigilExporter}`]);
    const prometheus = yamlAt(artifacts, "prometheus/prometheus.yml");
    expect(prometheus.alerting.alertmanagers[0].static_configs[0].targets).toEqual([
      `127.0.0.1:${LOCAL_PORTS.alertmanager}`,
    ]);
    const datasource = yamlAt(artifacts, "grafana/provisioning/datasources/prometheus.yml").datasources[0];
    expect(datasource.url).toBe(`http://127.0.0.1:${LOCAL_PORTS.prometheus}`);
    expect(jsonAt(artifacts, "exporter/config.json").listen).toEqual({
      host: "127.0.0.1",
      port: LOCAL_PORTS.vigilExporter,
    });

    // The application's own targets are config, not placement: the example's app.hosts
    // discovers them, with the token read from the local tree; without it they stay as written.
    expect(jobs.shop.digitalocean_sd_configs[0].authorization.credentials_file).toBe(`${local().mounts.prometheus}/secrets/digitalocean-token`);
    const withoutHosts = scrapeJobs(synth(parseMinimalConfig(), local(), FAST)).find((job) => job.job_name === "shop");
    expect(targetsOf(withoutHosts)).toEqual(["10.110.0.5:8000"]);
    const rendered = artifacts.map((artifact) => artifact.content).join("\n");
    for (const service of SERVICES) {
      expect(rendered).not.toContain(`${DROPLET_CONTAINER_NAMES[service]}:${DEFAULT_PORTS[service]}`);
    }
    // Nothing points into the droplet's mount points either.
    expect(rendered).not.toContain("/etc/");
  });

  it("decides where the files that one service points another at are mounted", () => {
    const droplet = synth(config(), dropletPlacement(), PRODUCTION);
    const here = synth(config(), local(), FAST);
    const secretFiles = (artifacts: Artifact[]) => {
      const receivers = yamlAt(artifacts, "alertmanager/alertmanager.yml").receivers;
      const receiver = (name: string) => receivers.find((r: any) => r.name === name);
      return [
        receiver("pagerduty").pagerduty_configs[0].routing_key_file,
        receiver("slack").slack_configs[0].api_url_file,
        receiver("email").email_configs[0].auth_password_file,
      ];
    };
    expect(secretFiles(droplet)).toEqual([
      "/etc/alertmanager/secrets/pagerduty-routing-key",
      "/etc/alertmanager/secrets/slack-webhook-url",
      "/etc/alertmanager/secrets/smtp-password",
    ]);
    expect(secretFiles(here)).toEqual([
      `${LOCAL_ROOT}/alertmanager/secrets/pagerduty-routing-key`,
      `${LOCAL_ROOT}/alertmanager/secrets/slack-webhook-url`,
      `${LOCAL_ROOT}/alertmanager/secrets/smtp-password`,
    ]);
    // Each file named there is one that synth renders, at the same place in the tree.
    for (const path of secretFiles(here)) {
      expect(here.map((a) => `${LOCAL_ROOT}/${a.path}`)).toContain(path);
    }
    const provider = (artifacts: Artifact[]) =>
      yamlAt(artifacts, "grafana/provisioning/dashboards/vigil.yml").providers[0].options.path;
    expect(provider(droplet)).toBe("/etc/grafana/vigil/dashboards");
    expect(provider(here)).toBe(`${LOCAL_ROOT}/grafana/dashboards`);
    expect(here.some((a) => a.path.startsWith("grafana/dashboards/"))).toBe(true);
  });
});

describe("timing", () => {
  const config = () => loadConfigFile(EXAMPLE_STACK);

  it("production scrapes and evaluates every 15s and probes the public URL every 10s, fast every 1s, in every job", () => {
    for (const [timing, interval, probeInterval] of [
      [PRODUCTION, "15s", "10s"],
      [FAST, "1s", "1s"],
    ] as const) {
      const artifacts = synth(config(), dropletPlacement(), timing);
      const prometheus = yamlAt(artifacts, "prometheus/prometheus.yml");
      expect(prometheus.global.scrape_interval).toBe(interval);
      expect(prometheus.global.evaluation_interval).toBe(interval);
      for (const job of prometheus.scrape_configs) {
        expect(job.scrape_interval, job.job_name).toBe(job.job_name === "blackbox-http" ? probeInterval : interval);
      }
    }
  });

  it("gives the public URL's probe more than the blackbox module's 5 s timeout", () => {
    const prometheus = yamlAt(synth(config(), dropletPlacement(), PRODUCTION), "prometheus/prometheus.yml");
    const probe = prometheus.scrape_configs.find((job: { job_name: string }) => job.job_name === "blackbox-http");
    // blackbox_exporter cuts a probe to the scrape timeout less 0.5 s: 9 s leaves the module's 5 s whole.
    expect(probe?.scrape_timeout).toBe("9s");
  });

  it("keeps every scrape timeout within its interval", () => {
    const seconds = (duration: string) => {
      const match = /^(\d+)s$/.exec(duration);
      if (!match) throw new Error(`unexpected duration ${duration}`);
      return Number(match[1]);
    };
    for (const timing of [PRODUCTION, FAST]) {
      for (const job of scrapeJobs(synth(config(), dropletPlacement(), timing))) {
        expect(seconds(job.scrape_timeout), job.job_name).toBeGreaterThan(0);
        expect(seconds(job.scrape_timeout), job.job_name).toBeLessThanOrEqual(seconds(job.scrape_interval));
      }
    }
  });

  it("fast divides `for:` durations by 60", () => {
    const forOf = (timing: typeof PRODUCTION) => {
      const rules = yamlAt(synth(config(), dropletPlacement(), timing), "prometheus/rules/self.yml").groups[0].rules;
      return rules.find((rule: any) => rule.alert === "TargetDown").for;
    };
    expect(forOf(PRODUCTION)).toBe("5m");
    expect(forOf(FAST)).toBe("5s");
  });

  it("fast scales Alertmanager's waits and repeats too", () => {
    const routeOf = (timing: typeof PRODUCTION) =>
      yamlAt(synth(config(), dropletPlacement(), timing), "alertmanager/alertmanager.yml").route;
    expect(routeOf(PRODUCTION)).toMatchObject({ group_wait: "30s", group_interval: "12m", repeat_interval: "4h" });
    expect(routeOf(FAST)).toMatchObject({ group_wait: "1s", group_interval: "12s", repeat_interval: "4m" });
  });
});

describe("optional services", () => {
  it("without postgres or redis in the config, there is no postgres or redis scrape job or service", () => {
    const config = parseMinimalConfig();
    const jobs = scrapeJobs(synth(config, dropletPlacement(), PRODUCTION)).map((job) => job.job_name);
    expect(jobs).not.toContain("postgres");
    expect(jobs).not.toContain("redis");
    expect(jobs).toEqual(expect.arrayContaining(["prometheus", "alertmanager", "node", "blackbox-http", "shop"]));
    const specs = serviceSpecs(config, dropletPlacement(), PRODUCTION);
    expect(specs.postgresExporter).toBeUndefined();
    expect(specs.redisExporter).toBeUndefined();
  });

  it("with them, both jobs are scraped", () => {
    const jobs = scrapeJobs(synth(loadConfigFile(EXAMPLE_STACK), dropletPlacement(), PRODUCTION)).map(
      (job) => job.job_name,
    );
    expect(jobs).toContain("postgres");
    expect(jobs).toContain("redis");
  });
});

describe("alertmanager.yml", () => {
  const alertmanager = (config: VigilConfig) => yamlAt(synth(config, dropletPlacement(), PRODUCTION), "alertmanager/alertmanager.yml");

  it("leaves out every receiver integration that is not configured", () => {
    const config = parseMinimalConfig({ slack: { channel: "#alerts", webhookUrl: "https://hooks.slack.com/x" } });
    const artifacts = synth(config, dropletPlacement(), PRODUCTION);
    const document = yamlAt(artifacts, "alertmanager/alertmanager.yml");
    expect(document.receivers.map((r: any) => r.name)).toEqual(["slack", "status-page", "blackhole"]);
    const slack = document.receivers[0];
    expect(Object.keys(slack).sort()).toEqual(["name", "slack_configs"]);
    expect(artifacts.map((a) => a.path).filter((p) => p.startsWith("alertmanager/secrets/"))).toEqual([
      "alertmanager/secrets/slack-webhook-url",
    ]);
    expect(stringsIn(document)).not.toContain("");
    expect(artifactAt(artifacts, "alertmanager/alertmanager.yml").content).not.toMatch(/url:\s*(""|''|null)?\s*$/m);
  });

  it("refuses a config with no receiver at all, rather than dropping every alert in silence", () => {
    expect(() => parseMinimalConfig({})).toThrow(/alerting: configure at least one of alerting.pagerduty, alerting.slack or alerting.email/);
  });

  it("sets pagerduty's url only when the config gives one (an EU account)", () => {
    const without = alertmanager(parseMinimalConfig({ pagerduty: { routingKey: "k" } })).receivers[0].pagerduty_configs[0];
    expect(without).not.toHaveProperty("url");
    const eu = alertmanager(
      parseMinimalConfig({ pagerduty: { routingKey: "k", url: "https://events.eu.pagerduty.com/v2/enqueue" } }),
    ).receivers[0].pagerduty_configs[0];
    expect(eu.url).toBe("https://events.eu.pagerduty.com/v2/enqueue");
  });

  it.each([
    ["with a heartbeat", { heartbeat: { url: "https://hc-ping.example.com/abc" } }, "heartbeat"],
    ["without a heartbeat", {}, "blackhole"],
  ] as const)("never routes Watchdog to the page receiver (%s)", (_name, heartbeat, expected) => {
    const document = alertmanager(
      parseMinimalConfig({ pagerduty: { routingKey: "k" }, slack: { channel: "#a", webhookUrl: "https://hooks.slack.com/u" }, ...heartbeat }),
    );
    // Alertmanager takes the first matching child route and stops there unless `continue`.
    const watchdogRoutes = document.route.routes.filter((route: any) =>
      (route.matchers ?? []).includes('alertname="Watchdog"'),
    );
    expect(watchdogRoutes).toHaveLength(1);
    const [watchdog] = watchdogRoutes;
    expect(document.route.routes[0]).toBe(watchdog);
    expect(watchdog.receiver).toBe(expected);
    expect(watchdog.receiver).not.toBe("page");
    expect(watchdog.continue ?? false).toBe(false);
    expect(watchdog.routes ?? []).toEqual([]);
    expect(document.receivers.map((r: any) => r.name)).toContain(expected);
  });

  it("sends the heartbeat to the configured URL only, read from its secret file (a ping URL is a credential)", () => {
    const document = alertmanager(parseMinimalConfig({ ...SLACK_ONLY, heartbeat: { url: "https://hc-ping.example.com/abc" } }));
    const heartbeat = document.receivers.find((r: any) => r.name === "heartbeat");
    expect(heartbeat.webhook_configs).toEqual([{ url_file: "/etc/alertmanager/secrets/heartbeat-url", send_resolved: false }]);
  });
});

describe("formatDuration", () => {
  it.each([
    [90, "1m30s"],
    [3600, "1h"],
    [0, "0s"],
    [1, "1s"],
    [59, "59s"],
    [86_400, "1d"],
    [90_061, "1d1h1m1s"],
    [14_400, "4h"],
  ])("%i seconds is %s", (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("refuses %d", (seconds) => {
    expect(() => formatDuration(seconds)).toThrow(/whole, non-negative/);
  });
});

describe("scaled", () => {
  it("keeps production durations and divides fast ones by 60, never below 1s", () => {
    expect(scaled(PRODUCTION, 300)).toBe("5m");
    expect(scaled(FAST, 300)).toBe("5s");
    expect(scaled(FAST, 14_400)).toBe("4m");
    expect(scaled(FAST, 10)).toBe("1s");
    expect(scaled(FAST, 0)).toBe("1s");
  });
});

describe("the probe of a public URL behind a private CA", () => {
  const PEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";

  it("trusts config.app.publicUrlCa: the CA file beside blackbox.yml, named by the HTTP module", () => {
    const raw = minimalRawConfig();
    const config = parseConfig({ ...raw, app: { ...raw.app, publicUrl: "https://shop.internal/", publicUrlCa: PEM } });
    const artifacts = synth(config, dropletPlacement(), PRODUCTION);
    expect(artifacts.find((a) => a.path === "blackbox/public-ca.pem")?.content).toBe(PEM);
    const modules = parseYaml(artifacts.find((a) => a.path === "blackbox/blackbox.yml")?.content ?? "").modules;
    expect(modules.http_2xx.http.tls_config).toEqual({ ca_file: "/etc/blackbox_exporter/public-ca.pem" });
  });

  it("renders no CA without one, and refuses a value that is not a PEM certificate, naming the field", () => {
    const artifacts = synth(parseConfig(minimalRawConfig()), dropletPlacement(), PRODUCTION);
    expect(artifacts.map((a) => a.path)).not.toContain("blackbox/public-ca.pem");
    const raw = minimalRawConfig();
    expect(() => parseConfig({ ...raw, app: { ...raw.app, publicUrlCa: "not a certificate" } })).toThrow(/app\.publicUrlCa: expected one PEM certificate/);
  });
});
