// Retries with exponential backoff for calls to Spaces: a brief outage or a throttled
// request is retried a few times before the publish counts as failed.

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Wait before the second attempt; doubled before each next one. */
  baseDelayMs: number;
  /** Injected so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Errors that retrying cannot fix (a missing key) are thrown at once. */
  retryable?: (error: unknown) => boolean;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500 };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export async function withRetries<T>(policy: RetryPolicy, operation: (attempt: number) => Promise<T>): Promise<T> {
  const sleep = policy.sleep ?? realSleep;
  let lastError: unknown;
  for (let attempt = 1; attempt <= policy.attempts; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      lastError = error;
      if (policy.retryable && !policy.retryable(error)) break;
      if (attempt < policy.attempts) await sleep(policy.baseDelayMs * 2 ** (attempt - 1));
    }
  }
  throw lastError;
}
