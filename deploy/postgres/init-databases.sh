#!/usr/bin/env bash
# Creates or updates the databases of the distributed mode, each owned by its own login role:
#
#   database     login role   used by                                  password variable
#   casework     casework     referral-intake and channel-panel        CASEWORK_DB_PASSWORD
#   reporting    reporting    compliance-reporting                     REPORTING_DB_PASSWORD
#   web          web          web (its session store)                  WEB_DB_PASSWORD
#   keycloak     keycloak     Keycloak                                 KEYCLOAK_DB_PASSWORD
#
# referral-intake and channel-panel share one database because the subjects' keys must be shared
# (ADR 032): the panel opens the personal details the intake sealed under the subject's key, and
# erasing a person destroys that one key for both. The platform keeps the key store
# (`personal_data.subject_keys`) in the service's own database and has no separate setting for it,
# so the two services holding personal data use the same database and login role; each still owns
# its own schemas (referral_intake*, channel_panel*). See docs/adr/112-distributed-deployment.md.
#
# The services' login roles may create roles (CREATEROLE): at boot each service makes its restricted
# NOLOGIN roles (the event store's `<schema>_app`, the read models' `<schema>_read_app`) and hands
# its schemas to them; `createrole_self_grant` lets the login role SET ROLE to the roles it made
# (PostgreSQL 16+). They are not superusers.
#
# Idempotent: run on every `docker compose up` by the one-shot job `postgres-init`, as the
# superuser (PGHOST, PGPORT, PGUSER, PGPASSWORD); changing a password in .env and running it again
# changes the role's password. Needs psql (the postgres image has it).
set -euo pipefail

: "${PGHOST:?PGHOST is not set}"
: "${PGUSER:?PGUSER is not set}"

# <database> <login role> <password> <may create roles: yes|no>
ensure_database() {
  local database="$1" role="$2" password="$3" createrole="$4"
  if [ -z "$password" ]; then
    echo "postgres-init: no password for role $role" >&2
    exit 1
  fi
  psql --no-psqlrc --quiet -v ON_ERROR_STOP=1 -d postgres \
    -v database="$database" -v role="$role" -v password="$password" -v createrole="$createrole" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH LOGIN NOSUPERUSER NOCREATEDB NOREPLICATION NOBYPASSRLS PASSWORD :'password';
SELECT format('ALTER ROLE %I %s', :'role', CASE WHEN :'createrole' = 'yes' THEN 'CREATEROLE' ELSE 'NOCREATEROLE' END) \gexec
SELECT format('ALTER ROLE %I SET createrole_self_grant = %L', :'role', 'set, inherit')
 WHERE :'createrole' = 'yes' \gexec
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'database', :'role', 'UTF8')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') \gexec
ALTER DATABASE :"database" OWNER TO :"role";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"database" TO :"role";
SQL
  echo "postgres-init: database $database, owner $role"
}

ensure_database casework casework "${CASEWORK_DB_PASSWORD:-}" yes
ensure_database reporting reporting "${REPORTING_DB_PASSWORD:-}" yes
ensure_database web web "${WEB_DB_PASSWORD:-}" no
ensure_database keycloak keycloak "${KEYCLOAK_DB_PASSWORD:-}" no
