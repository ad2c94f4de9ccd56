#!/usr/bin/env bash
# Measures what README reports for the app's start: the time from "dotnet run" (already built) to the
# first answered request, and the app's resident memory right after that and after 50 requests.
# Runs on a fresh SQLite data folder (first start: migrations + reference data) and again on the same
# folder (a normal restart). Loopback only; stops the app itself.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-5390}
data=$(mktemp -d)
trap 'kill "$app" 2>/dev/null || true; rm -rf "$data"' EXIT
dotnet build src/Ressursvenn.Web -c Release -v q -nologo >/dev/null

measure() {
  local label=$1 start end pid rss
  start=$(date +%s%N)
  Database__DataFolder="$data" ASPNETCORE_ENVIRONMENT=Production Email__PickupFolder=mail \
    dotnet run --project src/Ressursvenn.Web -c Release --no-build --no-launch-profile --urls "http://127.0.0.1:$port" >"$data/run.log" 2>&1 &
  app=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/logg-inn"; do
    sleep 0.05
    if ! kill -0 "$app" 2>/dev/null; then cat "$data/run.log"; exit 1; fi
  done
  end=$(date +%s%N)
  # "dotnet run" starts the app's own process (the apphost); measure that one, not the CLI.
  pid=$(pgrep -n -f "bin/Release/net10.0/Ressursvenn.Web( |$)" || true)
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$port/logg-inn"; done
  local rss50
  rss50=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  printf '%-28s first answer after %5d ms; memory (RSS) %4d MiB at start, %4d MiB after 50 requests\n' \
    "$label" $(((end - start) / 1000000)) $((rss / 1024)) $((rss50 / 1024))
  kill "$app"; wait "$app" 2>/dev/null || true
  kill "$pid" 2>/dev/null || true
  sleep 1
}

measure "first start (empty data):"
measure "restart (existing data):"
