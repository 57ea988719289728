#!/usr/bin/env bash
# Builds the container image on a machine that cannot pull base images but can reach Debian's
# mirror and the npm registry. For each base image the Dockerfile names, it prepares a local
# stand-in (a debootstrap Debian root with this machine's Node.js, laid out like the official
# node images), tags it with exactly that name, then builds the unchanged Dockerfile with podman.
#
#   bash scripts/container-build.sh [podman build options, e.g. --build-arg MODEL_ID=...]
#
# Environment: IMAGE (tag to build, default paper-search:local), DEBIAN_MIRROR.
# Stand-in roots are cached as tarballs in .container-cache/ (git-ignored), so reruns are fast.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
image=${IMAGE:-paper-search:local}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=.container-cache
# Bump when the stand-in recipe below changes, so cached roots are rebuilt.
recipe=2
local_cas=/usr/local/share/ca-certificates

say() { printf 'container-build: %s\n' "$*" >&2; }
die() {
  say "$*"
  exit 1
}

[ "$(id -u)" = 0 ] || die "run as root: debootstrap and rootful podman need it"
for tool in podman debootstrap; do
  command -v "$tool" >/dev/null && continue
  command -v apt-get >/dev/null || die "$tool is missing; install podman and debootstrap"
  say "installing podman and debootstrap"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman debootstrap
  break
done

# This machine's Node.js: binary, npm and headers (node-gyp builds the addons offline from them).
node_bin=$(readlink -f "$(command -v node)") || die "node is not installed"
node_prefix=$(dirname "$(dirname "$node_bin")")
node_version=$(node -p process.versions.node)
[ -f "$node_prefix/include/node/node.h" ] ||
  die "no Node.js headers in $node_prefix/include/node; node-gyp would have to download them"
[ -d "$node_prefix/lib/node_modules/npm" ] || die "no npm in $node_prefix/lib/node_modules"

# The base images, as the Dockerfile's ARG defaults name them, with the packages each needs
# beyond minbase: the build stage compiles native addons, the runtime only runs Node.
dockerfile_arg() { sed -n "s/^ARG $1=//p" Dockerfile | head -n 1; }
build_base=$(dockerfile_arg BUILD_IMAGE)
runtime_base=$(dockerfile_arg RUNTIME_IMAGE)
if [ -z "$build_base" ] || [ -z "$runtime_base" ]; then
  die "Dockerfile lacks ARG BUILD_IMAGE= or ARG RUNTIME_IMAGE= defaults"
fi

# node:20-bookworm -> docker.io/library/node:20-bookworm, the name Docker would pull.
qualified() {
  case $1 in
    */*) case ${1%%/*} in *.* | *:* | localhost) echo "$1" ;; *) echo "docker.io/$1" ;; esac ;;
    *) echo "docker.io/library/$1" ;;
  esac
}

# stand_in IMAGE PACKAGES: builds (or reuses) the root tarball, then imports and tags it.
stand_in() {
  local name=$1 packages=$2 tag suite major key prefix tarball root ref stamp
  # Node major and Debian suite from a tag such as node:20-bookworm-slim.
  tag=${name##*:}
  major=${tag%%-*}
  suite=$(echo "$tag" | cut -d- -f2)
  [ "${node_version%%.*}" = "$major" ] ||
    die "$name wants Node $major but this machine has Node $node_version"
  key=$({
    printf '%s\n' "$recipe" "$suite" "$packages" "$node_version"
    cat "$local_cas"/* "$node_prefix/etc/npmrc" 2>/dev/null || true
  } | sha256sum | cut -c1-16)
  prefix="$cache/$(echo "$name" | tr '/:' '__')"
  tarball="$prefix-$key.tar"
  if [ ! -f "$tarball" ]; then
    rm -f "$prefix"-????????????????.tar*
    say "preparing a stand-in for $name: Debian $suite minbase${packages:+ + $packages}, Node $node_version"
    root=$(mktemp -d "$cache/root.XXXXXX")
    trap 'rm -rf "$root"' EXIT
    # Downloaded .debs are kept, so the second root and later recipe changes reuse them.
    mkdir -p "$cache/debs"
    debootstrap --variant=minbase --cache-dir="$PWD/$cache/debs" ${packages:+--include="$packages"} \
      "$suite" "$root" "$mirror" >&2
    # Same places as the official node images: /usr/local, npm and npx linked into bin.
    install -D -m 0755 "$node_bin" "$root/usr/local/bin/node"
    mkdir -p "$root/usr/local/lib/node_modules" "$root/usr/local/include"
    cp -a "$node_prefix/lib/node_modules/npm" "$root/usr/local/lib/node_modules/"
    cp -a "$node_prefix/include/node" "$root/usr/local/include/"
    ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
    ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
    # The official images' unprivileged user.
    chroot "$root" groupadd --gid 1000 node
    chroot "$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
    chroot "$root" node --version >/dev/null || die "Node does not run in the $suite root"
    # Where this machine reaches the registry through a TLS-inspecting proxy, npm in the build
    # must trust the same local CAs and read this Node's global npmrc (cafile, registry).
    if [ -x "$root/usr/sbin/update-ca-certificates" ]; then
      if [ -d "$local_cas" ]; then cp -a "$local_cas/." "$root$local_cas/"; fi
      chroot "$root" update-ca-certificates >/dev/null
      if [ -f "$node_prefix/etc/npmrc" ]; then
        install -D -m 0644 "$node_prefix/etc/npmrc" "$root/usr/local/etc/npmrc"
      fi
    fi
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/archives/*.deb
    tar -C "$root" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
    rm -rf "$root"
    trap - EXIT
  fi
  ref=$(qualified "$name")
  stamp="$tarball.imported"
  if [ ! -f "$stamp" ] || [ "$(podman image inspect --format '{{.Id}}' "$ref" 2>/dev/null)" != "$(cat "$stamp")" ]; then
    say "importing $tarball as $ref"
    podman import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["node"]' "$tarball" "$ref" >/dev/null
    podman image inspect --format '{{.Id}}' "$ref" >"$stamp"
  fi
}

mkdir -p "$cache"
stand_in "$build_base" python3,make,g++,ca-certificates
stand_in "$runtime_base" ""

say "building $image"
start=$SECONDS
# chroot isolation needs no container runtime; host networking lets npm reach the registry;
# the docker format keeps HEALTHCHECK, which OCI image configs cannot carry.
podman --cgroup-manager=cgroupfs build --isolation=chroot --network=host --pull=never \
  --format=docker --tag "$image" "$@" .
size=$(podman image inspect --format '{{.Size}}' "$image")
say "built $image in $((SECONDS - start)) s; image size $(numfmt --to=iec --suffix=B "$size") ($size bytes)"
