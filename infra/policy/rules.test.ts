import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  appHostFirewallViolations,
  containerPortViolations,
  firewallViolations,
  imageViolations,
  isAppHostFirewall,
  isPrivateIpv4,
  privilegeViolations,
  receiverSecretViolations,
  volumeViolations,
} from "./rules";

const ADMIN = ["203.0.113.10/32"];

describe("containerPortViolations", () => {
  it("passes loopback UIs, the ingest port on a private address and Caddy on the public one", () => {
    expect(containerPortViolations({ name: "grafana", ports: [{ internal: 3000, external: 3000, ip: "127.0.0.1" }] })).toEqual([]);
    expect(containerPortViolations({ name: "vigil-exporter", ports: [{ internal: 9465, external: 9465, ip: "10.110.0.50" }] })).toEqual([]);
    expect(containerPortViolations({ name: "caddy", ports: [{ internal: 443, external: 443, ip: "203.0.113.50" }] })).toEqual([]);
    // vmauth's log ingest port, for the application hosts' shippers, likewise.
    expect(containerPortViolations({ name: "vmauth", ports: [{ internal: 8427, external: 8427, ip: "10.110.0.50" }] })).toEqual([]);
  });

  it("holds vmauth's log ingest port to the private address, and to vmauth", () => {
    expect(containerPortViolations({ name: "vmauth", ports: [{ internal: 8427, ip: "203.0.113.50" }] })[0]).toMatch(/must be bound to the private VPC address/);
    expect(containerPortViolations({ name: "victoria-logs", ports: [{ internal: 8427, ip: "10.110.0.50" }] })[0]).toMatch(/only the ingest port and the HTTPS entry/);
    expect(containerPortViolations({ name: "victoria-logs", ports: [{ internal: 9428, ip: "10.110.0.50" }] })[0]).toMatch(/only the ingest port and the HTTPS entry/);
  });

  it("accepts an address unknown in a preview only for the ingest port and the HTTPS entry", () => {
    expect(containerPortViolations({ name: "vigil-exporter", ports: [{ internal: 9465 }] })).toEqual([]);
    expect(containerPortViolations({ name: "grafana", ports: [{ internal: 3000, external: 3000 }] })).toEqual([
      "grafana port 3000 has no bind address, so Docker publishes it on 0.0.0.0",
    ]);
  });

  it("fails a port on every interface, a UI beyond loopback and the ingest port on a public address", () => {
    expect(containerPortViolations({ name: "prometheus", ports: [{ internal: 9090, ip: "0.0.0.0" }] })).toEqual([
      "prometheus port 9090 is bound to 0.0.0.0 (every interface)",
    ]);
    expect(containerPortViolations({ name: "grafana", ports: [{ internal: 3000, ip: "10.110.0.50" }] })[0]).toMatch(
      /only the ingest port and the HTTPS entry/,
    );
    expect(containerPortViolations({ name: "vigil-exporter", ports: [{ internal: 9465, ip: "203.0.113.50" }] })[0]).toMatch(
      /must be bound to the private VPC address/,
    );
    expect(containerPortViolations({ name: "grafana", ports: [{ internal: 443, ip: "203.0.113.50" }] })).toHaveLength(1);
    // Port 9465 is the ingest port only on the vigil exporter.
    expect(containerPortViolations({ name: "grafana", ports: [{ internal: 9465, ip: "10.110.0.50" }] })[0]).toMatch(
      /only the ingest port and the HTTPS entry/,
    );
  });
});

describe("appHostFirewallViolations", () => {
  const scrape = (portRange: string) => ({ protocol: "tcp", portRange, sourceDropletIds: [424242] });

  it("tells the application hosts' firewall (by tag) from vigil's (by droplet id)", () => {
    expect(isAppHostFirewall({ tags: ["shop-web"] })).toBe(true);
    expect(isAppHostFirewall({ dropletIds: [424242] })).toBe(false);
    expect(isAppHostFirewall({ tags: ["shop-web"], dropletIds: [424242] })).toBe(false);
  });

  it("passes node_exporter and the metrics port opened to vigil's droplet alone", () => {
    expect(appHostFirewallViolations({ tags: ["shop-web"], inboundRules: [scrape("9100"), scrape("8000")] })).toEqual([]);
  });

  it("fails a port opened to addresses, tags or nothing, another protocol, and any outbound rule", () => {
    expect(appHostFirewallViolations({ inboundRules: [{ ...scrape("9100"), sourceAddresses: ["10.110.0.0/20"] }] })).toEqual([
      "application hosts: port 9100 is opened to 10.110.0.0/20; only to vigil's droplet, by id",
    ]);
    expect(appHostFirewallViolations({ inboundRules: [{ protocol: "tcp", portRange: "9100", sourceTags: ["vigil"] }] })).toEqual([
      "application hosts: port 9100 is opened to vigil; only to vigil's droplet, by id",
      "application hosts: port 9100 names no droplet to admit",
    ]);
    expect(appHostFirewallViolations({ inboundRules: [{ ...scrape("53"), protocol: "udp" }] })).toEqual(["application hosts: inbound udp 53: only TCP is opened"]);
    expect(appHostFirewallViolations({ inboundRules: [scrape("9100")], outboundRules: [{ protocol: "tcp", portRange: "1-65535" }] })).toEqual([
      "application hosts: the firewall has outbound rules; it may only admit vigil's scrapes",
    ]);
  });
});

