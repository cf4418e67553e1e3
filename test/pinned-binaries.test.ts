// The monitoring binaries the tests run are the versions core/catalog.ts pins: each one on
// PATH (scripts/pinned-binaries.ts put them there) reports its pinned Debian version.
import { spawnSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SERVICE_CATALOG, SERVICES, TEST_TOOLS } from "../core/catalog";
import { cacheDir, pinnedBinDir, SYSTEM_DATA_DIRS } from "../scripts/pinned-binaries";

function versionOf(command: string): string {
  const result = spawnSync(command, ["--version"], { encoding: "utf8" });
  if (result.error) throw new Error(`${command} is not on PATH: run \`npm test\` (it fetches the pinned binaries first): ${result.error.message}`);
  return `${result.stdout}${result.stderr}`;
}

/** Debian's VictoriaMetrics build reports no version (`-version` prints an empty line): its binaries are checked by where they come from. */
const UNVERSIONED_PACKAGES = new Set([TEST_TOOLS.victoriaMetrics.package]);

const pinned = SERVICES.flatMap((service) => {
  const local = SERVICE_CATALOG[service].local;
  return local.kind === "debian" && !UNVERSIONED_PACKAGES.has(local.package) ? [[local.command, local.version] as const] : [];
});

const unversioned = SERVICES.flatMap((service) => {
  const local = SERVICE_CATALOG[service].local;
  return local.kind === "debian" && UNVERSIONED_PACKAGES.has(local.package) ? [[local.command, `${local.package}_${local.version}`] as const] : [];
});

describe("the pinned binaries", () => {
  it("come first on PATH", () => {
    expect((process.env.PATH ?? "").split(":")[0]).toBe(pinnedBinDir());
  });

  it.each(pinned)("%s reports its pinned Debian version %s", (command, version) => {
    expect(versionOf(command)).toContain(version);
  });

  it.each(unversioned)("%s is the pinned package's binary, %s", (command, unpacked) => {
    expect(realpathSync(join(pinnedBinDir(), command))).toBe(join(cacheDir(), "debian", unpacked, "usr", "bin", command));
  });

  it.each([
    ["promtool", TEST_TOOLS.promtool.version],
    ["amtool", (SERVICE_CATALOG.alertmanager.local as { version: string }).version],
  ])("%s reports its pinned Debian version %s", (command, version) => {
    expect(versionOf(command)).toContain(version);
  });

  // Debian's Alertmanager reads default.tmpl there; without it every config with templates is refused.
  it.each(SYSTEM_DATA_DIRS.map((dir) => [dir.path, dir.package] as const))("%s holds %s's data files", (path, name) => {
    const pin = SERVICES.map((service) => SERVICE_CATALOG[service].local).find((local) => local.kind === "debian" && local.package === name);
    expect(pin, `${name} is pinned`).toBeDefined();
    if (name === "prometheus-alertmanager") expect(existsSync(join(path, "default.tmpl"))).toBe(true);
    if (realpathSync(path).startsWith(cacheDir())) expect(realpathSync(path)).toContain(`${name}_${pin && pin.kind === "debian" ? pin.version : ""}`);
  });
});
