import * as command from "@pulumi/command";
import * as digitalocean from "@pulumi/digitalocean";
import * as pulumi from "@pulumi/pulumi";
import type { VigilConfig } from "../core/config";
import { cloudInit } from "./cloud-init";
import { DROPLET_IMAGE } from "./images";
import { pinnedSshOptions, readinessScript } from "./readiness";

/** Every address, both families: outbound traffic is not limited by destination. */
const ANYWHERE = ["0.0.0.0/0", "::/0"];

/** SSH, which also carries the operators' tunnel and the docker provider. */
export const SSH_PORT = 22;
/** The HTTPS entry's ports: 80 for the ACME HTTP challenge and the redirect, 443 for the relay. */
export const HTTPS_ENTRY_PORTS = [80, 443] as const;

export interface InboundRulesInput {
  adminCidrs: readonly string[];
  /** Tags of the application's droplets, admitted to the ingest port. */
  appDropletTags: readonly string[];
  /** The VPC's range, admitted to the ingest port. */
  vpcRange: string;
  /** The vigil exporter's ingest port (events, Sentry relay). */
  ingestPort: number;
  /** vmauth's log ingest port, when it runs (logs.ingestToken): opened like the ingest port. */
  logIngestPort?: number;
  /** Whether the public HTTPS entry (Caddy) runs. */
  httpsEntry: boolean;
}

/**
 * SECURITY: the whole inbound surface. SSH from the admin CIDRs; the exporter's ingest port
 * and vmauth's log ingest port from the application's droplets and the VPC; 80/443 from anywhere only for the HTTPS
 * entry. Grafana, Prometheus, Alertmanager and every exporter are reached through the SSH
 * tunnel. `pulumi up` drives Docker over SSH, so it too must run from an admin CIDR.
 */
export function inboundRules(input: InboundRulesInput): digitalocean.types.input.FirewallInboundRule[] {
  const fromTheApplication = (port: number): digitalocean.types.input.FirewallInboundRule => ({
    protocol: "tcp",
    portRange: String(port),
    sourceAddresses: [input.vpcRange],
    ...(input.appDropletTags.length > 0 ? { sourceTags: [...input.appDropletTags] } : {}),
  });
  const rules: digitalocean.types.input.FirewallInboundRule[] = [
    { protocol: "tcp", portRange: String(SSH_PORT), sourceAddresses: [...input.adminCidrs] },
    fromTheApplication(input.ingestPort),
    ...(input.logIngestPort !== undefined ? [fromTheApplication(input.logIngestPort)] : []),
  ];
  if (input.httpsEntry) {
    for (const port of HTTPS_ENTRY_PORTS) rules.push({ protocol: "tcp", portRange: String(port), sourceAddresses: ANYWHERE });
  }
  return rules;
}

/**
 * Listed explicitly because a DigitalOcean firewall with no outbound rules drops all egress.
 * The destinations are many and change (the application's private targets in the VPC, DNS,
 * PagerDuty, Slack, SMTP, Spaces, the DigitalOcean API, image registries, Let's Encrypt,
 * the heartbeat URL), so every port is allowed to anywhere; ICMP lets the blackbox
 * exporter's ping probes out. Replies to inbound connections need no rule: the firewall is
 * stateful.
 */
export const OUTBOUND_RULES: digitalocean.types.input.FirewallOutboundRule[] = [
  { protocol: "tcp", portRange: "1-65535", destinationAddresses: ANYWHERE },
  { protocol: "udp", portRange: "1-65535", destinationAddresses: ANYWHERE },
  { protocol: "icmp", destinationAddresses: ANYWHERE },
];

/** Arguments of {@link VigilHost}. */
export interface VigilHostArgs {
  /** DigitalOcean region slug (the stack config's `region`). */
  region: string;
  /** Size, VPC, backups and volume size (the stack config's `droplet`). */
  droplet: VigilConfig["droplet"];
  /** Admin CIDRs, SSH keys for root and the application's droplet tags. */
  access: Pick<VigilConfig["access"], "adminCidrs" | "sshKeyFingerprints" | "appDropletTags">;
  /** The pinned host key; the private half as a secret. */
  hostKey: { privateKey: pulumi.Input<string>; publicKey: string };
  /** The vigil exporter's ingest port, opened to the application. */
  ingestPort: number;
  /** vmauth's log ingest port, opened to the application when vmauth runs. */
  logIngestPort?: number;
  /** Opens 80/443 for the public HTTPS entry. */
  httpsEntry: boolean;
  /** How long the readiness gate waits for SSH and cloud-init. */
  readinessTimeoutSeconds?: number;
}

/**
 * The droplet every vigil container runs on: its data volume, reserved IP and cloud
 * firewall, and the gate that lets Docker in only once the droplet has booted with the
 * pinned host key and mounted the volume. DigitalOcean applies the firewall before traffic
 * reaches the droplet, so nothing Docker publishes (Docker writes its own iptables rules
 * and bypasses ufw) can widen it.
 */
