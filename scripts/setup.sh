#!/usr/bin/env bash
# Installs what building renfort needs beyond the Rust toolchain: HiGHS (the MIP solver) is
# compiled from source by the highs-sys crate and needs cmake, a C++ compiler and libclang.
# Idempotent: does nothing when everything is there.
set -euo pipefail

missing=()
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
command -v c++ >/dev/null 2>&1 || missing+=(g++)
# Only libclang itself counts: libclang-cpp (the C++ interface, which some Debian packages pull
# in alone) matches a looser glob but bindgen cannot load it.
if ! ls /usr/lib/llvm-*/lib/libclang.so* /usr/lib/llvm-*/lib/libclang-[0-9]*.so* \
        /usr/lib/x86_64-linux-gnu/libclang.so* /usr/lib/x86_64-linux-gnu/libclang-[0-9]*.so* >/dev/null 2>&1 \
   && [ -z "${LIBCLANG_PATH:-}" ]; then
  missing+=(libclang-dev)
fi
command -v python3 >/dev/null 2>&1 || missing+=(python3)
# Headless Chromium renders report.html in tests/outputs.rs. Optional: without it (and
# without root to install it) that one test says it skipped.
optional=()
[ -x /usr/bin/chromium ] || optional+=(chromium)
if [ ${#optional[@]} -gt 0 ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  missing+=("${optional[@]}")
elif [ ${#optional[@]} -gt 0 ]; then
  echo "renfort setup: optional ${optional[*]} is missing (the browser test of report.html will be skipped):" >&2
  echo "    sudo apt-get install -y ${optional[*]}" >&2
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "renfort setup: installing ${missing[*]} (HiGHS needs cmake, g++, libclang; the report test needs chromium)" >&2
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "renfort setup: cannot install packages without root. Run this once, then retry:" >&2
  echo "    sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
