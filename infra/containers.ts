import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { ServiceName } from "../core/catalog";
import type { VigilConfig } from "../core/config";
import type { Placement } from "../core/placement";
import { DROPLET_DOCKER_NETWORK } from "../core/placement";
import type { Artifact } from "../synth/artifact";
import { fillSecrets, placeholdersIn, secretValuesOf } from "../synth/secrets";
import type { ServiceSpec } from "../synth/services";
import type { PlannedValue, PortBinding } from "./container-plan";
import { planContainers } from "./container-plan";
import { LOOPBACK } from "./ssh-tunnel";

/** The docker labels each container's log lines carry, as the shipper reads them. */
export const LOG_LABELS = { service: "vigil.service", container: "vigil.container" } as const;

/** Arguments of {@link VigilContainers}. */
export interface VigilContainersArgs {
  /** `ssh://root@<ip>`: Docker is driven over SSH (VigilHost.dockerHost, which waits for readiness). */
  dockerHost: pulumi.Input<string>;
  /** ssh options that pin the droplet's host key. */
  sshOptions: pulumi.Input<string[]>;
  /**
   * The droplet's id. The docker host (the reserved IP) outlives a droplet replacement, so
   * the id is written into every docker resource: a new droplet means new images, network
   * and containers on it, instead of Pulumi believing the old droplet's are still there.
   */
  hostId: pulumi.Input<string>;
  /** The droplet's private VPC address: the ingest port is published there. */
  privateIp: pulumi.Input<string>;
  /** The droplet's public address: the HTTPS entry's ports are published there. */
  publicIp: pulumi.Input<string>;
  /** The parsed stack config; its secrets fill the placeholders in artifacts and specs. */
  config: VigilConfig;
  /**
   * Secrets that exist only as Outputs (the generated Grafana password), by the config path
   * their placeholder names.
   */
  generatedSecrets?: Record<string, pulumi.Output<string>>;
  /** The placement synth rendered the artifacts and specs with (the droplet's). */
  placement: Placement;
  /** synth(config, placement, …): every file the services read. */
  artifacts: readonly Artifact[];
  /** serviceSpecs(config, placement, …): flags and environment of each service. */
  specs: Partial<Record<ServiceName, ServiceSpec>>;
  /** The vigil exporter bundle on this machine (writeExporterBundle()). */
  exporterBundle: { path: string; hash: string };
  /** The public HTTPS entry, when configured. */
  httpsEntry?: { domain: string; tunnelPath: string; acmeEmail?: string };
}

/**
 * Every vigil service as a container on the droplet, on one docker network where they
 * reach each other by container name. Configs are uploaded into the containers, so a
 * changed artifact replaces its container with one that has the new file.
 */
export class VigilContainers extends pulumi.ComponentResource {
  /** The containers by container name, for resources that must wait for them. */
  public readonly containers: Readonly<Record<string, docker.Container>>;

