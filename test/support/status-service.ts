import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import { statusConfigSchema, type StatusConfig } from "../../core/exporter/status-config";
import type { ComponentLog } from "../../exporter/log";
import { LOCAL_SPACES_BUCKET, LOCAL_SPACES_CREDENTIALS, LOCAL_SPACES_REGION, type LocalSpaces, startLocalSpaces } from "../../scripts/local/spaces";
import { TEST_PAGE } from "./status-page";

// A status config, temp directories and a local S3 server for the exporter's status tests
// and the browser test.

export const TEST_TOKENS = { webhook: "webhook-token-for-tests", admin: "admin-token-for-tests" };

export const quietLog: ComponentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function testStatusConfig(dir: string, endpoint: string, overrides: Partial<StatusConfig> = {}): StatusConfig {
  writeFileSync(join(dir, "key-id"), LOCAL_SPACES_CREDENTIALS.accessKeyId);
  writeFileSync(join(dir, "key-secret"), LOCAL_SPACES_CREDENTIALS.secretAccessKey);
  writeFileSync(join(dir, "webhook-token"), `${TEST_TOKENS.webhook}\n`);
  writeFileSync(join(dir, "admin-token"), TEST_TOKENS.admin);
  return statusConfigSchema.parse({
    title: TEST_PAGE.title,
    publicUrl: TEST_PAGE.url,
    components: TEST_PAGE.components,
    dataDir: join(dir, "data"),
    spaces: {
      endpoint,
      region: LOCAL_SPACES_REGION,
      bucket: LOCAL_SPACES_BUCKET,
      accessKeyIdFile: join(dir, "key-id"),
      secretAccessKeyFile: join(dir, "key-secret"),
      forcePathStyle: true,
    },
    prometheusUrl: "http://127.0.0.1:9",
    alertmanagerUrl: "http://127.0.0.1:9",
    webhookTokenFile: join(dir, "webhook-token"),
    adminTokenFile: join(dir, "admin-token"),
    ...overrides,
  });
}

export function s3ClientFor(endpoint: string): S3Client {
  return new S3Client({ endpoint, region: LOCAL_SPACES_REGION, forcePathStyle: true, credentials: LOCAL_SPACES_CREDENTIALS, maxAttempts: 1 });
}

export interface SpacesFixture {
  dir: string;
  spaces: LocalSpaces;
  cleanup(): Promise<void>;
}

/** A temp dir and s3rver on a free port; cleanup closes the server and removes the dir. */
export async function startSpacesFixture(): Promise<SpacesFixture> {
  const dir = mkdtempSync(join(tmpdir(), "vigil-status-"));
  const spaces = await startLocalSpaces(join(dir, "s3"), 0);
  return {
    dir,
    spaces,
    cleanup: async () => {
      await spaces.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
