// vmauth in front of VictoriaLogs' insert endpoint, run for real: Debian's vmauth with the
// auth config synth renders (synth/logs/vmauth.ts), its secret filled the way the local stack
// fills it, and the flags serviceSpecs gives it. VictoriaLogs is not packaged by Debian, so the
// backend here is a plain HTTP recorder on VictoriaLogs' address: it answers 204 to everything
// and keeps what arrived. It does not pretend to be VictoriaLogs (no query API, no parsing);
// it only shows what vmauth let through.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../core/config";
import { localPlacement, PORT_NAMES } from "../../core/placement";
import { FAST } from "../../core/timing";
import { EXTRA_PORTS, LOCAL_CONFIG_FILE, localConfigAt } from "../../scripts/local/config";
import { freePorts, httpOk, ProcessGroup, waitUntil } from "../../scripts/local/processes";
import { serviceProcess } from "../../scripts/local/vigil-services";
import { synth } from "../../synth";
import { VMAUTH_CONFIG_FILE } from "../../synth/logs/vmauth";
import { fillSecrets, secretValuesOf } from "../../synth/secrets";
import { serviceSpecs } from "../../synth/services";

interface Arrived {
  method: string;
  url: string;
  body: string;
}

/** Records every request; nothing more. */
function recorder(arrived: Arrived[]): Server {
  return createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      arrived.push({ method: request.method ?? "", url: request.url ?? "", body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(204).end();
    });
  });
}

describe("vmauth in front of the log store's insert endpoint", () => {
  const dir = mkdtempSync(join(tmpdir(), "vigil-log-ingest-"));
  const group = new ProcessGroup(dir);
  const arrived: Arrived[] = [];
  const backend = recorder(arrived);
  let ingestUrl = "";
  let token = "";

  beforeAll(async () => {
    const ports = await freePorts([...PORT_NAMES, ...EXTRA_PORTS]);
    const config = parseConfig(localConfigAt(20_000), LOCAL_CONFIG_FILE);
    const placement = localPlacement(dir, ports);
    const secrets = secretValuesOf(config);
    token = secrets.get("logs.ingestToken") ?? "";
    expect(token, "scripts/local/vigil.local.yaml sets logs.ingestToken").not.toBe("");
    const artifact = synth(config, placement, FAST).find((candidate) => candidate.path === VMAUTH_CONFIG_FILE);
    if (!artifact?.secret) throw new Error(`${VMAUTH_CONFIG_FILE} is not rendered as a secret artifact`);
    const file = join(dir, artifact.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, fillSecrets(artifact.content, secrets), { mode: 0o600 });

    await new Promise<void>((resolve) => backend.listen(placement.endpoints.victoriaLogs.port, "127.0.0.1", resolve));
    const spec = serviceSpecs(config, placement, FAST).vmauth;
    if (!spec) throw new Error("no vmauth spec although logs.ingestToken is set");
    const start = serviceProcess("vmauth", spec, placement, secrets, "");
    if ("skipped" in start) throw new Error(start.skipped);
    group.start(start);
    ingestUrl = `http://127.0.0.1:${placement.logIngest.port}`;
    const internal = `http://127.0.0.1:${placement.endpoints.vmauth.port}/health`;
    await waitUntil("vmauth", () => httpOk(internal), 30_000);
  }, 60_000);

  afterAll(async () => {
    await group.stopAll();
    await new Promise((resolve) => backend.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    arrived.length = 0;
  });

  const line = `${JSON.stringify({ msg: "hello", request_id: "r-1", service: "shop" })}\n`;
  const insert = (headers: Record<string, string>, path = "/insert/jsonline?_stream_fields=service") =>
    fetch(`${ingestUrl}${path}`, { method: "POST", headers: { "content-type": "application/stream+json", ...headers }, body: line });

  it("refuses an insert without the token, or with another one, with 401, and forwards nothing", async () => {
    expect((await insert({})).status).toBe(401);
    expect((await insert({ authorization: "Bearer someone-else" })).status).toBe(401);
    expect((await insert({ authorization: `Basic ${Buffer.from(`x:${token}`).toString("base64")}` })).status).toBe(401);
    expect(arrived).toEqual([]);
  });

  it("forwards an insert with the token to the store, path, query and body as sent", async () => {
    const response = await insert({ authorization: `Bearer ${token}` });
    expect(response.status).toBe(204);
    expect(arrived).toEqual([{ method: "POST", url: "/insert/jsonline?_stream_fields=service", body: line }]);
  });

  it("proxies the insert path alone: the query API, the UI and other insert protocols are refused even with the token", async () => {
    for (const path of ["/select/logsql/query?query=*", "/select/vmui/", "/insert/loki/api/v1/push", "/insert/jsonline/../../select/logsql/query", "/metrics"]) {
      const response = await fetch(`${ingestUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status, path).toBeGreaterThanOrEqual(400);
    }
    expect(arrived).toEqual([]);
  });

  it("serves its own metrics and health on the internal listener, not on the ingest port", async () => {
    const health = await fetch(`${ingestUrl}/health`);
    expect(health.status).toBe(401);
  });
});
