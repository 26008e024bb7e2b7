#!/usr/bin/env bash
# Runs the grantwire-guard benchmarks (JMH hot path + memory per revocation entry).
#   bench/run-guard.sh [--quick] [--out DIR] [--include REGEX] [--skip-jmh] [--skip-memory]
# Builds bench/jmh/target/benchmarks.jar first when it is missing or when BUILD=1.
# Results: bench/jmh/target/results/guard-<UTC time>/ unless --out is given.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/bench/jmh/target/benchmarks.jar"
if [[ ! -f "$jar" || "${BUILD:-0}" == 1 ]]; then
  (cd "$root" && ./mvnw -B -q -pl bench/jmh -am package -DskipTests)
fi
cd "$root"
exec java -jar "$jar" "$@"
