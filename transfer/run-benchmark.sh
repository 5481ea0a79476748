#!/usr/bin/env bash
# Transfer benchmark (issue 4): 1,000,000 agent-format documents, packed as the agent packs them
# (event-batch records of up to 32 KiB), indexed by the transfer and, as the same merged documents
# under the same ids, by raw _bulk into the same single-node Elasticsearch. Prints a Markdown report
# and writes it as the "transfer-throughput" section of kelp.bench.docs (default
# transfer/target/transfer-benchmark.md; "none" only prints it).
#
#   transfer/run-benchmark.sh [-Dkelp.bench.records=1000000] [-Dkelp.bench.docs=docs/benchmarks.md] ...
#
# Other settings: kelp.bench.records counts documents (log lines), not Kafka records;
# kelp.bench.partitions (3), kelp.bench.transfer-jvm-options (the image's),
# kelp.bench.transfer-options (extra -D for the transfer), kelp.bench.rounds (2), kelp.bench.raw
# ("2500,4": fixed raw bulk size and concurrency, skips the trials). A few minutes on an idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "[bench] building the transfer"
# Through the reactor (-am), never `install`: the local Maven repository is shared, and the
# classpath then names the freshly built contract and test-kit jars, not stale installed ones.
# Each module writes its own target/bench.classpath (a relative outputFile is per module).
./mvnw -B -q -o -pl transfer -am package dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="transfer/target/test-classes:transfer/target/classes:$(cat transfer/target/bench.classpath)"
# The in-JVM Kafka broker and the raw loader's pre-built bodies live in this JVM.
exec java -Xmx3g -Djava.util.logging.manager=org.jboss.logmanager.LogManager "$@" -cp "$cp" \
  io.kelp.transfer.bench.TransferBenchmark
