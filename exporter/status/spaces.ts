import { createHash } from "node:crypto";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { StatusState } from "../../core/status-model";
import { STATE_MIRROR_KEY, type SiteFile } from "../../status-page/site";
import type { PublishMetrics } from "./metrics";
import { DEFAULT_RETRY, type RetryPolicy, withRetries } from "./retry";
import { parseState } from "./state-file";

// The status page's bucket: the live site files, and a private mirror of the state so a
// replacement droplet starts where the lost one stopped.

export interface SpacesSettings {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

export function createSpacesClient(settings: SpacesSettings): S3Client {
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    // withRetries owns retrying, so one failing publish is counted once and backs off as stated.
    maxAttempts: 1,
    // The SDK waits forever by default: a stalled Spaces would hold the publish (and every
    // publish queued behind it, and shutdown) until a restart. Bounded, it fails and retries.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000 },
  });
}

function digest(content: string): string {
  return createHash("sha256").update(content, "utf8").digest("hex");
}

export class SpacesBucket {
  /** Content hash of each file as last uploaded: unchanged files are not uploaded again. */
  private readonly uploaded = new Map<string, string>();
  /** Why the last failed publish failed (the SDK's error name and message; never credentials). */
  lastError: string | undefined;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly metrics: PublishMetrics,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly now: () => Date = () => new Date(),
  ) {
    // Staleness counts from start until the first publish: unset, the gauge would read 0
    // (1970), and StatusPagePublishFailing would fire on every restart before that publish.
    this.metrics.lastSuccess.set(this.now().getTime() / 1_000);
  }

  /** Uploads the changed files and the state mirror; false (and counted) when any upload failed after its retries. */
  async publish(files: SiteFile[], state: StatusState): Promise<boolean> {
    try {
      await this.mirrorState(state);
      for (const file of files) {
        const hash = digest(file.content);
        if (this.uploaded.get(file.path) === hash) continue;
        await withRetries(this.retry, () =>
          this.client.send(
            new PutObjectCommand({
              Bucket: this.bucket,
              Key: file.path,
              Body: file.content,
              ContentType: file.contentType,
              CacheControl: file.cacheControl,
              ACL: "public-read",
            }),
          ),
        );
        this.uploaded.set(file.path, hash);
      }
    } catch (error) {
      this.lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.metrics.failures.inc();
      return false;
    }
    this.metrics.lastSuccess.set(this.now().getTime() / 1_000);
    return true;
  }

  async mirrorState(state: StatusState): Promise<void> {
    const body = `${JSON.stringify(state)}\n`;
    if (this.uploaded.get(STATE_MIRROR_KEY) === digest(body)) return;
    await withRetries(this.retry, () =>
      this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: STATE_MIRROR_KEY, Body: body, ContentType: "application/json", CacheControl: "no-store", ACL: "private" }),
      ),
    );
    this.uploaded.set(STATE_MIRROR_KEY, digest(body));
  }

  /** The mirrored state, or undefined when the bucket has none yet. */
  async readStateMirror(): Promise<StatusState | undefined> {
    try {
      const response = await withRetries({ ...this.retry, retryable: (error) => !isMissingKey(error) }, () => this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: STATE_MIRROR_KEY })));
      const text = await response.Body?.transformToString("utf8");
      return text === undefined ? undefined : parseState(text, `s3://${this.bucket}/${STATE_MIRROR_KEY}`);
    } catch (error) {
      if (isMissingKey(error)) return undefined;
      throw error;
    }
  }
}

function isMissingKey(error: unknown): boolean {
  return (error as { name?: string }).name === "NoSuchKey";
}
