// One table of log records for both redactions: the log shipper's Lua filter (what leaves the
// host) and the Sentry relay's scrubber (exporter/relay/scrub.ts) on the same record. Where the
// two differ on purpose, `relay` says what the relay makes of it and why; everywhere else they
// must agree. Records are as Fluent Bit holds them after its parser filter: a JSON line's
// fields, or a plain line's text in `log`, beside Docker's `stream` and `time` and vigil's
// `service`, `container` and `host`.

export type LogRecord = Record<string, unknown>;

export interface LogRedactionCase {
  name: string;
  record: LogRecord;
  /** What the Lua filter ships; absent: the record as it came (the filter answers 0). */
  shipped?: LogRecord;
  /** Where the relay differs on purpose: its output for the same record, and why. */
  relay?: { output: LogRecord; why: string };
}

const docker = { stream: "stdout", time: "2026-01-15T10:42:17.123456789Z", service: "app", container: "vigil-app", host: "shop-1" };

const TEXT_ONLY = "log-only: the relay gets structure (objects, Sentry's header pairs, request.query_string), so it does not look for names inside text";

/** A record nested `levels` objects deep under "a", with a string at the bottom. */
function nested(levels: number, leaf: unknown): LogRecord {
  let value: unknown = leaf;
  for (let level = 0; level < levels; level += 1) value = { a: value };
  return value as LogRecord;
}

/** The same nesting, cut where the walk stops (depth 64, as the relay): the table below it is "[Filtered]". */
function nestedCut(levels: number): LogRecord {
  let value: unknown = "[Filtered]";
  for (let level = 0; level < levels; level += 1) value = { a: value };
  return value as LogRecord;
}

