import { Pool } from "undici";
import type { ProjectTarget } from "./allow-list";
import type { UpstreamErrorReason } from "./outcomes";

export interface UpstreamOptions {
  /** Keep-alive connections per origin: requests beyond it wait in undici's queue. */
  connections: number;
  /** Envelopes allowed to wait for a connection before the relay refuses at once. */
  maxQueued: number;
  timeoutMs: number;
}

export interface UpstreamAnswer {
  statusCode: number;
  contentType: string | undefined;
  retryAfter: string | undefined;
  rateLimits: string | undefined;
  body: Buffer;
}

export type Forwarded = { ok: true; answer: UpstreamAnswer; seconds: number } | { ok: false; reason: UpstreamErrorReason; seconds: number };

/** Sentry answers with a small JSON id; more than this is not read. */
const MAX_ANSWER_BYTES = 64 * 1024;

const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT"]);

/**
 * Sends envelopes to Sentry over one keep-alive pool per origin.
 * SECURITY: memory stays bounded while Sentry is slow or down: at most `connections` requests
 * run and `maxQueued` wait; everything beyond is refused at once rather than buffered.
 */
export class UpstreamClient {
  private readonly pools = new Map<string, Pool>();
  private pending = 0;

  constructor(
    origins: readonly string[],
    private readonly options: UpstreamOptions,
    private readonly onPendingChange: (pending: number) => void = () => {},
  ) {
    for (const origin of origins) {
      this.pools.set(
        origin,
        new Pool(origin, {
          connections: options.connections,
          keepAliveTimeout: 30_000,
          connectTimeout: Math.min(options.timeoutMs, 5_000),
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
        }),
      );
    }
  }

  async send(target: ProjectTarget, body: Uint8Array, headers: Record<string, string>): Promise<Forwarded> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1_000;
    const pool = this.pools.get(target.origin);
    if (!pool || this.pending >= this.options.connections + this.options.maxQueued) return { ok: false, reason: "queue_full", seconds: 0 };
    this.pending += 1;
    this.onPendingChange(this.pending);
    try {
      const response = await pool.request({
        origin: target.origin,
        path: target.path,
        method: "POST",
        headers,
        body,
        // Covers the wait for a connection too, so a queued envelope cannot wait forever.
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const answer: UpstreamAnswer = {
        statusCode: response.statusCode,
        contentType: header(response.headers["content-type"]),
        retryAfter: header(response.headers["retry-after"]),
        rateLimits: header(response.headers["x-sentry-rate-limits"]),
        body: await readCapped(response.body),
      };
      return { ok: true, answer, seconds: seconds() };
    } catch (error) {
      const code = (error as { code?: string; name?: string }).code;
      const name = (error as { name?: string }).name;
      const timedOut = name === "TimeoutError" || (code !== undefined && TIMEOUT_CODES.has(code));
      return { ok: false, reason: timedOut ? "timeout" : "unreachable", seconds: seconds() };
    } finally {
      this.pending -= 1;
      this.onPendingChange(this.pending);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.destroy()));
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) {
      body.destroy();
      break;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
