import { describe, expect, it } from "vitest";
import { FAST, PRODUCTION } from "../core/timing";
import { alertNamed, configWithAlerts } from "../test/support/fixtures";
import { hostRules } from "./host";

describe("host rules", () => {
  it("take thresholds and durations from config.alerts.host", () => {
    const rules = hostRules({
      config: configWithAlerts({ host: { cpuBusyRatio: 0.95, cpuFor: "30m", memoryUsedRatio: 0.85, diskFillHorizon: "48h", diskAlmostFullFreeRatio: 0.02 } }),
      timing: PRODUCTION,
    });
    expect(alertNamed(rules, "HostHighCpu").expr).toMatch(/> 0\.95$/);
    expect(alertNamed(rules, "HostHighCpu").for).toBe("30m");
    expect(alertNamed(rules, "HostHighCpu").annotations.description).toContain("over the 95% threshold");
    expect(alertNamed(rules, "HostMemoryPressure").expr).toMatch(/> 0\.85$/);
    expect(alertNamed(rules, "HostDiskWillFillIn24h").expr).toContain("[6h], 172800) < 0");
    expect(alertNamed(rules, "HostDiskAlmostFull").expr).toContain(") < 0.02\nand\n");
  });

  it("scale every for:, window and horizon under the fast timing", () => {
    const rules = hostRules({ config: configWithAlerts({}), timing: FAST });
    expect(alertNamed(rules, "HostHighCpu").for).toBe("10s");
    expect(alertNamed(rules, "HostMemoryPressure").for).toBe("5s");
    expect(alertNamed(rules, "HostHighCpu").expr).toContain("[5s]");
    // 6h of trend, 24h of horizon, 1h of for: divided by 60.
    expect(alertNamed(rules, "HostDiskWillFillIn24h").expr).toContain("[6m], 1440) < 0");
    expect(alertNamed(rules, "HostDiskWillFillIn24h").for).toBe("1m");
  });

  it("never alert on pseudo filesystems or read-only mounts", () => {
    const rules = hostRules({ config: configWithAlerts({}), timing: PRODUCTION });
    for (const name of ["HostDiskWillFillIn24h", "HostDiskAlmostFull"]) {
      const { expr } = alertNamed(rules, name);
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
    expect(() => configWithAlerts({ host })).toThrow(message);
  });
});
