#!/usr/bin/env bash
# Installs the Debian 12 packages zhdj needs to build, run and test. Idempotent: installs only
# what is missing; uses sudo when not root.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config git
  # libraries (DESIGN.md "Stack")
  libboost-dev libsqlite3-dev libpq-dev nlohmann-json3-dev libsodium-dev libicu-dev
  libspdlog-dev libfmt-dev libcli11-dev libqrencode-dev zlib1g-dev libgoogle-perftools-dev
  libxlsxwriter-dev libzip-dev libpugixml-dev
  libhpdf-dev fonts-wqy-zenhei
  # tests and tools
  libgtest-dev libgmock-dev libbenchmark-dev libcpp-httplib-dev sqlite3 python3 curl
  # fuzzing (tests/fuzz/): clang with libFuzzer and the sanitizer runtimes
  clang libclang-rt-14-dev
  postgresql-15 postgresql-client-15
  nodejs npm chromium fonts-noto-cjk
  poppler-utils
  # benchmarks
  nginx wrk hyperfine
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm may come from outside Debian's package (a newer one already on PATH): that is fine.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
# Debian starts nginx and PostgreSQL's default cluster on install; zhdj starts its own.
if command -v systemctl >/dev/null 2>&1; then
  $SUDO systemctl disable --now nginx postgresql >/dev/null 2>&1 || true
fi
