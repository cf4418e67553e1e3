import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { cloudInit, DOCKER_INSTALL_SCRIPT, dockerInstallScript, hostKeyEntry } from "./cloud-init";
import { DATA_DIRECTORIES, DATA_MOUNT, READINESS_MARKER } from "./data-volume";
import { inboundRules } from "./host";
import { DOCKER_ENGINE, DROPLET_IMAGE } from "./images";
import { pinnedSshOptions, readinessScript } from "./readiness";

const PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyForTestsOnly0123456789abcdefghij vigil-host";
const PRIVATE_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
const scratch = mkdtempSync(path.join(tmpdir(), "vigil-host-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("cloudInit", () => {
  const text = cloudInit({ volumeName: "vigil-data", hostKey: { privateKey: PRIVATE_KEY, publicKey: PUBLIC_KEY } });
  const document = parseYaml(text.slice(text.indexOf("\n") + 1)) as Record<string, any>;

  it("is a cloud-config that turns password logins off and unattended upgrades on", () => {
    expect(text.startsWith("#cloud-config\n")).toBe(true);
    expect(document.ssh_pwauth).toBe(false);
    expect(document.packages).toContain("unattended-upgrades");
    const files = document.write_files as Array<{ path: string; content: string }>;
    expect(files.find((f) => f.path === "/etc/ssh/sshd_config.d/60-vigil.conf")?.content).toContain("PasswordAuthentication no");
    expect(files.find((f) => f.path === "/etc/apt/apt.conf.d/20auto-upgrades")?.content).toContain('Unattended-Upgrade "1"');
  });

  it("keeps containers away from the metadata service, which serves this user data and its key", () => {
    const files = document.write_files as Array<{ path: string; content: string }>;
    const unit = files.find((f) => f.path === "/etc/systemd/system/vigil-metadata-block.service")?.content ?? "";
    expect(unit).toContain("iptables -I DOCKER-USER -d 169.254.169.254/32 -j REJECT");
    expect(unit).toContain("After=docker.service");
    expect(document.runcmd).toContainEqual(["systemctl", "enable", "--now", "vigil-metadata-block.service"]);
  });

  it("installs the pinned host key in place of the image's", () => {
    expect(document.ssh_deletekeys).toBe(true);
    expect(document.ssh_keys).toEqual({ ed25519_private: PRIVATE_KEY, ed25519_public: hostKeyEntry(PUBLIC_KEY) });
  });

  it("waits for the volume, mounts it, makes each service's directory with its owner, then writes the marker", () => {
    const script = (document.runcmd as string[][]).map((command) => command.join(" ")).join("\n");
    expect(script).toContain("/dev/disk/by-id/scsi-0DO_Volume_vigil-data");
    expect(script).toContain(`${DATA_MOUNT} ext4 defaults,nofail`);
    for (const dir of Object.values(DATA_DIRECTORIES)) {
      const [uid, gid] = dir.owner.split(":");
      expect(script).toContain(`install -d -m 0750 -o ${uid} -g ${gid} ${DATA_MOUNT}/${dir.name}`);
    }
    expect(script.indexOf(READINESS_MARKER)).toBeGreaterThan(script.indexOf("mount "));
    const shell = (document.runcmd as string[][]).find((command) => command[0] === "sh")?.[2] ?? "";
    expect(spawnSync("sh", ["-n", "-c", shell]).status).toBe(0);
  });

  it("installs Docker Engine from Docker's repository, its key pinned by fingerprint and its packages by version", () => {
    const files = document.write_files as Array<{ path: string; content: string; permissions: string }>;
    const install = files.find((f) => f.path === DOCKER_INSTALL_SCRIPT);
    expect(install).toMatchObject({ permissions: "0755", content: dockerInstallScript() });
    const script = install?.content ?? "";
    expect(script).toContain(`curl -fsSL --retry 5 ${DOCKER_ENGINE.keyUrl}`);
    expect(script).toContain(`if [ "$fingerprint" != "${DOCKER_ENGINE.keyFingerprint}" ]; then`);
    expect(script).toContain(`URIs: ${DOCKER_ENGINE.repository}\nSuites: noble\n`);
    expect(script).toContain("Signed-By: /etc/apt/keyrings/docker.asc");
    expect(script).toContain(
      `apt-get install -y --no-install-recommends docker-ce=${DOCKER_ENGINE.version} docker-ce-cli=${DOCKER_ENGINE.version} containerd.io=${DOCKER_ENGINE.containerdVersion}`,
    );
    expect(script.startsWith("#!/bin/sh\n")).toBe(true);
    expect(script).toContain("set -eu");
    expect(spawnSync("sh", ["-n", "-c", script]).status).toBe(0);
    expect(document.packages).toEqual(expect.arrayContaining(["curl", "gnupg", "ca-certificates"]));
  });

  it("pins Docker for the release the droplet image runs: Ubuntu 24.04, noble", () => {
    expect(DROPLET_IMAGE).toBe("ubuntu-24-04-x64");
    const release = /^ubuntu-(\d+)-(\d+)-x64$/.exec(DROPLET_IMAGE)?.slice(1).join(".");
    expect(DOCKER_ENGINE.version).toMatch(/^5:\d+\.\d+\.\d+-\d+~ubuntu\.24\.04~noble$/);
    expect(DOCKER_ENGINE.version.endsWith(`~ubuntu.${release}~${DOCKER_ENGINE.suite}`)).toBe(true);
    expect(dockerInstallScript()).toContain(`if [ "$VERSION_CODENAME" != "${DOCKER_ENGINE.suite}" ]; then`);
  });

  it("installs Docker before the metadata block, and writes the marker only once Docker runs", () => {
    const runcmd = document.runcmd as string[][];
    const at = (command: string[]) => runcmd.findIndex((entry) => entry.join(" ") === command.join(" "));
    const markerChain = runcmd.findIndex((entry) => entry[0] === "sh" && String(entry[2]).includes(READINESS_MARKER));
    expect(at([DOCKER_INSTALL_SCRIPT])).toBeGreaterThan(-1);
    expect(at([DOCKER_INSTALL_SCRIPT])).toBeLessThan(at(["systemctl", "enable", "--now", "vigil-metadata-block.service"]));
    expect(at(["systemctl", "enable", "--now", "vigil-metadata-block.service"])).toBeLessThan(markerChain);
    expect(String(runcmd[markerChain]?.[2]).startsWith("systemctl is-active --quiet docker.service || {")).toBe(true);
  });

  it("stops before the volume and the marker when Docker does not run, and goes on to the volume when it does", () => {
    // No wait for the volume, so the chain stops at once either way and touches nothing here.
    const quick = cloudInit({ volumeName: "vigil-data", hostKey: { privateKey: PRIVATE_KEY, publicKey: PUBLIC_KEY }, volumeWaitSeconds: 0 });
    const chain = ((parseYaml(quick.slice(quick.indexOf("\n") + 1)) as { runcmd: string[][] }).runcmd.find((c) => c[0] === "sh")?.[2]) ?? "";
    const withSystemctl = (status: number) => {
      const bin = path.join(scratch, `systemctl-${status}`);
      spawnSync("mkdir", ["-p", bin]);
      writeFileSync(path.join(bin, "systemctl"), `#!/bin/sh\nexit ${status}\n`);
      chmodSync(path.join(bin, "systemctl"), 0o755);
      return spawnSync("sh", ["-c", chain], { encoding: "utf8", env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    };
    const stopped = withSystemctl(3);
    expect(stopped.status).toBe(1);
    expect(stopped.stderr).toContain("vigil: Docker Engine is not running");
    const running = withSystemctl(0);
    expect(running.status).toBe(1);
    expect(running.stderr).toContain("vigil: volume vigil-data not attached after 0s");
  });

  it("turns the host firewall off: no ufw rule limits SSH, and containers reach the host's exporters", () => {
    expect(document.runcmd).toContainEqual(["ufw", "--force", "disable"]);
    expect(text).not.toMatch(/ufw (limit|enable|allow|deny)/);
    // The one iptables rule is the metadata block on forwarded traffic; the host's input is left open to the cloud firewall.
    expect(text.match(/iptables -I \S+/g)).toEqual(["iptables -I DOCKER-USER"]);
  });

  it("refuses a host key type cloud-init cannot install", () => {
    expect(() => cloudInit({ volumeName: "v", hostKey: { privateKey: "x", publicKey: "ssh-dss AAAA" } })).toThrow("unsupported host key type: ssh-dss");
  });
});

describe("pinned SSH", () => {
  it("gives ssh options it accepts: strict checking against the pinned key alone", () => {
    const options = pinnedSshOptions("203.0.113.77", PUBLIC_KEY);
    const resolved = spawnSync("ssh", ["-G", ...options, "root@203.0.113.77"], { encoding: "utf8" });
    expect(resolved.status, resolved.stderr).toBe(0);
    expect(resolved.stdout).toContain("stricthostkeychecking true");
    expect(resolved.stdout).toContain(`knownhostscommand /bin/echo 203.0.113.77 ${hostKeyEntry(PUBLIC_KEY)}`);
    expect(resolved.stdout).toContain("userknownhostsfile /dev/null");
  });

  /** Runs the readiness script with a stand-in `ssh` that exits with `status`. */
  function runGate(status: number, timeoutSeconds: number) {
    const bin = path.join(scratch, `bin-${status}`);
    spawnSync("mkdir", ["-p", bin]);
    writeFileSync(path.join(bin, "ssh"), `#!/bin/sh\necho "$@" >> ${bin}/calls\nexit ${status}\n`);
    chmodSync(path.join(bin, "ssh"), 0o755);
    const script = readinessScript({ ip: "203.0.113.77", publicKey: PUBLIC_KEY, timeoutSeconds });
    return spawnSync("sh", ["-c", script], { encoding: "utf8", env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, timeout: 60_000 });
  }

  it("passes once SSH with the pinned key finds cloud-init's boot-finished and the marker", () => {
    const run = runGate(0, 30);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("vigil: droplet 203.0.113.77 is ready");
  });

  it("fails after its timeout with what to look at", () => {
    const run = runGate(255, 0);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("vigil: droplet 203.0.113.77 not ready after 0s");
    expect(run.stderr).toContain("/var/log/cloud-init-output.log");
  });
});

describe("inboundRules", () => {
  const base = { adminCidrs: ["203.0.113.10/32"], appDropletTags: ["shop-web"], vpcRange: "10.110.0.0/20", ingestPort: 9465 };

  it("opens SSH to the admins and the ingest port to the app's tags and the VPC", () => {
    expect(inboundRules({ ...base, httpsEntry: false })).toEqual([
      { protocol: "tcp", portRange: "22", sourceAddresses: ["203.0.113.10/32"] },
      { protocol: "tcp", portRange: "9465", sourceAddresses: ["10.110.0.0/20"], sourceTags: ["shop-web"] },
    ]);
  });

  it("opens 80 and 443 to everyone only with the HTTPS entry, and names no tag when there is none", () => {
    const rules = inboundRules({ ...base, appDropletTags: [], httpsEntry: true });
    expect(rules.map((r) => r.portRange)).toEqual(["22", "9465", "80", "443"]);
    expect(rules[1]).toEqual({ protocol: "tcp", portRange: "9465", sourceAddresses: ["10.110.0.0/20"] });
  });
});
