import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { SERVICE_CATALOG } from "../core/catalog";
import { testStackConfig } from "../test/support/pulumi-mocks";
import type { CloudInitPart } from "./app-host-cloud-init";
import {
  appHostCloudInit,
  appHostInstallScript,
  NODE_EXPORTER_PATHS,
  NODE_EXPORTER_RELEASE,
  nodeExporterPart,
  PRIVATE_ADDRESS_URL,
} from "./app-host-cloud-init";

// The application hosts' user data cannot boot here: what can be checked is what it says,
// read back as cloud-init would read it (YAML), the shell scripts' syntax and the units'
// keys (systemd-analyze, where the machine has it).

const scratch = mkdtempSync(path.join(tmpdir(), "vigil-app-host-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Document {
  packages: string[];
  write_files: Array<{ path: string; permissions: string; content: string }>;
  runcmd: string[][];
}

const text = appHostCloudInit();
const document = parseYaml(text) as Document;
const file = (filePath: string) => document.write_files.find((f) => f.path === filePath)?.content ?? "";
const unit = file(`/etc/systemd/system/${NODE_EXPORTER_PATHS.unit}`);

describe("the application hosts' cloud-init", () => {
  it("is a cloud-config of node_exporter's part, its files written and its unit enabled at first boot", () => {
    expect(text.startsWith("#cloud-config\n")).toBe(true);
    expect(document.packages).toEqual(["ca-certificates", "curl"]);
    expect(document.write_files.map((f) => [f.path, f.permissions])).toEqual([
      [NODE_EXPORTER_PATHS.install, "0755"],
      [NODE_EXPORTER_PATHS.privateAddress, "0755"],
      [`/etc/systemd/system/${NODE_EXPORTER_PATHS.addressUnit}`, "0644"],
      [`/etc/systemd/system/${NODE_EXPORTER_PATHS.unit}`, "0644"],
    ]);
    expect(document.runcmd).toEqual([
      [NODE_EXPORTER_PATHS.install],
      ["systemctl", "daemon-reload"],
      ["systemctl", "enable", NODE_EXPORTER_PATHS.unit],
      ["systemctl", "restart", NODE_EXPORTER_PATHS.unit],
    ]);
  });

  it("runs node_exporter unprivileged on the private address alone, only once that address is known", () => {
    expect(unit).toContain("ExecStart=/usr/local/bin/node_exporter --web.listen-address=${VIGIL_PRIVATE_IPV4}:9100\n");
    expect(unit).toContain(`EnvironmentFile=${NODE_EXPORTER_PATHS.addressFile}`);
    expect(unit).toContain(`Requires=${NODE_EXPORTER_PATHS.addressUnit}`);
    expect(unit).toContain(`After=${NODE_EXPORTER_PATHS.addressUnit} network-online.target`);
    expect(unit).toContain("User=node_exporter");
    expect(unit).toContain("NoNewPrivileges=yes");
    expect(unit).toContain("WantedBy=multi-user.target");
    expect(text).not.toMatch(/0\.0\.0\.0|:::|--web\.listen-address=:/);
    const addressUnit = file(`/etc/systemd/system/${NODE_EXPORTER_PATHS.addressUnit}`);
    expect(addressUnit).toContain("Type=oneshot");
    expect(addressUnit).toContain(`ExecStart=${NODE_EXPORTER_PATHS.privateAddress}`);
  });

  it("reads the private address from DigitalOcean's metadata service and refuses anything but a private IPv4", () => {
    expect(PRIVATE_ADDRESS_URL).toBe("http://169.254.169.254/metadata/v1/interfaces/private/0/ipv4/address");
    const script = file(NODE_EXPORTER_PATHS.privateAddress);
    expect(script).toContain(PRIVATE_ADDRESS_URL);
    const fakeCurl = path.join(scratch, "bin");
    // The script, run with a curl that answers what the metadata service might: only a private
    // address gets written, to the file the unit reads.
    const run = (answer: string) => {
      spawnSync("mkdir", ["-p", fakeCurl]);
      writeFileSync(path.join(fakeCurl, "curl"), `#!/bin/sh\nprintf '%s' '${answer}'\n`, { mode: 0o755 });
      const out = path.join(scratch, `address-${answer || "empty"}`);
      const local = script.replaceAll(NODE_EXPORTER_PATHS.addressFile, `${out}/private-address.env`);
      const result = spawnSync("sh", ["-c", local], { env: { PATH: `${fakeCurl}:/usr/bin:/bin` }, encoding: "utf8" });
      const written = spawnSync("cat", [`${out}/private-address.env`], { encoding: "utf8" }).stdout;
      return { status: result.status, stderr: result.stderr, written };
    };
    expect(run("10.110.0.21")).toMatchObject({ status: 0, written: "VIGIL_PRIVATE_IPV4=10.110.0.21\n" });
    expect(run("172.20.3.4")).toMatchObject({ status: 0, written: "VIGIL_PRIVATE_IPV4=172.20.3.4\n" });
    for (const refused of ["203.0.113.21", "", "10.110.0.21; rm -rf /", "172.32.0.1"]) {
      const result = run(refused);
      expect(result.status, refused).not.toBe(0);
      expect(result.written, refused).toBe("");
    }
  });

  it("installs the catalog's node_exporter release from upstream, refusing a tarball whose sha256 is not the pinned one", () => {
    expect(SERVICE_CATALOG.nodeExporter.image).toBe(`prom/node-exporter:v${NODE_EXPORTER_RELEASE.version}`);
    expect(NODE_EXPORTER_RELEASE.sha256).toMatch(/^[0-9a-f]{64}$/);
    const script = file(NODE_EXPORTER_PATHS.install);
    expect(script).toContain(
      `https://github.com/prometheus/node_exporter/releases/download/v${NODE_EXPORTER_RELEASE.version}/node_exporter-${NODE_EXPORTER_RELEASE.version}.linux-amd64.tar.gz`,
    );
    expect(script).toContain(`echo "${NODE_EXPORTER_RELEASE.sha256}  $work/${NODE_EXPORTER_RELEASE.tarball}" | sha256sum -c -`);
    expect(script.indexOf("sha256sum -c")).toBeLessThan(script.indexOf("tar -xzf"));
    expect(script).toMatch(/^set -eu$/m);
  });

  it("holds shell scripts that parse", () => {
    for (const script of [NODE_EXPORTER_PATHS.install, NODE_EXPORTER_PATHS.privateAddress]) {
      const result = spawnSync("sh", ["-n", "-c", file(script)], { encoding: "utf8" });
      expect(result.status, `${script}: ${result.stderr}`).toBe(0);
    }
  });

  it.skipIf(spawnSync("systemd-analyze", ["--version"]).status !== 0)("holds units whose every key systemd knows", () => {
    const dir = mkdtempSync(path.join(scratch, "units-"));
    const units = [NODE_EXPORTER_PATHS.unit, NODE_EXPORTER_PATHS.addressUnit].map((name) => {
      writeFileSync(path.join(dir, name), file(`/etc/systemd/system/${name}`));
      return `./${name}`;
    });
    const result = spawnSync("systemd-analyze", ["verify", ...units], { cwd: dir, encoding: "utf8" });
    // The binaries and scripts are the host's, not this machine's: that is all it may say.
    const findings = `${result.stdout}${result.stderr}`
      .split("\n")
      .filter((line) => line.trim() !== "" && !/Command \/usr\/local\/s?bin\/\S+ is not executable/.test(line));
    expect(findings).toEqual([]);
  });

  it("carries no secret of the stack", () => {
    const { secretValues } = testStackConfig();
    expect(secretValues.size).toBeGreaterThan(0);
    for (const [secretPath, value] of secretValues) expect(text.includes(value), secretPath).toBe(false);
    expect(text).not.toMatch(/token|password|secret/i);
  });
});

describe("the install script, for a host that is already running", () => {
  const script = appHostInstallScript();

  it("parses, and runs the same commands as the user data", () => {
    const result = spawnSync("sh", ["-n", "-c", script], { encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    expect(script).toContain("\nsystemctl daemon-reload\nsystemctl enable vigil-node-exporter.service\nsystemctl restart vigil-node-exporter.service\n");
    expect(script).toContain("apt-get install -y -q --no-install-recommends ca-certificates curl");
  });

  it("writes exactly the user data's files, with their permissions, before it runs anything", () => {
    // Run inside a scratch root: every absolute path the parts write moves under it, and the
    // tools that would change this machine are stand-ins that only log; the download fails,
    // so the run stops in the install script, after every file is written.
    const root = mkdtempSync(path.join(scratch, "root-"));
    const bin = path.join(root, "stand-ins");
    spawnSync("mkdir", ["-p", bin]);
    for (const tool of ["apt-get", "systemctl", "useradd", "id"]) writeFileSync(path.join(bin, tool), `#!/bin/sh\necho "${tool} $*" >> ${root}/ran\n`, { mode: 0o755 });
    writeFileSync(path.join(bin, "curl"), `#!/bin/sh\necho "curl $*" >> ${root}/ran\nexit 22\n`, { mode: 0o755 });
    const moved = (text: string) => text.replaceAll("/usr/local/", `${root}/usr/local/`).replaceAll("/etc/systemd/", `${root}/etc/systemd/`);
    const result = spawnSync("sh", ["-c", moved(script)], { env: { PATH: `${bin}:/usr/bin:/bin` }, encoding: "utf8" });
    expect(result.status).not.toBe(0);
    const ran = readFileSync(path.join(root, "ran"), "utf8");
    expect(ran).toMatch(/^curl .*node_exporter-1\.11\.1\.linux-amd64\.tar\.gz$/m);
    expect(ran).not.toContain("systemctl");
    for (const written of document.write_files) {
      const at = moved(written.path);
      expect(readFileSync(at, "utf8"), written.path).toBe(moved(written.content));
      expect((statSync(at).mode & 0o777).toString(8).padStart(4, "0"), written.path).toBe(written.permissions);
    }
  });

  it("refuses a file that holds its here-document's end", () => {
    const part: CloudInitPart = { name: "odd", packages: [], writeFiles: [{ path: "/etc/odd", permissions: "0644", content: "VIGIL_END_OF_FILE\n" }], runcmd: [] };
    expect(() => appHostInstallScript([part])).toThrow("/etc/odd holds the line VIGIL_END_OF_FILE");
  });
});

describe("parts", () => {
  const shipper: CloudInitPart = {
    name: "log shipper",
    packages: ["curl", "gnupg"],
    writeFiles: [{ path: "/etc/vigil/shipper.conf", permissions: "0600", content: "x\n" }],
    runcmd: [["systemctl", "enable", "--now", "shipper.service"]],
  };

  it("merge in order: packages once each, every file before any command, commands in order", () => {
    const merged = parseYaml(appHostCloudInit([nodeExporterPart(), shipper])) as Document;
    expect(merged.packages).toEqual(["ca-certificates", "curl", "gnupg"]);
    expect(merged.write_files.map((f) => f.path).at(-1)).toBe("/etc/vigil/shipper.conf");
    expect(merged.runcmd.at(-1)).toEqual(["systemctl", "enable", "--now", "shipper.service"]);
    expect(merged.runcmd.slice(0, document.runcmd.length)).toEqual(document.runcmd);
  });

  it("refuse two parts writing one file", () => {
    const clash = { ...shipper, writeFiles: [{ path: NODE_EXPORTER_PATHS.install, permissions: "0755", content: "" }] };
    expect(() => appHostCloudInit([nodeExporterPart(), clash])).toThrow(`${NODE_EXPORTER_PATHS.install} is written by two cloud-init parts`);
  });
});
