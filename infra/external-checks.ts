import * as digitalocean from "@pulumi/digitalocean";
import * as pulumi from "@pulumi/pulumi";

export interface UptimeAlertPlan {
  suffix: string;
  /** The API's snake_case values. */
  type: "down" | "latency" | "ssl_expiry";
  comparison?: "greater_than" | "less_than";
  threshold?: number;
  period: "2m" | "3m" | "5m" | "10m" | "15m" | "30m" | "1h";
}

/** The alerts of one uptime check: down always; latency; SSL expiry for https targets. */
export function uptimeAlertPlans(target: string, thresholds: { latencyMs: number; sslExpiryDays: number }): UptimeAlertPlan[] {
  const plans: UptimeAlertPlan[] = [
    { suffix: "down", type: "down", period: "2m" },
    { suffix: "latency", type: "latency", comparison: "greater_than", threshold: thresholds.latencyMs, period: "5m" },
  ];
  if (target.startsWith("https://")) {
    plans.push({ suffix: "ssl", type: "ssl_expiry", comparison: "less_than", threshold: thresholds.sslExpiryDays, period: "1h" });
  }
  return plans;
}

/** Droplet metric alerts: the API's types, and its GreaterThan comparison. */
export function dropletAlertPlans(thresholds: { cpuPercent: number; memoryPercent: number; diskPercent: number }) {
  return [
    { suffix: "cpu", type: "v1/insights/droplet/cpu", value: thresholds.cpuPercent, description: "vigil droplet: CPU above threshold" },
    {
      suffix: "memory",
      type: "v1/insights/droplet/memory_utilization_percent",
      value: thresholds.memoryPercent,
      description: "vigil droplet: memory above threshold",
    },
    {
      suffix: "disk",
      type: "v1/insights/droplet/disk_utilization_percent",
      value: thresholds.diskPercent,
      description: "vigil droplet: disk above threshold",
    },
  ] as const;
}

/** Arguments of {@link ExternalChecks}. */
export interface ExternalChecksArgs {
  /** Public URLs to watch from outside (the application, the status page), by a short name. */
  endpoints: Record<string, { url: pulumi.Input<string>; https: boolean }>;
  /** Where the checks probe from (the API's values, which the config checks). */
  regions: readonly string[];
  dropletId: pulumi.Input<string>;
  emails: string[];
  latencyMs: number;
  sslExpiryDays: number;
  cpuPercent: number;
  memoryPercent: number;
  diskPercent: number;
}

/**
 * DigitalOcean's own checks from several regions: they page (by email) when the droplet,
 * and with it the whole monitoring stack, is down, which the stack cannot report itself.
 */
export class ExternalChecks extends pulumi.ComponentResource {
  constructor(name: string, args: ExternalChecksArgs, opts?: pulumi.ComponentResourceOptions) {
    super("vigil:checks:ExternalChecks", name, {}, opts);
    const children = { parent: this };
    const notifications = [{ emails: args.emails }];
    for (const [endpoint, { url, https }] of Object.entries(args.endpoints)) {
      const check = new digitalocean.UptimeCheck(
        `${name}-${endpoint}`,
        { name: `${name}-${endpoint}`, target: url, type: https ? "https" : "http", regions: [...args.regions], enabled: true },
        children,
      );
      // The scheme decides whether an SSL alert applies (the URL itself may be unknown at preview).
      const plans = uptimeAlertPlans(https ? "https://" : "http://", args);
      for (const plan of plans) {
        new digitalocean.UptimeAlert(
          `${name}-${endpoint}-${plan.suffix}`,
          {
            name: `${name}-${endpoint}-${plan.suffix}`,
            checkId: check.id,
            type: plan.type,
            comparison: plan.comparison,
            threshold: plan.threshold,
            period: plan.period,
            notifications,
          },
          children,
        );
      }
    }
    for (const plan of dropletAlertPlans(args)) {
      new digitalocean.MonitorAlert(
        `${name}-droplet-${plan.suffix}`,
        {
          alerts: { emails: args.emails },
          window: "5m",
          type: plan.type,
          compare: "GreaterThan",
          value: plan.value,
          enabled: true,
          entities: [pulumi.output(args.dropletId)],
          description: plan.description,
        },
        children,
      );
    }
    this.registerOutputs({});
  }
}
