#!/bin/sh
# The image's entrypoint (deploy/Dockerfile): runs one app, or one of the operations CLIs.
#
#   prevent <app> [args]          an app of dist/apps: referral-intake, channel-panel, compliance-reporting, web
#   prevent                       the app named by APP
#   prevent dlq list|show <id>|replay <id>     dead letters (DATABASE_URL, MESSAGING_SCHEMA, KAFKA_BROKERS)
#   prevent verify-history        hash chains of the PostgreSQL event store (EVENT_STORE=postgres only)
#
# `exec`, so that the app is PID 1 and receives SIGTERM itself (it stops gracefully on it).
# PREVENT_APP_ROOT (default /app) lets test/deploy run this script on a checkout.
set -eu

root="${PREVENT_APP_ROOT:-/app}"
command="${1:-${APP:-}}"
if [ "$#" -gt 0 ]; then shift; fi

case "$command" in
  dlq) exec node "$root/dist/libs/messaging/src/cli/dlq.js" "$@" ;;
  verify-history) exec node "$root/dist/libs/event-store/src/cli/verify-history.js" "$@" ;;
esac

case "$command" in
  '' | */* | .*) ;;
  *)
    if [ -f "$root/dist/apps/$command/src/main.js" ]; then
      exec node "$root/dist/apps/$command/src/main.js" "$@"
    fi
    ;;
esac

echo "usage: prevent <app> | dlq list|show <id>|replay <id> | verify-history (or set APP)" >&2
echo "apps in this image: $(ls "$root/dist/apps" 2>/dev/null | tr '\n' ' ')" >&2
exit 64
