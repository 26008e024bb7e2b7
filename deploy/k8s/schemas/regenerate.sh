#!/usr/bin/env bash
# Regenerates the JSON schemas under deploy/k8s/schemas/ that the Java tests use
# to validate our Kubernetes custom resources strictly.
#
#   strimzi/<Kind>.json           openAPIV3Schema of the v1 version of the Strimzi
#                                 CRDs, produced by Strimzi's own crd-generator
#   cloudnative-pg/<Kind>.json    rebuilt from @kubernetes-models/cloudnative-pg
#   prometheus-operator/<Kind>.json  rebuilt from @kubernetes-models/prometheus-operator
#   kubernetes/<Kind>.json        Kubernetes core types, rebuilt from kubernetes-models
#
# Every input is pinned below, every output is rewritten from scratch, and all
# JSON is pretty-printed with sorted keys, so running this twice gives
# byte-identical files and an upgrade shows up as a readable diff.
#
# Needs: bash, Maven (./mvnw of the repo, or mvn; override with MVN=...), a
# Java >= 21 runtime for the Strimzi 1.2 jars (JAVA21_HOME, default Temurin 25;
# the machine default, JDK 17, cannot load Java 21 bytecode), node + npm, tar.
# Network: Maven Central and the npm registry only.
#
#   regenerate.sh           writes the schemas
#   regenerate.sh --check   writes nothing; fails when a committed schema differs from what the
#                           pinned inputs give (the deploy-k8s tests run this where Java >= 21 is)
set -euo pipefail
CHECK=false
[[ "${1:-}" == "--check" ]] && CHECK=true

# ---------------------------------------------------------------- pinned inputs
# Strimzi operator release whose CRDs we deploy (apiVersion kafka.strimzi.io/v1).
STRIMZI_VERSION=1.2.0
STRIMZI_CRD_VERSION=v1
# Kind -> model class inside io.strimzi:api (checked by listing the jar).
STRIMZI_KINDS=(
  "Kafka=io.strimzi.api.kafka.model.kafka.Kafka"
  "KafkaNodePool=io.strimzi.api.kafka.model.nodepool.KafkaNodePool"
  "KafkaTopic=io.strimzi.api.kafka.model.topic.KafkaTopic"
  "KafkaUser=io.strimzi.api.kafka.model.user.KafkaUser"
)
# Pinned rather than taken from the super-POM so the classpath cannot drift.
MAVEN_DEPENDENCY_PLUGIN_VERSION=3.8.1

# npm model packages (generated from the operators' Go API types).
# @kubernetes-models/cloudnative-pg 2.0.0 is built from
# github.com/cloudnative-pg/cloudnative-pg v1.29.0 (its upstream go.mod).
CNPG_MODELS_VERSION=2.0.0
CNPG_KINDS=(Cluster Database Pooler)
# Newest published version; built from prometheus-operator
# pkg/apis/monitoring v0.91.0 (its upstream go.mod).
PROMETHEUS_OPERATOR_MODELS_VERSION=6.0.0
PROMETHEUS_OPERATOR_KINDS=(ServiceMonitor PrometheusRule)
# Kubernetes' own types: the source of kubernetes/<Kind>.json, and of the shared
# definitions (ObjectMeta, core/v1 types) the CRD model packages $ref (their
# package.json asks for ^3.0.2 / ^5.1.0; pinned to the versions that resolved).
# Models Kubernetes v1.36: the upstream CHANGELOG says 5.0.0 moved to the
# v1.36.0 OpenAPI spec, and 5.1.0 has the 1.36 PodSpec (schedulingGroup, no
# 1.35 workloadRef). The README badge in the tarball (1.27.1) is stale. The
# package also keeps API versions that Kubernetes removed; we only take the
# current ones listed here.
APIMACHINERY_MODELS_VERSION=3.0.2
KUBERNETES_MODELS_VERSION=5.1.0
# Kind -> module under kubernetes-models/_schemas/ (IoK8sApi<Group><Version><Kind>).
KUBERNETES_KINDS=(
  "Namespace=IoK8sApiCoreV1Namespace"
  "ConfigMap=IoK8sApiCoreV1ConfigMap"
  "Secret=IoK8sApiCoreV1Secret"
  "Service=IoK8sApiCoreV1Service"
  "ServiceAccount=IoK8sApiCoreV1ServiceAccount"
  "Deployment=IoK8sApiAppsV1Deployment"
  "PodDisruptionBudget=IoK8sApiPolicyV1PodDisruptionBudget"
  "HorizontalPodAutoscaler=IoK8sApiAutoscalingV2HorizontalPodAutoscaler"
  "NetworkPolicy=IoK8sApiNetworkingV1NetworkPolicy"
  "Ingress=IoK8sApiNetworkingV1Ingress"
)
# JS parser used to read the packages' compiled validators (no code is run).
ACORN_VERSION=8.19.0

