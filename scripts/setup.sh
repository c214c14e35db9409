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
# `ls` of several globs fails when any one of them matches nothing: test each.
have_libclang=""
for f in /usr/lib/llvm-*/lib/libclang.so* /usr/lib/llvm-*/lib/libclang-[0-9]*.so* \
         /usr/lib/x86_64-linux-gnu/libclang.so* /usr/lib/x86_64-linux-gnu/libclang-[0-9]*.so*; do
  [ -e "$f" ] && have_libclang=yes && break
done
if [ -z "$have_libclang" ] && [ -z "${LIBCLANG_PATH:-}" ]; then
  missing+=(libclang-dev)
fi
command -v python3 >/dev/null 2>&1 || missing+=(python3)
# Headless Chromium renders report.html (tests/outputs.rs) and drives the web app through
# ChromeDriver (tests/serve_browser.rs). Optional: without them (and without root to install
# them) those tests say they skipped, except under CI, where they fail.
optional=()
[ -x /usr/bin/chromium ] || optional+=(chromium)
[ -x /usr/bin/chromedriver ] || optional+=(chromium-driver)
if [ ${#optional[@]} -gt 0 ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  missing+=("${optional[@]}")
elif [ ${#optional[@]} -gt 0 ]; then
  echo "renfort setup: optional ${optional[*]} is missing (the browser tests will be skipped):" >&2
  echo "    sudo apt-get install -y ${optional[*]}" >&2
fi

# The tests read the calendars with an independent parser too: Python's icalendar (PyPI).
if command -v python3 >/dev/null 2>&1 && ! python3 -c "import icalendar" >/dev/null 2>&1; then
  echo "renfort setup: installing the Python package icalendar (the tests' independent calendar reader)" >&2
  python3 -m pip install --quiet icalendar >/dev/null 2>&1 \
    || python3 -m pip install --quiet --user icalendar >/dev/null 2>&1 \
    || python3 -m pip install --quiet --break-system-packages icalendar >/dev/null 2>&1 \
    || echo "renfort setup: cannot install icalendar; run: python3 -m pip install icalendar" >&2
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "renfort setup: installing ${missing[*]} (HiGHS needs cmake, g++, libclang; the browser tests need chromium and chromium-driver)" >&2
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
