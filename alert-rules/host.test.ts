import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { parseConfig, rawFromDocument } from "../infra/config";
import { FAST, PRODUCTION } from "../synth/timing";
import { hostRules } from "./host";
import type { AlertingRule } from "./model";
import { isAlertingRule } from "./model";

const EXAMPLE = rawFromDocument(parseYaml(readFileSync(join(__dirname, "..", "Pulumi.prod.yaml"), "utf8"))) as Record<string, any>;
const configWith = (alerts: Record<string, unknown>) => parseConfig({ ...EXAMPLE, alerts: { ...EXAMPLE.alerts, ...alerts } });

function alert(rules: ReturnType<typeof hostRules>, name: string): AlertingRule {
  const found = rules.rules.filter(isAlertingRule).find((rule) => rule.alert === name);
  if (!found) throw new Error(`no alert ${name}`);
  return found;
}

describe("host rules", () => {
  it("take thresholds and durations from config.alerts.host", () => {
    const rules = hostRules({
      config: configWith({ host: { cpuBusyRatio: 0.95, cpuFor: "30m", memoryUsedRatio: 0.85, diskFillHorizon: "48h", diskAlmostFullFreeRatio: 0.02 } }),
      timing: PRODUCTION,
    });
    expect(alert(rules, "HostHighCpu").expr).toMatch(/> 0\.95$/);
    expect(alert(rules, "HostHighCpu").for).toBe("30m");
    expect(alert(rules, "HostHighCpu").annotations.description).toContain("over the 95% threshold");
    expect(alert(rules, "HostMemoryPressure").expr).toMatch(/> 0\.85$/);
    expect(alert(rules, "HostDiskWillFillIn24h").expr).toContain("[6h], 172800) < 0");
    expect(alert(rules, "HostDiskAlmostFull").expr).toContain(") < 0.02\nand\n");
  });

  it("scale every for:, window and horizon under the fast timing", () => {
    const rules = hostRules({ config: configWith({}), timing: FAST });
    expect(alert(rules, "HostHighCpu").for).toBe("10s");
    expect(alert(rules, "HostMemoryPressure").for).toBe("5s");
    expect(alert(rules, "HostHighCpu").expr).toContain("[5s]");
    // 6h of trend, 24h of horizon, 1h of for: divided by 60.
    expect(alert(rules, "HostDiskWillFillIn24h").expr).toContain("[6m], 1440) < 0");
    expect(alert(rules, "HostDiskWillFillIn24h").for).toBe("1m");
  });

  it("never alert on pseudo filesystems or read-only mounts", () => {
    const rules = hostRules({ config: configWith({}), timing: PRODUCTION });
    for (const name of ["HostDiskWillFillIn24h", "HostDiskAlmostFull"]) {
      const { expr } = alert(rules, name);
      expect(expr).toContain('fstype!~"tmpfs|ramfs|devtmpfs|overlay|squashfs');
      expect(expr).toMatch(/and\nnode_filesystem_readonly\{[^}]*\} == 0$/);
    }
  });

  it.each([
    [{ cpuBusyRatio: 1.2 }, "alerts.host.cpuBusyRatio: expected a ratio of at most 1 (1 = 100%)"],
    [{ memoryUsedRatio: 0 }, "alerts.host.memoryUsedRatio: expected a ratio above 0"],
    [{ cpuFor: "0m" }, "alerts.host.cpuFor: expected a duration above zero"],
    [{ memoryFor: "-5m" }, "alerts.host.memoryFor: expected a positive Prometheus duration"],
    [{ cpuRatio: 0.5 }, "alerts.host: unknown key(s): cpuRatio"],
  ])("reject the bad override %j, naming its path", (host, message) => {
    expect(() => configWith({ host })).toThrow(message);
  });
});
