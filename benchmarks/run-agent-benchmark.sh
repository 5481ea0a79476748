#!/usr/bin/env bash
# Agent benchmarks (issue 3): throughput against kcat and rsyslog, then reload and new-pod latency.
# Results are printed and written to docs/benchmarks.md.
#
#   benchmarks/run-agent-benchmark.sh [throughput|latency|all] [-Dkelp.bench.<key>=<value> ...]
#
# Settings (system properties, see io.kelp.bench.BenchOptions): kelp.bench.lines (1000000),
# kelp.bench.agent-jvm-options and kelp.bench.agent-env ("KEY=VALUE ...") (both default to the
# image's: the JAVA_OPTS and other ENV lines of images/agent/Dockerfile), kelp.bench.agent-properties,
# kelp.bench.peers (kcat,rsyslog,agent), kelp.bench.trials (50), kelp.bench.docs (docs/benchmarks.md,
# "none" to skip), kelp.bench.log-dir.
# Takes a few minutes; run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=all
if [[ $# -gt 0 && $1 != -D* ]]; then mode=$1; shift; fi
case $mode in throughput|latency|all) ;; *) echo "usage: $0 [throughput|latency|all] [-D...]" >&2; exit 2;; esac

# The peers, from Debian: kcat (librdkafka), rsyslog with omkafka, GNU time (kcat's CPU and RSS).
missing=()
command -v kcat >/dev/null || missing+=(kcat)
command -v rsyslogd >/dev/null || [[ -x /usr/sbin/rsyslogd ]] || missing+=(rsyslog)
[[ -e /usr/lib/x86_64-linux-gnu/rsyslog/omkafka.so ]] || missing+=(rsyslog-kafka)
[[ -x /usr/bin/time ]] || missing+=(time)
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "[bench] installing ${missing[*]}"
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}"
fi

echo "[bench] building the agent and the benchmarks"
# One reactor build, no install: the local Maven repository is shared with other worktrees, so the
# benchmarks' classpath points at this worktree's module jars. The last module built (benchmarks,
# which depends on the others) writes the classpath file last.
./mvnw -B -q -o package dependency:build-classpath -DskipTests -pl benchmarks -am \
  -Dmdep.outputFile="$PWD/benchmarks/target/bench.classpath"
cp="benchmarks/target/classes:$(cat benchmarks/target/bench.classpath)"

# The in-JVM Kafka broker lives in this JVM; the shippers are measured as their own processes.
if [[ $mode == throughput || $mode == all ]]; then
  java -Xmx1g "$@" -cp "$cp" io.kelp.bench.AgentBenchmark
fi
if [[ $mode == latency || $mode == all ]]; then
  java -Xmx1g "$@" -cp "$cp" io.kelp.bench.AgentLatencyBenchmark
fi
