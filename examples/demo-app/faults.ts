import { z } from "zod";

// What the fault suite can do to the demo app while it runs: fail a share of requests,
// slow every request down, or stop answering the public page (the blackbox probe's URL)
// while /metrics still answers, the way a wedged front end looks from outside.

export const faultsSchema = z.strictObject({
  /** Share of /api requests answered 500, 0–1; spread evenly (every 20th at 0.05), not at random. */
  errorRate: z.number().min(0).max(1).default(0),
  /** Milliseconds added to every /api request. */
  extraLatencyMs: z.number().int().min(0).max(60_000).default(0),
  /** The public page (/) holds the request and never answers. */
  publicPageDown: z.boolean().default(false),
  /** The next n scrapes of /metrics fail with 503 (single failed scrapes for the quiet run). */
  failNextScrapes: z.number().int().min(0).max(100).default(0),
});
export type Faults = z.infer<typeof faultsSchema>;

export const NO_FAULTS: Faults = faultsSchema.parse({});

/**
 * Decides which requests fail so that exactly `rate` of them do, evenly spread: request n
 * fails when floor((n+1)·rate) > floor(n·rate). A random draw would make a 5% fault look
 * like 0% or 12% over the few requests a fast alert window holds.
 */
export class EvenFailures {
  private served = 0;

  shouldFail(rate: number): boolean {
    const n = this.served++;
    return Math.floor((n + 1) * rate) > Math.floor(n * rate);
  }
}
