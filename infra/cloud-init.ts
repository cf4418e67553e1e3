import { stringify } from "yaml";
import { DATA_DIRECTORIES, DATA_MOUNT, READINESS_MARKER, volumeDevice } from "./data-volume";
import { DOCKER_ENGINE } from "./images";

/** The droplet's SSH host key, installed by cloud-init so it can be pinned before first contact. */
export interface HostKey {
  privateKey: string;
  /** `ssh-ed25519 AAAA… [comment]` */
  publicKey: string;
}

export interface CloudInitInput {
  /** Name of the DigitalOcean volume that holds the data. */
  volumeName: string;
  hostKey: HostKey;
  /** How long boot waits for the volume to be attached before giving up, in seconds. */
  volumeWaitSeconds?: number;
}

/** DigitalOcean's metadata service, which serves the user data to anything on the droplet that asks. */
export const METADATA_ADDRESS = "169.254.169.254";

/** The script cloud-init writes and runs to install Docker Engine. */
export const DOCKER_INSTALL_SCRIPT = "/usr/local/sbin/vigil-install-docker";

/**
 * Installs Docker Engine from Docker's apt repository, pinned ({@link DOCKER_ENGINE}), and
 * fails (so boot writes no readiness marker) on anything unexpected: another Ubuntu release
 * than the pins are for, a signing key with another fingerprint, a version the repository
 * does not hold.
 */
export function dockerInstallScript(): string {
  const engine = DOCKER_ENGINE;
  const key = "/etc/apt/keyrings/docker.asc";
  const packages = [`docker-ce=${engine.version}`, `docker-ce-cli=${engine.version}`, `containerd.io=${engine.containerdVersion}`];
  return [
    "#!/bin/sh",
    "# vigil: Docker Engine from Docker's apt repository, key and versions pinned (infra/images.ts).",
    "set -eu",
    ". /etc/os-release",
    `if [ "$VERSION_CODENAME" != "${engine.suite}" ]; then`,
    `  echo "vigil: Docker is pinned for Ubuntu ${engine.suite}, this is $VERSION_CODENAME" >&2`,
    "  exit 1",
    "fi",
    "install -d -m 0755 /etc/apt/keyrings",
    `curl -fsSL --retry 5 ${engine.keyUrl} -o ${key}.new`,
    // SECURITY: the key is fetched over HTTPS and then trusted only if it is the pinned one.
    `fingerprint=$(gpg --show-keys --with-colons ${key}.new | awk -F: '$1 == "fpr" { print $10; exit }')`,
    `if [ "$fingerprint" != "${engine.keyFingerprint}" ]; then`,
    `  echo "vigil: Docker's apt key has fingerprint \${fingerprint:-(none)}, not the pinned ${engine.keyFingerprint}" >&2`,
    `  rm -f ${key}.new`,
    "  exit 1",
    "fi",
    `mv ${key}.new ${key}`,
    `chmod 0644 ${key}`,
    "cat > /etc/apt/sources.list.d/docker.sources <<EOF",
    "Types: deb",
    `URIs: ${engine.repository}`,
    `Suites: ${engine.suite}`,
    "Components: stable",
    "Architectures: amd64",
    `Signed-By: ${key}`,
    "EOF",
    "apt-get update",
    `DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages.join(" ")}`,
    "systemctl enable --now docker.service",
    "",
  ].join("\n");
}

/** cloud-init's ssh_keys key for each host key algorithm. */
const HOST_KEY_TYPES: Record<string, string> = {
  "ssh-ed25519": "ed25519",
  "ecdsa-sha2-nistp256": "ecdsa",
  "ssh-rsa": "rsa",
};

/** `type base64`, the part of a public key line known_hosts needs (no comment). */
export function hostKeyEntry(publicKey: string): string {
  const [type, body] = publicKey.trim().split(/\s+/);
  if (!type || !body || !HOST_KEY_TYPES[type]) throw new Error(`unsupported host key type: ${type ?? "(empty)"}`);
  return `${type} ${body}`;
}

/**
 * The droplet's user data. It holds the private host key, so the program passes it to
 * DigitalOcean as a secret. Boot installs Docker Engine (pinned); the volume is attached
 * after the droplet exists, so boot then waits for its device, mounts it (nofail: a missing
 * volume must not stop SSH coming up), makes each service's directory with its owner, and
 * only once Docker runs and all of that succeeded writes the readiness marker the readiness
 * gate waits for.
 */
