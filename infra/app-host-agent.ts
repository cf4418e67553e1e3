import * as digitalocean from "@pulumi/digitalocean";
import * as pulumi from "@pulumi/pulumi";
import { APP_HOST_NODE_EXPORTER_PORT } from "../synth/app-hosts";
import type { CloudInitPart } from "./app-host-cloud-init";
import { appHostCloudInit, appHostInstallScript, appHostParts } from "./app-host-cloud-init";

/** Arguments of {@link AppHostAgent}. */
export interface AppHostAgentArgs {
  /** Tags of the application's droplets (access.appDropletTags): the firewall applies to them. */
  appDropletTags: readonly string[];
  /** vigil's droplet, the one source the firewall admits. */
  vigilDropletId: pulumi.Input<string>;
  /** The port the hosts serve the application's metrics on (app.hosts.metricsPort). */
  metricsPort: number;
  /** Whether to add the firewall (app.hosts.firewall). */
  firewall: boolean;
  /**
   * Parts after node_exporter's (the log shipper's): one holding a secret is passed as a
   * secret Output, and the user data comes out secret with it.
   */
  additionalParts?: pulumi.Input<CloudInitPart>[];
}

/**
 * SECURITY: what the application hosts' firewall admits: node_exporter's port and the
 * application's metrics port, from vigil's droplet alone. No outbound rule: DigitalOcean
 * joins the rules of every firewall on a droplet, so this one adds vigil's scrapes to what
 * the hosts' own firewall allows and opens nothing else.
 */
export function appHostInboundRules(input: { vigilDropletId: number; metricsPort: number }): digitalocean.types.input.FirewallInboundRule[] {
  const ports = [...new Set([APP_HOST_NODE_EXPORTER_PORT, input.metricsPort])];
  return ports.map((port) => ({ protocol: "tcp", portRange: String(port), sourceDropletIds: [input.vigilDropletId] }));
}

/**
 * vigil's side of the application's hosts, which this program does not create: the
 * cloud-init user data that installs vigil's agents on each (node_exporter, and the log
 * shipper as an additional part), for whatever creates those droplets, the same as a script
 * for the droplets already running, and, when asked, the
 * DigitalOcean firewall on their tags that lets vigil's droplet scrape them.
 */
export class AppHostAgent extends pulumi.ComponentResource {
  /** The user data to create each application host with (a secret once a part holds one). */
  public readonly userData: pulumi.Output<string>;
  /** The same as a shell script, for a host that is already running. */
  public readonly installScript: pulumi.Output<string>;
  /** The firewall's id, when it was asked for. */
  public readonly firewallId: pulumi.Output<string> | undefined;

  constructor(name: string, args: AppHostAgentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("vigil:appHosts:AppHostAgent", name, {}, opts);
    const children = { parent: this };

    // Secrets in a part stay secret through all(): the engine marks the results secret too.
    const parts = pulumi.all(args.additionalParts ?? []).apply((extra) => [...appHostParts(), ...extra]);
    this.userData = parts.apply(appHostCloudInit);
    this.installScript = parts.apply(appHostInstallScript);

    if (args.firewall) {
      if (args.appDropletTags.length === 0) throw new Error("the application hosts' firewall needs their tags (access.appDropletTags)");
      const firewall = new digitalocean.Firewall(
        name,
        {
          name,
          tags: [...args.appDropletTags],
          inboundRules: pulumi
            .output(args.vigilDropletId)
            .apply((id) => appHostInboundRules({ vigilDropletId: Number(id), metricsPort: args.metricsPort })),
        },
        children,
      );
      this.firewallId = firewall.id;
    } else {
      this.firewallId = undefined;
    }

    this.registerOutputs({ userData: this.userData, installScript: this.installScript, firewallId: this.firewallId });
  }
}
