import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";

// Spaces, played by s3rver (a local S3 server) on 127.0.0.1: the local stack and the tests
// publish the status page into it exactly as the exporter does into Spaces.

/** s3rver's credentials: it accepts these (and checks signatures made with them). */
export const LOCAL_SPACES_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;
/** The bucket created at start; the local vigil config names it as statusPage.spaces.bucket. */
export const LOCAL_SPACES_BUCKET = "status-page";
export const LOCAL_SPACES_REGION = "fra1";

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

export interface LocalSpaces {
  /** Path-style S3 endpoint, e.g. http://127.0.0.1:4568; objects are at <endpoint>/<bucket>/<key>. */
  endpoint: string;
  close(): Promise<void>;
}

/** Starts s3rver on 127.0.0.1:`port` (0 = any free port) storing under `dir`, with the bucket created. */
export async function startLocalSpaces(dir: string, port: number, bucket: string = LOCAL_SPACES_BUCKET): Promise<LocalSpaces> {
  mkdirSync(dir, { recursive: true });
  // s3rver ships no type declarations; its constructor and run/close are all vigil uses.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const S3rver = require("s3rver") as S3rverClass;
  const server = new S3rver({ address: "127.0.0.1", port, silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
  const address = await server.run();
  return { endpoint: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}
