import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { SERVICE_CATALOG } from "../core/catalog";
import { renderRedactionLua } from "../synth/logs/redaction-lua";
import { appHostCloudInit, appHostInstallScript, appHostParts } from "./app-host-cloud-init";
import { APP_HOST_FLUENT_BIT_PATHS, FLUENT_BIT_APT, FLUENT_BIT_RELEASE, fluentBitInstallScript, fluentBitPart } from "./app-host-fluent-bit";

// The shipper's part cannot boot here either: what it writes is read back as cloud-init reads
// it, and its install script runs against stand-ins for the network and apt, with a real gpg
// judging a real key.

const scratch = mkdtempSync(path.join(tmpdir(), "vigil-app-host-fluent-bit-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const TOKEN = "0123456789abcdef0123456789abcdef";
const part = fluentBitPart({
  vigilPrivateAddress: "10.110.0.5",
  logIngestPort: 8427,
  appName: "shop",
  redaction: { sensitiveFields: ["diagnosis"], safeFields: [] },
  ingestToken: TOKEN,
});
const userData = appHostCloudInit([...appHostParts(), part]);
const document = parseYaml(userData) as { packages: string[]; write_files: Array<{ path: string; permissions: string; content: string }>; runcmd: string[][] };
const file = (filePath: string) => document.write_files.find((f) => f.path === filePath);
const paths = APP_HOST_FLUENT_BIT_PATHS;

describe("the application hosts' log shipper", () => {
  it("installs the release the droplet's Fluent Bit image runs", () => {
    expect(SERVICE_CATALOG.fluentBit.image).toBe(`fluent/fluent-bit:${FLUENT_BIT_RELEASE.version}`);
    expect(part.name).toBe(`Fluent Bit ${FLUENT_BIT_RELEASE.version}`);
    expect(document.runcmd.slice(-4)).toEqual([[paths.install], ["systemctl", "daemon-reload"], ["systemctl", "enable", paths.unit], ["systemctl", "restart", paths.unit]]);
    expect(document.packages).toEqual(["ca-certificates", "curl", "gnupg"]);
  });

  it("sends to vmauth on vigil's private address with the token from the environment, each host under its own name", () => {
    const config = file(`${paths.configDir}/fluent-bit.conf`)?.content ?? "";
    expect(config).toMatch(/^\s+Host\s+10\.110\.0\.5$/m);
    expect(config).toMatch(/^\s+Port\s+8427$/m);
    expect(config).toContain("Authorization Bearer ${VIGIL_LOG_INGEST_TOKEN}");
    expect(config).toMatch(/Add\s+host \$\{VIGIL_HOST_NAME\}/);
    expect(config).toMatch(/Add\s+service shop/);
    expect(config).toMatch(new RegExp(`DB\\s+${paths.stateDir}/tail\\.db`));
    expect(config).toContain(`${paths.configDir}/redact.lua`);
    const unit = file(`/etc/systemd/system/${paths.unit}`)?.content ?? "";
    expect(unit).toContain(`EnvironmentFile=${paths.tokenFile}`);
    expect(unit).toContain("Environment=VIGIL_HOST_NAME=%H");
    expect(unit).toContain(`ExecStart=${paths.binary} -c ${paths.configDir}/fluent-bit.conf`);
    expect(unit).toContain("StateDirectory=vigil/fluent-bit");
  });

  it("redacts with the relay's rules, its extra fields included", () => {
    expect(file(`${paths.configDir}/redact.lua`)?.content).toBe(renderRedactionLua({ sensitiveFields: ["diagnosis"], safeFields: [] }));
    expect(file(`${paths.configDir}/redact.lua`)?.content).toContain("diagnosis");
  });

  it("holds the token in the root-only environment file alone, which the install script never leaves readable", () => {
    expect(file(paths.tokenFile)).toEqual({ path: paths.tokenFile, permissions: "0600", content: `VIGIL_LOG_INGEST_TOKEN=${TOKEN}\n` });
    expect(userData.split(TOKEN)).toHaveLength(2);
    const script = appHostInstallScript([...appHostParts(), part]);
    const tokenWrite = script.indexOf(`cat > ${paths.tokenFile}`);
    expect(script.lastIndexOf(`install -m 0600 /dev/null ${paths.tokenFile}`, tokenWrite)).toBeGreaterThan(-1);
  });

  it("fits DigitalOcean's 64 KiB of user data, with node_exporter's part", () => {
    expect(Buffer.byteLength(userData)).toBeLessThan(64 * 1024);
  });
});

describe("its install script", () => {
  const gnupgHome = mkdtempSync(path.join(scratch, "gnupg-"));
  const gpg = (...args: string[]) => spawnSync("gpg", ["--homedir", gnupgHome, "--batch", ...args], { encoding: "utf8" });
  // A real key, not Fluent Bit's: the script must tell the two apart by fingerprint.
  const made = gpg("--passphrase", "", "--quick-generate-key", "vigil test <test@example.invalid>", "ed25519", "sign", "never");
  const armored = gpg("--armor", "--export", "test@example.invalid").stdout;
  const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(gpg("--with-colons", "--list-keys", "test@example.invalid").stdout)?.[1] ?? "";

  /** Runs the script in a scratch root with stand-ins for curl, apt and systemctl; `offers` is what apt-cache madison lists. */
  function run(script: string, offers: string[]) {
    const root = mkdtempSync(path.join(scratch, "root-"));
    const bin = path.join(root, "bin");
    mkdirSync(bin);
    writeFileSync(path.join(root, "fluentbit.key"), armored);
    const log = path.join(root, "ran");
    writeFileSync(path.join(bin, "curl"), `#!/bin/sh\necho "curl $*" >> ${log}\nwhile [ $# -gt 0 ]; do [ "$1" = -o ] && cp ${root}/fluentbit.key "$2"; shift; done\n`, { mode: 0o755 });
    const madison = offers.map((version) => ` fluent-bit | ${version} | https://packages.fluentbit.io/debian/bookworm bookworm/main amd64 Packages`).join("\\n");
    writeFileSync(path.join(bin, "apt-cache"), `#!/bin/sh\nprintf '${madison}\\n'\n`, { mode: 0o755 });
    for (const tool of ["apt-get", "apt-mark", "systemctl"]) writeFileSync(path.join(bin, tool), `#!/bin/sh\necho "${tool} $*" >> ${log}\n`, { mode: 0o755 });
    writeFileSync(path.join(bin, "gpg"), `#!/bin/sh\nexec /usr/bin/gpg --homedir ${gnupgHome} "$@"\n`, { mode: 0o755 });
    mkdirSync(path.join(root, "etc/apt/sources.list.d"), { recursive: true });
    mkdirSync(path.join(root, "usr/share/keyrings"), { recursive: true });
    writeFileSync(path.join(root, "os-release"), "ID=debian\nVERSION_CODENAME=bookworm\n");
    const moved = script
      .replaceAll("/etc/os-release", `${root}/os-release`)
      .replaceAll("/etc/apt/", `${root}/etc/apt/`)
      .replaceAll("/usr/share/keyrings/", `${root}/usr/share/keyrings/`);
    const result = spawnSync("sh", ["-c", moved], { env: { PATH: `${bin}:/usr/bin:/bin`, HOME: root }, encoding: "utf8" });
    return {
      status: result.status,
      stderr: result.stderr,
      ran: existsSync(log) ? readFileSync(log, "utf8") : "",
      sources: existsSync(`${root}${paths.sources}`) ? readFileSync(`${root}${paths.sources}`, "utf8") : undefined,
      keyring: existsSync(`${root}${paths.keyring}`),
    };
  }

  it("parses", () => {
    const result = spawnSync("sh", ["-n", "-c", fluentBitInstallScript()], { encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
  });

  it("refuses a key that is not the pinned one, adding no repository", () => {
    expect(made.status, made.stderr).toBe(0);
    expect(fingerprint).toMatch(/^[0-9A-F]{40}$/);
    const result = run(fluentBitInstallScript(), [FLUENT_BIT_RELEASE.version]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`fingerprint ${fingerprint}, not the pinned ${FLUENT_BIT_APT.keyFingerprint}`);
    expect(result.sources).toBeUndefined();
    expect(result.keyring).toBe(false);
    expect(result.ran).not.toContain("apt-get");
  });

  it("with the pinned key, installs exactly the pinned release and holds it", () => {
    // The same script trusting the test key instead: everything after the check runs.
    const trusting = fluentBitInstallScript().replaceAll(FLUENT_BIT_APT.keyFingerprint, fingerprint);
    const result = run(trusting, ["5.2.0", `${FLUENT_BIT_RELEASE.version}`, "5.0.1"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.keyring).toBe(true);
    expect(result.sources).toContain(`https://packages.fluentbit.io/debian/bookworm bookworm main`);
    expect(result.ran).toContain(`apt-get install -y -q --no-install-recommends --allow-downgrades fluent-bit=${FLUENT_BIT_RELEASE.version}\n`);
    expect(result.ran).toContain("apt-mark hold fluent-bit");
  });

  it("fails naming the pin and what the repository offers when the release is not there", () => {
    const trusting = fluentBitInstallScript().replaceAll(FLUENT_BIT_APT.keyFingerprint, fingerprint);
    const result = run(trusting, ["5.2.0", "5.0.1"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`Fluent Bit ${FLUENT_BIT_RELEASE.version} (pinned by the catalog's fluent/fluent-bit image) is not in`);
    expect(result.stderr).toContain("5.2.0 5.0.1");
    expect(result.ran).not.toContain("apt-get install");
  });
});
