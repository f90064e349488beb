#!/usr/bin/env bash
# Set up a development environment from scratch: system libraries (when root on Debian) and .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  # WeasyPrint's libraries; Debian's Chromium for the browser tests (Playwright drives it, downloads nothing).
  if ! ldconfig -p 2>/dev/null | grep -q libpango-1.0 || ! ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset \
     || ! command -v chromium >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 \
      libharfbuzz0b libharfbuzz-subset0 libfontconfig1 chromium fonts-dejavu-core fonts-dejavu-extra >/dev/null
  fi
  # Opt-in: LibreOffice Writer for the DOCX → PDF test (about 86 MB download, 263 MB on disk, 1.5 min);
  # without it that test is skipped with its reason printed.
  if [ "${KZP_LIBREOFFICE:-0}" = "1" ] && ! command -v soffice >/dev/null 2>&1; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libreoffice-writer-nogui >/dev/null; } || echo "LibreOffice could not be installed: the DOCX → PDF test will skip and say so"
  fi
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[dev]"
echo "environment ready: .venv"
