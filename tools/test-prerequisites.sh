#!/usr/bin/env bash
# What `npm test` needs from the machine besides npm's packages, installed when missing:
# Debian's librdkafka-dev and gcc (the Kafka tests build librdkafka's mock cluster), Chromium and a
# Japanese font (the browser test), and PostgreSQL answering on 127.0.0.1:5432 (or TEST_DATABASE_URL).
# As root it installs and starts what is missing; otherwise it stops at once with the command to run.
set -euo pipefail

missing=()
[ -f /usr/include/librdkafka/rdkafka_mock.h ] || missing+=(librdkafka-dev)
command -v gcc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
[ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -d /usr/share/fonts/opentype/ipafont-gothic ] || missing+=(fonts-ipafont-gothic)
[ -n "${TEST_DATABASE_URL:-}" ] || command -v pg_isready >/dev/null 2>&1 || missing+=(postgresql)

as_root() { [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; }

if [ ${#missing[@]} -gt 0 ]; then
  if ! as_root; then
    echo "npm test needs these Debian packages: ${missing[*]}" >&2
    echo "Install them, then run npm test again:" >&2
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "npm test: installing ${missing[*]} (Debian packages the tests need)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null ||
    { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
fi

# TEST_DATABASE_URL points the tests at another PostgreSQL; its reachability is the tests' to report.
[ -z "${TEST_DATABASE_URL:-}" ] || exit 0
pg_isready -h 127.0.0.1 -p 5432 -q && exit 0
if as_root && command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  echo "npm test: starting PostgreSQL" >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && exit 0; sleep 1; done
fi
echo "npm test needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth), or TEST_DATABASE_URL." >&2
echo "  sudo pg_ctlcluster $(ls /etc/postgresql 2>/dev/null | head -n1 || echo 15) main start" >&2
exit 1
