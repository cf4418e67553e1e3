#!/usr/bin/env bash
# Installs the machine's own Debian or Ubuntu packages that the tests and the local stack
# run for real: PostgreSQL, Redis, Chromium with a CJK font, prometheus-sql-exporter (the
# bench's reference), LuaJIT (the log shipper's redaction filter) and the Debian archive keyring.
# The monitoring binaries (Prometheus, Alertmanager, the exporters, VictoriaMetrics) are
# not installed here: they are fetched at the versions core/catalog.ts pins by
# scripts/pinned-binaries.ts, into a cache, never into the machine's apt sources.
# Idempotent: a package already installed is left alone, and nothing runs apt when nothing
# is missing.
set -euo pipefail

# command that must exist after install → the Debian package that provides it
declare -A PACKAGE_FOR=(
  [prometheus-sql-exporter]=prometheus-sql-exporter
  # scripts/pinned-binaries.ts fetches and unpacks with apt's own tools.
  [apt-get]=apt
  [dpkg-deb]=dpkg
  [redis-server]=redis-server
  [chromium]=chromium
  [runuser]=util-linux
  # The local stack serves the demo app over HTTPS with a certificate made at start.
  [openssl]=openssl
  # Fluent Bit's lua filter runs LuaJIT; synth/logs/redaction-lua.test.ts runs the rendered
  # redaction script with it.
  [luajit]=luajit
)

find_command() {
  command -v "$1" >/dev/null 2>&1 && return 0
  # PostgreSQL's server binaries live outside PATH.
  return 1
}

missing=()
for cmd in "${!PACKAGE_FOR[@]}"; do
  find_command "$cmd" || missing+=("${PACKAGE_FOR[$cmd]}")
done
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
# The status page is published in Chinese and Korean too: without a CJK font Chromium draws
# those pages with fallback boxes, so the browser tests and the bench would check and time a
# page no visitor sees (visitors' systems ship one).
if [ ! -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then
  missing+=(fonts-noto-cjk)
fi
# Verifies the signatures of the Debian suites the pinned binaries come from.
if [ ! -f /usr/share/keyrings/debian-archive-keyring.gpg ]; then
  missing+=(debian-archive-keyring)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: every Debian package vigil needs is installed"
  exit 0
fi

# de-duplicate, stable order
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
echo "setup: installing ${missing[*]}"

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: cannot install ${missing[*]}: this needs root (run: sudo bash scripts/setup.sh)" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: cannot install ${missing[*]}: apt-get not found (vigil's setup supports Debian/Ubuntu)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# The packages' postinst scripts would start system services; the local stack and the
# tests start their own instances on free ports, so keep the system ones from starting.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
  created_policy=1
fi
cleanup() { [ "$created_policy" -eq 1 ] && rm -f "$policy"; return 0; }
trap cleanup EXIT

apt-get update -q || { echo "setup: apt-get update failed" >&2; exit 1; }
apt-get install -y -q --no-install-recommends "${missing[@]}" || {
  echo "setup: apt-get install ${missing[*]} failed" >&2
  exit 1
}

for cmd in "${!PACKAGE_FOR[@]}"; do
  find_command "$cmd" || { echo "setup: $cmd still missing after installing ${PACKAGE_FOR[$cmd]}" >&2; exit 1; }
done
echo "setup: done"
