#!/usr/bin/env bash
# The benchmark suite, end to end on this machine (see bench/README.md):
#   1. JMH (bench/jmh): the guard's hot path and its heap per revocation entry;
#   2. the system benchmarks (bench/suite): Grantwire and a production-mode Keycloak 26.7.3 started
#      here, token endpoint and introspection side by side, propagation to three guard instances
#      against the Kafka floor, Keycloak's revoked-JWT window, revocation-service's throughput, a
#      guard replaying 1M revocations at start, the backlog drain after a 30 s broker outage.
# Writes results.json, the plots and the JMH results, and the report BENCHMARKS.md: for a full
# run in bench/results/<date>/ and bench/BENCHMARKS.md, for --quick in bench/target/results/.
#   bench/run.sh            full run (about 35 minutes on 2 cores)
#   bench/run.sh --quick    quick run (under 10 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."

quick=""
if [ "${1:-}" = "--quick" ]; then
  quick="--quick"
elif [ $# -gt 0 ]; then
  echo "usage: bench/run.sh [--quick]" >&2
  exit 2
fi

# A full run's results are kept (bench/results/, linked from bench/BENCHMARKS.md); a quick run's
# go to target/ with their own report.
stamp="$(date -u +%Y-%m-%d)"
out="bench/results/$stamp"
markdown="bench/BENCHMARKS.md"
if [ -n "$quick" ]; then
  out="bench/target/results/$stamp-quick"
  markdown="$out/BENCHMARKS.md"
fi

echo "Building Grantwire and the benchmarks (skipping tests) ..."
./mvnw -B -q -DskipTests -Dspotless.check.skip=true package

mkdir -p "$out"
echo "JMH: the guard's hot path and memory per entry ..."
java -jar bench/jmh/target/benchmarks.jar $quick --out "$out/guard"

echo "System benchmarks ..."
java -Xmx1g -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider \
  -cp "bench/suite/target/classes:bench/suite/target/lib/*" \
  dev.grantwire.bench.suite.Suite $quick --out "$out" --markdown "$markdown" \
  --guard "$out/guard" --command "bench/run.sh${quick:+ --quick}"
