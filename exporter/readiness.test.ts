import { describe, expect, it } from "vitest";
import { Readiness } from "./readiness";

describe("Readiness", () => {
  it("is ready with no checks registered", async () => {
    expect(await new Readiness().evaluate()).toEqual({ ready: true, checks: {} });
  });

  it("is ready when every check passes and reports each by name", async () => {
    const readiness = new Readiness();
    readiness.register("postgres", async () => ({ ok: true }));
    readiness.register("redis", async () => ({ ok: true }));
    expect(await readiness.evaluate()).toEqual({
      ready: true,
      checks: { postgres: { ok: true }, redis: { ok: true } },
    });
  });

  it("is not ready when one check fails, and keeps that check's reason", async () => {
    const readiness = new Readiness();
    readiness.register("postgres", async () => ({ ok: true }));
    readiness.register("redis", async () => ({ ok: false, reason: "connection refused" }));
    expect(await readiness.evaluate()).toEqual({
      ready: false,
      checks: { postgres: { ok: true }, redis: { ok: false, reason: "connection refused" } },
    });
  });

  it("counts a check that throws as not ok, with the error message as reason", async () => {
    const readiness = new Readiness();
    readiness.register("spaces", async () => {
      throw new Error("bucket not found");
    });
    expect(await readiness.evaluate()).toEqual({
      ready: false,
      checks: { spaces: { ok: false, reason: "bucket not found" } },
    });
  });

  it("counts a check that never settles as not ok once its timeout passes", async () => {
    const readiness = new Readiness({ checkTimeoutMs: 20 });
    readiness.register("hung", () => new Promise(() => {}));
    expect(await readiness.evaluate()).toEqual({
      ready: false,
      checks: { hung: { ok: false, reason: "timed out after 20 ms" } },
    });
  });

  it("reports not ready with reason 'shutting down' once draining, without running checks", async () => {
    const readiness = new Readiness();
    let calls = 0;
    readiness.register("postgres", async () => {
      calls += 1;
      return { ok: true };
    });
    readiness.markDraining();
    expect(readiness.isDraining).toBe(true);
    expect(await readiness.evaluate()).toEqual({
      ready: false,
      checks: { shutdown: { ok: false, reason: "shutting down" } },
    });
    expect(calls).toBe(0);
  });

  it("refuses a duplicate name and the reserved shutdown name", () => {
    const readiness = new Readiness();
    readiness.register("postgres", async () => ({ ok: true }));
    expect(() => readiness.register("postgres", async () => ({ ok: true }))).toThrow(/already registered/);
    expect(() => readiness.register("shutdown", async () => ({ ok: true }))).toThrow(/reserved/);
  });
});
