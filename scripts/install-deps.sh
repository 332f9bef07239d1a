#!/usr/bin/env bash
# Installs the Debian packages lockstep builds and tests with. Idempotent; needs root (or sudo).
set -euo pipefail
PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git zstd
  libsimdjson-dev libicu-dev libxxhash-dev libzstd-dev zlib1g-dev
  libcli11-dev libfmt-dev libtbb-dev libigraph-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  libcpp-httplib-dev libssl-dev chromium chromium-driver wrk
  libxapian-dev libxgboost-dev libcld2-dev libhnswlib-dev
  python3-numpy python3-scipy
  libnats-dev nats-server
)
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