describe("firewallViolations", () => {
  const ssh = { protocol: "tcp", portRange: "22", sourceAddresses: ADMIN };
  const ingest = { protocol: "tcp", portRange: "9465", sourceAddresses: ["10.110.0.0/20"], sourceTags: ["shop-web"] };
  const https = ["80", "443"].map((portRange) => ({ protocol: "tcp", portRange, sourceAddresses: ["0.0.0.0/0", "::/0"] }));

  it("passes SSH from the admin CIDRs, ingest from tags and the VPC, and 80/443 with the HTTPS entry", () => {
    expect(firewallViolations({ inboundRules: [ssh, ingest] }, { adminCidrs: ADMIN, httpsEntry: false })).toEqual([]);
    expect(firewallViolations({ inboundRules: [ssh, ingest, ...https] }, { httpsEntry: true })).toEqual([]);
    // vmauth's log ingest port, from the same sources.
    expect(firewallViolations({ inboundRules: [ssh, ingest, { ...ingest, portRange: "8427" }] }, { adminCidrs: ADMIN, httpsEntry: false })).toEqual([]);
  });

  it("fails the log ingest port opened to a public range", () => {
    const publicLogs = { ...ingest, portRange: "8427", sourceAddresses: ["0.0.0.0/0"] };
    expect(firewallViolations({ inboundRules: [publicLogs] }, { httpsEntry: false })).toEqual([
      "the log ingest port is opened to 0.0.0.0/0; only the app's tags or the VPC range",
    ]);
  });

  it("fails SSH to the world or to a CIDR that is not an admin's", () => {
    const world = { ...ssh, sourceAddresses: ["0.0.0.0/0"] };
    expect(firewallViolations({ inboundRules: [world] }, { httpsEntry: false })).toEqual(["SSH is opened to the world (0.0.0.0/0)"]);
    const stranger = { ...ssh, sourceAddresses: ["198.51.100.7/32"] };
    expect(firewallViolations({ inboundRules: [stranger] }, { adminCidrs: ADMIN, httpsEntry: false })).toEqual([
      "SSH is opened to 198.51.100.7/32, not an admin CIDR",
    ]);
  });

  it("fails the ingest port opened to a public range, 80/443 without the HTTPS entry, and any other port", () => {
    const publicIngest = { ...ingest, sourceAddresses: ["0.0.0.0/0"] };
    expect(firewallViolations({ inboundRules: [publicIngest] }, { httpsEntry: false })[0]).toMatch(/ingest port is opened to 0.0.0.0\/0/);
    expect(firewallViolations({ inboundRules: https }, { httpsEntry: false })).toEqual([
      "port 80 is opened without the HTTPS entry",
      "port 443 is opened without the HTTPS entry",
    ]);
    const grafana = { protocol: "tcp", portRange: "3000", sourceAddresses: ADMIN };
    expect(firewallViolations({ inboundRules: [grafana] }, { httpsEntry: false })[0]).toMatch(/port 3000 is opened/);
    expect(firewallViolations({ inboundRules: [{ protocol: "udp", portRange: "53" }] }, { httpsEntry: false })).toHaveLength(1);
  });
});

