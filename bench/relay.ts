import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { handleTunnelRequest, type Event } from "@sentry/core";
import { Pool } from "undici";
import { relayConfigSchema } from "../core/exporter/relay-config";
import { browserErrorEvent, bytesOf, tunnelEnvelope } from "../examples/demo-app/envelopes";
import { createMetrics } from "../exporter/metrics";
import { SentryRelay } from "../exporter/relay/relay";
import { buildIngestServer } from "../exporter/server";
import { FakeSentry } from "../scripts/local/fake-sentry";
import { loopbackExporterConfig } from "../test/support/exporter-config";
import { percentile } from "./percentile";

// The relay's section of bench/results.md: 10 KB event envelopes through vigil's relay (scrubbing
// on) and through @sentry/core's handleTunnelRequest (no scrubbing), to the same fake Sentry on
// 127.0.0.1, in one run, rounds interleaved so both see the same machine. Then the relay's
// resident memory while that upstream stalls. Loopback only, bounded in count and time.

const CONCURRENCY = 16;
const ROUND_SECONDS = 3;
const ROUNDS = 2;
const STALL_REQUESTS = 3_000;
/** More clients than the relay admits (connections + queue), so some are refused at once. */
const STALL_CONCURRENCY = 400;

interface Sample {
  latenciesMs: number[];
  failures: number;
  seconds: number;
}

/** A browser error event of about 10 KB, with what a real one carries to scrub (addresses, emails, cookies). */
function tenKilobyteEvent(): Event {
  const breadcrumbs = Array.from({ length: 52 }, (_, index) => ({
    timestamp: 1_763_800_000 + index,
    category: index % 2 ? "fetch" : "ui.click",
    message: index % 5 === 0 ? `order ${1000 + index} confirmation sent to customer${index}@example.com` : `GET /api/cart/${index} 200`,
    data: { url: `https://shop.example.com/api/cart/${index}?page=${index}`, status_code: 200, method: "GET" },
  }));
  return browserErrorEvent({
    user: { id: "42", email: "ada@example.com", ip_address: "{{auto}}" },
    request: {
      url: "https://shop.example.com/cart",
      headers: {
        "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        Cookie: "session=abc123; theme=dark",
        "X-Forwarded-For": "203.0.113.9",
      },
    },
    breadcrumbs,
    extra: { cart: { items: 3, total: 129.9, currency: "EUR" } },
  });
}

/** Closed loop: CONCURRENCY clients post the envelope back to back for `seconds`. */
async function load(pool: Pool, path: string, body: Buffer, seconds: number, concurrency = CONCURRENCY): Promise<Sample> {
  const latenciesMs: number[] = [];
  let failures = 0;
  const started = performance.now();
  const until = started + seconds * 1_000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const begun = performance.now();
        try {
          const response = await pool.request({ path, method: "POST", body, headers: { "content-type": "text/plain;charset=UTF-8" } });
          await response.body.dump();
          if (response.statusCode === 200) latenciesMs.push(performance.now() - begun);
          else failures += 1;
        } catch {
          failures += 1;
        }
      }
    }),
  );
  return { latenciesMs, failures, seconds: (performance.now() - started) / 1_000 };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Target {
  name: string;
  origin: string;
  path: string;
}

interface Row {
  name: string;
  sent: number;
  failures: number;
  perSecond: number;
  p50: number;
  p99: number;
}

