import type { VigilConfig } from "../../core/config";
import type { Endpoint, LogSources, Placement } from "../../core/placement";
import { DOCKER_JSON_LOGS } from "../../core/placement";
import type { Artifact } from "../artifact";
import { type RedactionKeyOptions, REDACTION_FUNCTION, REDACTION_SCRIPT_PATH, redactionScriptArtifact, renderRedactionLua } from "./redaction-lua";

// Fluent Bit, the log shipper: on the droplet it collects every container's log and sends it
// to VictoriaLogs over the docker network; on each application host (infra/app-host-agent.ts
// renders it with appHostShipperConfig) it does the same through vmauth with the ingest token.
//
// Why this pipeline (Fluent Bit's manual, pages in fluent-bit-keys.ts):
// - Docker's json-file driver writes each container's lines as {"log","stream","time","attrs"}
//   under /var/lib/docker/containers/<id>/<id>-json.log, mounted read-only. The file names
//   only the container id, so the droplet's containers log their service and container name
//   as docker labels the driver copies into every line (`--log-opt labels=vigil.service,
//   vigil.container`: infra/containers.ts), lifted out of `attrs` by the nest filter. That
//   needs neither the docker socket (which Fluent Bit's docker metadata would read, and which
//   is root on the host) nor a lookup of ids in Lua.
// - The tail input's `docker` multiline parser reads that format and joins the lines Docker
//   splits at 16 KiB; the tail database keeps the offsets, so a restart reads nothing twice.
// - The parser filter turns a JSON line (request_id, user_id, level, route, status, service…)
//   into fields, keeping Docker's own (Reserve_Data); a line that is not JSON stays as it is,
//   its text in `log`.
// - The redaction filter (Lua) runs last before the output, on fields and message alike.
// - Filesystem buffering (storage.type filesystem, storage.path on the data volume, a cap per
//   output) keeps what VictoriaLogs could not take yet, and retries without a limit.
// - The output is VictoriaLogs' JSON stream API (docs/victorialogs/data-ingestion/Fluentbit.md
//   in the VictoriaLogs repository): the message is the first of msg, message, event (structlog)
//   or log that is set; the time is Fluent Bit's record time; the streams are host, service
//   and container.

/** Fluent Bit's configuration and its parsers, under its tree (mounted at the catalog's mount). */
export const FLUENT_BIT_CONFIG_FILE = "fluent-bit/fluent-bit.conf";
export const FLUENT_BIT_PARSERS_FILE = "fluent-bit/parsers.conf";

/** The fields every line is streamed by in VictoriaLogs (few values each: its stream fields). */
export const LOG_STREAM_FIELDS = ["host", "service", "container"] as const;
/** Where the message is, first set wins: pino's msg, python-json-logger's message, structlog's event, a plain line's log. */
export const LOG_MESSAGE_FIELDS = ["msg", "message", "event", "log"] as const;
/** The record time Fluent Bit's http output writes, as VictoriaLogs' Fluent Bit page sets it. */
const TIME_FIELD = "date";
/** How much a shipper keeps on disk while VictoriaLogs is unreachable (per output); the oldest goes first. */
export const BUFFER_LIMIT = "1G";
/** The environment variable the application hosts' shipper reads the ingest token from. */
export const INGEST_TOKEN_VARIABLE = "VIGIL_LOG_INGEST_TOKEN";

/** One section of Fluent Bit's classic configuration: its header and its keys in order. */
export interface FluentBitSection {
  header: "SERVICE" | "INPUT" | "FILTER" | "OUTPUT" | "PARSER";
  entries: ReadonlyArray<readonly [string, string]>;
}

/** What one shipper reads, where it sends, and where it keeps its state. */
export interface ShipperInput {
  /** The `host` stream field: the droplet's or the application host's name. */
  host: string;
  sources: LogSources;
  /** VictoriaLogs itself (the droplet) or vmauth's log ingest listener (an application host). */
  destination: Endpoint & { tls?: boolean };
  /** Sent as `Authorization: Bearer ${VIGIL_LOG_INGEST_TOKEN}`, read from the environment: vmauth's token. */
  bearerFromEnvironment?: boolean;
  /** Where the filesystem buffer and the tail offsets live. */
  stateDir: string;
  /** Where the parsers file and the redaction script are, as the shipper reads them. */
  parsersFile: string;
  redactionScript: string;
  /** The built-in HTTP server (health, Prometheus metrics); absent: off. */
  httpServer?: Endpoint;
  /** The `service` field of a line that names none (an application host's own lines). */
  defaultService?: string;
}

function section(header: FluentBitSection["header"], entries: Array<readonly [string, string]>): FluentBitSection {
  return { header, entries };
}

