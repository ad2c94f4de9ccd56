#!/usr/bin/env bash
# Load test of the suggestions page (target: "answers in <= 150 ms (p95) with 10,000 volunteers in the association's
# database, measured with a load tool on loopback"). Not part of test.sh: it is a benchmark.
#
#   bench/load/run.sh            # publish (Release), seed, log in, measure, write bench/load/results.md
#
# What it does, all on 127.0.0.1 and in a throwaway folder (removed at the end, with the app stopped by its pid):
#   1. publishes the app (Release) unless APP_DIR points at a published copy, and starts it in Production mode
#      with a fresh SQLite data folder and key folder;
#   2. seeds BENCHMARK data with the app's own "seed-load" command: one association covering every municipality of
#      a county (Vestland by default), VOLUNTEERS approved volunteers spread over it by population with real postal
#      codes, languages, interests, availability and capacities, one waiting woman and a coordinator account;
#   3. logs in as that coordinator through the real pages (password, then the TOTP code from the printed key:
#      bench/load/login.py) and checks that each measured page answers 200 with that session;
#   4. warms up, then runs wrk for DURATION on each page in turn (bounded: it stops by itself):
#        the suggestions page  /deltaker/{id}/forslag       (the page the target is for)
#        an authenticated page /konto                        (baseline: same session, layout, audit-free)
#        the health check      /health                       (floor: no page, no session)
#   5. prints p50/p90/p95/p99 and requests per second (report.lua computes the percentiles in wrk's done() hook)
#      and writes bench/load/results.md.
#
# Knobs: VOLUNTEERS (10000), COUNTY (46), DURATION (30s), CONNECTIONS (4), THREADS (2), PORT (5391),
#        WARMUP (5s), APP_DIR (skip the publish), TARGET_P95_MS (150).
# Needs: the .NET SDK, python3, curl and wrk (Debian's package; installed here when missing and running as root).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/load"
VOLUNTEERS=${VOLUNTEERS:-10000}
COUNTY=${COUNTY:-46}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-4}
THREADS=${THREADS:-2}
PORT=${PORT:-5391}
WARMUP=${WARMUP:-5s}
TARGET_P95_MS=${TARGET_P95_MS:-150}
BASE="http://127.0.0.1:$PORT"

log() { printf '[load] %s\n' "$*" >&2; }
die() { printf '[load] ERROR: %s\n' "$*" >&2; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# ------------------------------------------------------------------ tools ---
if ! command -v wrk >/dev/null; then
  [[ "$(id -u)" -eq 0 ]] || die "wrk is missing: sudo apt-get install -y wrk"
  log "installing Debian's wrk"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq wrk >/dev/null
fi
command -v python3 >/dev/null || die "python3 is missing"
command -v curl >/dev/null || die "curl is missing"

WORK="$(mktemp -d /tmp/rv-load.XXXXXX)"
APP_PID=""
cleanup() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$APP_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  die "something already listens on 127.0.0.1:$PORT (set PORT)"
fi

# -------------------------------------------------------------- publish ---
if [[ -n "${APP_DIR:-}" ]]; then
  [[ -x "$APP_DIR/Ressursvenn.Web" ]] || die "APP_DIR=$APP_DIR holds no published Ressursvenn.Web"
  APP="$APP_DIR"
else
  APP="$WORK/app"
  log "dotnet publish src/Ressursvenn.Web -c Release"
  dotnet publish "$ROOT/src/Ressursvenn.Web" -c Release -o "$APP" -v q -nologo >/dev/null
fi

export Database__Provider=Sqlite Database__ConnectionString="" Database__DataFolder="$WORK/data" ASPNETCORE_ENVIRONMENT=Production Email__PickupFolder=mail
mkdir -p "$WORK/data"
# The app's content root is the working folder: run it from the published folder.
run_app() { (cd "$APP" && exec ./Ressursvenn.Web "$@"); }

# ----------------------------------------------------------------- seed ---
log "seed-load --volunteers $VOLUNTEERS --county $COUNTY"
t0=$(date +%s)
run_app seed-load --volunteers "$VOLUNTEERS" --county "$COUNTY" >"$WORK/seed.txt" 2>"$WORK/seed.err" \
  || { cat "$WORK/seed.err" >&2; die "seed-load failed"; }
seed_secs=$(( $(date +%s) - t0 ))
field() { sed -n "s/^  $1: //p" "$WORK/seed.txt" | head -n 1; }
WOMAN=$(field woman); EMAIL=$(field email); PASSWORD=$(field password); TOTP_KEY=$(field totp-key)
[[ -n "$WOMAN" && -n "$EMAIL" && -n "$PASSWORD" && -n "$TOTP_KEY" ]] || { cat "$WORK/seed.txt" >&2; die "seed-load printed no login"; }
log "seeded in ${seed_secs}s: $(field volunteers) in $(field association)"

# ---------------------------------------------------------------- start ---
# Started from its folder without a subshell, so $! is the app itself (stopped by that pid at the end).
cd "$APP"
./Ressursvenn.Web --urls "$BASE" >"$WORK/app.log" 2>&1 &
APP_PID=$!
cd "$ROOT"
for _ in $(seq 600); do
  curl -fs -o /dev/null "$BASE/health" && break
  kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app.log" >&2; die "the app stopped"; }
  sleep 0.1
done
curl -fs -o /dev/null "$BASE/health" || die "the app did not answer /health within 60 s"

SUGGESTIONS="/deltaker/$WOMAN/forslag"
COOKIE=$(python3 "$HERE/login.py" "$BASE" "$EMAIL" "$PASSWORD" "$TOTP_KEY" /konto) || die "login failed"
log "logged in as the coordinator; /konto answers 200"

# The first answer builds the volunteer pool (every volunteer loaded, decrypted and mapped); then warm-up runs.
read -r first_status first_s < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "$COOKIE" "$BASE$SUGGESTIONS")
[[ "$first_status" == 200 ]] || die "GET $SUGGESTIONS with the session answered $first_status"
first_ms=$(awk -v s="$first_s" 'BEGIN { printf "%.0f", s * 1000 }')
log "first suggestions answer (pool built in it): ${first_ms} ms"
timeout 120 wrk -t "$THREADS" -c "$CONNECTIONS" -d "$WARMUP" -H "$COOKIE" "$BASE$SUGGESTIONS" >/dev/null
timeout 120 wrk -t "$THREADS" -c "$CONNECTIONS" -d "$WARMUP" -H "$COOKIE" "$BASE/konto" >/dev/null

