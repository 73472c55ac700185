#!/bin/sh
# The image's entrypoint (deploy/Dockerfile): runs one app, or one of the operations CLIs.
#
#   prevent <app> [args]          an app of dist/apps: referral-intake, channel-panel, compliance-reporting, web
#   prevent                       the app named by APP
#   prevent dlq list|show <id>|replay <id>     dead letters (DATABASE_URL, MESSAGING_SCHEMA, KAFKA_BROKERS)
#   prevent verify-history        hash chains of the PostgreSQL event store (EVENT_STORE=postgres only)
#
# `exec`, so that the app is PID 1 and receives SIGTERM itself (it stops gracefully on it).
set -eu

command="${1:-${APP:-}}"
if [ "$#" -gt 0 ]; then shift; fi

case "$command" in
  dlq) exec node /app/dist/libs/messaging/src/cli/dlq.js "$@" ;;
  verify-history) exec node /app/dist/libs/event-store/src/cli/verify-history.js "$@" ;;
esac

if [ -n "$command" ] && [ -f "/app/dist/apps/$command/src/main.js" ]; then
  exec node "/app/dist/apps/$command/src/main.js" "$@"
fi

echo "usage: prevent <app> | dlq list|show <id>|replay <id> | verify-history (or set APP)" >&2
echo "apps in this image: $(ls /app/dist/apps | tr '\n' ' ')" >&2
exit 64