# ---------------------------------------------------------------- environment
SCHEMAS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCHEMAS_DIR/../../.." && pwd)"
TOOLS="$SCHEMAS_DIR/tools"
# Scratch space lives under target/ (git-ignored, wiped by mvn clean).
WORK="${SCHEMAS_WORK_DIR:-$REPO_ROOT/target/schemas-work}"
mkdir -p "$WORK" && WORK="$(cd "$WORK" && pwd)"

JAVA21_HOME="${JAVA21_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA21_HOME/bin/java"
[[ -x "$JAVA" ]] || { echo "no java at $JAVA (set JAVA21_HOME to a JDK >= 21)" >&2; exit 1; }

if [[ -n "${MVN:-}" ]]; then
  read -r -a MVN_CMD <<<"$MVN"
elif [[ -x "$REPO_ROOT/mvnw" ]]; then
  MVN_CMD=("$REPO_ROOT/mvnw")
else
  MVN_CMD=(mvn)
fi
for tool in node npm tar; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 1; }
done

# Sorted keys + 2-space indent: the one output format for every schema file.
format_json() { # in out
  node -e '
    const fs = require("fs");
    const sort = (v) => Array.isArray(v) ? v.map(sort)
      : v && typeof v === "object"
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])])) : v;
    fs.writeFileSync(process.argv[2], JSON.stringify(sort(JSON.parse(fs.readFileSync(process.argv[1], "utf8"))), null, 2) + "\n");
  ' "$1" "$2"
}

# Outputs are built in a staging dir and only copied over the committed files
# once everything (including the checks at the end) succeeded.
rm -rf "$WORK/stage" "$WORK/strimzi" "$WORK/npm"
mkdir -p "$WORK/stage/strimzi" "$WORK/stage/cloudnative-pg" "$WORK/stage/prometheus-operator" \
  "$WORK/stage/kubernetes" \
  "$WORK/strimzi/crds" "$WORK/npm"

# ---------------------------------------------------------------- 1. Strimzi
# Strimzi publishes the CRD generator and the annotated model classes on Maven
# Central; generating the CRDs from them gives exactly the schemas the 1.2.0
# operator installs, restricted to the v1 API (v1beta2 is gone from 1.x).
echo ">> Strimzi $STRIMZI_VERSION: resolving crd-generator classpath" >&2
cat >"$WORK/strimzi/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- Throwaway POM (written by deploy/k8s/schemas/regenerate.sh): only used to
     let Maven resolve the runtime classpath of the Strimzi CRD generator. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.schemas</groupId>
  <artifactId>strimzi-crd-generator-classpath</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>io.strimzi</groupId><artifactId>api</artifactId><version>$STRIMZI_VERSION</version></dependency>
    <dependency><groupId>io.strimzi</groupId><artifactId>crd-generator</artifactId><version>$STRIMZI_VERSION</version></dependency>
  </dependencies>
</project>
EOF
# build-classpath on a POM (not `dependency:get`): the crd-generator POM has a
# test-scoped dependency (io.strimzi:test) that is not on Central, and the
# old default dependency:get would try to fetch it.
(cd "$WORK/strimzi" && "${MVN_CMD[@]}" -q -B -f pom.xml \
  "org.apache.maven.plugins:maven-dependency-plugin:$MAVEN_DEPENDENCY_PLUGIN_VERSION:build-classpath" \
  -Dmdep.outputFile="$WORK/strimzi/classpath.txt" -Dmdep.includeScope=runtime)
CP="$(cat "$WORK/strimzi/classpath.txt")"

echo ">> Strimzi: generating CRDs" >&2
gen_args=()
for kc in "${STRIMZI_KINDS[@]}"; do
  gen_args+=("${kc#*=}=$WORK/strimzi/crds/${kc%%=*}.yaml")
done
# Only the v1 API version, served and stored; YAML as the operator ships it.
# (The generator has no --help; its options are --yaml, --label, --target-kube,
# --crd-api-version, --api-versions, --describe-api-versions, --storage-version
# and --conversion-service-*; labels do not affect the schema, so none are set.)
"$JAVA" -cp "$CP" io.strimzi.crdgenerator.CrdGenerator \
  --crd-api-version v1 \
  --api-versions "$STRIMZI_CRD_VERSION" \
  --storage-version "$STRIMZI_CRD_VERSION" \
  --yaml "${gen_args[@]}"

