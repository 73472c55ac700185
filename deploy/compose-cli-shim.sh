#!/usr/bin/env bash
# A Docker CLI plugin that makes `docker compose ...` run Debian's docker-compose 1.29.2 (Compose v1).
#
# Why: the Compose v2 plugin cannot be installed on the build machines (no network to GitHub or
# download.docker.com); Debian bookworm's apt has only docker-compose 1.29.2. .ci/run installs this
# file as /usr/local/lib/docker/cli-plugins/docker-compose when `docker compose version` fails, so
# that CI literally runs `docker compose config -q` (test/deploy/compose-validate.e2e-spec.ts).
#
# The plugin protocol: the docker CLI first runs `<plugin> docker-cli-plugin-metadata` and reads
# JSON metadata from stdout; to run the command it then calls the plugin with the plugin's own name
# ("compose") as the first argument, followed by the user's arguments.
set -euo pipefail

if [ "${1:-}" = "docker-cli-plugin-metadata" ]; then
  printf '%s\n' '{"SchemaVersion":"0.1.0","Vendor":"prevent (shim over Debian docker-compose 1.29)","Version":"1.29.2","ShortDescription":"Docker Compose"}'
  exit 0
fi

exec /usr/bin/docker-compose "${@:2}"