describe("privilegeViolations", () => {
  const kmsg = [{ hostPath: "/dev/kmsg", containerPath: "/dev/kmsg" }];

  it("passes unprivileged containers, and cAdvisor privileged with /dev/kmsg as its documentation runs it", () => {
    expect(privilegeViolations({ name: "prometheus", ports: [{ internal: 9090, ip: "127.0.0.1" }] })).toEqual([]);
    expect(privilegeViolations({ name: "cadvisor", privileged: true, devices: kmsg })).toEqual([]);
  });

  it("fails any other container that runs privileged or gets a host device", () => {
    expect(privilegeViolations({ name: "grafana", privileged: true })).toEqual(["grafana runs privileged; only cadvisor may"]);
    expect(privilegeViolations({ name: "node-exporter", devices: kmsg })).toEqual([
      "node-exporter is given the host device /dev/kmsg; only cadvisor may have /dev/kmsg",
    ]);
  });

  it("holds cAdvisor's exception to exactly that: no other device, and no published port while privileged", () => {
    expect(privilegeViolations({ name: "cadvisor", privileged: true, devices: [{ hostPath: "/dev/sda" }] })).toEqual([
      "cadvisor is given the host device /dev/sda; only cadvisor may have /dev/kmsg",
    ]);
    expect(privilegeViolations({ name: "cadvisor", privileged: true, ports: [{ internal: 8080, ip: "127.0.0.1" }] })).toEqual([
      "cadvisor runs privileged and publishes a port",
    ]);
  });
});

describe("the other rules", () => {
  it("volumeViolations: passes a protected volume and fails an unprotected one", () => {
    expect(volumeViolations(true)).toEqual([]);
    expect(volumeViolations(false)).toHaveLength(1);
  });

  it("imageViolations: passes version tags and digests, fails latest, floating tags and no tag", () => {
    for (const pinned of ["prom/prometheus:v2.42.0", "caddy:2.8.4-alpine", `node@sha256:${"a".repeat(64)}`, "localhost:5000/x:1.2"]) {
      expect(imageViolations({ name: pinned }), pinned).toEqual([]);
    }
    for (const floating of ["prom/prometheus:latest", "caddy:alpine", "grafana/grafana", "localhost:5000/x"]) {
      expect(imageViolations({ name: floating }), floating).toHaveLength(1);
    }
  });

  it("receiverSecretViolations: passes *_file keys and fails a secret inline in alertmanager.yml", () => {
    const good = "receivers:\n  - name: pd\n    pagerduty_configs:\n      - routing_key_file: /etc/alertmanager/secrets/pagerduty-routing-key\n";
    expect(receiverSecretViolations({ name: "alertmanager", uploads: [{ file: "/etc/alertmanager/alertmanager.yml", content: good }] })).toEqual([]);
    const bad = "receivers:\n  - name: pd\n    pagerduty_configs:\n      - routing_key: abc123\n";
    expect(receiverSecretViolations({ name: "alertmanager", uploads: [{ file: "/etc/alertmanager/alertmanager.yml", content: bad }] })).toEqual([
      "/etc/alertmanager/alertmanager.yml holds a receiver secret inline (routing_key); use its *_file form",
    ]);
    expect(receiverSecretViolations({ name: "grafana", uploads: [{ file: "/x.yml", content: bad }] })).toEqual([]);
    // The file synth renders for the example stack, every receiver configured, passes.
    const rendered = readFileSync(path.resolve(__dirname, "../../generated/alertmanager/alertmanager.yml"), "utf8");
    expect(receiverSecretViolations({ name: "alertmanager", uploads: [{ file: "/etc/alertmanager/alertmanager.yml", content: rendered }] })).toEqual([]);
  });

  it("isPrivateIpv4: RFC 1918 only", () => {
    expect(["10.110.0.50", "10.110.0.0/20", "172.16.0.1", "192.168.1.0/24"].every(isPrivateIpv4)).toBe(true);
    expect(["203.0.113.50", "0.0.0.0/0", "172.32.0.1", "10.0.0.0/4", "::1"].some(isPrivateIpv4)).toBe(false);
  });
});

describe("the policy pack", () => {
  it(
    "loads as `pulumi preview --policy-pack infra/policy` loads it (ts-node, type-checked, from its directory) and serves",
    async () => {
      const dir = path.resolve(__dirname);
      const child = spawn(process.execPath, ["-r", "ts-node/register", "index.ts"], {
        cwd: dir,
        env: { ...process.env, TS_NODE_PROJECT: path.join(dir, "tsconfig.json") },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      const port = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no port after 120s: ${stderr}`)), 120_000);
        child.stdout.on("data", (chunk: Buffer) => {
          stdout += chunk.toString();
          // The analyzer prints the port of its gRPC server, which the CLI connects to.
          if (/^\d+\s*$/m.test(stdout)) {
            clearTimeout(timer);
            resolve(stdout.trim());
          }
        });
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`policy pack exited with ${code}: ${stderr}`));
        });
      }).finally(() => child.kill());
      expect(Number(port)).toBeGreaterThan(0);
    },
    150_000,
  );
});
