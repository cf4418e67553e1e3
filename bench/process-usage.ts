import { readFileSync } from "node:fs";

// What another process has used so far, read from Linux's /proc: the benchmarks measure the
// exporters and the local stack's services from outside, as they run, without instrumenting them.

/** USER_HZ: /proc counts CPU time in ticks of 1/100 s on Linux. */
export const TICKS_PER_SECOND = 100;

/** User + system CPU ticks so far: fields 14 and 15 of /proc/<pid>/stat (utime, stime), counted after the command's ")". */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

/** User + system CPU seconds a process has used so far. */
export function cpuSeconds(pid: number): number {
  return cpuTicks(pid) / TICKS_PER_SECOND;
}

/** Resident memory (kB) and CPU ticks of a process. */
export function processUsage(pid: number): { rssKb: number; cpuTicks: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  return { rssKb, cpuTicks: cpuTicks(pid) };
}
