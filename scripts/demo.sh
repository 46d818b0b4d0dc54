#!/usr/bin/env bash
# Install détente and run the main job on the bundled sample data (plus ../shared/seeds if present):
#   bash scripts/demo.sh
# Builds detente-demo.db (SQLite, no server), then prints the coded events and the Russia–EU curve.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh server,analytics
DB=${DB:-detente-demo.db}
inputs=(src/detente/sample/articles.jsonl)
[ -d ../shared/seeds ] && inputs+=(../shared/seeds)
detente ingest "${inputs[@]}" --db "$DB"
detente events --db "$DB" --limit 40
detente dyad RUS IGOEUREEC --by year --db "$DB"
echo
echo "Next: detente serve --db $DB   # then open http://127.0.0.1:8000"
