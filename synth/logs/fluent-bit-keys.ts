// The Fluent Bit configuration keys vigil renders, each with the page of Fluent Bit's manual
// (docs.fluentbit.io/manual, the fluent/fluent-bit-docs repository; pinned release 5.1.3) that
// documents it. Fluent Bit is not packaged by Debian and cannot run in the tests, so the
// rendered configuration is checked against this list instead (fluent-bit-keys.test.ts):
// a key not listed here is not rendered. Keys are case-insensitive in Fluent Bit; vigil
// writes them as the manual does.

const MANUAL = "https://docs.fluentbit.io/manual";

/** The keys of each section kind ([SERVICE], an [INPUT] or [FILTER] or [OUTPUT] plugin by name, a [PARSER]), with their page. */
export const DOCUMENTED_KEYS = {
  service: {
    page: `${MANUAL}/administration/configuring-fluent-bit/classic-mode/configuration-file`,
    keys: ["Flush", "Log_Level", "Parsers_File", "HTTP_Server", "HTTP_Listen", "HTTP_Port", "Health_Check"],
    // storage.*: administration/buffering-and-storage ("Service section configuration").
    storageKeys: ["storage.path", "storage.sync", "storage.checksum", "storage.backlog.mem_limit", "storage.metrics"],
  },
  tail: {
    page: `${MANUAL}/pipeline/inputs/tail`,
    keys: ["Name", "Tag", "Path", "Path_Key", "multiline.parser", "DB", "Mem_Buf_Limit", "Skip_Long_Lines", "Refresh_Interval", "Read_from_Head", "storage.type"],
  },
  nest: { page: `${MANUAL}/pipeline/filters/nest`, keys: ["Name", "Match", "Operation", "Nested_under"] },
  modify: { page: `${MANUAL}/pipeline/filters/modify`, keys: ["Name", "Match", "Add", "Hard_rename"] },
  parser: { page: `${MANUAL}/pipeline/filters/parser`, keys: ["Name", "Match", "Key_Name", "Parser", "Reserve_Data", "Preserve_Key"] },
  lua: { page: `${MANUAL}/pipeline/filters/lua`, keys: ["Name", "Match", "script", "call"] },
  http: {
    page: `${MANUAL}/pipeline/outputs/http`,
    keys: ["Name", "Match", "Host", "Port", "URI", "Format", "Json_date_key", "Json_date_format", "Header", "tls", "tls.verify"],
    // Retry_Limit: administration/scheduling-and-retries; storage.total_limit_size: administration/buffering-and-storage.
    commonKeys: ["Retry_Limit", "storage.total_limit_size"],
  },
  parserDefinition: { page: `${MANUAL}/pipeline/parsers/configuring-parser`, keys: ["Name", "Format"] },
} as const;

/** The documented keys of a section: `service`, `parserDefinition`, or a plugin's Name. */
export function documentedKeys(kind: string): readonly string[] {
  switch (kind) {
    case "service":
      return [...DOCUMENTED_KEYS.service.keys, ...DOCUMENTED_KEYS.service.storageKeys];
    case "http":
      return [...DOCUMENTED_KEYS.http.keys, ...DOCUMENTED_KEYS.http.commonKeys];
    case "tail":
    case "nest":
    case "modify":
    case "parser":
    case "lua":
    case "parserDefinition":
      return DOCUMENTED_KEYS[kind].keys;
    default:
      return [];
  }
}
