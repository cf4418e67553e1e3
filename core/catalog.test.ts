import { describe, expect, it } from "vitest";
import { SERVICE_CATALOG, SERVICES, startOrder } from "./catalog";

/** The part of a version that breaks compatibility: the major, or 0.minor before 1.0 (semver). */
function compatibilityLine(version: string): string {
  const [major = "", minor = ""] = version.replace(/^v/, "").split(/[.+~-]/);
  return major === "0" ? `0.${minor}` : major;
}

describe("the service catalog", () => {
  it("pins each droplet image to the same major version as the Debian binary the tests run", () => {
    const pairs = SERVICES.flatMap((service) => {
      const { image, local } = SERVICE_CATALOG[service];
      if (local.kind !== "debian") return [];
      const tag = image.slice(image.lastIndexOf(":") + 1);
      return [{ service, image: compatibilityLine(tag), tested: compatibilityLine(local.version) }];
    });
    expect(pairs.length).toBeGreaterThan(5);
    for (const pair of pairs) expect(pair.image, `${pair.service}: image vs tested binary`).toBe(pair.tested);
  });

  it("reads 0.x versions by their minor, as semver breaks there", () => {
    expect(compatibilityLine("v0.33.1")).toBe("0.33");
    expect(compatibilityLine("0.25.0-1+b4")).toBe("0.25");
    expect(compatibilityLine("v3.13.2")).toBe("3");
    expect(compatibilityLine("3.5.3+ds1-6")).toBe("3");
  });

  it("starts every scrape target before Prometheus and Grafana after it", () => {
    const order = startOrder();
    expect(order).toHaveLength(SERVICES.length);
    const prometheus = order.indexOf("prometheus");
    for (const service of SERVICES.filter((s) => SERVICE_CATALOG[s].job && s !== "prometheus")) {
      expect(order.indexOf(service), service).toBeLessThan(prometheus);
    }
    expect(order.indexOf("grafana")).toBeGreaterThan(prometheus);
  });
});
