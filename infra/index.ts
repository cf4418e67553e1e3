// The Pulumi program: reads the stack config, renders the artifacts and composes the
// components that run them. Nothing is configured here; see config.ts and synth/.
import { dropletPlacement } from "../synth/placement";
import { synth } from "../synth/index";
import { serviceSpecs } from "../synth/services";
import { PRODUCTION } from "../synth/timing";
import { readStackConfig } from "./config";
import { exporterBundleText } from "../scripts/build-exporter";
import { VigilContainers, sshTunnelCommand as tunnelCommand } from "./containers";
import { VigilHost } from "./host";

const config = readStackConfig();
const placement = dropletPlacement();
const artifacts = synth(config, placement, PRODUCTION);

const host = new VigilHost("vigil", { region: config.region, droplet: config.droplet, access: config.access });

new VigilContainers("vigil", {
  hostIp: host.ipv4Address,
  config,
  artifacts,
  specs: serviceSpecs(config, placement, PRODUCTION),
  placement,
  exporterBundle: exporterBundleText(),
});

/** The droplet's public IPv4 address. */
export const dropletIp = host.ipv4Address;
/** Run it, then open Grafana, Prometheus and Alertmanager on localhost. */
export const sshTunnelCommand = host.ipv4Address.apply(tunnelCommand);
