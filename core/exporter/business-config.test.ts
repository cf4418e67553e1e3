import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { businessConfigDefaults } from "../../test/support/fixtures";
import { businessConfigSchema, readBusinessSecrets } from "./business-config";

const base = businessConfigDefaults();

function problems(raw: unknown): string[] {
  const result = businessConfigSchema.safeParse(raw);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("the exporter's business config", () => {
  it("checks a hand-written file as synth does, and names what each feature needs", () => {
    expect(
      problems({
        ...base,
        saasPreset: true,
        sql: [{ name: "x", help: "h", type: "gauge", query: "SELECT 1 AS n", labels: [], intervalSeconds: 60, timeoutSeconds: 5 }],
        redisMetrics: [{ name: "q", help: "h", kind: "listLength", key: "jobs", intervalSeconds: 30, timeoutSeconds: 5 }],
        events: [{ name: "e_total", help: "h", labels: [], cardinalityCap: 5 }],
      }),
    ).toEqual([
      'sql.0.query: the query selects no column named "value" (write … AS value)',
      "postgres: SQL metrics need a postgres connection",
      "redis: Redis metrics need a redis connection",
      "ingestTokenFile: events need an ingest token, or anybody could post them",
    ]);
  });

  it("reads each secret file once, without an editor's trailing newline, and names a missing one", () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-business-secrets-"));
    try {
      writeFileSync(join(dir, "pg"), "pg-pass\n");
      writeFileSync(join(dir, "token"), "tok");
      const config = businessConfigSchema.parse({
        ...base,
        postgres: { host: "db", port: 5432, database: "app", user: "mon", passwordFile: join(dir, "pg"), sslmode: "require" },
        ingestTokenFile: join(dir, "token"),
      });
      expect(readBusinessSecrets(config)).toEqual({ postgresPassword: "pg-pass", ingestToken: "tok" });
      const missing = { ...config, ingestTokenFile: join(dir, "absent") };
      expect(() => readBusinessSecrets(missing)).toThrow(`cannot read secret file ${join(dir, "absent")}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
