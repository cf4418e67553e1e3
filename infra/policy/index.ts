// vigil's guard rails, run with `pulumi preview --policy-pack infra/policy` (and on `up`).
// The rules are plain functions in rules.ts; this file only wires them to resource types.
import { PolicyPack } from "@pulumi/policy";
import {
  appHostFirewallViolations,
  containerPortViolations,
  firewallViolations,
  HTTPS_ENTRY_CONTAINER,
  imageViolations,
  isAppHostFirewall,
  privilegeViolations,
  receiverSecretViolations,
  volumeViolations,
} from "./rules";

const CONTAINER = "docker:index/container:Container";

function report(violations: string[], reportViolation: (message: string) => void): void {
  for (const violation of violations) reportViolation(violation);
}

export const policies = new PolicyPack("vigil", {
  enforcementLevel: "mandatory",
  policies: [
    {
      name: "vigil-container-ports",
      description: "No container port on 0.0.0.0; beyond 127.0.0.1 only the ingest port (private address) and the HTTPS entry.",
      validateResource: (args, reportViolation) => {
        if (args.type === CONTAINER) report(containerPortViolations(args.props), reportViolation);
      },
    },
    {
      name: "vigil-unprivileged-containers",
      description: "No container runs privileged or gets a host device, except cAdvisor (as its documentation asks), which publishes no port.",
      validateResource: (args, reportViolation) => {
        if (args.type === CONTAINER) report(privilegeViolations(args.props), reportViolation);
      },
    },
    {
      name: "vigil-firewall",
      description:
        "SSH only from the admin CIDRs, the ingest port only from the app's tags or the VPC, 80/443 only with the HTTPS entry; on the application's hosts, only vigil's scrapes from its droplet.",
      configSchema: { properties: { adminCidrs: { type: "array", items: { type: "string" } } } },
      validateStack: (args, reportViolation) => {
        const httpsEntry = args.resources.some((r) => r.type === CONTAINER && r.props.name === HTTPS_ENTRY_CONTAINER);
        const config = args.getConfig<{ adminCidrs?: string[] }>();
        for (const firewall of args.resources.filter((r) => r.type === "digitalocean:index/firewall:Firewall")) {
          const context = { httpsEntry, ...(config.adminCidrs ? { adminCidrs: config.adminCidrs } : {}) };
          report(isAppHostFirewall(firewall.props) ? appHostFirewallViolations(firewall.props) : firewallViolations(firewall.props, context), reportViolation);
        }
      },
    },
    {
      name: "vigil-data-volume-protected",
      description: "The data volume is protected against deletion.",
      validateResource: (args, reportViolation) => {
        if (args.type === "digitalocean:index/volume:Volume") report(volumeViolations(args.opts.protect), reportViolation);
      },
    },
    {
      name: "vigil-pinned-images",
      description: "Every image is pulled by version tag or digest, never latest.",
      validateResource: (args, reportViolation) => {
        if (args.type === "docker:index/remoteImage:RemoteImage") report(imageViolations(args.props), reportViolation);
      },
    },
    {
      name: "vigil-receiver-secrets",
      description: "Receivers' secrets live in their own (secret) files, never inline in alertmanager.yml.",
      validateResource: (args, reportViolation) => {
        if (args.type === CONTAINER) report(receiverSecretViolations(args.props), reportViolation);
      },
    },
  ],
});