function summarize(name: string, samples: Sample[]): Row {
  const sorted = samples.flatMap((sample) => sample.latenciesMs).sort((a, b) => a - b);
  const seconds = samples.reduce((sum, sample) => sum + sample.seconds, 0);
  return {
    name,
    sent: sorted.length,
    failures: samples.reduce((sum, sample) => sum + sample.failures, 0),
    perSecond: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}

export async function benchRelay(): Promise<string> {
  const fake = await FakeSentry.start();
  fake.record = false;
  const { port } = new URL(fake.origin);
  const dsn = `http://0123456789abcdef0123456789abcdef@127.0.0.1:${port}/4505`;
  const body = bytesOf(tunnelEnvelope(tenKilobyteEvent(), dsn));

  const exporterConfig = loopbackExporterConfig({ service: "vigil-exporter-bench", logLevel: "warn" });
  const relayConfig = relayConfigSchema.parse({
    tunnelPath: "/tunnel",
    allowedDsns: [{ dsn }],
    // The benchmark is one client: the per-client bucket would measure itself, not the relay.
    rateLimit: { perClientPerSecond: 1_000_000, burst: 1_000_000 },
    upstream: { connections: CONCURRENCY, maxQueued: 256, timeoutMs: 2_000 },
  });
  const metrics = createMetrics(exporterConfig.service);
  const relay = new SentryRelay(relayConfig, metrics.registry);
  const vigil = buildIngestServer(exporterConfig, { metrics, relay, logStream: { write: () => {} } });
  await vigil.listen({ host: "127.0.0.1", port: 0 });
  const vigilOrigin = `http://127.0.0.1:${(vigil.server.address() as AddressInfo).port}`;

  // @sentry/core's own tunnel, the way its docs mount it on node:http.
  const sentryTunnel = createServer((request, response) => {
    void handleTunnelRequest(request, response, { allowedDsns: [dsn] });
  });
  const sentryOrigin = await listen(sentryTunnel);

  const targets: Target[] = [
    { name: "fake Sentry, directly (baseline)", origin: fake.origin, path: "/api/4505/envelope/" },
    { name: "@sentry/core handleTunnelRequest (no scrubbing)", origin: sentryOrigin, path: "/tunnel" },
    { name: "vigil relay (scrubbing on)", origin: vigilOrigin, path: "/tunnel" },
  ];
  const pools = new Map(targets.map((target) => [target.name, new Pool(target.origin, { connections: STALL_CONCURRENCY })]));
  try {
    // Warm-up: JIT, connection pools, both tunnels' first requests.
    for (const target of targets) await load(pools.get(target.name)!, target.path, body, 0.5);
    const samples = new Map<string, Sample[]>(targets.map((target) => [target.name, []]));
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const target of targets) samples.get(target.name)!.push(await load(pools.get(target.name)!, target.path, body, ROUND_SECONDS));
    }
    const rows = targets.map((target) => summarize(target.name, samples.get(target.name)!));
    const [baseline, sentry, ours] = rows as [Row, Row, Row];

    // Stalled upstream: every request waits for a connection or a 2 s timeout, or is refused at once.
    fake.mode = { kind: "stall" };
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
    const stallStarted = performance.now();
    const stallPool = pools.get(targets[2]!.name)!;
    const statuses = new Map<number, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: STALL_CONCURRENCY }, async () => {
        while (next < STALL_REQUESTS) {
          next += 1;
          const response = await stallPool.request({ path: "/tunnel", method: "POST", body, headers: { "content-type": "text/plain" } });
          await response.body.dump();
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        }
      }),
    );
    clearInterval(sampler);
    const stallSeconds = (performance.now() - stallStarted) / 1_000;
    fake.release();

    const ms = (value: number) => value.toFixed(2);
    const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    const ratio = ours.perSecond / sentry.perSecond;
    const addedOurs = ours.p99 - baseline.p99;
    const addedSentry = sentry.p99 - baseline.p99;
    return [
      "## Sentry relay: vigil vs @sentry/core's handleTunnelRequest",
      "",
      `Written by bench/relay.ts. One ${(body.length / 1024).toFixed(1)} KB browser error envelope (52 breadcrumbs, an email,`,
      "a cookie, an address to scrub), posted by " + `${CONCURRENCY} keep-alive clients back to back, ${ROUNDS} rounds of ${ROUND_SECONDS} s per target,`,
      "rounds interleaved, all in one process on 127.0.0.1, against the same fake Sentry (exporter/relay/testing/fake-sentry.ts).",
      "@sentry/core 11.12.0 exports `handleTunnelRequest` under that name (utils/tunnelForward.ts); it is mounted on",
      "node:http as its docs show, streams the body to Sentry with fetch and does not scrub. vigil's relay parses,",
      "scrubs (this envelope: every time) and re-serializes, then sends over an undici keep-alive pool.",
      "",
      "| path | envelopes | failed | envelopes / s | p50 ms | p99 ms | p99 added over baseline, ms |",
      "|---|---:|---:|---:|---:|---:|---:|",
      ...rows.map((row) => `| ${row.name} | ${row.sent} | ${row.failures} | ${row.perSecond.toFixed(0)} | ${ms(row.p50)} | ${ms(row.p99)} | ${row === baseline ? "—" : ms(row.p99 - baseline.p99)} |`),
      "",
      `- Throughput ratio, vigil (scrubbing on) / handleTunnelRequest: ${ratio.toFixed(2)} (goal: at least 1.0) — ${ratio >= 1 ? "met" : "NOT met"}.`,
      `- Added p99: vigil ${ms(addedOurs)} ms, handleTunnelRequest ${ms(addedSentry)} ms (goal: no worse) — ${addedOurs <= addedSentry ? "met" : "NOT met"}.`,
      `- Upstream stalled: ${STALL_REQUESTS} envelopes from ${STALL_CONCURRENCY} clients took ${stallSeconds.toFixed(1)} s; answers ` +
        `${[...statuses.entries()].sort().map(([status, count]) => `${count}× ${status}`).join(", ")} (${relayConfig.upstream.connections} connections + ` +
        `${relayConfig.upstream.maxQueued} queued at most, those after the 2 s timeout, the rest refused at once). ` +
        `Resident memory of the whole benchmark process: ${mib(rssBefore)} MiB before, ${mib(rssPeak)} MiB at peak (+${mib(rssPeak - rssBefore)} MiB).`,
      "",
    ].join("\n");
  } finally {
    await Promise.all([...pools.values()].map((pool) => pool.destroy()));
    await vigil.close();
    await relay.close();
    sentryTunnel.closeAllConnections();
    await new Promise<void>((resolve) => sentryTunnel.close(() => resolve()));
    await fake.close();
  }
}
