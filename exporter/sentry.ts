import * as Sentry from "@sentry/node";

// The exporter's own errors (a business metric that starts failing, a 5xx, a crash) go to
// Sentry when a DSN is configured; without one, reporting is a no-op.

export interface ErrorReporter {
  capture(error: unknown, tags?: Record<string, string>): void;
  /** Waits (bounded) for queued reports to leave, before the process exits. */
  flush(timeoutMs?: number): Promise<void>;
}

export interface SentrySettings {
  dsn: string;
  environment: string;
}

const NO_REPORTS: ErrorReporter = { capture: () => undefined, flush: async () => undefined };

export function createErrorReporter(settings: SentrySettings | undefined): ErrorReporter {
  if (!settings) return NO_REPORTS;
  // Without the default integrations: no tracing, no console or HTTP instrumentation, so the
  // SDK costs nothing on the scrape path; errors are captured where they are handled.
  Sentry.initWithoutDefaultIntegrations({
    dsn: settings.dsn,
    environment: settings.environment,
    tracesSampleRate: 0,
  });
  return {
    capture: (error, tags = {}) => {
      Sentry.withScope((scope) => {
        scope.setTags(tags);
        Sentry.captureException(error);
      });
    },
    flush: async (timeoutMs = 2_000) => {
      await Sentry.flush(timeoutMs);
    },
  };
}
