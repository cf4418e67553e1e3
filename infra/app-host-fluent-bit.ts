import { SERVICE_CATALOG } from "../core/catalog";
import type { RedactionKeyOptions } from "../synth/logs/redaction-lua";
import { appHostShipperConfig, INGEST_TOKEN_VARIABLE } from "../synth/logs/fluent-bit";
import type { CloudInitPart } from "./app-host-cloud-init";

// The log shipper's part of the application hosts' user data: Fluent Bit from its own apt
// repository (Fluent Bit is in neither Debian's nor Ubuntu's archive at a current release),
// its signing key pinned by fingerprint and the package pinned to the release the droplet's
// image runs, so one Fluent Bit reads the configuration synth renders for both. It sends the
// host's containers' logs, redacted, to vmauth on vigil's private address with the ingest
// token, which is the one secret in the application hosts' user data.
//
// Sources, for whoever bumps the release (none of it can be fetched from a test machine):
// - the repository and its key: fluent-bit-docs, installation/downloads/linux/debian.md and
//   ubuntu.md (https://packages.fluentbit.io/<debian|ubuntu>/<codename>, fluentbit.key);
// - the key's fingerprint: fluent-bit-docs, installation/downloads/linux.md ("GPG key
//   updates", the key every release since 1.9 is signed with);
// - the package installs its binary at /opt/fluent-bit/bin/fluent-bit.

/** What the application hosts install: the release the catalog's image pins. */
export const FLUENT_BIT_RELEASE = fluentBitRelease(SERVICE_CATALOG.fluentBit.image);

function fluentBitRelease(image: string): { version: string } {
  const version = /:(\d+\.\d+\.\d+)$/.exec(image)?.[1];
  if (!version) throw new Error(`Fluent Bit's image ${image} carries no X.Y.Z tag to take the package version from`);
  return { version };
}

/** Fluent Bit's apt repository and the one key it is trusted with. */
export const FLUENT_BIT_APT = {
  repository: "https://packages.fluentbit.io",
  keyUrl: "https://packages.fluentbit.io/fluentbit.key",
  /** SECURITY: the key Fluent Bit's packages are signed with since 1.9 (fluent-bit-docs, linux.md). */
  keyFingerprint: "C3C0A28534B9293EAF51FABD9F9DDC083888C1CD",
} as const;

/** Where the shipper lives on an application host. */
export const APP_HOST_FLUENT_BIT_PATHS = {
  install: "/usr/local/sbin/vigil-install-fluent-bit",
  binary: "/opt/fluent-bit/bin/fluent-bit",
  keyring: "/usr/share/keyrings/vigil-fluent-bit.gpg",
  sources: "/etc/apt/sources.list.d/vigil-fluent-bit.list",
  configDir: "/etc/vigil/fluent-bit",
  /** Root's alone (0600): the ingest token, as the unit's environment. */
  tokenFile: "/etc/vigil/log-ingest.env",
  /** systemd's StateDirectory= below: the filesystem buffer and the tail offsets. */
  stateDir: "/var/lib/vigil/fluent-bit",
  unit: "vigil-fluent-bit.service",
} as const;

/** The variable the unit sets to the host's name (systemd's %H), the lines' `host` stream field. */
export const HOST_NAME_VARIABLE = "VIGIL_HOST_NAME";

/**
 * Adds Fluent Bit's repository with its key, refused unless the key is the pinned one, and
 * installs the pinned release (held, so an upgrade of the host does not move it). Fails,
 * naming the pin and what the repository offers, where the release is not there: another
 * distribution, a codename Fluent Bit does not build for, a release it no longer serves.
 */
