import { describe, expect, it } from "vitest";
import { parseConfig } from "../../core/config";
import { dropletPlacement, localPlacement, consecutivePorts } from "../../core/placement";
import { exampleRawConfig } from "../../test/support/fixtures";
import type { FluentBitSection } from "./fluent-bit";
import { appHostShipperConfig, FLUENT_BIT_CONFIG_FILE, fluentBitArtifacts, INGEST_TOKEN_VARIABLE, parserSections, shipperSections } from "./fluent-bit";
import { REDACTION_FUNCTION } from "./redaction-lua";
import { documentedKeys } from "./fluent-bit-keys";

// Fluent Bit cannot run here (not packaged by Debian): its rendered configuration is checked
// against the keys the pinned release's manual documents (fluent-bit-keys.ts, a page per
// plugin), and its shape is pinned.

const config = parseConfig(exampleRawConfig());
const droplet = dropletPlacement();

function kindOf(part: FluentBitSection): string {
  if (part.header === "SERVICE") return "service";
  if (part.header === "PARSER") return "parserDefinition";
  return part.entries.find(([key]) => key === "Name")?.[1] ?? "(no Name)";
}

/** The sections back from the rendered text, as Fluent Bit's classic format reads them. */
function parsed(text: string): Array<{ header: string; keys: string[] }> {
  const sections: Array<{ header: string; keys: string[] }> = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) sections.push({ header: header[1] as string, keys: [] });
    else sections.at(-1)?.keys.push(line.trim().split(/\s+/)[0] as string);
  }
  return sections;
}

const appHost = appHostShipperConfig(
  { hostName: "shop-web-1", vigilPrivateAddress: "10.110.0.2", appName: "shop", configDir: "/etc/vigil-agent/fluent-bit", stateDir: "/var/lib/vigil-agent/fluent-bit" },
  8427,
);