for kc in "${STRIMZI_KINDS[@]}"; do
  kind="${kc%%=*}"
  # YAML -> JSON with the Jackson YAML module already on the generator classpath.
  "$JAVA" -cp "$CP" "$TOOLS/CrdVersionSchema.java" \
    "$WORK/strimzi/crds/$kind.yaml" "$STRIMZI_CRD_VERSION" "$WORK/strimzi/$kind.raw.json"
  format_json "$WORK/strimzi/$kind.raw.json" "$WORK/stage/strimzi/$kind.json"
done

# ---------------------------------------------------------------- 2. npm models
# The @kubernetes-models packages ship no JSON schema any more, only ajv
# "standalone" validators compiled from it (one ES module per definition under
# _schemas/). tools/ajv-standalone-to-schema.cjs parses that code back into a
# JSON schema: cross-module references become #/definitions/<Module> in the same
# file (self-contained), Go embedded structs are merged into the embedding
# object, and the property lists are cross-checked against the packages' .d.ts.
# `npm pack` (not install): we only read the files, no dependency tree needed.
pack() { # spec dir
  local tgz
  tgz="$(cd "$WORK/npm" && npm pack --silent --ignore-scripts "$1" | tail -n 1)"
  mkdir -p "$WORK/npm/$2"
  tar -xzf "$WORK/npm/$tgz" -C "$WORK/npm/$2"
}
echo ">> npm: fetching model packages" >&2
pack "@kubernetes-models/cloudnative-pg@$CNPG_MODELS_VERSION" cnpg
pack "@kubernetes-models/prometheus-operator@$PROMETHEUS_OPERATOR_MODELS_VERSION" prometheus-operator
pack "@kubernetes-models/apimachinery@$APIMACHINERY_MODELS_VERSION" apimachinery
pack "kubernetes-models@$KUBERNETES_MODELS_VERSION" kubernetes-models
pack "acorn@$ACORN_VERSION" acorn

PKG_DIRS=(
  "@kubernetes-models/cloudnative-pg=$WORK/npm/cnpg/package"
  "@kubernetes-models/prometheus-operator=$WORK/npm/prometheus-operator/package"
  "@kubernetes-models/apimachinery=$WORK/npm/apimachinery/package"
  "kubernetes-models=$WORK/npm/kubernetes-models/package"
)
decompile() { # root-module-file out
  node "$TOOLS/ajv-standalone-to-schema.cjs" "$WORK/npm/acorn/package/dist/acorn.js" \
    "$WORK/npm/tmp.json" "$1" "${PKG_DIRS[@]}"
  format_json "$WORK/npm/tmp.json" "$2"
}
for kind in "${CNPG_KINDS[@]}"; do
  echo ">> cloudnative-pg: $kind" >&2
  decompile "$WORK/npm/cnpg/package/_schemas/ComGithubCloudnativePgCloudnativePgApiV1$kind.js" \
    "$WORK/stage/cloudnative-pg/$kind.json"
done
for kind in "${PROMETHEUS_OPERATOR_KINDS[@]}"; do
  echo ">> prometheus-operator: $kind" >&2
  decompile "$WORK/npm/prometheus-operator/package/_schemas/ComGithubPrometheusOperatorPrometheusOperatorPkgApisMonitoringV1$kind.js" \
    "$WORK/stage/prometheus-operator/$kind.json"
done
# The core types come from the same kind of validators, so the same tool gives
# the same shape (IntOrString and Quantity as oneOf, ObjectMeta in definitions).
for km in "${KUBERNETES_KINDS[@]}"; do
  echo ">> kubernetes: ${km%%=*}" >&2
  decompile "$WORK/npm/kubernetes-models/package/_schemas/${km#*=}.js" \
    "$WORK/stage/kubernetes/${km%%=*}.json"
done

