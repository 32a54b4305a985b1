#!/usr/bin/env bash
# Installs the Debian 12 packages newsarc builds and tests with, when any is missing.
# The one list of the project's dependencies; the README's commands and .ci/run call this.
set -euo pipefail

packages=(
  build-essential cmake pkg-config  # compiler and build
  capnproto libcapnp-dev            # the schema compiler and the Cap'n Proto library
  libzstd-dev zstd                  # compression, and stock zstd for the tests
  libsodium-dev                     # Ed25519, BLAKE2b and scrypt (minisign's primitives)
  libssl-dev                        # libcrypto: hardware-accelerated SHA-256
  libarchive-dev                    # reading and writing tar and zip archives
  libcurl4-openssl-dev              # RFC 3161 timestamps over HTTP(S) from time-stamping authorities
  libxapian-dev                     # the full-text index in bundles (pack --index, search, serve)
  libicu-dev                        # Unicode decomposition: accents folded in the full-text index
  libcli11-dev                      # command-line parsing
  nlohmann-json3-dev                # JSON parsing and writing
  doctest-dev                       # unit tests
  minisign                          # stock minisign, for interoperability tests
  openssl                           # stock openssl ts, req, ca: the test TSA and CA, and interop
  clang libclang-rt-14-dev          # libFuzzer, ASan, UBSan, TSan: scripts/fuzz.sh, sanitize.sh
  zip                               # stock zip, for the CLI tests of pack from .zip
  unzip                             # stock unzip, for the CLI tests of extract to .zip
  chromium chromium-driver          # headless Chromium and chromedriver: the HTML export's test
  python3 time                      # bench/bench.py and its smoke test (peak memory: GNU time)
  python3-dev pybind11-dev          # the Python package's extension (python/src), built by CMake
  python3-pytest                    # the Python package's tests (ctest python.pytest)
  python3-venv python3-pip          # pip install ./python into a venv (ctest python.install)
  python3-setuptools python3-wheel  # setup.py's build, offline (pip --no-build-isolation)
  python3-dask python3-distributed  # examples/dask_archive_stats.py on a LocalCluster (its pytest)
  jq                                # JSON compared as values, for the CLI tests of ninjs
  strace                            # system calls counted, for the CLI test of extract to .zip
  nginx-light                       # a real web server on 127.0.0.1 for the remote reading tests
  curl                              # the curl command: the tests wait for their local servers with it
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
