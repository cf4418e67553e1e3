import type { Readable } from "node:stream";
import { brotliDecompress, gunzip, inflate, type ZlibOptions } from "node:zlib";
import { promisify } from "node:util";
import type { ByteBudget, Reservation } from "./byte-budget";
import type { RejectReason } from "./outcomes";

/** A request the relay refuses before it looks at the envelope: the status and the counted reason. */
export class RelayRefusal extends Error {
  constructor(
    readonly statusCode: number,
    readonly reason: RejectReason,
    message: string,
  ) {
    super(message);
  }
}

export interface BodyLimits {
  maxBodyBytes: number;
  bodyTimeoutMs: number;
}

/**
 * Reads a request body into one buffer.
 * SECURITY: the cap is checked on the declared length first and on every chunk as it arrives,
 * so an oversized body is refused before it is buffered; the deadline ends a slow-loris body
 * that would otherwise hold a socket and a buffer open for as long as the client likes.
 */
export function readBody(
  stream: Readable,
  declaredLength: number | undefined,
  limits: BodyLimits,
  budget: { pool: ByteBudget; reservation: Reservation },
): Promise<Buffer> {
  if (declaredLength !== undefined && declaredLength > limits.maxBodyBytes) {
    return Promise.reject(new RelayRefusal(413, "body_too_large", `body of ${declaredLength} bytes exceeds ${limits.maxBodyBytes}`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (error: RelayRefusal | undefined) => {
      clearTimeout(deadline);
      stream.removeListener("data", onData);
      stream.removeListener("end", onEnd);
      stream.removeListener("error", onError);
      if (error) {
        // Stop reading; the response carries `connection: close`, so the socket goes with it.
        stream.pause();
        reject(error);
      } else {
        resolve(Buffer.concat(chunks, received));
      }
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limits.maxBodyBytes) return finish(new RelayRefusal(413, "body_too_large", `body exceeds ${limits.maxBodyBytes} bytes`));
      if (!budget.pool.reserve(budget.reservation, chunk.length)) return finish(new RelayRefusal(503, "relay_busy", "the relay holds as many bytes as it may"));
      chunks.push(chunk);
    };
    const onEnd = () => finish(undefined);
    const onError = () => finish(new RelayRefusal(400, "body_aborted", "the body was not received completely"));
    const deadline = setTimeout(
      () => finish(new RelayRefusal(408, "body_timeout", `the body did not arrive within ${limits.bodyTimeoutMs} ms`)),
      limits.bodyTimeoutMs,
    );
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("error", onError);
  });
}

type Decoder = (buffer: Buffer, options: ZlibOptions) => Promise<Buffer>;

const DECODERS: Record<string, Decoder> = {
  gzip: promisify(gunzip) as Decoder,
  "x-gzip": promisify(gunzip) as Decoder,
  deflate: promisify(inflate) as Decoder,
  br: promisify(brotliDecompress) as Decoder,
};

/**
 * The envelope's bytes under the request's Content-Encoding (none, gzip, deflate or br).
 * SECURITY: zlib's maxOutputLength stops inflating at the cap, so a zip bomb costs at most
 * `maxDecompressedBytes` of memory instead of whatever it expands to.
 */
export async function decodeBody(body: Buffer, contentEncoding: string | undefined, maxDecompressedBytes: number): Promise<Buffer> {
  const encoding = (contentEncoding ?? "identity").trim().toLowerCase();
  if (encoding === "identity" || encoding === "") return body;
  const decode = DECODERS[encoding];
  if (!decode) throw new RelayRefusal(415, "unsupported_encoding", `content-encoding ${encoding} is not supported (gzip, deflate, br)`);
  try {
    return await decode(body, { maxOutputLength: maxDecompressedBytes });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
      throw new RelayRefusal(413, "decompressed_too_large", `the body inflates beyond ${maxDecompressedBytes} bytes`);
    }
    throw new RelayRefusal(400, "bad_encoding", `the body is not valid ${encoding}`);
  }
}
