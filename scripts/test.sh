#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then run them.
#   bash scripts/test.sh [pytest args]
# Creates .venv (if absent), installs détente with its test extras (spaCy model from PyPI),
# installs Debian's Chromium for the browser tests when run as root, and runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh test
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: could not install chromium; browser tests will be skipped" >&2
fi
export DETENTE_SHARED=${DETENTE_SHARED:-$(cd .. && pwd)/shared}
exec python -m pytest "$@"
