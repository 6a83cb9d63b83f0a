#!/usr/bin/env bash
# Makes a local PostgreSQL server available for the tests and prints the connection string the tests read from
# IWMDESK_TEST_PG (stdout: that one line; messages go to stderr). Idempotent: quiet and fast when the server already
# runs. When PostgreSQL is absent and this runs as root, installs Debian's `postgresql`; starts the first cluster
# (pg_ctlcluster) and creates the test role and database. Exits non-zero when no server can be had: the caller
# (scripts/test.sh) decides whether that is fatal (CI=true) or means skipping the PostgreSQL tests.
# IWMDESK_TEST_PG already set: that server is used as it is.
set -euo pipefail

ROLE=iwmdesk_test
PASS=iwmdesk_test
DB=iwmdesk_test

log() { echo "postgres-up: $*" >&2; }

if [ -n "${IWMDESK_TEST_PG:-}" ]; then
  echo "$IWMDESK_TEST_PG"
  exit 0
fi

conn() { echo "Host=127.0.0.1;Port=$1;Username=$ROLE;Password=$PASS;Database=$DB"; }

can_login() {
  PGPASSWORD=$PASS PGCONNECT_TIMEOUT=3 psql -h 127.0.0.1 -p "$1" -U "$ROLE" -d "$DB" -tAqc 'SELECT 1' >/dev/null 2>&1
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    (cd /tmp && su postgres -s /bin/sh -c "$1")
  else
    (cd /tmp && sudo -n -u postgres sh -c "$1")
  fi
}

cluster_line() { pg_lsclusters -h 2>/dev/null | head -n 1; }

# Fast path: a cluster is up and the test role can log in.
if command -v pg_lsclusters >/dev/null 2>&1 && command -v psql >/dev/null 2>&1; then
  line=$(cluster_line)
  if [ -n "$line" ]; then
    port=$(echo "$line" | awk '{print $3}')
    if can_login "$port"; then
      conn "$port"
      exit 0
    fi
  fi
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    log "PostgreSQL is not installed and cannot be installed here (needs root and apt-get: apt-get install -y postgresql)"
    exit 1
  fi
  log "installing PostgreSQL (apt-get install -y postgresql) ..."
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq postgresql >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    if ! apt-get install -y -qq postgresql >/dev/null 2>&1; then
      log "apt-get install postgresql failed"
      exit 1
    fi
  fi
fi

line=$(cluster_line)
if [ -z "$line" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  log "creating cluster $version/main"
  if [ "$(id -u)" = 0 ]; then
    pg_createcluster "$version" main >/dev/null 2>&1 || { log "pg_createcluster failed"; exit 1; }
  else
    log "no PostgreSQL cluster exists and creating one needs root"
    exit 1
  fi
  line=$(cluster_line)
fi

version=$(echo "$line" | awk '{print $1}')
name=$(echo "$line" | awk '{print $2}')
port=$(echo "$line" | awk '{print $3}')
status=$(echo "$line" | awk '{print $4}')

if [ "$status" != "online" ]; then
  log "starting cluster $version/$name on port $port"
  if [ "$(id -u)" = 0 ]; then
    pg_ctlcluster "$version" "$name" start >/dev/null 2>&1 || { log "pg_ctlcluster $version $name start failed"; exit 1; }
  else
    as_postgres "pg_ctlcluster $version $name start" >/dev/null 2>&1 || { log "cannot start the cluster (needs root or sudo to postgres)"; exit 1; }
  fi
fi

for _ in $(seq 1 50); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 0.2
done
if ! pg_isready -q -h 127.0.0.1 -p "$port"; then
  log "the server on port $port did not become ready"
  exit 1
fi

if ! can_login "$port"; then
  as_postgres "psql -p $port -v ON_ERROR_STOP=1 -qtAc \"DO \\\$\\\$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$ROLE') THEN CREATE ROLE $ROLE LOGIN PASSWORD '$PASS'; END IF; END\\\$\\\$\"" >/dev/null \
    || { log "cannot create the role $ROLE"; exit 1; }
  if [ -z "$(as_postgres "psql -p $port -qtAc \"SELECT 1 FROM pg_database WHERE datname = '$DB'\"")" ]; then
    as_postgres "psql -p $port -v ON_ERROR_STOP=1 -qtAc \"CREATE DATABASE $DB OWNER $ROLE TEMPLATE template0 ENCODING 'UTF8'\"" >/dev/null \
      || { log "cannot create the database $DB"; exit 1; }
  fi
  if ! can_login "$port"; then
    log "the role $ROLE cannot log in over TCP on 127.0.0.1:$port (check pg_hba.conf)"
    exit 1
  fi
fi

conn "$port"