export function cloudInit(input: CloudInitInput): string {
  const [type] = input.hostKey.publicKey.trim().split(/\s+/);
  const algorithm = HOST_KEY_TYPES[type ?? ""];
  if (!algorithm) throw new Error(`unsupported host key type: ${type ?? "(empty)"}`);
  const device = volumeDevice(input.volumeName);
  const waitSeconds = input.volumeWaitSeconds ?? 600;
  const directories = Object.values(DATA_DIRECTORIES).map(
    (dir) => `install -d -m 0750 -o ${dir.owner.split(":")[0]} -g ${dir.owner.split(":")[1]} ${DATA_MOUNT}/${dir.name}`,
  );
  const document = {
    // SECURITY: keys only; no password or keyboard-interactive logins, root by key alone.
    ssh_pwauth: false,
    disable_root: false,
    // Replace the image's host keys with the pinned one, so the first connection is verified too.
    ssh_deletekeys: true,
    ssh_genkeytypes: [],
    ssh_keys: {
      [`${algorithm}_private`]: input.hostKey.privateKey.trimEnd() + "\n",
      [`${algorithm}_public`]: hostKeyEntry(input.hostKey.publicKey),
    },
    package_update: true,
    // curl and gnupg fetch and check Docker's signing key (dockerInstallScript).
    packages: ["unattended-upgrades", "ca-certificates", "curl", "gnupg"],
    write_files: [
      { path: DOCKER_INSTALL_SCRIPT, permissions: "0755", content: dockerInstallScript() },
      {
        path: "/etc/ssh/sshd_config.d/60-vigil.conf",
        permissions: "0644",
        content: "PasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n",
      },
      {
        // SECURITY: the user data (and with it the host key) is readable from DigitalOcean's
        // metadata service; no container may reach it. Applied after Docker starts, on every boot.
        path: "/etc/systemd/system/vigil-metadata-block.service",
        permissions: "0644",
        content: [
          "[Unit]",
          "Description=vigil: keep containers away from the droplet metadata service",
          "After=docker.service",
          "Requires=docker.service",
          "",
          "[Service]",
          "Type=oneshot",
          "RemainAfterExit=yes",
          `ExecStart=/bin/sh -c 'iptables -C DOCKER-USER -d ${METADATA_ADDRESS}/32 -j REJECT 2>/dev/null || iptables -I DOCKER-USER -d ${METADATA_ADDRESS}/32 -j REJECT'`,
          "",
          "[Install]",
          "WantedBy=multi-user.target",
          "",
        ].join("\n"),
      },
      {
        // Security updates daily, unattended; Docker's own packages come from its repository
        // and are upgraded deliberately (docs/operations.md).
        path: "/etc/apt/apt.conf.d/20auto-upgrades",
        permissions: "0644",
        content: 'APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n',
      },
    ],
    runcmd: [
      ["systemctl", "restart", "ssh"],
      // No host firewall: the cloud firewall filters before traffic reaches the droplet, and
      // Docker's published ports bypass ufw anyway. An enabled ufw would only get in the way:
      // its default-deny input keeps containers from node-exporter on the docker network's
      // gateway, and a `limit` rule on SSH refuses the docker provider's parallel connections.
      ["ufw", "--force", "disable"],
      [DOCKER_INSTALL_SCRIPT],
      ["systemctl", "enable", "--now", "vigil-metadata-block.service"],
      [
        "sh",
        "-c",
        [
          // The containers need Docker: without it, no marker, and the gate says where to look.
          `systemctl is-active --quiet docker.service || { echo "vigil: Docker Engine is not running; see ${DOCKER_INSTALL_SCRIPT}'s output above" >&2; exit 1; }`,
          `i=0; until [ -e ${device} ]; do i=$((i+5)); [ $i -ge ${waitSeconds} ] && { echo "vigil: volume ${input.volumeName} not attached after ${waitSeconds}s" >&2; exit 1; }; sleep 5; done`,
          `mkdir -p ${DATA_MOUNT}`,
          `grep -q ' ${DATA_MOUNT} ' /etc/fstab || echo '${device} ${DATA_MOUNT} ext4 defaults,nofail,discard,noatime 0 2' >> /etc/fstab`,
          `mountpoint -q ${DATA_MOUNT} || mount ${DATA_MOUNT}`,
          ...directories,
          `mkdir -p $(dirname ${READINESS_MARKER})`,
          `date -u +%Y-%m-%dT%H:%M:%SZ > ${READINESS_MARKER}`,
        ].join(" && "),
      ],
    ],
  };
  return `#cloud-config\n${stringify(document, { lineWidth: 0 })}`;
}