# -------------------------------------------------------------- measure ---
declare -A RESULT LOAD
load1() { cut -d' ' -f1 /proc/loadavg; }
measure() {
  local name=$1 path=$2 header=${3:-}
  log "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency $path"
  local args=(-t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency -s "$HERE/report.lua")
  if [[ -n "$header" ]]; then args+=(-H "$header"); fi
  local before
  before=$(load1)
  timeout 300 wrk "${args[@]}" "$BASE$path" >"$WORK/wrk-$name.txt"
  LOAD[$name]="$before → $(load1)"
  sed 's/^/    /' "$WORK/wrk-$name.txt" | grep -v '^    RESULT' >&2
  RESULT[$name]=$(grep '^RESULT ' "$WORK/wrk-$name.txt")
  [[ -n "${RESULT[$name]}" ]] || die "no RESULT line from wrk for $path"
}
get() { sed -n "s/.*\b$2=\([0-9.]*\).*/\1/p" <<<"${RESULT[$1]}"; }

measure suggestions "$SUGGESTIONS" "$COOKIE"
measure account /konto "$COOKIE"
measure health /health

for name in suggestions account; do
  [[ "$(get "$name" not200)" == 0 && "$(get "$name" errors)" == 0 ]] \
    || die "$name: $(get "$name" not200) answers other than 200 and $(get "$name" errors) socket errors (see above)"
done

rss=$(awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$APP_PID/status" 2>/dev/null || echo "?")
audit_rows=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from AuditEntries').fetchone()[0])" "$WORK/data/ressursvenn.db" 2>/dev/null || echo "?")

# ---------------------------------------------------------------- report ---
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3g", a / b; else print "–" }'; }
p95=$(get suggestions p95_ms)
met=$(awk -v p="$p95" -v t="$TARGET_P95_MS" 'BEGIN { print (p <= t) ? "yes" : "**no**" }')
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
os=$( (. /etc/os-release && echo "$PRETTY_NAME") 2>/dev/null || uname -sr)
wrk_version=$(wrk -v 2>&1 | head -n 1 | awk '{print $2}' || true)
dotnet_version=$(dotnet --version 2>/dev/null || echo "?")
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?")
row() {
  printf '| %s | `%s` | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$(get "$3" p50_ms)" "$(get "$3" p90_ms)" "$(get "$3" p95_ms)" \
    "$(get "$3" p99_ms)" "$(get "$3" rps)" "$(get "$3" requests)" "${LOAD[$3]}"
}

{
  echo "# Load test: the suggestions page"
  echo
  echo "Measured $(date -u +%Y-%m-%d) by \`bench/load/run.sh\` (commit $commit plus the working tree). $os, $cpu,"
  echo "**$(nproc) cores** (app and wrk share them), $(free -g | awk '/^Mem:/ {print $2}') GiB; .NET SDK $dotnet_version, wrk $wrk_version, SQLite, Production mode, loopback."
  echo
  echo "Data: one association, $(field volunteers) across $(field association | sed 's/.*(\(.*\))/\1/') (by population, real postal"
  echo "codes), one waiting woman, seeded in ${seed_secs} s. wrk: $THREADS threads, $CONNECTIONS connections, $DURATION per page after a"
  echo "$WARMUP warm-up; every answer was 200 with the coordinator's session (logged in with password and TOTP code)."
  echo
  echo "| page | path | p50 ms | p90 ms | p95 ms | p99 ms | req/s | requests | load average (1 min) before → after |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---|"
  row "suggestions (top 10 of $(field volunteers | awk '{print $1}'))" "/deltaker/{id}/forslag" suggestions
  row "baseline: my account (same session)" "/konto" account
  row "floor: health check (no session)" "/health" health
  echo
  echo "- Target: p95 ≤ ${TARGET_P95_MS} ms → p95 = ${p95} ms: met? $met"
  echo "- Suggestions vs. /konto (ratio): p50 $(ratio "$(get suggestions p50_ms)" "$(get account p50_ms)")×, p95 $(ratio "$p95" "$(get account p95_ms)")×, requests per second $(ratio "$(get suggestions rps)" "$(get account rps)")×"
  echo "- First suggestions answer after the start (first JIT, and the pool of $(field volunteers | awk '{print $1}') volunteers built): ${first_ms} ms"
  echo "- App memory (RSS) after the runs: ${rss} MiB; audit entries written (one per suggestions view): ${audit_rows}"
  echo "- A load average above 2 means other work shared the $(nproc) cores during that run: read its tail (p95, p99) as an upper bound."
  echo
  echo "Reproduce: \`VOLUNTEERS=$VOLUNTEERS COUNTY=$COUNTY DURATION=$DURATION CONNECTIONS=$CONNECTIONS THREADS=$THREADS bench/load/run.sh\`"
} >"$HERE/results.md"

echo
cat "$HERE/results.md"
