#!/usr/bin/env bash
# Runs the whole of Grantwire on this machine, on 127.0.0.1, with no container engine:
# PostgreSQL, a Kafka broker, Keycloak, the services. Ctrl+C stops everything it started.
# Builds first when a packaged service is missing or older than its sources.
set -euo pipefail
cd "$(dirname "$0")"

stale() {
  local jar
  for module in grant-service revocation-service consent-service examples/resource-api \
                examples/demo-app; do
    jar="$module/target/quarkus-app/quarkus-run.jar"
    [ -f "$jar" ] || return 0
    [ -z "$(find "$module/src" "$module/pom.xml" grantwire-events/src grantwire-guard/src \
              test-support/src deploy/local/src pom.xml -newer "$jar" -print -quit)" ] || return 0
  done
  [ -d deploy/local/target/lib ] && [ -d deploy/local/target/classes ] || return 0
  return 1
}

if stale; then
  echo "Building Grantwire (skipping tests) ..."
  # The local stack runs the packaged jars, never the images: no image build here.
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -Dgrantwire.image.skip=true \
    -Dquarkus.container-image.build=false package
fi

# The launcher prints what matters itself; its libraries (zonky, Kafka admin) stay quiet.
exec java -Xmx256m -XX:+UseSerialGC -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider \
  -cp "deploy/local/target/classes:deploy/local/target/lib/*" \
  dev.grantwire.local.LocalStack "$@"
