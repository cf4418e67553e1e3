import { stringify } from "yaml";
import { SERVICE_CATALOG } from "../core/catalog";
import { APP_HOST_NODE_EXPORTER_PORT } from "../synth/app-hosts";
import { METADATA_ADDRESS } from "./cloud-init";

// What the application's hosts run for vigil, as cloud-init user data: a droplet this
// program does not create gets it at creation (its own Pulumi program, Terraform, doctl,
// the control panel), and docs/operations.md ("Watching the application's hosts") shows how.
// The user data is assembled from parts, one per agent, so another agent joins by adding a
// part: node_exporter, and the log shipper (infra/app-host-fluent-bit.ts) where the stack
// takes the hosts' logs (logs.ingestToken). None of it can run
// on a test machine; infra/app-host-cloud-init.test.ts checks the scripts' syntax and the
// units' contents.

/** One file cloud-init writes (its `write_files` entry). */
export interface CloudInitFile {
  path: string;
  /** Octal, as cloud-init takes it: "0644". */
  permissions: string;
  content: string;
}

/**
 * What one agent adds to an application host. Parts are merged in order: packages once
 * each, every part's files written before any part's commands run, commands in order.
 * A part holding a secret (the log shipper's ingest token) is handed to AppHostAgent as a
 * secret Output, so the user data that carries it is secret too.
 */
export interface CloudInitPart {
  /** Says what the part installs, in the user data's comments and in errors. */
  name: string;
  /** Packages from the image's own repositories. */
  packages: string[];
  writeFiles: CloudInitFile[];
  /** Run once, at first boot, as root. */
  runcmd: string[][];
}

/**
 * The sha256 of each release's linux-amd64 tarball, as the release's sha256sums.txt lists it
 * (https://github.com/prometheus/node_exporter/releases/download/v<version>/sha256sums.txt).
 * SECURITY: what the hosts trust; check a new one against that file before adding it. 1.11.1's
 * could not be downloaded from the machine this was written on; it is the value several
 * independent projects pin for that tarball, and the install refuses any other file.
 */
const NODE_EXPORTER_TARBALL_SHA256: Record<string, string> = {
  "1.11.1": "9f5ea48e5bc7b656f8a91a32e7d7deb89f70f73dabd0d974418aca15f37d6810",
};

/**
 * node_exporter as the application's hosts install it: the upstream release of the version
 * the catalog's image pins (core/catalog.ts, prom/node-exporter), checked against the
 * sha256 of its linux-amd64 tarball. Bumping the image without the tarball's checksum fails
 * here, when the module loads, so the two cannot drift apart.
 */
export const NODE_EXPORTER_RELEASE = nodeExporterRelease(SERVICE_CATALOG.nodeExporter.image);

function nodeExporterRelease(image: string): { version: string; tarball: string; url: string; sha256: string } {
  const version = /:v(\d+\.\d+\.\d+)$/.exec(image)?.[1];
  if (!version) throw new Error(`node_exporter's image ${image} carries no vX.Y.Z tag to take the release from`);
  const sha256 = NODE_EXPORTER_TARBALL_SHA256[version];
  if (!sha256) throw new Error(`no sha256 pinned for node_exporter ${version}'s tarball: add it to NODE_EXPORTER_TARBALL_SHA256 (infra/app-host-cloud-init.ts)`);
  const tarball = `node_exporter-${version}.linux-amd64.tar.gz`;
  return { version, tarball, url: `https://github.com/prometheus/node_exporter/releases/download/v${version}/${tarball}`, sha256 };
}

/** Where node_exporter is installed, and the scripts and units that run it. */
export const NODE_EXPORTER_PATHS = {
  binary: "/usr/local/bin/node_exporter",
  install: "/usr/local/sbin/vigil-install-node-exporter",
  privateAddress: "/usr/local/sbin/vigil-private-address",
  /** Written at every boot: the droplet's private IPv4 address, as VIGIL_PRIVATE_IPV4=…. */
  addressFile: "/run/vigil/private-address.env",
  addressUnit: "vigil-private-address.service",
  unit: "vigil-node-exporter.service",
} as const;

const NODE_EXPORTER_USER = "node_exporter";

/** DigitalOcean's metadata service answers each droplet's own private (VPC) IPv4 address here. */
export const PRIVATE_ADDRESS_URL = `http://${METADATA_ADDRESS}/metadata/v1/interfaces/private/0/ipv4/address`;

