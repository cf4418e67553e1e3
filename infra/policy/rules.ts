// vigil's guard rails as plain functions: each takes a resource's properties (as a policy
// pack sees them: plain values, secrets decrypted, unknowns undefined in a preview) and
// returns the violations it finds. index.ts wires them into the policy pack; rules.test.ts
// runs them on passing and failing resources.
import { isIP } from "node:net";
import { HOST_CONTAINERS } from "../../core/catalog";
import { DEFAULT_PORTS, DROPLET_CONTAINER_NAMES } from "../../core/placement";
import { isPinnedImage } from "../images";

/** The vigil exporter's ingest port: a container port meant for the application. */
export const INGEST_PORT = DEFAULT_PORTS.vigilIngest;
/** vmauth's log ingest port: the other one, for the application hosts' shippers. */
export const LOG_INGEST_PORT = DEFAULT_PORTS.logIngest;
export const LOG_INGEST_CONTAINER = DROPLET_CONTAINER_NAMES.vmauth;
/** The HTTPS entry's container and ports. */
export const HTTPS_ENTRY_CONTAINER = "caddy";
export const INGEST_CONTAINER = DROPLET_CONTAINER_NAMES.vigilExporter;
export const HTTPS_PORTS = [80, 443];

const WORLD = new Set(["0.0.0.0/0", "::/0", "0.0.0.0", "::"]);