export const LOG_REDACTION_CASES: readonly LogRedactionCase[] = [
  {
    name: "a request log line: ids, route, status, times, versions, an order number failing Luhn, a UUID",
    record: {
      ...docker,
      level: "info",
      msg: "request completed",
      request_id: "req-7f3a9c2e",
      user_id: "user_1842",
      route: "/api/orders/:id",
      method: "GET",
      status: 200,
      duration_ms: 12.5,
      agent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
      order: "ORD-2026-000123",
      order_number: "4111 1111 1111 1112",
      trace: "550e8400-e29b-41d4-a716-446655440000",
      build: "vigil 1.24.3 (node v24.11.0)",
      at_ms: "1763800000123",
      clock: "12:30:45",
      note: "password reset mail sent",
    },
  },
  {
    name: "a plain line with a password in its query string",
    record: { ...docker, log: "GET /login?user=ada&password=hunter2&next=/cart 302 12ms" },
    shipped: { ...docker, log: "GET /login?user=ada&password=[Filtered]&next=/cart 302 12ms" },
    relay: { output: { ...docker, log: "GET /login?user=ada&password=hunter2&next=/cart 302 12ms" }, why: TEXT_ONLY },
  },
  {
    name: "key=value text (logfmt) with a token and a secret",
    record: { ...docker, log: 'level=warn msg="retry" api_token=tk_live_51Hx client_secret=s3cr3t attempt=2' },
    shipped: { ...docker, log: 'level=warn msg="retry" api_token=[Filtered] client_secret=[Filtered] attempt=2' },
    relay: { output: { ...docker, log: 'level=warn msg="retry" api_token=tk_live_51Hx client_secret=s3cr3t attempt=2' }, why: TEXT_ONLY },
  },
  {
    name: "an Authorization header line with a bearer token",
    record: { ...docker, log: "> Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc" },
    shipped: { ...docker, log: "> Authorization: [Filtered]" },
    relay: {
      output: { ...docker, log: "> Authorization: Bearer [Filtered]" },
      why: "both hide the token; the filter hides a header line's whole value, scheme included (log-only header rule)",
    },
  },
  {
    name: "an Authorization header line with basic credentials",
    record: { ...docker, log: "> Authorization: Basic dXNlcjpwYXNz\n> Accept: */*" },
    shipped: { ...docker, log: "> Authorization: [Filtered]\n> Accept: */*" },
    relay: { output: { ...docker, log: "> Authorization: Basic dXNlcjpwYXNz\n> Accept: */*" }, why: TEXT_ONLY },
  },
  {
    name: "Cookie and Set-Cookie header lines",
    record: { ...docker, log: "< Set-Cookie: sid=8f2e; Path=/; HttpOnly\r\n> Cookie: session=abc123; theme=dark" },
    shipped: { ...docker, log: "< Set-Cookie: [Filtered]\r\n> Cookie: [Filtered]" },
    relay: { output: { ...docker, log: "< Set-Cookie: sid=8f2e; Path=/; HttpOnly\r\n> Cookie: session=abc123; theme=dark" }, why: TEXT_ONLY },
  },
  {
    name: "JSON inside a plain line, quoted and escaped",
    record: { ...docker, log: 'payload {"password":"hunter2","user":"ada"} raw={\\"token\\":\\"abc\\"}' },
    shipped: { ...docker, log: 'payload {"password":"[Filtered]","user":"ada"} raw={\\"token\\":\\"[Filtered]\\"}' },
    relay: { output: { ...docker, log: 'payload {"password":"hunter2","user":"ada"} raw={\\"token\\":\\"abc\\"}' }, why: TEXT_ONLY },
  },
  {
    name: "a sensitive name with a colon inside a message",
    record: { ...docker, msg: "login failed, password: hunter2 (attempt 3)" },
    shipped: { ...docker, msg: "login failed, password: [Filtered] (attempt 3)" },
    relay: { output: { ...docker, msg: "login failed, password: hunter2 (attempt 3)" }, why: TEXT_ONLY },
  },
  {
    name: "a sensitive word inside a name over-redacts (\"author\" holds \"auth\", as a key does in the relay)",
    record: { ...docker, msg: "commit author: Ada Lovelace" },
    shipped: { ...docker, msg: "commit author: [Filtered] Lovelace" },
    relay: { output: { ...docker, msg: "commit author: Ada Lovelace" }, why: TEXT_ONLY },
  },
  {
    name: "a reset link with a token in a JSON field",
    record: { ...docker, msg: "sent", url: "https://shop.example/reset?token=abc123&page=2" },
    shipped: { ...docker, msg: "sent", url: "https://shop.example/reset?token=[Filtered]&page=2" },
    relay: { output: { ...docker, msg: "sent", url: "https://shop.example/reset?token=abc123&page=2" }, why: TEXT_ONLY },
  },
  {
    name: "sensitive keys in JSON fields, at any depth and in any case",
    record: {
      ...docker,
      msg: "login",
      password: "hunter2",
      "X-Api-Key": "k-123",
      ctx: { auth: { token: "abc", scheme: "bearer" }, db: { MYSQL_PWD: "root" } },
      user: { id: 42, email: "ada@example.com" },
    },
    shipped: {
      ...docker,
      msg: "login",
      password: "[Filtered]",
      "X-Api-Key": "[Filtered]",
      ctx: { auth: "[Filtered]", db: { MYSQL_PWD: "[Filtered]" } },
      user: { id: 42, email: "[email]" },
    },
  },
  {
    name: "numbers and booleans under sensitive keys stay, as in the relay",
    record: { ...docker, msg: "rotated", token_count: 3, password_changed: true },
  },
  {
    name: "safe keys are kept whole, as in the relay (a user agent is no address)",
    record: { ...docker, level: "error", user_agent: "curl/8.5.0 via 10.0.0.1", release: "shop@4.2.0", version: "4.2.0" },
  },
  {
    name: "cookies as JSON keys",
    record: { ...docker, cookie: "session=abc", "Set-Cookie": "sid=1; HttpOnly", cookies: { session: "abc" } },
    shipped: { ...docker, cookie: "[Filtered]", "Set-Cookie": "[Filtered]", cookies: "[Filtered]" },
    relay: {
      output: { ...docker, cookie: "session=abc", "Set-Cookie": "sid=1; HttpOnly", cookies: { session: "abc" } },
      why: "log-only keys: the relay removes cookies only where a Sentry event has them (request.cookies, request.headers)",
    },
  },
  {
    name: "a request object: the relay removes the cookie and authorization headers, the filter replaces them",
    record: {
      ...docker,
      request: { headers: { Cookie: "a=b", Authorization: "Basic YTpi", Accept: "*/*" }, query_string: "page=2&token=abc" },
    },
    shipped: {
      ...docker,
      request: { headers: { Cookie: "[Filtered]", Authorization: "[Filtered]", Accept: "*/*" }, query_string: "page=2&token=[Filtered]" },
    },
    relay: {
      output: { ...docker, request: { headers: { Accept: "*/*" }, query_string: "page=2&token=[Filtered]" } },
      why: "the relay deletes what a Sentry event's request must not carry; a log record keeps its shape",
    },
  },
  {
    name: "header pairs ([name, value]): the name decides",
    record: { ...docker, headers: [["Authorization", "Bearer abc"], ["Accept", "*/*"]], tags: ["ada@example.com", "checkout"] },
    shipped: { ...docker, headers: [["Authorization", "[Filtered]"], ["Accept", "*/*"]], tags: ["[email]", "checkout"] },
  },
  {
    name: "emails, cards (spaces, dashes, Mastercard, Amex), an IBAN, an SSN",
    record: {
      ...docker,
      msg: "no account for ada.lovelace+shop@mail.example.co.uk",
      visa: "card 4111 1111 1111 1111 declined",
      dashed: "4111-1111-1111-1111",
      mastercard: "5500 0000 0000 0004",
      amex: "3782 822463 10005",
      refund: "refund to DE89370400440532013000 or GB82 WEST 1234 5698 7654 32",
      ssn: "ssn 123-45-6789 on file",
    },
    shipped: {
      ...docker,
      msg: "no account for [email]",
      visa: "card [creditcard] declined",
      dashed: "[creditcard]",
      mastercard: "[creditcard]",
      amex: "[creditcard]",
      refund: "refund to [iban] or [iban]",
      ssn: "ssn [ssn] on file",
    },
  },
  {
    name: "a PEM private key in a multi-line record",
    record: { ...docker, log: "loaded key\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nq83Zx==\n-----END RSA PRIVATE KEY-----\nok" },
    shipped: { ...docker, log: "loaded key\n[pemkey]\nok" },
  },
  {
    name: "credentials in a URL",
    record: { ...docker, msg: "connect postgres://app:s3cret@db.internal:5432/shop failed" },
    shipped: { ...docker, msg: "connect postgres://[Filtered]@db.internal:5432/shop failed" },
  },
  {
    name: "IPv4 with a port, IPv6 full and short; a scoped name and a version stay",
    record: { ...docker, msg: "upstream 10.0.0.5:8080 refused; from 2001:db8::8a2e:370:7334; link fe80::1 down; Cafe::Bad; Chrome/120.0.0.0" },
    shipped: { ...docker, msg: "upstream [ip]:8080 refused; from [ip]; link [ip] down; Cafe::Bad; Chrome/120.0.0.0" },
  },
  {
    name: "a bearer token after a Unicode space, an email after an em space",
    record: { ...docker, msg: "sent Bearer\u00a0abc.def-ghi and café\u2003ada@example.com ✓" },
    shipped: { ...docker, msg: "sent Bearer [Filtered] and café\u2003[email] ✓" },
  },
  {
    name: "a bare JWT (no Bearer, no sensitive name before it) is kept by both: the relay has no rule for it",
    record: { ...docker, msg: "session eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl issued" },
  },
  {
    name: "nesting deeper than the walk goes is replaced below depth 64, as in the relay",
    record: { ...docker, deep: nested(70, "leaf") },
    shipped: { ...docker, deep: nestedCut(64) },
  },
];
