import * as digitalocean from "@pulumi/digitalocean";
import * as pulumi from "@pulumi/pulumi";
import type { VigilConfig } from "./config";
import { DROPLET_IMAGE } from "./images";

/** Every address, both families: outbound traffic is not limited by destination. */
const ANYWHERE = ["0.0.0.0/0", "::/0"];

/** The only port the world may reach: SSH, which also carries the operators' tunnel. */
export const SSH_PORT = 22;

/**
 * SECURITY: the whole inbound surface. Grafana, Prometheus, Alertmanager and every exporter
 * are reached through an SSH tunnel, so SSH from the admin CIDRs is all that is opened.
 * `pulumi up` reaches Docker over the same SSH, so it too must run from an admin CIDR.
 */
export function sshOnlyInboundRules(adminCidrs: readonly string[]): digitalocean.types.input.FirewallInboundRule[] {
  return [{ protocol: "tcp", portRange: String(SSH_PORT), sourceAddresses: [...adminCidrs] }];
}

/**
 * Listed explicitly because a DigitalOcean firewall with no outbound rules drops all egress.
 * The destinations are many and change (the application's private targets in the VPC, DNS,
 * PagerDuty, Slack, SMTP, Spaces, the DigitalOcean API, image registries, the heartbeat
 * URL), so every port is allowed to anywhere; ICMP lets the blackbox exporter's ping
 * probes out. Replies to inbound SSH need no rule: the firewall is stateful.
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
  /** Size, VPC and backups (the stack config's `droplet`). */
  droplet: VigilConfig["droplet"];
  /** Admin CIDRs (the only SSH sources) and the DigitalOcean SSH key fingerprints for root. */
  access: VigilConfig["access"];
}

/**
 * The droplet every vigil container runs on, and the cloud firewall in front of it.
 * DigitalOcean applies the firewall before traffic reaches the droplet, so nothing that
 * Docker publishes (Docker writes its own iptables rules and bypasses ufw) can widen it.
 */
export class VigilHost extends pulumi.ComponentResource {
  /** Public IPv4 address: where SSH, and so the docker provider and the tunnel, connect. */
  public readonly ipv4Address: pulumi.Output<string>;
  /** DigitalOcean's id of the droplet. */
  public readonly dropletId: pulumi.Output<string>;

  constructor(name: string, args: VigilHostArgs, opts?: pulumi.ComponentResourceOptions) {
    super("vigil:host:VigilHost", name, {}, opts);

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
        tags: ["vigil"],
      },
      { parent: this },
    );

    new digitalocean.Firewall(
      name,
      {
        name,
        dropletIds: [droplet.id.apply(Number)],
        inboundRules: sshOnlyInboundRules(args.access.adminCidrs),
        outboundRules: OUTBOUND_RULES,
      },
      { parent: this },
    );

    this.ipv4Address = droplet.ipv4Address;
    this.dropletId = droplet.id;
    this.registerOutputs({ ipv4Address: this.ipv4Address, dropletId: this.dropletId });
  }
}
