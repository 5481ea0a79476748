#!/usr/bin/env bash
# The README's main job: builds Kelp, then runs the local stack (real Kafka, etcd, Elasticsearch;
# operator, agent and transfer as processes). Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")"
echo "[kelp local] building (the first run downloads Maven and ~450 MB of dependencies; a few minutes)"
./mvnw -B -q -ntp install -DskipTests
./mvnw -B -q -ntp -o -pl e2e dependency:build-classpath -Dmdep.outputFile="$PWD/e2e/target/local-stack.classpath"
exec java -Xmx1g -cp "e2e/target/classes:$(cat e2e/target/local-stack.classpath)" io.kelp.e2e.LocalStack "$@"
