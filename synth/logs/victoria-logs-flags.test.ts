import { describe, expect, it } from "vitest";
import { dropletPlacement } from "../../core/placement";
import { PRODUCTION } from "../../core/timing";
import { parseConfig } from "../../core/config";
import { exampleRawConfig } from "../../test/support/fixtures";
import { serviceSpecs } from "../services";
import { DOCUMENTED_VICTORIA_LOGS_FLAGS } from "./victoria-logs-flags";

describe("VictoriaLogs' flags", () => {
  const spec = serviceSpecs(parseConfig(exampleRawConfig()), dropletPlacement(), PRODUCTION).victoriaLogs;

  it("are only flags the pinned release documents", () => {
    const flags = (spec?.args ?? []).map((arg) => arg.slice(0, arg.indexOf("=")));
    expect(flags.length).toBeGreaterThan(0);
    for (const flag of flags) expect(Object.keys(DOCUMENTED_VICTORIA_LOGS_FLAGS), flag).toContain(flag);
  });

  it("keep 30 days on the volume, cap the disk at 80% and listen on the docker network", () => {
    expect(spec?.args).toEqual([
      "-storageDataPath=/victoria-logs-data",
      "-retentionPeriod=30d",
      "-retention.maxDiskUsagePercent=80",
      "-httpListenAddr=0.0.0.0:9428",
    ]);
  });
});
