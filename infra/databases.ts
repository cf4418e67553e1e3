import * as digitalocean from "@pulumi/digitalocean";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of {@link DatabaseAccess}. */
export interface DatabaseAccessArgs {
  /** Names of the managed clusters (managedDatabases.postgresCluster, .redisCluster). */
  clusters: string[];
  /** The vigil droplet, admitted as a trusted source. */
  dropletId: pulumi.Input<string>;
  /** The application's droplet tags: kept trusted, since the firewall resource owns the whole list. */
  appDropletTags: readonly string[];
}

/**
 * Lets the droplet into the application's managed PostgreSQL/Redis clusters. A
 * DatabaseFirewall owns a cluster's whole trusted-source list, so the application's
 * droplets (by tag) are listed too; any other source must be added here, or `pulumi up`
 * removes it (docs/operations.md).
 */
export class DatabaseAccess extends pulumi.ComponentResource {
  public readonly clusterIds: pulumi.Output<string>[];

  constructor(name: string, args: DatabaseAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("vigil:databases:DatabaseAccess", name, {}, opts);
    this.clusterIds = args.clusters.map((clusterName) => {
      const cluster = digitalocean.getDatabaseClusterOutput({ name: clusterName }, { parent: this });
      new digitalocean.DatabaseFirewall(
        `${name}-${clusterName}`,
        {
          clusterId: cluster.id,
          rules: [
            { type: "droplet", value: pulumi.output(args.dropletId) },
            ...args.appDropletTags.map((tag) => ({ type: "tag", value: tag })),
          ],
        },
        { parent: this },
      );
      return cluster.id;
    });
    this.registerOutputs({ clusterIds: this.clusterIds });
  }
}