# ---------------------------------------------------------------- 3. checks
# Fail before touching the committed files if a schema lost something we rely on
# (path segments follow properties, $ref and array items; "*" is a map's values).
# "path=type" also checks the type there; "a|b" means a oneOf of exactly those
# types (IntOrString is integer|string, Quantity is number|string).
echo ">> checking outputs" >&2
node - "$WORK/stage" <<'EOF'
const fs = require("fs"), path = require("path");
const expect = {
  "strimzi/Kafka.json": ["apiVersion", "kind", "metadata", "spec.kafka.listeners", "spec.kafka.authorization", "spec.entityOperator"],
  "strimzi/KafkaNodePool.json": ["spec.roles", "spec.storage", "spec.replicas"],
  "strimzi/KafkaTopic.json": ["spec.partitions", "spec.replicas", "spec.config"],
  "strimzi/KafkaUser.json": ["spec.authentication.type", "spec.authorization.acls.resource.type"],
  "cloudnative-pg/Cluster.json": ["apiVersion", "kind", "metadata.name", "spec.instances", "spec.managed.roles.passwordSecret.name", "spec.bootstrap.initdb"],
  "cloudnative-pg/Database.json": ["spec.name", "spec.owner", "spec.cluster.name"],
  "cloudnative-pg/Pooler.json": ["spec.cluster.name", "spec.pgbouncer"],
  "prometheus-operator/ServiceMonitor.json": ["metadata.labels", "spec.endpoints.port", "spec.selector"],
  "prometheus-operator/PrometheusRule.json": ["spec.groups.rules.expr"],
  "kubernetes/Namespace.json": ["apiVersion", "kind", "metadata.labels", "metadata.annotations"],
  "kubernetes/ConfigMap.json": ["metadata.name", "data.*=string", "binaryData"],
  "kubernetes/Secret.json": ["type", "data.*=string", "stringData.*=string"],
  "kubernetes/Service.json": ["spec.selector", "spec.type", "spec.ports.port=integer",
    "spec.ports.targetPort=integer|string", "spec.ports.name"],
  "kubernetes/ServiceAccount.json": ["metadata.name", "automountServiceAccountToken=boolean"],
  "kubernetes/Deployment.json": ["spec.replicas=integer", "spec.selector.matchLabels",
    "spec.strategy.rollingUpdate.maxUnavailable=integer|string",
    "spec.template.metadata.labels", "spec.template.spec.securityContext.runAsNonRoot",
    "spec.template.spec.topologySpreadConstraints.labelSelector",
    "spec.template.spec.containers.ports.containerPort=integer", "spec.template.spec.containers.env.valueFrom",
    "spec.template.spec.containers.securityContext.readOnlyRootFilesystem",
    "spec.template.spec.containers.securityContext.capabilities.drop",
    "spec.template.spec.containers.resources.limits.*=number|string",
    "spec.template.spec.containers.readinessProbe.httpGet.port=integer|string",
    "spec.template.spec.volumes.emptyDir.sizeLimit=number|string"],
  "kubernetes/PodDisruptionBudget.json": ["spec.selector", "spec.maxUnavailable=integer|string",
    "spec.minAvailable=integer|string"],
  "kubernetes/HorizontalPodAutoscaler.json": ["spec.scaleTargetRef.name", "spec.minReplicas", "spec.maxReplicas",
    "spec.metrics.resource.target.averageUtilization=integer", "spec.metrics.resource.target.averageValue=number|string",
    "spec.behavior.scaleDown.policies"],
  "kubernetes/NetworkPolicy.json": ["spec.podSelector", "spec.policyTypes", "spec.ingress.from.podSelector",
    "spec.egress.to.namespaceSelector", "spec.egress.to.ipBlock.cidr", "spec.egress.ports.port=integer|string",
    "spec.egress.ports.protocol"],
  "kubernetes/Ingress.json": ["spec.ingressClassName", "spec.tls.secretName",
    "spec.rules.http.paths.backend.service.port.number=integer", "spec.rules.http.paths.backend.service.port.name"],
};
let bad = 0;
for (const [file, paths] of Object.entries(expect)) {
  const root = JSON.parse(fs.readFileSync(path.join(process.argv[2], file), "utf8"));
  const deref = (s) => {
    while (s && (s.$ref || s.items)) s = s.$ref ? root.definitions[s.$ref.replace("#/definitions/", "")] : s.items;
    return s;
  };
  for (const entry of paths) {
    const [p, type] = entry.split("=");
    let s = root;
    for (const seg of p.split(".")) {
      const o = deref(s);
      s = seg === "*" ? o && o.additionalProperties : o && o.properties && o.properties[seg];
    }
    if (!s) { console.error(`MISSING ${file}: ${p}`); bad++; continue; }
    if (!type) continue;
    const d = deref(s);
    const got = d.type || (d.oneOf || []).map((b) => deref(b).type).sort().join("|");
    if (got !== type) { console.error(`TYPE ${file}: ${p} is ${got || "untyped"}, expected ${type}`); bad++; }
  }
}
if (bad) process.exit(1);
EOF

# ---------------------------------------------------------------- 4. install
if $CHECK; then
  for vendor in strimzi cloudnative-pg prometheus-operator kubernetes; do
    diff -r -q "$WORK/stage/$vendor" "$SCHEMAS_DIR/$vendor" --exclude='*.md' >&2 \
      || { echo ">> $vendor: the committed schemas differ from the pinned inputs' (run regenerate.sh)" >&2; exit 1; }
  done
  echo ">> every schema matches its pinned inputs" >&2
  exit 0
fi
for vendor in strimzi cloudnative-pg prometheus-operator kubernetes; do
  mkdir -p "$SCHEMAS_DIR/$vendor"
  rm -f "$SCHEMAS_DIR/$vendor"/*.json
  cp "$WORK/stage/$vendor"/*.json "$SCHEMAS_DIR/$vendor/"
done
echo ">> schemas written to $SCHEMAS_DIR" >&2