  constructor(name: string, args: VigilContainersArgs, opts?: pulumi.ComponentResourceOptions) {
    super("vigil:containers:VigilContainers", name, {}, opts);

    const generated = args.generatedSecrets ?? {};
    const secretValues = secretValuesOf(args.config);
    // A generated secret keeps its placeholder through planning; its value is known only
    // inside an Output, where stateValue fills it.
    const deferred = new Set(Object.keys(generated).filter((secretPath) => !secretValues.has(secretPath)));
    const plans = planContainers({
      placement: args.placement,
      specs: args.specs,
      artifacts: args.artifacts,
      secretValues,
      deferred,
      exporterBundle: args.exporterBundle,
      dropletSize: args.config.droplet.size,
      ...(args.httpsEntry ? { httpsEntry: args.httpsEntry } : {}),
    });

    /** A planned value as a resource input: secret ones are encrypted in the Pulumi state. */
    const stateValue = (planned: PlannedValue): pulumi.Input<string> => {
      if (!planned.secret) return planned.value;
      const pending = placeholdersIn(planned.value).filter((secretPath) => deferred.has(secretPath));
      if (pending.length === 0) return pulumi.secret(planned.value);
      return pulumi.secret(
        pulumi
          .all(pending.map((secretPath) => generated[secretPath] as pulumi.Output<string>))
          .apply((values) => fillSecrets(planned.value, new Map(pending.map((secretPath, index) => [secretPath, values[index] ?? ""])))),
      );
    };
    const bindAddress = (binding: PortBinding): pulumi.Input<string> =>
      binding === "loopback" ? LOOPBACK : binding === "private" ? args.privateIp : args.publicIp;

    // SECURITY: host-key checking stays on, with the droplet's key pinned (VigilHost).
    const provider = new docker.Provider(name, { host: args.dockerHost, sshOpts: args.sshOptions }, { parent: this });
    const children = { parent: this, provider };

    const hostLabel = [{ label: "vigil.droplet", value: args.hostId }];
    const network = new docker.Network(
      name,
      {
        name: DROPLET_DOCKER_NETWORK.name,
        labels: hostLabel,
        ipamConfigs: [{ subnet: DROPLET_DOCKER_NETWORK.subnet, gateway: DROPLET_DOCKER_NETWORK.gateway }],
      },
      children,
    );

    const images = new Map<string, docker.RemoteImage>();
    const containers: Record<string, docker.Container> = {};
    for (const [containerName, plan] of Object.entries(plans)) {
      // Docker's json-file driver copies these labels into every log line (`attrs`), where
      // Fluent Bit reads the service and container a line came from (synth/logs/fluent-bit.ts).
      const logLabels = [
        { label: LOG_LABELS.service, value: plan.kind },
        { label: LOG_LABELS.container, value: containerName },
      ];
      let image = images.get(plan.image);
      if (!image) {
        // keepLocally: an old image is removed by hand, never by a pin change racing the
        // container that still runs it.
        image = new docker.RemoteImage(`${name}-${containerName}`, { name: plan.image, keepLocally: true, triggers: { droplet: args.hostId } }, children);
        images.set(plan.image, image);
      }
      containers[containerName] = new docker.Container(
        `${name}-${containerName}`,
        {
          name: containerName,
          image: image.imageId,
          labels: [...hostLabel, ...logLabels],
          // No flags (grafana, caddy): keep the image's own command.
          command: plan.command.length > 0 ? plan.command.map(stateValue) : undefined,
          envs: plan.envs.map(stateValue),
          uploads: plan.uploads.map((upload) =>
            upload.source
              ? { file: upload.file, source: upload.source.path, sourceHash: upload.source.hash }
              : { file: upload.file, content: stateValue(upload) },
          ),
          ports: plan.ports.map((port) => ({ internal: port.internal, external: port.external, ip: bindAddress(port.bind) })),
          mounts: [
            ...plan.dataMounts.map(({ source, target }) => ({ type: "bind", source, target, readOnly: false })),
            ...plan.hostMounts.map(({ source, target }) => ({
              type: "bind",
              source,
              target,
              readOnly: true,
              // rslave: filesystems the host mounts later (the data volume) show up too.
              bindOptions: { propagation: "rslave" },
            })),
          ],
          hosts: plan.hosts,
          privileged: plan.privileged,
          // None: left unset, as before. rwm is Docker's default for --device; set, so the
          // provider sees no drift.
          devices:
            plan.devices.length > 0 ? plan.devices.map(({ hostPath, containerPath }) => ({ hostPath, containerPath, permissions: "rwm" })) : undefined,
          healthcheck: plan.healthcheck
            ? { tests: plan.healthcheck, interval: "30s", timeout: "5s", retries: 3, startPeriod: "60s" }
            : undefined,
          memory: plan.memoryMib,
          // Same as memory: no swap beyond the limit, so a leak is killed instead of thrashing the droplet.
          memorySwap: plan.memoryMib,
          networkMode: plan.networkMode,
          pidMode: plan.pidMode,
          user: plan.user,
          networksAdvanced: plan.networkMode === "host" ? undefined : [{ name: network.name }],
          restart: "unless-stopped",
          // Docker's default json-file log grows without bound and would fill the disk; every
          // option set, so the provider sees no drift against the daemon's defaults.
          logDriver: "json-file",
          logOpts: { "max-size": "10m", "max-file": "3", labels: Object.values(LOG_LABELS).join(",") },
        },
        children,
      );
    }

    this.containers = containers;
    this.registerOutputs({
      containerIds: Object.fromEntries(Object.entries(containers).map(([containerName, c]) => [containerName, c.id])),
    });
  }
}