/** RFC 1918 IPv4 address or range: where the ingest port may be bound and opened. */
export function isPrivateIpv4(address: string): boolean {
  const [ip, bits] = address.split("/");
  if (!ip || isIP(ip) !== 4) return false;
  if (bits !== undefined && Number(bits) < 8) return false;
  const [a = 0, b = 0] = ip.split(".").map(Number);
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

interface PortProps {
  internal?: number;
  external?: number;
  ip?: string;
}

/**
 * Container ports: never on every interface; beyond 127.0.0.1 only the ingest port (on a
 * private address) and the HTTPS entry's 80/443. An address unknown in a preview is
 * accepted only for those two, and checked again by `pulumi up`.
 */
export function containerPortViolations(props: { name?: string; ports?: PortProps[] }): string[] {
  const violations: string[] = [];
  const name = props.name ?? "(unnamed)";
  for (const port of props.ports ?? []) {
    const where = `${name} port ${port.internal}`;
    // The vigil exporter's and vmauth's, nobody else's: another container publishing 9465 or
    // 8427 is not an ingest port.
    const ingest = (port.internal === INGEST_PORT && name === INGEST_CONTAINER) || (port.internal === LOG_INGEST_PORT && name === LOG_INGEST_CONTAINER);
    const https = name === HTTPS_ENTRY_CONTAINER && HTTPS_PORTS.includes(port.internal ?? -1);
    if (port.ip === undefined || port.ip === "") {
      if (!ingest && !https) violations.push(`${where} has no bind address, so Docker publishes it on 0.0.0.0`);
      continue;
    }
    if (WORLD.has(port.ip)) {
      violations.push(`${where} is bound to ${port.ip} (every interface)`);
    } else if (port.ip === "127.0.0.1") {
      continue;
    } else if (ingest) {
      if (!isPrivateIpv4(port.ip)) violations.push(`${where} (ingest) must be bound to the private VPC address, not ${port.ip}`);
    } else if (!https) {
      violations.push(`${where} is bound to ${port.ip}; only the ingest port and the HTTPS entry may go beyond 127.0.0.1`);
    }
  }
  return violations;
}

interface InboundRuleProps {
  protocol?: string;
  portRange?: string;
  sourceAddresses?: string[];
  sourceTags?: string[];
  sourceDropletIds?: number[];
  sourceLoadBalancerUids?: string[];
  sourceKubernetesIds?: string[];
}

export interface FirewallPolicyContext {
  /** When set, SSH may be opened to these CIDRs only; otherwise to anything but the world. */
  adminCidrs?: string[];
  /** Whether the stack runs the HTTPS entry (a container named caddy). */
  httpsEntry: boolean;
}

/**
 * Inbound rules: SSH only from the admin CIDRs; the ingest port only from tags and private
 * ranges; 80/443 only with the HTTPS entry; nothing else.
 */
export function firewallViolations(props: { inboundRules?: InboundRuleProps[] }, context: FirewallPolicyContext): string[] {
  const violations: string[] = [];
  for (const rule of props.inboundRules ?? []) {
    const port = rule.portRange ?? "(all)";
    const sources = rule.sourceAddresses ?? [];
    const others = [...(rule.sourceDropletIds ?? []), ...(rule.sourceLoadBalancerUids ?? []), ...(rule.sourceKubernetesIds ?? [])];
    if (rule.protocol !== "tcp") {
      violations.push(`inbound ${rule.protocol ?? "?"} ${port}: only TCP is opened`);
      continue;
    }
    if (port === "22") {
      if ((rule.sourceTags ?? []).length > 0 || others.length > 0) violations.push("SSH is opened to tags or resources; only to the admin CIDRs");
      for (const source of sources) {
        if (WORLD.has(source)) violations.push(`SSH is opened to the world (${source})`);
        else if (context.adminCidrs && !context.adminCidrs.includes(source)) violations.push(`SSH is opened to ${source}, not an admin CIDR`);
      }
    } else if (port === String(INGEST_PORT) || port === String(LOG_INGEST_PORT)) {
      const which = port === String(INGEST_PORT) ? "the ingest port" : "the log ingest port";
      if (others.length > 0) violations.push(`${which} is opened to droplets or balancers by id; use the app's tags or the VPC range`);
      for (const source of sources) {
        if (!isPrivateIpv4(source)) violations.push(`${which} is opened to ${source}; only the app's tags or the VPC range`);
      }
    } else if (HTTPS_PORTS.map(String).includes(port)) {
      if (!context.httpsEntry) violations.push(`port ${port} is opened without the HTTPS entry`);
    } else {
      violations.push(`port ${port} is opened; vigil opens 22, ${INGEST_PORT}, ${LOG_INGEST_PORT} and, with the HTTPS entry, 80/443 only`);
    }
  }
  return violations;
}

interface FirewallProps {
  inboundRules?: InboundRuleProps[];
  outboundRules?: unknown[];
  tags?: string[];
  dropletIds?: number[];
}

/**
 * Which rules a firewall answers to: the one applied to the application's droplets by their
 * tags (AppHostAgent), or vigil's own, applied to its droplet by id.
 */
export function isAppHostFirewall(props: FirewallProps): boolean {
  return (props.tags ?? []).length > 0 && (props.dropletIds ?? []).length === 0;
}

/**
 * The application hosts' firewall: TCP only, each port opened to droplets by id (vigil's)
 * and to nothing else, and no outbound rule. DigitalOcean joins the rules of every firewall
 * on a droplet, so an address, a tag or an outbound rule here would widen what the
 * application's own firewall allows.
 */
export function appHostFirewallViolations(props: FirewallProps): string[] {
  const violations: string[] = [];
  for (const rule of props.inboundRules ?? []) {
    const port = rule.portRange ?? "(all)";
    if (rule.protocol !== "tcp") violations.push(`application hosts: inbound ${rule.protocol ?? "?"} ${port}: only TCP is opened`);
    const others = [...(rule.sourceAddresses ?? []), ...(rule.sourceTags ?? []), ...(rule.sourceLoadBalancerUids ?? []), ...(rule.sourceKubernetesIds ?? [])];
    if (others.length > 0) violations.push(`application hosts: port ${port} is opened to ${others.join(", ")}; only to vigil's droplet, by id`);
    if ((rule.sourceDropletIds ?? []).length === 0) violations.push(`application hosts: port ${port} names no droplet to admit`);
  }
  if ((props.outboundRules ?? []).length > 0) violations.push("application hosts: the firewall has outbound rules; it may only admit vigil's scrapes");
  return violations;
}

/** The one container that may run privileged, and the host devices it may see. */
const PRIVILEGED_CONTAINER = HOST_CONTAINERS.cadvisor.container;
const PRIVILEGED_DEVICES = ["/dev/kmsg"];

/**
 * SECURITY: containers run unprivileged and see no host device. The one exception, on
 * purpose, is cAdvisor: its documentation runs it privileged with /dev/kmsg on Docker
 * hosts, to read every container's cgroups and the kernel's OOM messages. The exception
 * holds only while it publishes no port, so nothing outside the docker network reaches the
 * privileged process; its host mounts are read-only (infra/containers.ts).
 */
export function privilegeViolations(props: { name?: string; privileged?: boolean; devices?: Array<{ hostPath?: string }>; ports?: PortProps[] }): string[] {
  const name = props.name ?? "(unnamed)";
  const excepted = name === PRIVILEGED_CONTAINER;
  const violations: string[] = [];
  if (props.privileged) {
    if (!excepted) violations.push(`${name} runs privileged; only ${PRIVILEGED_CONTAINER} may`);
    else if ((props.ports ?? []).length > 0) violations.push(`${name} runs privileged and publishes a port`);
  }
  for (const device of props.devices ?? []) {
    if (!excepted || !PRIVILEGED_DEVICES.includes(device.hostPath ?? "")) {
      violations.push(`${name} is given the host device ${device.hostPath ?? "(none)"}; only ${PRIVILEGED_CONTAINER} may have ${PRIVILEGED_DEVICES.join(", ")}`);
    }
  }
  return violations;
}

/** The data volume must be protected against deletion. */
export function volumeViolations(protect: boolean): string[] {
  return protect ? [] : ["the data volume is not protected (protect: true): a replacement or destroy would delete the metrics"];
}

/** Images are pulled by exact tag or digest. */
export function imageViolations(props: { name?: string }): string[] {
  if (props.name === undefined) return [];
  return isPinnedImage(props.name) ? [] : [`image ${props.name} is not pinned to a version tag or digest`];
}

/** Keys whose value in alertmanager.yml would be a receiver secret written inline. */
const INLINE_RECEIVER_SECRETS = /^[\s-]*(routing_key|service_key|api_url|auth_password|auth_secret|password|bot_token|token):\s*\S/m;

interface UploadProps {
  file?: string;
  content?: string;
}

/**
 * Receivers' secrets stay in their own files under /etc/alertmanager/secrets/, which the
 * program uploads as secret Outputs (proven by infra/index.test.ts: a policy pack sees
 * secrets decrypted and cannot tell a secret from a plain value); alertmanager.yml names
 * them with *_file keys and holds none inline.
 */
export function receiverSecretViolations(props: { name?: string; uploads?: UploadProps[] }): string[] {
  if (props.name !== "alertmanager") return [];
  const violations: string[] = [];
  for (const upload of props.uploads ?? []) {
    if (!upload.file?.endsWith(".yml") || upload.content === undefined) continue;
    const inline = INLINE_RECEIVER_SECRETS.exec(upload.content);
    if (inline) violations.push(`${upload.file} holds a receiver secret inline (${inline[1]}); use its *_file form`);
  }
  return violations;
}