/** Downloads the pinned release, refuses it unless its sha256 is the pinned one, installs the binary. */
export function nodeExporterInstallScript(): string {
  const release = NODE_EXPORTER_RELEASE;
  const { binary } = NODE_EXPORTER_PATHS;
  return [
    "#!/bin/sh",
    `# vigil: node_exporter ${release.version} from its upstream release, checked against the pinned sha256 (infra/app-host-cloud-init.ts).`,
    "set -eu",
    `[ "$(uname -m)" = x86_64 ] || { echo "vigil: the pinned node_exporter is for x86_64, this is $(uname -m)" >&2; exit 1; }`,
    `id -u ${NODE_EXPORTER_USER} >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin ${NODE_EXPORTER_USER}`,
    // Run again (by hand, on a host that is already up), it leaves the pinned release alone.
    `if [ -x ${binary} ] && ${binary} --version 2>&1 | grep -q "version ${release.version} "; then`,
    `  echo "vigil: node_exporter ${release.version} is installed"`,
    "  exit 0",
    "fi",
    "work=$(mktemp -d)",
    `trap 'rm -rf "$work"' EXIT`,
    `curl -fsSL --retry 5 -o "$work/${release.tarball}" ${release.url}`,
    // SECURITY: fetched over HTTPS, then trusted only if it is the pinned file.
    `echo "${release.sha256}  $work/${release.tarball}" | sha256sum -c -`,
    `tar -xzf "$work/${release.tarball}" -C "$work" --strip-components=1 node_exporter-${release.version}.linux-amd64/node_exporter`,
    `install -m 0755 -o root -g root "$work/node_exporter" ${binary}`,
    "",
  ].join("\n");
}

/**
 * Asks the metadata service for the droplet's private address and writes it where the unit
 * reads it; refuses anything but an RFC 1918 IPv4 address (DigitalOcean's VPC ranges are
 * all inside one), so node_exporter never starts on a public or an empty address.
 */
export function privateAddressScript(): string {
  const file = NODE_EXPORTER_PATHS.addressFile;
  return [
    "#!/bin/sh",
    "# vigil: the droplet's private (VPC) IPv4 address, from DigitalOcean's metadata service, for the agents that listen on it alone.",
    "set -eu",
    // At boot the metadata service may not answer yet: retry for about a minute.
    `address=$(curl -fsS --retry 12 --retry-delay 5 --retry-connrefused --max-time 5 ${PRIVATE_ADDRESS_URL})`,
    `if ! echo "$address" | grep -Eqx '([0-9]{1,3}[.]){3}[0-9]{1,3}'; then`,
    `  echo "vigil: the metadata service answered '$address', not an IPv4 address" >&2`,
    "  exit 1",
    "fi",
    'case "$address" in',
    "  10.*|172.1[6-9].*|172.2[0-9].*|172.3[01].*|192.168.*) ;;",
    `  *) echo "vigil: $address is not a private address; the agents stay off rather than listen on it" >&2; exit 1 ;;`,
    "esac",
    `install -d -m 0755 $(dirname ${file})`,
    `printf 'VIGIL_PRIVATE_IPV4=%s\\n' "$address" > ${file}.new`,
    `mv ${file}.new ${file}`,
    "",
  ].join("\n");
}

/** The oneshot unit that finds the private address at every boot, before the agents start. */
export function privateAddressUnit(): string {
  return [
    "[Unit]",
    "Description=vigil: the droplet's private IPv4 address, for the agents that listen on it alone",
    "Wants=network-online.target",
    "After=network-online.target",
    "",
    "[Service]",
    "Type=oneshot",
    "RemainAfterExit=yes",
    `ExecStart=${NODE_EXPORTER_PATHS.privateAddress}`,
    "",
  ].join("\n");
}

/**
 * node_exporter on the private address alone: vigil's Prometheus scrapes it over the VPC,
 * and nothing on the public interface answers. Unprivileged, with the file system read-only.
 */
export function nodeExporterUnit(): string {
  const { addressFile, addressUnit, binary } = NODE_EXPORTER_PATHS;
  return [
    "[Unit]",
    "Description=Prometheus node_exporter for vigil, on the droplet's private address only",
    "Documentation=https://github.com/prometheus/node_exporter",
    // No address, no exporter: it never falls back to every interface.
    `Requires=${addressUnit}`,
    `After=${addressUnit} network-online.target`,
    "Wants=network-online.target",
    "",
    "[Service]",
    `User=${NODE_EXPORTER_USER}`,
    `Group=${NODE_EXPORTER_USER}`,
    `EnvironmentFile=${addressFile}`,
    // SECURITY: the private (VPC) address alone, never 0.0.0.0.
    `ExecStart=${binary} --web.listen-address=\${VIGIL_PRIVATE_IPV4}:${APP_HOST_NODE_EXPORTER_PORT}`,
    "Restart=on-failure",
    "RestartSec=5",
    "NoNewPrivileges=yes",
    "ProtectSystem=strict",
    // Read-only, not hidden: the filesystem collector reports /home's mount too.
    "ProtectHome=read-only",
    "PrivateTmp=yes",
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ].join("\n");
}

