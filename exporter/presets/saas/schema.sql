-- The schema the vigil SaaS preset reads (exporter/presets/saas/metrics.ts holds the
-- queries). An application can create these tables, or create views with these names and
-- columns over its own tables. The exporter only ever reads them, in READ ONLY
-- transactions, as the monitoring role: grant it SELECT (see the end of this file).

-- One row per registered account. Rows are never deleted (set deleted_at instead), so
-- saas_registrations_total only grows.
CREATE TABLE IF NOT EXISTS saas_accounts (
  id            bigserial PRIMARY KEY,
  created_at    timestamptz NOT NULL DEFAULT now(),
  tier          text NOT NULL DEFAULT 'free' CHECK (tier IN ('free', 'basic', 'premium')),
  -- What the account pays per month in the account currency; 0 on the free tier (saas_mrr).
  monthly_price numeric(12, 2) NOT NULL DEFAULT 0 CHECK (monthly_price >= 0),
  deleted_at    timestamptz
);
CREATE INDEX IF NOT EXISTS saas_accounts_tier ON saas_accounts (tier);

-- Anything an account does that counts as "active" (a login, an API call): the daily and
-- monthly active users are distinct account_ids over the last 24 hours and 30 days.
-- An application may write one row per account per hour rather than per action.
CREATE TABLE IF NOT EXISTS saas_activity (
  account_id  bigint NOT NULL REFERENCES saas_accounts (id),
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS saas_activity_occurred_at ON saas_activity (occurred_at);

-- Every tier change. Upgrades (to a higher tier: free < basic < premium) feed
-- saas_tier_upgrades_total{from,to}, the steps of the conversion funnel.
CREATE TABLE IF NOT EXISTS saas_tier_changes (
  account_id bigint NOT NULL REFERENCES saas_accounts (id),
  from_tier  text NOT NULL CHECK (from_tier IN ('free', 'basic', 'premium')),
  to_tier    text NOT NULL CHECK (to_tier IN ('free', 'basic', 'premium')),
  changed_at timestamptz NOT NULL DEFAULT now()
);

-- One row per analysis run (the product's unit of use): saas_analyses_total.
CREATE TABLE IF NOT EXISTS saas_analyses (
  id         bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES saas_accounts (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per payment attempt: saas_payments_succeeded_total, saas_payment_failures_total.
CREATE TABLE IF NOT EXISTS saas_payments (
  id         bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES saas_accounts (id),
  amount     numeric(12, 2) NOT NULL,
  status     text NOT NULL CHECK (status IN ('succeeded', 'failed')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS saas_payments_status ON saas_payments (status);

-- API usage per account and calendar month: saas_api_quota_used_ratio is the used share
-- of the quota over all accounts in the current month.
CREATE TABLE IF NOT EXISTS saas_api_usage (
  account_id    bigint NOT NULL REFERENCES saas_accounts (id),
  period_start  date NOT NULL,
  requests_used bigint NOT NULL DEFAULT 0 CHECK (requests_used >= 0),
  quota         bigint NOT NULL CHECK (quota > 0),
  PRIMARY KEY (account_id, period_start)
);

-- The exporter connects as the monitoring role of the vigil config (postgres.user):
--   GRANT SELECT ON saas_accounts, saas_activity, saas_tier_changes, saas_analyses,
--                   saas_payments, saas_api_usage TO vigil_monitor;
