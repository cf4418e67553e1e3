import { describe, expect, it } from "vitest";
import { definitionProblems, mentionsColumn, type BusinessDefinitions, type SqlMetricDefinition } from "./business-definitions";
import { SAAS_PRESET_NAMES } from "./contract";

const sql = (overrides: Partial<SqlMetricDefinition> = {}): SqlMetricDefinition => ({
  name: "orders_open",
  help: "open orders",
  type: "gauge",
  query: "SELECT region, count(*) AS value FROM orders GROUP BY region",
  labels: ["region"],
  intervalSeconds: 60,
  timeoutSeconds: 10,
  ...overrides,
});

const defs = (overrides: Partial<BusinessDefinitions>): BusinessDefinitions => ({ sql: [], redis: [], events: [], presetNames: [], ...overrides });

describe("definitionProblems", () => {
  it("accepts a well-formed SQL metric", () => {
    expect(definitionProblems(defs({ sql: [sql()] }))).toEqual([]);
  });

  it("rejects a metric name Prometheus would reject, with its path", () => {
    expect(definitionProblems(defs({ sql: [sql({ name: "orders-open" })] }))).toEqual([
      { path: ["sql", 0, "name"], message: '"orders-open" is not a metric name Prometheus accepts ([a-zA-Z_:][a-zA-Z0-9_:]*)' },
    ]);
  });

  it("rejects a query that selects no value column", () => {
    const problems = definitionProblems(defs({ sql: [sql({ query: "SELECT region, count(*) AS n FROM orders GROUP BY region" })] }));
    expect(problems).toEqual([{ path: ["sql", 0, "query"], message: 'the query selects no column named "value" (write … AS value)' }]);
  });

  it("rejects a declared label the query does not return", () => {
    const problems = definitionProblems(defs({ sql: [sql({ labels: ["region", "country"] })] }));
    expect(problems).toEqual([{ path: ["sql", 0, "labels"], message: 'label "country" is not returned by the query (select a column named country)' }]);
  });

  it("rejects duplicate names across SQL, Redis, events and the preset", () => {
    const problems = definitionProblems(
      defs({
        sql: [sql(), sql({ name: "saas_mrr" })],
        redis: [{ name: "orders_open", help: "h", kind: "listLength", key: "q", intervalSeconds: 30, timeoutSeconds: 5 }],
        events: [{ name: "orders_open", help: "h", labels: [], cardinalityCap: 10 }],
        presetNames: SAAS_PRESET_NAMES,
      }),
    );
    expect(problems.map((p) => `${p.path.join(".")}: ${p.message}`)).toEqual([
      'sql.1.name: duplicate metric name "saas_mrr" (already used by the SaaS preset)',
      'redis.0.name: duplicate metric name "orders_open" (already used by sql.0)',
      'events.0.name: "orders_open" is a counter, so its name must end in _total',
      'events.0.name: duplicate metric name "orders_open" (already used by sql.0)',
    ]);
  });

  it("rejects reserved and malformed labels, a counter without _total, and a timeout above the interval", () => {
    const problems = definitionProblems(
      defs({ sql: [sql({ type: "counter", labels: ["service", "__x", "value"], query: "SELECT service, __x, 1 AS value", timeoutSeconds: 120 })] }),
    );
    expect(problems.map((p) => p.message)).toEqual([
      '"orders_open" is a counter, so its name must end in _total',
      'label "service" is set by the exporter itself',
      '"__x" is not a label name Prometheus accepts',
      '"value" is the sample\'s column and cannot be a label',
      "the timeout is longer than the interval, so runs would pile up",
    ]);
  });

  it("needs a field for hashField metrics and refuses one elsewhere", () => {
    const redis = [
      { name: "a", help: "h", kind: "hashField" as const, key: "k", intervalSeconds: 30, timeoutSeconds: 5 },
      { name: "b", help: "h", kind: "listLength" as const, key: "k", field: "f", intervalSeconds: 30, timeoutSeconds: 5 },
    ];
    expect(definitionProblems(defs({ redis })).map((p) => p.path.join("."))).toEqual(["redis.0.field", "redis.1.field"]);
  });
});

describe("mentionsColumn", () => {
  it("finds whole words, quoted or not, in any case", () => {
    expect(mentionsColumn('SELECT from_tier AS "from" FROM t', "from")).toBe(true);
    expect(mentionsColumn("SELECT count(*) AS VALUE FROM t", "value")).toBe(true);
    expect(mentionsColumn("SELECT count(*) AS values_seen FROM t", "value")).toBe(false);
    expect(mentionsColumn("SELECT region_code, 1 AS value", "region")).toBe(false);
  });
});
