#!/usr/bin/env bash
# The README's main job: builds Kelp, then runs the local stack (real Kafka, etcd, Elasticsearch;
# operator, agent and transfers as processes). Ctrl-C stops everything it started; the next run
# resumes from .kelp-local/ (pass --fresh to start over).
set -euo pipefail
cd "$(dirname "$0")"
echo "[kelp local] building (the first run downloads Maven and ~450 MB of dependencies: a few minutes)"
# Maven's own output is long: show one line per module built and a running count of downloads.
# Built through the reactor (no install), so nothing of this checkout lands in ~/.m2.
if ! ./mvnw -B package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt 2>&1 \
    | awk '/Downloaded from/ { if (++n % 100 == 0) print "[kelp local]   " n " artifacts downloaded"; fflush() }
           /Building Kelp/ { sub(/^\[INFO\] /, ""); print "[kelp local]   " $0; fflush() }
           /\[ERROR\]|BUILD FAILURE/ { print; fflush() }'; then
  echo "[kelp local] the build failed; ./mvnw package -DskipTests shows the whole output"
  exit 1
fi
exec java -Xmx1g -cp "e2e/target/classes:$(cat e2e/target/classpath.txt)" io.kelp.e2e.LocalStack "$@"