function tailInputs(sources: LogSources, stateDir: string): FluentBitSection[] {
  const common = (tag: string, path: string): Array<readonly [string, string]> => [
    ["Name", "tail"],
    ["Tag", tag],
    ["Path", path],
    ["DB", `${stateDir}/tail.db`],
    // Lines read while the output is behind wait in the filesystem buffer, not in memory.
    ["storage.type", "filesystem"],
    ["Mem_Buf_Limit", "16MB"],
    ["Skip_Long_Lines", "On"],
    ["Refresh_Interval", "10"],
  ];
  if (sources.kind === "docker") return [section("INPUT", [...common("docker.*", sources.path), ["multiline.parser", "docker"]])];
  // One input per file, tagged by its service, which the modify filter below writes into the line.
  return Object.keys(sources.files).map((name) => section("INPUT", common(`file.${name}`, sources.files[name] as string)));
}

/** The filters that give every line its service and container, for either kind of source. */
function labelFilters(input: ShipperInput): FluentBitSection[] {
  const filters: FluentBitSection[] = [];
  if (input.sources.kind === "docker") {
    // attrs: the docker labels `--log-opt labels=…` copies into each line.
    filters.push(section("FILTER", [["Name", "nest"], ["Match", "docker.*"], ["Operation", "lift"], ["Nested_under", "attrs"]]));
    filters.push(
      section("FILTER", [
        ["Name", "modify"],
        ["Match", "docker.*"],
        // The labels vigil sets win over a field of the same name in the application's line.
        ["Hard_rename", "vigil.service service"],
        ["Hard_rename", "vigil.container container"],
      ]),
    );
  } else {
    for (const name of Object.keys(input.sources.files)) {
      filters.push(section("FILTER", [["Name", "modify"], ["Match", `file.${name}`], ["Add", `service ${name}`], ["Add", `container ${name}`]]));
    }
  }
  const added: Array<readonly [string, string]> = [["Add", `host ${input.host}`]];
  if (input.defaultService) added.push(["Add", `service ${input.defaultService}`]);
  // Add sets a key only where it is missing: a line's own service stays.
  filters.push(section("FILTER", [["Name", "modify"], ["Match", "*"], ...added]));
  return filters;
}

/** The whole pipeline of one shipper, as sections. */
export function shipperSections(input: ShipperInput): FluentBitSection[] {
  const service = section("SERVICE", [
    ["Flush", "1"],
    ["Log_Level", "info"],
    ["Parsers_File", input.parsersFile],
    ...(input.httpServer
      ? ([
          ["HTTP_Server", "On"],
          ["HTTP_Listen", input.httpServer.host],
          ["HTTP_Port", String(input.httpServer.port)],
          // /api/v1/health answers 200 while outputs deliver (the local stack's readiness).
          ["Health_Check", "On"],
        ] as const)
      : []),
    ["storage.path", `${input.stateDir}/buffer`],
    ["storage.sync", "normal"],
    ["storage.checksum", "off"],
    ["storage.backlog.mem_limit", "16M"],
    ["storage.metrics", "on"],
  ]);
  const uri = `/insert/jsonline?_stream_fields=${LOG_STREAM_FIELDS.join(",")}&_msg_field=${LOG_MESSAGE_FIELDS.join(",")}&_time_field=${TIME_FIELD}`;
  const output = section("OUTPUT", [
    ["Name", "http"],
    ["Match", "*"],
    ["Host", input.destination.host],
    ["Port", String(input.destination.port)],
    ["URI", uri],
    ["Format", "json_lines"],
    ["Json_date_key", TIME_FIELD],
    ["Json_date_format", "iso8601"],
    ...(input.destination.tls ? ([["tls", "On"], ["tls.verify", "On"]] as const) : []),
    // Fluent Bit expands ${VAR} from its environment when it reads the file: the token is in
    // neither the file nor the Pulumi state.
    ...(input.bearerFromEnvironment ? ([["Header", `Authorization Bearer \${${INGEST_TOKEN_VARIABLE}}`]] as const) : []),
    // Retried until it is delivered; the buffer's cap drops the oldest chunks first.
    ["Retry_Limit", "no_limits"],
    ["storage.total_limit_size", BUFFER_LIMIT],
  ]);
  return [
    service,
    ...tailInputs(input.sources, input.stateDir),
    ...labelFilters(input),
    section("FILTER", [
      ["Name", "parser"],
      ["Match", "*"],
      ["Key_Name", "log"],
      ["Parser", "vigil_json"],
      // Keep the line's other fields (service, container, stream); drop `log` once parsed into fields.
      ["Reserve_Data", "On"],
      ["Preserve_Key", "Off"],
    ]),
    // Last before the output, so that parsed fields and plain messages alike are redacted.
    section("FILTER", [["Name", "lua"], ["Match", "*"], ["script", input.redactionScript], ["call", REDACTION_FUNCTION]]),
    output,
  ];
}

