import { hostKeyEntry } from "./cloud-init";
import { READINESS_MARKER } from "./data-volume";

/**
 * SECURITY: ssh options that accept the droplet only with the pinned host key. The key is
 * handed to ssh by KnownHostsCommand (OpenSSH 8.5+), so no known_hosts file on the
 * operator's machine is read or written, and a host answering with any other key is refused.
 */
export function pinnedSshOptions(ip: string, publicKey: string): string[] {
  return [
    "-o",
    "StrictHostKeyChecking=yes",
    "-o",
    "UserKnownHostsFile=/dev/null",
    "-o",
    `KnownHostsCommand=/bin/echo ${ip} ${hostKeyEntry(publicKey)}`,
    "-o",
    "BatchMode=yes",
  ];
}

export interface ReadinessScriptInput {
  ip: string;
  publicKey: string;
  /** Give up after this many seconds. */
  timeoutSeconds: number;
}

/**
 * What the readiness gate runs on the operator's machine: retries SSH (with the pinned key)
 * until cloud-init has finished and written the readiness marker, or fails after the
 * timeout with what to look at. Docker over SSH is tried only after this succeeded.
 */
export function readinessScript(input: ReadinessScriptInput): string {
  const options = pinnedSshOptions(input.ip, input.publicKey).map((option) => `'${option}'`).join(" ");
  const check = `test -f /var/lib/cloud/instance/boot-finished && test -f ${READINESS_MARKER}`;
  return [
    "set -u",
    `deadline=$(( $(date +%s) + ${input.timeoutSeconds} ))`,
    `until ssh ${options} -o ConnectTimeout=10 root@${input.ip} '${check}' 2>/dev/null; do`,
    `  if [ "$(date +%s)" -ge "$deadline" ]; then`,
    `    echo "vigil: droplet ${input.ip} not ready after ${input.timeoutSeconds}s: SSH with the pinned host key (from an admin CIDR) and cloud-init's boot-finished plus ${READINESS_MARKER} are needed. Look at /var/log/cloud-init-output.log in the droplet's console." >&2`,
    "    exit 1",
    "  fi",
    "  sleep 10",
    "done",
    `echo "vigil: droplet ${input.ip} is ready"`,
  ].join("\n");
}
