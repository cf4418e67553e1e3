import { disabledUntil, envelopeItemTypeToDataCategory, isRateLimited, updateRateLimits, type DataCategory, type RateLimits } from "@sentry/core";

/** Clients remembered at once; the least recently seen is forgotten first. */
const MAX_CLIENTS = 10_000;

/**
 * A token bucket per client address: `burst` envelopes at once, refilled at `perSecond`.
 * SECURITY: the map is bounded, so a scan from many addresses costs memory up to the cap only.
 */
export class ClientBuckets {
  private readonly buckets = new Map<string, { tokens: number; updatedMs: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  /** 0 when the client may send now, otherwise the seconds until it may. */
  take(client: string, nowMs: number): number {
    const bucket = this.buckets.get(client) ?? { tokens: this.burst, updatedMs: nowMs };
    this.buckets.delete(client);
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((nowMs - bucket.updatedMs) / 1_000) * this.perSecond);
    bucket.updatedMs = nowMs;
    this.buckets.set(client, bucket);
    if (this.buckets.size > MAX_CLIENTS) this.buckets.delete(this.buckets.keys().next().value as string);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.perSecond);
  }
}

export interface ActiveLimit {
  retryAfterSeconds: number;
  /** X-Sentry-Rate-Limits for the categories refused, with the time that is left. */
  rateLimitsHeader: string;
}

/**
 * Rate limits Sentry announced per project (429, Retry-After, X-Sentry-Rate-Limits), read with
 * @sentry/core's own parser, so the relay refuses locally what Sentry would refuse anyway.
 */
export class UpstreamLimits {
  private readonly byProject = new Map<string, RateLimits>();

  record(projectId: string, response: { statusCode: number; retryAfter?: string | undefined; rateLimits?: string | undefined }, nowMs: number): void {
    const limits = updateRateLimits(
      this.byProject.get(projectId) ?? {},
      { statusCode: response.statusCode, headers: { "retry-after": response.retryAfter ?? null, "x-sentry-rate-limits": response.rateLimits ?? null } },
      nowMs,
    );
    if (Object.keys(limits).length > 0) this.byProject.set(projectId, limits);
  }

  /** The limit that refuses an envelope with these item types, if one is active. */
  active(projectId: string, itemTypes: readonly string[], nowMs: number): ActiveLimit | undefined {
    const limits = this.byProject.get(projectId);
    if (!limits) return undefined;
    const categories = [...new Set(itemTypes.map((type) => envelopeItemTypeToDataCategory(type as Parameters<typeof envelopeItemTypeToDataCategory>[0])))];
    const limited = categories.filter((category) => isRateLimited(limits, category, nowMs));
    if (limited.length === 0) {
      if (categories.every((category) => disabledUntil(limits, category) <= nowMs)) this.forgetExpired(projectId, limits, nowMs);
      return undefined;
    }
    const untilMs = Math.max(...limited.map((category) => disabledUntil(limits, category as DataCategory)));
    const retryAfterSeconds = Math.max(1, Math.ceil((untilMs - nowMs) / 1_000));
    return {
      retryAfterSeconds,
      rateLimitsHeader: limited.map((category) => `${Math.ceil((disabledUntil(limits, category) - nowMs) / 1_000)}:${category}:organization`).join(", "),
    };
  }

  private forgetExpired(projectId: string, limits: RateLimits, nowMs: number): void {
    if (Object.values(limits).every((until) => until <= nowMs)) this.byProject.delete(projectId);
  }
}