export function fluentBitInstallScript(): string {
  const { version } = FLUENT_BIT_RELEASE;
  const { keyUrl, keyFingerprint, repository } = FLUENT_BIT_APT;
  const { binary, keyring, sources } = APP_HOST_FLUENT_BIT_PATHS;
  return [
    "#!/bin/sh",
    `# vigil: Fluent Bit ${version} from Fluent Bit's apt repository, key and version pinned (infra/app-host-fluent-bit.ts).`,
    "set -eu",
    // Run again on a host that is up, it leaves the pinned release alone.
    `if [ -x ${binary} ] && ${binary} --version 2>/dev/null | grep -q "v${version}\\b"; then`,
    `  echo "vigil: Fluent Bit ${version} is installed"`,
    "  exit 0",
    "fi",
    ". /etc/os-release",
    'case "$ID" in',
    "  debian|ubuntu) ;;",
    `  *) echo "vigil: Fluent Bit's apt repository builds for Debian and Ubuntu; this host is \${ID}" >&2; exit 1 ;;`,
    "esac",
    "work=$(mktemp -d)",
    `trap 'rm -rf "$work"' EXIT`,
    `curl -fsSL --retry 5 -o "$work/fluentbit.key" ${keyUrl}`,
    // SECURITY: fetched over HTTPS, then trusted only if its one primary key is the pinned one.
    `fingerprints=$(gpg --show-keys --with-colons "$work/fluentbit.key" | awk -F: '$1 == "pub" { primary = 1; next } primary && $1 == "fpr" { print $10; primary = 0 }')`,
    `if [ "$fingerprints" != "${keyFingerprint}" ]; then`,
    `  echo "vigil: Fluent Bit's apt key has fingerprint \${fingerprints:-(none)}, not the pinned ${keyFingerprint}" >&2`,
    "  exit 1",
    "fi",
    `gpg --dearmor < "$work/fluentbit.key" > "$work/keyring.gpg"`,
    `install -m 0644 "$work/keyring.gpg" ${keyring}`,
    `echo "deb [signed-by=${keyring}] ${repository}/\${ID}/\${VERSION_CODENAME} \${VERSION_CODENAME} main" > ${sources}`,
    "apt-get update -q",
    // The repository's version string for the release (it may carry a build suffix).
    `package=$(apt-cache madison fluent-bit | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' | grep -E '^${version.replaceAll(".", "[.]")}($|[-+~])' | head -n 1 || true)`,
    'if [ -z "$package" ]; then',
    `  echo "vigil: Fluent Bit ${version} (pinned by the catalog's fluent/fluent-bit image) is not in ${repository}/\${ID}/\${VERSION_CODENAME}; it offers: $(apt-cache madison fluent-bit | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' | head -n 5 | tr '\\n' ' ')" >&2`,
    "  exit 1",
    "fi",
    'DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends --allow-downgrades "fluent-bit=$package"',
    "apt-mark hold fluent-bit",
    // The package's own unit reads /etc/fluent-bit; vigil's runs its own configuration instead.
    "systemctl disable --now fluent-bit.service 2>/dev/null || true",
    "",
  ].join("\n");
}

/**
 * Fluent Bit as a systemd unit. Root, because Docker's json-file logs are root's alone, with
 * the file system read-only but for its own state and the logs it reads marked read-only.
 */
export function fluentBitUnit(): string {
  const { binary, configDir, tokenFile, unit } = APP_HOST_FLUENT_BIT_PATHS;
  return [
    "[Unit]",
    `Description=Fluent Bit for vigil: this host's logs, redacted, to vigil's VictoriaLogs (${unit})`,
    "Documentation=https://docs.fluentbit.io/manual/",
    "Wants=network-online.target",
    // After Docker when there is one, so the first lines of its containers are read from the start.
    "After=network-online.target docker.service",
    "",
    "[Service]",
    // SECURITY: the token from a root-only file, never on the command line or in the config.
    `EnvironmentFile=${tokenFile}`,
    `Environment=${HOST_NAME_VARIABLE}=%H`,
    `ExecStart=${binary} -c ${configDir}/fluent-bit.conf`,
    "Restart=always",
    "RestartSec=5",
    "StateDirectory=vigil/fluent-bit",
    "StateDirectoryMode=0700",
    "NoNewPrivileges=yes",
    "ProtectSystem=strict",
    "ProtectHome=yes",
    "PrivateTmp=yes",
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ].join("\n");
}

/** What the shipper's part needs from the stack. */
export interface FluentBitPartInput {
  /** vigil's droplet's private address: vmauth's log ingest listener is there. */
  vigilPrivateAddress: string;
  logIngestPort: number;
  /** config app.name: the `service` of a line that names none. */
  appName: string;
  /** The relay's extra sensitive and safe fields (synth's redactionOptions). */
  redaction: RedactionKeyOptions;
  /** SECURITY: logs.ingestToken's value; hand the part on as a secret Output. */
  ingestToken: string;
}

/** The Fluent Bit part of an application host's user data. It holds the ingest token. */
export function fluentBitPart(input: FluentBitPartInput): CloudInitPart {
  const paths = APP_HOST_FLUENT_BIT_PATHS;
  const files = appHostShipperConfig(
    {
      // Expanded by Fluent Bit from the unit's environment: one user data for every host.
      hostName: `\${${HOST_NAME_VARIABLE}}`,
      vigilPrivateAddress: input.vigilPrivateAddress,
      appName: input.appName,
      configDir: paths.configDir,
      stateDir: paths.stateDir,
      redaction: input.redaction,
    },
    input.logIngestPort,
  );
  return {
    name: `Fluent Bit ${FLUENT_BIT_RELEASE.version}`,
    // gnupg checks the repository's key; curl fetches it.
    packages: ["ca-certificates", "curl", "gnupg"],
    writeFiles: [
      { path: paths.install, permissions: "0755", content: fluentBitInstallScript() },
      { path: `${paths.configDir}/fluent-bit.conf`, permissions: "0644", content: files.config },
      { path: `${paths.configDir}/parsers.conf`, permissions: "0644", content: files.parsers },
      { path: `${paths.configDir}/redact.lua`, permissions: "0644", content: files.redactionScript },
      { path: paths.tokenFile, permissions: "0600", content: `${INGEST_TOKEN_VARIABLE}=${input.ingestToken}\n` },
      { path: `/etc/systemd/system/${paths.unit}`, permissions: "0644", content: fluentBitUnit() },
    ],
    runcmd: [[paths.install], ["systemctl", "daemon-reload"], ["systemctl", "enable", paths.unit], ["systemctl", "restart", paths.unit]],
  };
}
