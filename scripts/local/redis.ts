import { mkdirSync } from "node:fs";
import type { ProcessGroup } from "./processes";
import { tcpOpen, waitUntil } from "./processes";

/** A throwaway Redis on loopback with a password and no persistence. */
export async function startRedis(group: ProcessGroup, dir: string, port: number, password: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  group.start({
    name: "redis",
    command: "redis-server",
    args: [
      "--port", String(port),
      "--bind", "127.0.0.1",
      "--dir", dir,
      "--save", "",
      "--appendonly", "no",
      "--requirepass", password,
      // A maxmemory so the memory panels and alerts have something to compare against.
      "--maxmemory", "64mb",
    ],
  });
  await waitUntil("Redis", async () => {
    if (group.hasExited("redis")) throw new Error(`redis-server exited: ${group.logTail("redis")}`);
    return tcpOpen(port);
  }, 15_000);
}