/** node_exporter, pinned and checked, as a systemd unit on the private address. */
export function nodeExporterPart(): CloudInitPart {
  const paths = NODE_EXPORTER_PATHS;
  return {
    name: `node_exporter ${NODE_EXPORTER_RELEASE.version}`,
    // curl fetches the release and asks the metadata service; both are on DigitalOcean's images, named in case.
    packages: ["ca-certificates", "curl"],
    writeFiles: [
      { path: paths.install, permissions: "0755", content: nodeExporterInstallScript() },
      { path: paths.privateAddress, permissions: "0755", content: privateAddressScript() },
      { path: `/etc/systemd/system/${paths.addressUnit}`, permissions: "0644", content: privateAddressUnit() },
      { path: `/etc/systemd/system/${paths.unit}`, permissions: "0644", content: nodeExporterUnit() },
    ],
    // restart, not `enable --now`: run again on a running host, the script's new release takes over.
    runcmd: [[paths.install], ["systemctl", "daemon-reload"], ["systemctl", "enable", paths.unit], ["systemctl", "restart", paths.unit]],
  };
}

/**
 * The parts every application host gets, in order. The log shipper (infra/app-host-fluent-bit.ts)
 * joins after node_exporter's, through AppHostAgent's `additionalParts`, as a secret Output
 * because it holds the ingest token.
 */
export function appHostParts(): CloudInitPart[] {
  return [nodeExporterPart()];
}

/** Two parts writing one path is a mistake, refused rather than leaving one of them unwritten. */
function refuseClashes(parts: readonly CloudInitPart[]): void {
  const written = new Map<string, string>();
  for (const part of parts) {
    for (const file of part.writeFiles) {
      const other = written.get(file.path);
      if (other !== undefined) throw new Error(`${file.path} is written by two cloud-init parts (${other}, ${part.name})`);
      written.set(file.path, part.name);
    }
  }
}

/** The user data of an application host: `#cloud-config` and the parts merged. */
export function appHostCloudInit(parts: readonly CloudInitPart[] = appHostParts()): string {
  refuseClashes(parts);
  const document = {
    packages: [...new Set(parts.flatMap((part) => part.packages))],
    write_files: parts.flatMap((part) => part.writeFiles),
    runcmd: parts.flatMap((part) => part.runcmd),
  };
  const header = ["#cloud-config", `# vigil's agents for the application's hosts: ${parts.map((part) => part.name).join(", ")} (infra/app-host-cloud-init.ts).`];
  return `${header.join("\n")}\n${stringify(document, { lineWidth: 0 })}`;
}

/** Ends each file's here-document in the install script; no file may hold it on a line. */
const END_OF_FILE = "VIGIL_END_OF_FILE";

/**
 * The same parts as one shell script, for a host that is already running (cloud-init reads
 * user data only when a droplet is created): it writes the same files and runs the same
 * commands, as root. Run again, it rewrites the files and leaves the pinned release alone.
 */
export function appHostInstallScript(parts: readonly CloudInitPart[] = appHostParts()): string {
  refuseClashes(parts);
  const packages = [...new Set(parts.flatMap((part) => part.packages))];
  const lines = [
    "#!/bin/sh",
    `# vigil's agents for the application's hosts: ${parts.map((part) => part.name).join(", ")} (infra/app-host-cloud-init.ts).`,
    "# The same files and commands as the cloud-init user data, for a host that is already up. Run as root.",
    "set -eu",
    // cloud-init's `packages` asks the distribution's own manager; here that is apt, where there is one.
    ...(packages.length > 0
      ? [
          "if command -v apt-get >/dev/null 2>&1; then",
          "  apt-get update -q",
          `  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ${packages.join(" ")}`,
          "fi",
        ]
      : []),
  ];
  for (const file of parts.flatMap((part) => part.writeFiles)) {
    if (file.content.split("\n").includes(END_OF_FILE)) throw new Error(`${file.path} holds the line ${END_OF_FILE}, which would end it early`);
    // Created empty and root's alone before anything is written, so a secret file (the
    // ingest token's) is never readable by others, not even until the chmod. Quoted
    // delimiter: the content is written as it is, no $ or ` expanded.
    lines.push(
      `mkdir -p "$(dirname ${file.path})"`,
      `install -m 0600 /dev/null ${file.path}`,
      `cat > ${file.path} <<'${END_OF_FILE}'`,
      file.content.replace(/\n$/, ""),
      END_OF_FILE,
      `chmod ${file.permissions} ${file.path}`,
    );
  }
  for (const command of parts.flatMap((part) => part.runcmd)) lines.push(command.map(shellWord).join(" "));
  return `${lines.join("\n")}\n`;
}

/** One argument as the shell reads it back: plain when it is plainly safe, otherwise single-quoted. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
