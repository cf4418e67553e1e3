import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Client } from "pg";

// The demo database as a small SaaS: the preset's schema (exporter/presets/saas/schema.sql),
// a few weeks of history, and the SQL of one tick of activity (registrations, analyses,
// payments, the odd failure and upgrade) that the demo app runs so the business dashboard moves.

const ROOT = resolve(__dirname, "..", "..");
const SCHEMA_FILE = join(ROOT, "exporter", "presets", "saas", "schema.sql");

export interface SaasDemoOptions {
  port: number;
  database: string;
  /** The database owner, who creates the tables. */
  owner: string;
  ownerPassword: string;
  /** The monitoring role the exporter connects as: it gets SELECT. */
  monitorUser: string;
}

const HISTORY = `
INSERT INTO saas_accounts (created_at, tier, monthly_price)
  SELECT now() - (random() * interval '60 days'),
         t.tier, CASE t.tier WHEN 'basic' THEN 19 WHEN 'premium' THEN 99 ELSE 0 END
  FROM generate_series(1, 240) AS g(n),
       LATERAL (SELECT CASE WHEN g.n % 10 < 7 THEN 'free' WHEN g.n % 10 < 9 THEN 'basic' ELSE 'premium' END AS tier) AS t;
INSERT INTO saas_tier_changes (account_id, from_tier, to_tier, changed_at)
  SELECT id, 'free', 'basic', created_at + interval '3 days' FROM saas_accounts WHERE tier <> 'free';
INSERT INTO saas_tier_changes (account_id, from_tier, to_tier, changed_at)
  SELECT id, 'basic', 'premium', created_at + interval '9 days' FROM saas_accounts WHERE tier = 'premium';
INSERT INTO saas_activity (account_id, occurred_at)
  SELECT id, now() - (random() * interval '30 days') FROM saas_accounts, generate_series(1, 3);
INSERT INTO saas_activity (account_id, occurred_at)
  SELECT id, now() - (random() * interval '20 hours') FROM saas_accounts WHERE id % 3 = 0;
INSERT INTO saas_analyses (account_id, created_at)
  SELECT 1 + (random() * 239)::int, now() - (random() * interval '30 days') FROM generate_series(1, 900);
INSERT INTO saas_payments (account_id, amount, status, created_at)
  SELECT id, monthly_price, CASE WHEN random() < 0.05 THEN 'failed' ELSE 'succeeded' END, now() - (random() * interval '30 days')
  FROM saas_accounts WHERE tier <> 'free';
INSERT INTO saas_api_usage (account_id, period_start, requests_used, quota)
  SELECT id, date_trunc('month', now())::date, (random() * 600)::int, 1000 FROM saas_accounts;
`;

/**
 * One tick of demo activity: a few actions, now and then a registration, an upgrade or a
 * failed payment. The demo app's background worker runs it (examples/demo-app/backend.ts).
 */
export const SAAS_ACTIVITY_SQL = `
INSERT INTO saas_activity (account_id) SELECT id FROM saas_accounts ORDER BY random() LIMIT 3;
INSERT INTO saas_analyses (account_id) SELECT id FROM saas_accounts ORDER BY random() LIMIT (random() * 4)::int;
INSERT INTO saas_accounts (tier) SELECT 'free' WHERE random() < 0.3;
INSERT INTO saas_payments (account_id, amount, status)
  SELECT id, monthly_price, CASE WHEN random() < 0.1 THEN 'failed' ELSE 'succeeded' END
  FROM saas_accounts WHERE tier <> 'free' AND random() < 0.5 ORDER BY random() LIMIT 1;
WITH upgraded AS (
  UPDATE saas_accounts SET tier = 'basic', monthly_price = 19
  WHERE id = (SELECT id FROM saas_accounts WHERE tier = 'free' AND random() < 0.1 ORDER BY random() LIMIT 1)
  RETURNING id)
INSERT INTO saas_tier_changes (account_id, from_tier, to_tier) SELECT id, 'free', 'basic' FROM upgraded;
UPDATE saas_api_usage SET requests_used = requests_used + (random() * 5)::int
  WHERE period_start = date_trunc('month', now())::date AND requests_used < quota;
`;

function client(options: SaasDemoOptions): Client {
  return new Client({ host: "127.0.0.1", port: options.port, database: options.database, user: options.owner, password: options.ownerPassword });
}

/** Creates the preset's tables with some history, and grants the monitoring role SELECT. */
export async function loadSaasDemo(options: SaasDemoOptions): Promise<void> {
  const db = client(options);
  await db.connect();
  try {
    await db.query(readFileSync(SCHEMA_FILE, "utf8"));
    await db.query(HISTORY);
    await db.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${options.monitorUser}`);
  } finally {
    await db.end();
  }
}
