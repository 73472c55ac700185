#!/usr/bin/env bash
# Creates the system's Kafka topics with explicit partitions, replication and retention, and sets
# the retention again on topics that already exist. Run by the one-shot job `kafka-init`
# (docker-compose.yml) before any app starts, with the Kafka image's own tools; idempotent.
#
#   KAFKA_BOOTSTRAP_SERVER     e.g. kafka:9092
#   MESSAGING_PARTITIONS       partitions per topic; the apps are given the same value
#   KAFKA_REPLICATION_FACTOR   1 for the single broker of docker-compose.yml; 3 in production
#   KAFKA_MIN_INSYNC_REPLICAS  1 with a single broker; 2 with replication factor 3
#
# Retention: every topic keeps every message (retention.ms=-1, retention.bytes=-1,
# cleanup.policy=delete, i.e. nothing is ever deleted by time or size).
#   - Integration topics: a projection is rebuilt by a new consumer group reading the topics from
#     their start (the statistics, ADR 091), so the topics must hold the whole history. Compaction
#     is NOT allowed by the contracts: messages are keyed by the referral's or case's stream id and
#     every event of that stream shares the key, so compaction would keep only each referral's
#     last event and a rebuild would miss the rest. No personal data is on the topics in clear
#     (ADR 026); sealed details become unreadable when the subject's key is destroyed (ADR 005).
#   - dead-letter.<group>: kept until someone has looked at them (also recorded in PostgreSQL for
#     `dlq`, ADR 022). replay.<group>: each group's replays, read by that group only.
# Growth is bounded by the volume of referrals (thousands a year), not by time.
set -euo pipefail

bootstrap="${KAFKA_BOOTSTRAP_SERVER:?KAFKA_BOOTSTRAP_SERVER is not set}"
partitions="${MESSAGING_PARTITIONS:?MESSAGING_PARTITIONS is not set}"
replication="${KAFKA_REPLICATION_FACTOR:?KAFKA_REPLICATION_FACTOR is not set}"
min_isr="${KAFKA_MIN_INSYNC_REPLICAS:?KAFKA_MIN_INSYNC_REPLICAS is not set}"
bin="${KAFKA_BIN:-/opt/kafka/bin}"

# The integration topics of libs/contracts (INTEGRATION_TOPICS).
integration_topics=(
  referral-intake.referrals
  channel-panel.cases
)

# Every consumer group of the apps (test/deploy checks this list against the code): each has a
# dead-letter topic and a replay topic (libs/messaging: deadLetterTopic, replayTopic). A statistics
# rebuild (ADR 091) starts a new group, compliance-reporting.statistics.v<N+1>, whose topics the app
# creates itself with the broker's defaults (docker-compose.yml sets those to the same retention);
# add it here and run this job again to give it these settings explicitly.
consumer_groups=(
  referral-intake.returns-from-channel
  channel-panel.referrals-to-channel
  compliance-reporting.statistics.v1
)

retention="retention.ms=-1,retention.bytes=-1,cleanup.policy=delete,min.insync.replicas=${min_isr}"

ensure_topic() {
  local topic="$1"
  "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$topic" \
    --partitions "$partitions" --replication-factor "$replication" \
    --config retention.ms=-1 --config retention.bytes=-1 --config cleanup.policy=delete \
    --config "min.insync.replicas=${min_isr}"
  # a topic made earlier (by this job or by an app) gets the same settings
  "$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --alter --entity-type topics --entity-name "$topic" \
    --add-config "$retention" >/dev/null
  local count
  count="$("$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --describe --topic "$topic" |
    sed -n '/PartitionCount/{s/.*PartitionCount: *\([0-9]*\).*/\1/p;q;}')"
  if [ "$count" != "$partitions" ]; then
    # Never changed here: more partitions move keys to other partitions, and a referral's events
    # would lose their order while the old ones are still being consumed (docs/operations.md).
    echo "kafka-init: WARNING $topic has $count partitions, MESSAGING_PARTITIONS is $partitions" >&2
  fi
  echo "kafka-init: $topic ($count partitions, replication $replication, kept forever)"
}

for topic in "${integration_topics[@]}"; do ensure_topic "$topic"; done
for group in "${consumer_groups[@]}"; do
  ensure_topic "dead-letter.$group"
  ensure_topic "replay.$group"
done