describe("Fluent Bit's configuration", () => {
  const shippers: Array<[string, FluentBitSection[]]> = [
    ["the droplet's", shipperSections({ host: "vigil", sources: droplet.logSources, destination: droplet.endpoints.victoriaLogs, stateDir: "/s", parsersFile: "/p", redactionScript: "/r", httpServer: { host: "0.0.0.0", port: 2020 } })],
    ["the local stack's", shipperSections({ host: "vigil", sources: localPlacement("/tmp/x", consecutivePorts(20_000)).logSources, destination: { host: "127.0.0.1", port: 1 }, stateDir: "/s", parsersFile: "/p", redactionScript: "/r" })],
    ["an application host's", shipperSections({ host: "h", sources: droplet.logSources, destination: { host: "10.0.0.1", port: 8427, tls: true }, bearerFromEnvironment: true, stateDir: "/s", parsersFile: "/p", redactionScript: "/r", defaultService: "shop" })],
    ["the parsers file's", parserSections()],
  ];

  it.each(shippers)("%s uses only keys the pinned release documents, each in its plugin's page", (_name, sections) => {
    for (const part of sections) {
      const allowed = documentedKeys(kindOf(part));
      expect(allowed.length, `[${part.header}] ${kindOf(part)} has no documented keys listed`).toBeGreaterThan(0);
      for (const [key] of part.entries) expect(allowed, `[${part.header}] ${kindOf(part)}: ${key}`).toContain(key);
    }
  });

  it("renders the classic format Fluent Bit reads: a header per section, one key and value per line", () => {
    const [main] = fluentBitArtifacts(config, droplet);
    expect(main?.path).toBe(FLUENT_BIT_CONFIG_FILE);
    const sections = parsed(main?.content ?? "");
    expect(sections.map((part) => part.header)).toEqual(["SERVICE", "INPUT", "FILTER", "FILTER", "FILTER", "FILTER", "FILTER", "OUTPUT"]);
    for (const line of (main?.content ?? "").split("\n").filter((text) => text.startsWith("    "))) expect(line).toMatch(/^ {4}\S+ +\S/);
  });

  it("on the droplet tails every container's json-file log, buffers on the volume and sends to VictoriaLogs on the docker network", () => {
    const text = fluentBitArtifacts(config, droplet)[0]?.content ?? "";
    expect(text).toMatch(/Path +\/var\/lib\/docker\/containers\/\*\/\*-json\.log/);
    expect(text).toMatch(/multiline\.parser +docker/);
    expect(text).toMatch(/storage\.path +\/var\/lib\/fluent-bit\/buffer/);
    expect(text).toMatch(/storage\.type +filesystem/);
    expect(text).toMatch(/Host +victoria-logs\n +Port +9428/);
    expect(text).toMatch(/URI +\/insert\/jsonline\?_stream_fields=host,service,container&_msg_field=msg,message,event,log&_time_field=date/);
    expect(text).toMatch(/Hard_rename +vigil\.service service/);
    expect(text).not.toContain("Authorization");
  });

  it("parses JSON lines into fields and keeps the others as messages, then redacts before the output", () => {
    const sections = shipperSections({ host: "vigil", sources: droplet.logSources, destination: droplet.endpoints.victoriaLogs, stateDir: "/s", parsersFile: "/p", redactionScript: "/r" });
    const names = sections.map((part) => part.entries.find(([key]) => key === "Name")?.[1]);
    expect(names.indexOf("parser")).toBeLessThan(names.indexOf("lua"));
    expect(names.indexOf("lua")).toBe(sections.length - 2);
    const parser = sections.find((part) => part.entries.some(([key, value]) => key === "Name" && value === "parser"));
    expect(parser?.entries).toEqual(expect.arrayContaining([["Key_Name", "log"], ["Reserve_Data", "On"]]));
  });

  it("on an application host sends to vmauth's log ingest port with the token from the environment, never in the file", () => {
    expect(appHost.tokenVariable).toBe(INGEST_TOKEN_VARIABLE);
    expect(appHost.config).toMatch(/Host +10\.110\.0\.2\n +Port +8427/);
    expect(appHost.config).toContain(`Header                   Authorization Bearer \${${INGEST_TOKEN_VARIABLE}}`);
    expect(appHost.config).toMatch(/Add +host shop-web-1\n +Add +service shop/);
    expect(appHost.config).toMatch(/HTTP_Listen +127\.0\.0\.1/);
    expect(appHost.parsers).toMatch(/Format json/);
  });

  it("names only files it is shipped with: the parsers file and the redaction script are in the same tree, under the mount", () => {
    const artifacts = fluentBitArtifacts(config, droplet);
    const mount = droplet.mounts["fluent-bit"];
    const inContainer = new Map(artifacts.map((file) => [`${mount}${file.path.slice("fluent-bit".length)}`, file.content]));
    const main = artifacts[0]?.content ?? "";
    const named = [...main.matchAll(/^ +(?:Parsers_File|script) +(\S+)$/gm)].map((match) => match[1] as string);
    expect(named).toHaveLength(2);
    for (const path of named) expect(inContainer.has(path), `${path} is not rendered`).toBe(true);
    expect(main).toMatch(new RegExp(`call +${REDACTION_FUNCTION}\n`));
    expect(inContainer.get(named.find((path) => path.endsWith(".lua")) ?? "")).toContain(`function ${REDACTION_FUNCTION}(tag, timestamp, record)`);
  });

  it("redacts the relay's extra sensitive fields in log lines too, on the droplet and on application hosts", () => {
    const withFields = parseConfig({ ...exampleRawConfig(), sentryRelay: { ...(exampleRawConfig().sentryRelay as object), scrub: { sensitiveFields: ["diagnosis_code"] } } });
    const script = fluentBitArtifacts(withFields, droplet).find((file) => file.path.endsWith(".lua"))?.content ?? "";
    expect(script).toContain('"diagnosis_code"');
    expect(fluentBitArtifacts(config, droplet).find((file) => file.path.endsWith(".lua"))?.content).not.toContain("diagnosis_code");
    const host = appHostShipperConfig({ hostName: "h", vigilPrivateAddress: "10.0.0.2", appName: "shop", configDir: "/c", stateDir: "/s", redaction: { sensitiveFields: ["diagnosis_code"], safeFields: [] } }, 8427);
    expect(host.redactionScript).toContain('"diagnosis_code"');
    expect(host.config).toMatch(/script +\/c\/redact\.lua/);
  });
});
