// The local long-term store (scripts/local/long-term-store.ts) is VictoriaMetrics behind
// vmauth, both Debian's binaries: a remote_write without the bearer token is refused by
// vmauth and never reaches the store; with it, the request reaches VictoriaMetrics.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { longTermStore } from "../../scripts/local/long-term-store";
import { freePorts, httpOk, ProcessGroup, waitUntil } from "../../scripts/local/processes";

const TOKEN = "test-remote-write-token";

describe("the local long-term store", () => {
  const dir = mkdtempSync(join(tmpdir(), "vigil-lts-"));
  const group = new ProcessGroup(dir);
  let proxyUrl = "";
  let storeUrl = "";

  beforeAll(async () => {
    const ports = await freePorts(["store", "proxy"] as const);
    const store = longTermStore(join(dir, "store"), ports, TOKEN);
    group.start(store.store);
    group.start(store.proxy);
    ({ proxyUrl, storeUrl } = store);
    await waitUntil("VictoriaMetrics and vmauth", async () => (await httpOk(`${storeUrl}/health`)) && (await httpOk(`${proxyUrl}/health`)), 30_000);
  }, 60_000);

  afterAll(async () => {
    await group.stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (headers: Record<string, string>) =>
    fetch(`${proxyUrl}/api/v1/write`, { method: "POST", headers: { "content-type": "application/x-protobuf", ...headers }, body: "not snappy" });

  it("refuses a write without the bearer token, or with another one, with 401", async () => {
    expect((await write({})).status).toBe(401);
    expect((await write({ authorization: "Bearer someone-else" })).status).toBe(401);
  });

  it("passes a write with the token to VictoriaMetrics, which reads its body (400 for one that is not snappy)", async () => {
    const response = await write({ authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/snappy|decompress|cannot/i);
  });

  it("proxies the write path alone: the query API is not reachable through vmauth, even with the token", async () => {
    const response = await fetch(`${proxyUrl}/api/v1/query?query=up`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).not.toBe(200);
  });
});
