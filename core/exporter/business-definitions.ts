import { LABEL_NAME_PATTERN, METRIC_NAME_PATTERN } from "../prometheus-names";

// What a business metric or an application event is, in the exporter's own terms, and the
// checks that need no database. The vigil config (core/config/) and the exporter's config
// (exporter/config.ts) both run these checks, so a mistake fails at synth time with its path,
// and a config written by hand for the exporter fails at start-up the same way.

/** A metric name Prometheus accepts. */
export const METRIC_NAME = METRIC_NAME_PATTERN;
/** A label name Prometheus accepts (names starting with __ are reserved, checked apart). */
export const LABEL_NAME = LABEL_NAME_PATTERN;
/** The column holding each row's sample value. */
export const VALUE_COLUMN = "value";
/** Labels the exporter sets itself: a query or event that sets them would be overwritten. */
export const RESERVED_LABELS = ["service"] as const;
/** What a label value beyond an event label's cardinality cap is counted as. */
export const OVERFLOW_LABEL_VALUE = "other";

export type BusinessMetricType = "gauge" | "counter";

export interface SqlMetricDefinition {
  name: string;
  help: string;
  type: BusinessMetricType;
  /** Returns a `value` column and one column per label; runs in a READ ONLY transaction. */
  query: string;
  labels: string[];
  intervalSeconds: number;
  timeoutSeconds: number;
}

export const REDIS_METRIC_KINDS = ["listLength", "stringValue", "hashField"] as const;
export type RedisMetricKind = (typeof REDIS_METRIC_KINDS)[number];

export interface RedisMetricDefinition {
  name: string;
  help: string;
  /** listLength: LLEN key (a queue); stringValue: GET key; hashField: HGET key field. */
  kind: RedisMetricKind;
  key: string;
  field?: string;
  intervalSeconds: number;
  timeoutSeconds: number;
}

export interface EventDefinition {
  /** The counter the events increment. */
  name: string;
  help: string;
  /** The only labels a caller may set. */
  labels: string[];
  /** Distinct values kept per label; later new values count as `other`. */
  cardinalityCap: number;
}

export interface BusinessDefinitions {
  sql: SqlMetricDefinition[];
  redis: RedisMetricDefinition[];
  events: EventDefinition[];
  /** Names the preset adds, when it is on: they must not be declared again. */
  presetNames: readonly string[];
}

export interface DefinitionProblem {
  path: (string | number)[];
  message: string;
}

/** Whether the SQL text mentions `column` as a whole word (quoted or not, any case). */
export function mentionsColumn(query: string, column: string): boolean {
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^A-Za-z0-9_$])"?${escaped}"?($|[^A-Za-z0-9_$])`, "i").test(query);
}

/**
 * Every problem that can be found without running anything. A query's columns are only
 * known when it runs (the exporter checks them then); statically, the SQL must at least
 * name `value` and each declared label, which catches the usual typo and the forgotten alias.
 */
export function definitionProblems(defs: BusinessDefinitions): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const firstUse = new Map<string, string>();
  for (const name of defs.presetNames) firstUse.set(name, "the SaaS preset");
  const claim = (name: string, path: (string | number)[]) => {
    const owner = firstUse.get(name);
    if (owner) problems.push({ path: [...path, "name"], message: `duplicate metric name "${name}" (already used by ${owner})` });
    else firstUse.set(name, path.join("."));
  };
  // A run that outlasts its interval would overlap the next one.
  const checkTiming = (metric: { timeoutSeconds: number; intervalSeconds: number }, path: (string | number)[]) => {
    if (metric.timeoutSeconds > metric.intervalSeconds) {
      problems.push({ path: [...path, "timeout"], message: "the timeout is longer than the interval, so runs would pile up" });
    }
  };
  const checkName = (name: string, path: (string | number)[]) => {
    if (!METRIC_NAME.test(name)) {
      problems.push({ path: [...path, "name"], message: `"${name}" is not a metric name Prometheus accepts ([a-zA-Z_:][a-zA-Z0-9_:]*)` });
    } else if (name.startsWith("__")) {
      problems.push({ path: [...path, "name"], message: `"${name}": names starting with __ are reserved by Prometheus` });
    }
  };
  const checkLabels = (labels: string[], path: (string | number)[]) => {
    const seen = new Set<string>();
    labels.forEach((label, index) => {
      const at = [...path, "labels", index];
      if (!LABEL_NAME.test(label) || label.startsWith("__")) {
        problems.push({ path: at, message: `"${label}" is not a label name Prometheus accepts` });
      } else if ((RESERVED_LABELS as readonly string[]).includes(label)) {
        problems.push({ path: at, message: `label "${label}" is set by the exporter itself` });
      } else if (label === VALUE_COLUMN) {
        problems.push({ path: at, message: `"${VALUE_COLUMN}" is the sample's column and cannot be a label` });
      }
      if (seen.has(label)) problems.push({ path: at, message: `label "${label}" is declared twice` });
      seen.add(label);
    });
  };

  // OpenMetrics writes a counter's samples as <name>_total; ending every counter's name in
  // _total keeps it the same in both formats, as Prometheus' naming guide asks.
  const checkCounterName = (name: string, path: (string | number)[]) => {
    if (!name.endsWith("_total")) problems.push({ path: [...path, "name"], message: `"${name}" is a counter, so its name must end in _total` });
  };

  defs.sql.forEach((metric, index) => {
    const path = ["sql", index];
    checkName(metric.name, path);
    if (metric.type === "counter") checkCounterName(metric.name, path);
    claim(metric.name, path);
    checkLabels(metric.labels, path);
    if (!mentionsColumn(metric.query, VALUE_COLUMN)) {
      problems.push({ path: [...path, "query"], message: `the query selects no column named "${VALUE_COLUMN}" (write … AS ${VALUE_COLUMN})` });
    }
    for (const label of metric.labels) {
      if (!mentionsColumn(metric.query, label)) {
        problems.push({ path: [...path, "labels"], message: `label "${label}" is not returned by the query (select a column named ${label})` });
      }
    }
    checkTiming(metric, path);
  });
  defs.redis.forEach((metric, index) => {
    const path = ["redis", index];
    checkName(metric.name, path);
    claim(metric.name, path);
    if (metric.kind === "hashField" && !metric.field) {
      problems.push({ path: [...path, "field"], message: "a hashField metric needs the field to read" });
    }
    if (metric.kind !== "hashField" && metric.field !== undefined) {
      problems.push({ path: [...path, "field"], message: `field is only read by hashField metrics, not ${metric.kind}` });
    }
    checkTiming(metric, path);
  });
  defs.events.forEach((event, index) => {
    const path = ["events", index];
    checkName(event.name, path);
    checkCounterName(event.name, path);
    claim(event.name, path);
    checkLabels(event.labels, path);
  });
  return problems;
}
