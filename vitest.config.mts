import { defineConfig } from "vitest/config";

// Two projects: unit tests sit beside the code they test; e2e tests start real
// binaries (Prometheus, Alertmanager, exporters, PostgreSQL, Redis) and live in test/e2e.
export default defineConfig({
  test: {
    // The pinned monitoring binaries first on PATH (test/support/pinned-path.ts).
    globalSetup: ["test/support/pinned-path.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{core,infra,synth,alert-rules,dashboards,exporter,status-page,scripts,examples,test}/**/*.test.ts"],
          exclude: ["test/e2e/**", "test/browser/**", "node_modules/**"],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts", "test/browser/**/*.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // e2e suites each start a stack of real servers: one file at a time keeps
          // two cores from being oversubscribed and ports from racing.
          fileParallelism: false,
        },
      },
    ],
  },
});
