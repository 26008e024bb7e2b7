#!/usr/bin/env bash
# The base image Grantwire's images are built on here: Debian bookworm (minbase) with the
# OpenJDK 17 headless JRE, made from Debian's packages with mmdebstrap, so that a machine that
# reaches no container registry can still build and run the images. Production builds take a
# standard JRE image from a registry instead (quarkus.jib.base-jvm-image in the parent pom).
#
#   deploy/images/base-image.sh [CACHE_DIR]
#
# Writes CACHE_DIR/images/base-jre17.docker.tar (a docker-archive, which Jib reads as
# tar://...) and prints its path. CACHE_DIR defaults to $GRANTWIRE_CACHE, else ~/.cache/grantwire,
# like the Keycloak distribution: the image outlives `mvn clean`. It is made again only when this
# script changes (its hash is kept beside the tar). Needs root, mmdebstrap and podman.
set -euo pipefail

cache="${1:-${GRANTWIRE_CACHE:-$HOME/.cache/grantwire}}/images"
out="$cache/base-jre17.docker.tar"
key_file="$cache/base-jre17.key"
key="$(sha256sum "$0" | cut -d' ' -f1)"

if [[ -f "$out" && -f "$key_file" && "$(cat "$key_file")" == "$key" ]]; then
  echo "$out"
  exit 0
fi

for tool in mmdebstrap podman; do
  command -v "$tool" >/dev/null || { echo "base-image.sh: $tool is missing (apt-get install -y mmdebstrap podman runc)" >&2; exit 1; }
done

mkdir -p "$cache"
work="$(mktemp -d "$cache/base-work.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The mirror apt already uses on this machine (Debian's by default), plus updates and security.
mirror="$(sed -n 's/^URIs: *\(http[^ ]*debian\)\/\?$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)"
mirror="${mirror:-http://deb.debian.org/debian}"
security="${mirror%/debian}/debian-security"

# minbase: no apt recommendations, no man pages or docs (the JRE's postinst needs man1 to exist).
# The user 10001 is the one the images run as (quarkus.jib.user); /tmp is where the JVM writes,
# mounted as an emptyDir in Kubernetes so the root filesystem stays read-only.
TMPDIR="$work" mmdebstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --essential-hook='mkdir -p "$1"/usr/share/man/man1' \
  --customize-hook='chroot "$1" groupadd --system --gid 10001 grantwire' \
  --customize-hook='chroot "$1" useradd --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin grantwire' \
  --customize-hook='mkdir -p "$1"/deployments && chown 10001:10001 "$1"/deployments' \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/log/*' \
  bookworm "$work/rootfs.tar" \
  "deb $mirror bookworm main" "deb $mirror bookworm-updates main" "deb $security bookworm-security main" \
  >"$cache/base-jre17.log" 2>&1 || { cat "$cache/base-jre17.log" >&2; exit 1; }

tag="localhost/grantwire/base-jre17:${key:0:12}"
podman import --quiet \
  --change 'ENV=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV=LANG=C.UTF-8' \
  --change 'USER=10001' \
  --change 'WORKDIR=/deployments' \
  "$work/rootfs.tar" "$tag" >/dev/null
podman save --quiet --format docker-archive -o "$work/base.docker.tar" "$tag" >/dev/null
podman rmi "$tag" >/dev/null
mv "$work/base.docker.tar" "$out"
echo "$key" > "$key_file"
echo "base-image.sh: made $out ($(du -m "$out" | cut -f1) MB; log: $cache/base-jre17.log)" >&2
echo "$out"