export class VigilHost extends pulumi.ComponentResource {
  /** The droplet's public IPv4 address (DNS for the HTTPS entry points here). */
  public readonly ipv4Address: pulumi.Output<string>;
  /** The droplet's address in the VPC: the exporter's ingest port is published on it alone. */
  public readonly privateIpv4Address: pulumi.Output<string>;
  /** The reserved IP: SSH, the docker provider and the tunnel connect here. */
  public readonly reservedIp: pulumi.Output<string>;
  public readonly dropletId: pulumi.Output<string>;
  /** do:droplet:… and friends, for the project. */
  public readonly resourceUrns: pulumi.Output<string>[];
  /** `ssh://root@<reserved ip>`, resolved only once the readiness gate has passed. */
  public readonly dockerHost: pulumi.Output<string>;
  /** ssh options that pin the host key, for the docker provider. */
  public readonly sshOptions: pulumi.Output<string[]>;

  constructor(name: string, args: VigilHostArgs, opts?: pulumi.ComponentResourceOptions) {
    super("vigil:host:VigilHost", name, {}, opts);
    const children = { parent: this };

    const vpc = args.droplet.vpcUuid
      ? digitalocean.getVpcOutput({ id: args.droplet.vpcUuid }, children)
      : digitalocean.getVpcOutput({ region: args.region }, children);

    const volumeName = `${name}-data`;
    // SECURITY/data: protected, so neither `pulumi destroy` nor a replacement can delete
    // months of metrics; docs/operations.md says how to remove it on purpose.
    const volume = new digitalocean.Volume(
      volumeName,
      {
        name: volumeName,
        region: args.region,
        size: args.droplet.volumeSizeGib,
        initialFilesystemType: "ext4",
        description: "vigil: Prometheus, Alertmanager, Grafana, exporter and Caddy data",
      },
      { ...children, protect: true },
    );

    const userData = pulumi.secret(
      pulumi.output(args.hostKey.privateKey).apply((privateKey) =>
        cloudInit({ volumeName, hostKey: { privateKey, publicKey: args.hostKey.publicKey } }),
      ),
    );

    const droplet = new digitalocean.Droplet(
      name,
      {
        name,
        image: DROPLET_IMAGE,
        region: args.region,
        size: args.droplet.size,
        vpcUuid: args.droplet.vpcUuid,
        backups: args.droplet.backups,
        sshKeys: args.access.sshKeyFingerprints,
        // The metrics agent feeds DigitalOcean's own graphs and alerts, which still work
        // when the monitoring stack on this droplet is the thing that is down.
        monitoring: true,
        userData,
        tags: ["vigil"],
      },
      // The user data carries the private host key.
      { ...children, additionalSecretOutputs: ["userData"] },
    );

    // Attached from this side only (the droplet lists no volumeIds), so the two never fight.
    // A volume attaches to one droplet at a time: detach first when the droplet is replaced.
    const attachment = new digitalocean.VolumeAttachment(
      name,
      { dropletId: droplet.id.apply(Number), volumeId: volume.id },
      { ...children, deleteBeforeReplace: true },
    );

    const reservedIp = new digitalocean.ReservedIp(name, { region: args.region }, children);
    const assignment = new digitalocean.ReservedIpAssignment(
      name,
      { ipAddress: reservedIp.ipAddress, dropletId: droplet.id.apply(Number) },
      { ...children, deleteBeforeReplace: true },
    );

    const firewall = new digitalocean.Firewall(
      name,
      {
        name,
        dropletIds: [droplet.id.apply(Number)],
        inboundRules: vpc.ipRange.apply((vpcRange) =>
          inboundRules({
            adminCidrs: args.access.adminCidrs,
            appDropletTags: args.access.appDropletTags,
            vpcRange,
            ingestPort: args.ingestPort,
            ...(args.logIngestPort !== undefined ? { logIngestPort: args.logIngestPort } : {}),
            httpsEntry: args.httpsEntry,
          }),
        ),
        outboundRules: OUTBOUND_RULES,
      },
      children,
    );

    // Waits on the operator's machine (with the pinned key) for SSH and cloud-init; runs
    // again whenever the droplet or the attachment is replaced.
    const timeoutSeconds = args.readinessTimeoutSeconds ?? 900;
    const gate = new command.local.Command(
      `${name}-ready`,
      {
        create: reservedIp.ipAddress.apply((ip) =>
          readinessScript({ ip, publicKey: args.hostKey.publicKey, timeoutSeconds }),
        ),
        interpreter: ["/bin/sh", "-c"],
        triggers: [droplet.id, attachment.id],
      },
      { ...children, dependsOn: [attachment, assignment, firewall] },
    );

    this.ipv4Address = droplet.ipv4Address;
    this.privateIpv4Address = droplet.ipv4AddressPrivate;
    this.reservedIp = reservedIp.ipAddress;
    this.dropletId = droplet.id;
    this.resourceUrns = [droplet.dropletUrn, volume.volumeUrn, reservedIp.reservedIpUrn];
    this.dockerHost = pulumi.all([reservedIp.ipAddress, gate.stdout]).apply(([ip]) => `ssh://root@${ip}`);
    this.sshOptions = reservedIp.ipAddress.apply((ip) => pinnedSshOptions(ip, args.hostKey.publicKey));
    this.registerOutputs({
      ipv4Address: this.ipv4Address,
      privateIpv4Address: this.privateIpv4Address,
      reservedIp: this.reservedIp,
      dropletId: this.dropletId,
      dockerHost: this.dockerHost,
    });
  }
}
