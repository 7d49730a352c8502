#!/usr/bin/env bash
# Fuzzes the .xlsx reader (xlsx::read) with libFuzzer, AddressSanitizer and UBSan.
#
#   tests/fuzz/run.sh [seconds]     default 60; ZHDJ_FUZZ_SECONDS overrides
#
# To replay a finding: build/fuzz/xlsx/xlsx_fuzz build/fuzz/xlsx/findings/crash-…
#
# Builds into build/fuzz/xlsx/ (reader.cpp and the target only, with clang++-14), writes a seed
# corpus there, and fuzzes for the given time. The corpus grows in build/fuzz/xlsx/corpus/ from
# run to run. Exits non-zero on any finding (crash, sanitizer report, leak, hang over 30 s, memory
# over 2 GB); the input that caused it is left in build/fuzz/xlsx/findings/.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${ZHDJ_FUZZ_SECONDS:-${1:-60}}"
cxx="${ZHDJ_FUZZ_CXX:-clang++-14}"
out="$root/build/fuzz/xlsx"
mkdir -p "$out/seeds" "$out/corpus" "$out/findings"

if ! command -v "$cxx" >/dev/null; then
  echo "fuzz: $cxx not found (scripts/setup.sh installs clang and libclang-rt-14-dev)" >&2
  exit 1
fi

read -r -a zip_flags <<<"$(pkg-config --cflags --libs libzip pugixml)"
read -r -a writer_flags <<<"$(pkg-config --cflags --libs libzip xlsxwriter)"
common=(-std=c++20 -g -I"$root/src" -I"$root/tests" -Wall -Wextra)

# The seed writer needs no sanitizers; it uses xlsx::Writer and the hand-built samples.
"$cxx" "${common[@]}" -O1 "$root/tests/fuzz/xlsx_seeds.cpp" "$root/src/xlsx/writer.cpp" \
  "${writer_flags[@]}" -o "$out/xlsx_seeds"
rm -f "$out/seeds/"*
"$out/xlsx_seeds" "$out/seeds"

# Rows are parsed in fragments of 1 MB, more than a fuzz input: cut them at 64 bytes here.
"$cxx" "${common[@]}" -O1 -fno-omit-frame-pointer -DZHDJ_XLSX_FRAGMENT_BYTES=64 \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  "$root/tests/fuzz/xlsx_fuzz.cpp" "$root/src/xlsx/reader.cpp" "$root/src/common/utf8.cpp" \
  "${zip_flags[@]}" \
  -o "$out/xlsx_fuzz"

echo "fuzz: xlsx_fuzz for ${seconds}s"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=0"
# New inputs go to corpus/ (the first directory); seeds/ is only read. ZHDJ_FUZZ_FLAGS adds
# libFuzzer flags. The full log is kept; the console gets it without the per-input lines.
read -r -a extra_flags <<<"${ZHDJ_FUZZ_FLAGS:-}"
set +e
"$out/xlsx_fuzz" "$out/corpus" "$out/seeds" \
  -dict="$root/tests/fuzz/xlsx.dict" \
  -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=262144 -timeout=30 \
  -artifact_prefix="$out/findings/" -print_final_stats=1 "${extra_flags[@]}" 2>&1 \
  | tee "$out/last-run.log" | grep -v -E '^#[0-9]+\s+(NEW|REDUCE|pulse)'
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "fuzz: FINDING (exit $status); inputs in $out/findings/, log in $out/last-run.log" >&2
  exit "$status"
fi
echo "fuzz: no findings"
