import { describe, expect, it } from "vitest";
import { relaySection } from "../../synth/exporter-relay";
import { minimalRawConfig } from "../../test/support/fixtures";
import { parseConfig } from "../config";
import { dropletPlacement } from "../placement";
import { relayConfigSchema } from "./relay-config";

const DSN = "https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/4505";

describe("the vigil config's sentryRelay section", () => {
  it("renders an exporter section the exporter's own schema accepts, defaults written out", () => {
    const config = parseConfig(minimalRawConfig({ sentryRelay: { allowedDsns: [{ dsn: DSN, name: "shop-frontend" }] } }));
    const section = relaySection(config, dropletPlacement());
    expect(relayConfigSchema.parse(section)).toEqual(section);
    expect(section.tunnelPath).toBe("/tunnel");
    expect(section.limits.maxEventBytes).toBe(1024 * 1024);
  });

  it.each([
    [{ allowedDsns: [{ dsn: "not a dsn" }] }, "sentryRelay.allowedDsns.0.dsn: expected a Sentry DSN"],
    [{ allowedDsns: [{ dsn: DSN.replace("https", "http") }] }, "sentryRelay.allowedDsns.0.dsn: expected an https:// DSN"],
    [{ allowedDsns: [] }, "sentryRelay.allowedDsns: list at least one DSN"],
    [{ allowedDsns: [{ dsn: DSN }], tunnelPath: "/api/tunnel" }, "sentryRelay.tunnelPath: must not start with /api/"],
    [{ allowedDsns: [{ dsn: DSN }], binaryItems: "keep" }, "sentryRelay.binaryItems"],
    [{ allowedDsns: [{ dsn: DSN }], limits: { maxBufferedBytes: 1024 } }, "sentryRelay.limits.maxBufferedBytes: maxBufferedBytes must hold at least one largest body"],
  ])("refuses %j, naming the field", (sentryRelay, message) => {
    expect(() => parseConfig(minimalRawConfig({ sentryRelay }))).toThrow(message);
  });
});
