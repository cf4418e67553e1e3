import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

// `npm run status -- …`: people's side of the status page. It talks to the vigil exporter's
// admin API on the internal listener, which on the droplet is reached through the SSH tunnel
// (`ssh -L 9464:127.0.0.1:9464 …`), so the default URL is the tunnel's local end.

export const USAGE = `usage: npm run status -- <command> [options]

  list                                         open incidents and maintenance
  incident open --name N --body B [--status S] [--component ID=STATUS]…
  incident update <id> --status S --body B [--component ID=STATUS]…
  incident resolve <id> [--body B]
  maintenance schedule --name N --body B --start ISO --end ISO --component ID [--component ID]…
  maintenance cancel <id>
  publish                                      publish the page now

  incident statuses: investigating identified monitoring resolved postmortem
  component statuses: operational degraded_performance partial_outage major_outage under_maintenance

  --url URL          the exporter's internal listener (default $VIGIL_STATUS_URL or http://127.0.0.1:9464)
  --token-file PATH  file holding the admin token (default: $VIGIL_STATUS_ADMIN_TOKEN)`;

export class UsageError extends Error {}

export interface AdminRequest {
  method: "GET" | "POST" | "DELETE";
  path: string;
  body?: Record<string, unknown>;
}

export interface ParsedCommand {
  request: AdminRequest;
  url: string;
  tokenFile: string | undefined;
}

function componentStatuses(values: string[]): Record<string, string> {
  return Object.fromEntries(
    values.map((value) => {
      const match = /^([^=]+)=(.+)$/.exec(value);
      if (!match) throw new UsageError(`--component ${value}: expected ID=STATUS, e.g. shop=major_outage`);
      return [match[1], match[2]];
    }),
  );
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} is required`);
  return value;
}

function isoTime(value: string | undefined, flag: string): string {
  const text = required(value, flag);
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed)) throw new UsageError(`${flag} ${text}: expected an ISO 8601 time such as 2026-11-23T02:00:00Z`);
  return new Date(parsed).toISOString();
}

/** Turns the command line into one admin API request; pure, so every form is tested. */
export function parseStatusCommand(argv: string[], env: Record<string, string | undefined> = {}): ParsedCommand {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      name: { type: "string" },
      body: { type: "string" },
      status: { type: "string" },
      component: { type: "string", multiple: true },
      start: { type: "string" },
      end: { type: "string" },
      url: { type: "string" },
      "token-file": { type: "string" },
    },
  });
  const [area, action, id] = positionals;
  const components = values.component ?? [];
  const withId = (what: string) => encodeURIComponent(required(id, `the ${what} id`));
  let request: AdminRequest;
  switch (`${area ?? ""} ${action ?? ""}`.trim()) {
    case "list":
      request = { method: "GET", path: "/api/status/state" };
      break;
    case "publish":
      request = { method: "POST", path: "/api/status/publish" };
      break;
    case "incident open":
      request = {
        method: "POST",
        path: "/api/status/incidents",
        body: { name: required(values.name, "--name"), body: required(values.body, "--body"), ...(values.status ? { status: values.status } : {}), components: componentStatuses(components) },
      };
      break;
    case "incident update":
      request = {
        method: "POST",
        path: `/api/status/incidents/${withId("incident")}/updates`,
        body: { status: required(values.status, "--status"), body: required(values.body, "--body"), ...(components.length > 0 ? { components: componentStatuses(components) } : {}) },
      };
      break;
    case "incident resolve":
      request = { method: "POST", path: `/api/status/incidents/${withId("incident")}/updates`, body: { status: "resolved", body: values.body ?? "This incident has been resolved." } };
      break;
    case "maintenance schedule":
      if (components.length === 0) throw new UsageError("--component is required (once per component)");
      request = {
        method: "POST",
        path: "/api/status/maintenances",
        body: { name: required(values.name, "--name"), body: required(values.body, "--body"), scheduledFor: isoTime(values.start, "--start"), scheduledUntil: isoTime(values.end, "--end"), componentIds: components },
      };
      break;
    case "maintenance cancel":
      request = { method: "DELETE", path: `/api/status/maintenances/${withId("maintenance")}` };
      break;
    default:
      throw new UsageError(`unknown command: ${positionals.join(" ") || "(none)"}`);
  }
  return { request, url: values.url ?? env.VIGIL_STATUS_URL ?? "http://127.0.0.1:9464", tokenFile: values["token-file"] };
}

export async function sendAdminRequest(url: string, token: string, request: AdminRequest, fetchImpl: typeof fetch = fetch): Promise<{ status: number; body: unknown }> {
  const response = await fetchImpl(new URL(request.path, url), {
    method: request.method,
    headers: { authorization: `Bearer ${token}`, ...(request.body ? { "content-type": "application/json" } : {}) },
    ...(request.body ? { body: JSON.stringify(request.body) } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page): shown as it came.
  }
  return { status: response.status, body };
}

async function main(): Promise<number> {
  let parsed: ParsedCommand;
  try {
    parsed = parseStatusCommand(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`status: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const token = parsed.tokenFile ? readFileSync(parsed.tokenFile, "utf8").trim() : process.env.VIGIL_STATUS_ADMIN_TOKEN;
  if (!token) {
    console.error("status: no admin token: pass --token-file PATH or set VIGIL_STATUS_ADMIN_TOKEN");
    return 2;
  }
  let result: { status: number; body: unknown };
  try {
    result = await sendAdminRequest(parsed.url, token, parsed.request);
  } catch (error) {
    console.error(`status: cannot reach the exporter at ${parsed.url} (is the SSH tunnel open?): ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const output = JSON.stringify(result.body, null, 2);
  if (result.status >= 400) {
    console.error(`status: the exporter answered ${result.status}: ${output}`);
    return 1;
  }
  console.log(output);
  return 0;
}

if (require.main === module) {
  main().then((code) => process.exit(code));
}