/** The parsers file: the JSON parser the parser filter names. */
export function parserSections(): FluentBitSection[] {
  return [section("PARSER", [["Name", "vigil_json"], ["Format", "json"]])];
}

/** Fluent Bit's classic format: a header per section, its keys indented, aligned for reading. */
export function renderFluentBit(sections: readonly FluentBitSection[]): string {
  const header = "# Generated by vigil synth. Do not edit: change the TypeScript and run `npm run synth`.\n";
  const body = sections.map((part) => {
    const width = Math.max(...part.entries.map(([key]) => key.length));
    return [`[${part.header}]`, ...part.entries.map(([key, value]) => `    ${key.padEnd(width)} ${value}`)].join("\n");
  });
  return `${header}\n${body.join("\n\n")}\n`;
}

/** Where a file of Fluent Bit's tree is, as it reads it. */
function inTree(placement: Placement, path: string): string {
  return `${placement.mounts["fluent-bit"]}${path.slice("fluent-bit".length)}`;
}

/**
 * The relay's extra sensitive and safe field names, so that a log line is redacted by the same
 * rules as a Sentry event (one place to name a health app's PHI fields).
 */
export function redactionOptions(config: VigilConfig): RedactionKeyOptions {
  const scrub = config.sentryRelay?.scrub;
  return { sensitiveFields: scrub?.sensitiveFields ?? [], safeFields: scrub?.safeFields ?? [] };
}

/** The droplet's (or the local stack's) shipper: the stack's own logs, straight to VictoriaLogs. */
export function fluentBitArtifacts(config: VigilConfig, placement: Placement): Artifact[] {
  const sections = shipperSections({
    host: `vigil-${config.app.name}`,
    sources: placement.logSources,
    destination: placement.endpoints.victoriaLogs,
    stateDir: placement.dataDirs.fluentBit,
    parsersFile: inTree(placement, FLUENT_BIT_PARSERS_FILE),
    redactionScript: inTree(placement, REDACTION_SCRIPT_PATH),
    httpServer: { host: placement.bindHost, port: placement.endpoints.fluentBit.port },
  });
  return [
    { path: FLUENT_BIT_CONFIG_FILE, content: renderFluentBit(sections) },
    { path: FLUENT_BIT_PARSERS_FILE, content: renderFluentBit(parserSections()) },
    redactionScriptArtifact(redactionOptions(config)),
  ];
}

/** What an application host's shipper needs to be told. */
export interface AppHostShipperInput {
  /** The host's name, its `host` stream field (the droplet's name). */
  hostName: string;
  /** The vigil droplet's private address; the shipper sends to vmauth's log ingest port there. */
  vigilPrivateAddress: string;
  /** The application's name, the `service` of a line that names none (config app.name). */
  appName: string;
  /** Where Fluent Bit's files are on the host (the parsers file and the redaction script beside the config). */
  configDir: string;
  /** Where the buffer and the tail offsets are kept. */
  stateDir: string;
  /** What to read: the host's containers' json-file logs by default. */
  sources?: LogSources;
  /** The relay's extra sensitive and safe field names (redactionOptions); none by default. */
  redaction?: RedactionKeyOptions;
}

export interface AppHostShipperFiles {
  /** Fluent Bit's configuration, `${configDir}/fluent-bit.conf`. */
  config: string;
  /** Its parsers file, `${configDir}/parsers.conf`. */
  parsers: string;
  /** The redaction filter's script, `${configDir}/redact.lua`. */
  redactionScript: string;
  /** The variable the configuration reads the ingest token from: the host's service must set it. */
  tokenVariable: string;
}

/**
 * An application host's shipper: its containers' logs to vmauth on the vigil droplet's
 * private address, with the ingest token from the environment (INGEST_TOKEN_VARIABLE).
 * No secret is in what it returns.
 */
export function appHostShipperConfig(input: AppHostShipperInput, logIngestPort: number): AppHostShipperFiles {
  const sections = shipperSections({
    host: input.hostName,
    sources: input.sources ?? { kind: "docker", path: DOCKER_JSON_LOGS },
    destination: { host: input.vigilPrivateAddress, port: logIngestPort },
    bearerFromEnvironment: true,
    stateDir: input.stateDir,
    parsersFile: `${input.configDir}/parsers.conf`,
    redactionScript: `${input.configDir}/redact.lua`,
    // Health and metrics on the host's loopback only.
    httpServer: { host: "127.0.0.1", port: 2020 },
    defaultService: input.appName,
  });
  return {
    config: renderFluentBit(sections),
    parsers: renderFluentBit(parserSections()),
    redactionScript: renderRedactionLua(input.redaction),
    tokenVariable: INGEST_TOKEN_VARIABLE,
  };
}
