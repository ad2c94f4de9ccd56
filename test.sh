#!/usr/bin/env bash
# Runs every Ressursvenn test suite (or the ones named as arguments).
#
#   ./test.sh                               # all suites
#   ./test.sh unit integration-sqlite       # only these
#
# Suites: unit, integration-sqlite, integration-postgres, browser, container.
#   container: `dotnet publish /t:PublishContainer` of a copy of src/ into an image
#   archive on top of a small base image served by a registry the test itself
#   runs on 127.0.0.1 (no public container registry is reachable from CI);
#   needs nothing installed beyond the SDK; a few minutes of build.
#
# Prepares what the selected suites need (a throwaway PostgreSQL server,
# Chromium), builds Ressursvenn.slnx once in Release, runs each suite with
# `dotnet test --no-build` writing one TRX file per suite into .test-output/,
# and ends with the line "N passed, N failed[, N skipped]".
#
# Exported for the tests (only when a suite that needs them is selected):
#   RESSURSVENN_TEST_PG       Npgsql connection string of the throwaway server
#   RESSURSVENN_PG_BIN        folder with pg_dump / pg_restore of that server
#   RESSURSVENN_CHROMIUM      Chromium executable
#   RESSURSVENN_TEST_PROVIDER Sqlite | Postgres (integration suites only)
#
# Test runner: `dotnet test` on the .NET 10 SDK runs in one of two modes,
# chosen by global.json; both are handled and both give one TRX per suite:
#   VSTest (default): needs Microsoft.NET.Test.Sdk + xunit.runner.visualstudio,
#     and with xunit.v3 >= 4 the `xunit.v3.mtp-off` package instead of
#     `xunit.v3` (xunit.v3 4.x brings Microsoft.Testing.Platform 2, whose
#     MSBuild targets reject VSTest mode on the .NET 10 SDK:
#     "Testing with VSTest target is no longer supported ...").
#   Microsoft.Testing.Platform: global.json has
#     "test": { "runner": "Microsoft.Testing.Platform" }; the TRX then comes
#     from xunit's own --report-xunit-trx.
#
# Optional knobs (developer convenience):
#   RESSURSVENN_PG_BIN / RESSURSVENN_CHROMIUM set beforehand are honoured
#   when they point at a usable initdb / executable.
#   RV_SKIP_BUILD=1           skip `dotnet build` (reuse the last Release build)
#   RV_HANG_TIMEOUT=15m       VSTest mode: per-test hang timeout (blame
#                             collector kills a hung test host instead of
#                             letting it eat the whole CI budget)
#   RV_SUITE_TIMEOUT=40m      MTP mode: timeout of one whole suite
#   RV_TEST_RUNNER=vstest|mtp override the detection from global.json
#
# The file can be sourced (functions only, nothing runs) for experiments:
#   source ./test.sh; pg_start; ...; pg_stop
set -euo pipefail

RV_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RV_OUT="$RV_ROOT/.test-output"
RV_ALL_SUITES=(unit integration-sqlite integration-postgres browser container)

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Many short-lived test hosts each watch appsettings for changes; polling avoids running out of inotify instances
# on a busy machine (the watchers are never used in tests).
export DOTNET_USE_POLLING_FILE_WATCHER=1

log() { printf '[test.sh] %s\n' "$*"; }
die() { printf '[test.sh] ERROR: %s\n' "$*" >&2; exit 1; }
is_root() { [[ "$(id -u)" -eq 0 ]]; }

# ---------------------------------------------------------------- apt ------
RV_APT_UPDATED=0
apt_install() {
  # apt_install [APT-OPTION...] PACKAGE... -- root only; runs `apt-get update` once per run.
  is_root || die "need to install: $* -- not root; install it yourself (sudo apt-get install -y $*)"
  command -v apt-get >/dev/null || die "need to install: $* -- apt-get not available"
  export DEBIAN_FRONTEND=noninteractive
  if [[ "$RV_APT_UPDATED" -eq 0 ]]; then
    log "apt-get update"
    apt-get -o DPkg::Lock::Timeout=300 update || die "apt-get update failed"
    RV_APT_UPDATED=1
  fi
  log "apt-get install -y $*"
  apt-get -o DPkg::Lock::Timeout=300 install -y "$@" \
    || die "apt-get install $* failed"
}

# ------------------------------------------------------------ chromium ------
ensure_chromium() {
  if [[ -n "${RESSURSVENN_CHROMIUM:-}" && -x "${RESSURSVENN_CHROMIUM}" ]]; then
    log "Chromium: $RESSURSVENN_CHROMIUM (from environment)"
  else
    if [[ ! -x /usr/bin/chromium ]]; then
      # Without recommends: on a bookworm base 175 packages instead of 324 (no perl, python3, cups helpers,
      # avahi, upower, ...). Headless Chromium needs none of them; it brings its own EGL/GLES (ANGLE) and
      # SwiftShader. The two font packages are named because the pages fall back to the system sans-serif:
      # DejaVu (what fontconfig picks today) and Liberation (metric-compatible Arial, which recommends brought).
      apt_install --no-install-recommends chromium fonts-dejavu-core fonts-liberation
    fi
    [[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium still missing after install"
    export RESSURSVENN_CHROMIUM=/usr/bin/chromium
    log "Chromium: $RESSURSVENN_CHROMIUM"
  fi
}

# ---------------------------------------------------------- postgresql ------
RV_PG_BIN=""      # folder with initdb, pg_ctl, pg_dump, pg_restore
RV_PG_DIR=""      # throwaway folder: data/, pg.log, socket
RV_PG_PORT=""
RV_PG_STARTED=0

find_pg_bin() {
  if [[ -n "${RESSURSVENN_PG_BIN:-}" && -x "${RESSURSVENN_PG_BIN}/initdb" ]]; then
    RV_PG_BIN="$RESSURSVENN_PG_BIN"
    return 0
  fi
  local initdb
  # shellcheck disable=SC2012
  initdb="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
  [[ -n "$initdb" ]] || return 1
  RV_PG_BIN="$(dirname "$initdb")"
}

ensure_pg_bin() {
  if ! find_pg_bin; then
    is_root || die "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb). Install them: sudo apt-get install -y postgresql (or set RESSURSVENN_PG_BIN)"
    # postgresql-common would create and start the Debian 'main' cluster; we
    # never use it, so ask it not to create one.
    mkdir -p /etc/postgresql-common/createcluster.d
    if [[ ! -e /etc/postgresql-common/createcluster.d/ressursvenn-no-main.conf ]]; then
      echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/ressursvenn-no-main.conf
    fi
    apt_install postgresql
    find_pg_bin || die "PostgreSQL installed but no /usr/lib/postgresql/*/bin/initdb found"
  fi
  for b in initdb pg_ctl pg_dump pg_restore; do
    [[ -x "$RV_PG_BIN/$b" ]] || die "$RV_PG_BIN/$b missing"
  done
}

# Run a PostgreSQL binary as the owner of the throwaway folder: 'postgres'
# when we are root (the server refuses to run as root), else ourselves.
# Runs from inside the throwaway folder, since 'postgres' may not be allowed
# into the repository's folder.
pg_as_owner() {
  if is_root; then
    (cd "$RV_PG_DIR" && runuser -u postgres -- "$@")
  else
    (cd "$RV_PG_DIR" && "$@")
  fi
}

port_in_use() {
  # true when something accepts connections on 127.0.0.1:$1
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_free_port() {
  local p tries=0
  p=$(( 20000 + RANDOM % 20000 ))
  while port_in_use "$p"; do
    tries=$((tries + 1))
    [[ $tries -lt 200 ]] || die "no free TCP port found"
    p=$(( 20000 + (p - 20000 + 1) % 20000 ))
  done
  echo "$p"
}

pg_start() {
  ensure_pg_bin
  # Short, fixed parent: the socket path must stay under ~107 bytes and the
  # 'postgres' user must be able to reach it (a root TMPDIR might not be).
  RV_PG_DIR="$(mktemp -d /tmp/rv-pg.XXXXXX)"
  if is_root; then
    id postgres >/dev/null 2>&1 || die "user 'postgres' does not exist (is the postgresql package installed?)"
    chown postgres:postgres "$RV_PG_DIR"
  fi

  log "PostgreSQL: initdb in $RV_PG_DIR/data ($RV_PG_BIN)"
  if ! pg_as_owner "$RV_PG_BIN/initdb" -D "$RV_PG_DIR/data" -A trust -U rv \
        --encoding=UTF8 --locale=C.UTF-8 >"$RV_PG_DIR/initdb.log" 2>&1; then
    log "initdb with --locale=C.UTF-8 failed; retrying with --locale=C"
    tail -n 5 "$RV_PG_DIR/initdb.log" || true
    pg_as_owner rm -rf "$RV_PG_DIR/data"
    pg_as_owner "$RV_PG_BIN/initdb" -D "$RV_PG_DIR/data" -A trust -U rv \
        --encoding=UTF8 --locale=C >"$RV_PG_DIR/initdb.log" 2>&1 \
      || { cat "$RV_PG_DIR/initdb.log" >&2; die "initdb failed"; }
  fi

  # A port may be taken between the probe and the bind: retry a few times.
  local attempt
  for attempt in 1 2 3 4 5; do
    RV_PG_PORT="$(pick_free_port)"
    if pg_as_owner "$RV_PG_BIN/pg_ctl" -D "$RV_PG_DIR/data" -l "$RV_PG_DIR/pg.log" -w -t 60 \
         -o "-c listen_addresses=127.0.0.1 -p $RV_PG_PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -k $RV_PG_DIR" \
         start >/dev/null; then
      RV_PG_STARTED=1
      break
    fi
    log "pg_ctl start on port $RV_PG_PORT failed (attempt $attempt); server log:"
    tail -n 20 "$RV_PG_DIR/pg.log" 2>/dev/null || true
    # make sure nothing half-started is left behind before retrying
    pg_as_owner "$RV_PG_BIN/pg_ctl" -D "$RV_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  done
  [[ "$RV_PG_STARTED" -eq 1 ]] || die "could not start PostgreSQL"

  export RESSURSVENN_TEST_PG="Host=127.0.0.1;Port=$RV_PG_PORT;Username=rv;Database=postgres;Pooling=true"
  export RESSURSVENN_PG_BIN="$RV_PG_BIN"
  log "PostgreSQL $("$RV_PG_BIN/pg_ctl" --version | awk '{print $3}') up on 127.0.0.1:$RV_PG_PORT"
}

# Stops the throwaway server and removes its folder. Silent and idempotent:
# it runs from the EXIT trap, after the final summary line.
pg_stop() {
  [[ -n "$RV_PG_DIR" ]] || return 0
  if [[ -d "$RV_PG_DIR/data" ]]; then
    pg_as_owner "$RV_PG_BIN/pg_ctl" -D "$RV_PG_DIR/data" -m immediate -t 30 stop >/dev/null 2>&1 || true
    # Belt and braces: if the postmaster is still alive, kill it by its pid.
    local pid
    pid="$(head -n 1 "$RV_PG_DIR/data/postmaster.pid" 2>/dev/null || true)"
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$RV_PG_DIR" 2>/dev/null || true
  RV_PG_DIR=""
  RV_PG_STARTED=0
}

cleanup() { pg_stop >/dev/null 2>&1 || true; }

# ---------------------------------------------------------------- trx -------
# trx_attr FILE NAME -> value of attribute NAME of <Counters .../> (0 if absent)
trx_attr() {
  local v
  v="$(tr -d '\r\n' <"$1" | grep -o '<Counters [^>]*>' | head -n 1 \
        | sed -n "s/.* $2=\"\([0-9]*\)\".*/\1/p" || true)"
  echo "${v:-0}"
}

# trx_counts FILE -> "passed failed skipped total"
#   failed  = failed + error + timeout + aborted
#   skipped = total - passed - failed: whatever neither passed nor failed.
#     (VSTest's TRX writer leaves notExecuted="0" for skipped tests and only
#     shows them as total - executed; xunit's MTP TRX sets notExecuted.)
trx_counts() {
  local f="$1"
  local passed failed skipped total
  passed=$(trx_attr "$f" passed)
  failed=$(( $(trx_attr "$f" failed) + $(trx_attr "$f" error) + $(trx_attr "$f" timeout) + $(trx_attr "$f" aborted) ))
  total=$(trx_attr "$f" total)
  skipped=$(( total - passed - failed ))
  if [[ $skipped -lt 0 ]]; then skipped=0; fi
  echo "$passed $failed $skipped $total"
}

# list_trait_tests PROJECT NAME=VALUE -> "N tests: Class.Method, ..." (MTP mode): the test cases of PROJECT with
# that trait (a theory's rows count one each, its method is named once).
list_trait_tests() {
  local cases
  cases="$(dotnet test --project "$1" --no-build -c Release --list-tests --filter-trait "$2" 2>/dev/null \
             | sed -n 's/^  *Ressursvenn\.[A-Za-z]*Tests\.\([A-Za-z0-9_.]*\).*/\1/p' || true)"
  if [[ -z "$cases" ]]; then
    echo "0 tests"
  else
    echo "$(wc -l <<<"$cases") tests: $(sort -u <<<"$cases" | paste -sd, - | sed 's/,/, /g')"
  fi
}

# VSTest or Microsoft.Testing.Platform mode of `dotnet test` (see the top).
detect_runner() {
  case "${RV_TEST_RUNNER:-}" in
    vstest|mtp) echo "$RV_TEST_RUNNER"; return 0 ;;
    "") ;;
    *) die "RV_TEST_RUNNER must be vstest or mtp, not '$RV_TEST_RUNNER'" ;;
  esac
  if [[ -f "$RV_ROOT/global.json" ]] && tr -d ' \t\r\n' <"$RV_ROOT/global.json" \
       | grep -q '"runner":"Microsoft.Testing.Platform"'; then
    echo mtp
  else
    echo vstest
  fi
}

# -------------------------------------------------------------- suites ------
suite_project() {
  case "$1" in
    unit) echo tests/Ressursvenn.UnitTests ;;
    integration-sqlite|integration-postgres) echo tests/Ressursvenn.IntegrationTests ;;
    browser) echo tests/Ressursvenn.BrowserTests ;;
    container) echo tests/Ressursvenn.ContainerTests ;;
    *) return 1 ;;
  esac
}

usage() {
  echo "usage: $0 [suite...]   suites: ${RV_ALL_SUITES[*]} (default: all)"
}

main() {
  cd "$RV_ROOT"

  local suites=() s
  if [[ $# -eq 0 ]]; then
    suites=("${RV_ALL_SUITES[@]}")
  else
    for s in "$@"; do
      case "$s" in
        -h|--help) usage; return 0 ;;
        all) suites+=("${RV_ALL_SUITES[@]}") ;;
        *) suite_project "$s" >/dev/null || { usage >&2; die "unknown suite '$s'"; }
           suites+=("$s") ;;
      esac
    done
  fi
  # de-duplicate, keep order
  local uniq=() u seen
  for s in "${suites[@]}"; do
    seen=0
    for u in "${uniq[@]+"${uniq[@]}"}"; do [[ "$u" == "$s" ]] && seen=1; done
    [[ $seen -eq 1 ]] || uniq+=("$s")
  done
  suites=("${uniq[@]}")
  log "suites: ${suites[*]}"

  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  command -v dotnet >/dev/null || die "dotnet not found on PATH"

  local need_pg=0 need_chromium=0
  for s in "${suites[@]}"; do
    if [[ "$s" == integration-postgres ]]; then need_pg=1; fi
    if [[ "$s" == browser ]]; then need_chromium=1; fi
  done

  local t0=$SECONDS
  if [[ $need_chromium -eq 1 ]]; then ensure_chromium; fi
  if [[ $need_pg -eq 1 ]]; then pg_start; fi
  log "environment ready in $((SECONDS - t0))s"

  rm -rf "$RV_OUT"
  mkdir -p "$RV_OUT"

  if [[ "${RV_SKIP_BUILD:-0}" == 1 ]]; then
    log "RV_SKIP_BUILD=1: not building"
  else
    log "dotnet build Ressursvenn.slnx -c Release"
    t0=$SECONDS
    if ! dotnet build Ressursvenn.slnx -c Release; then
      log "BUILD FAILED (dotnet build Ressursvenn.slnx -c Release) -- no suite was run"
      echo "0 passed, 1 failed"
      return 1
    fi
    log "build took $((SECONDS - t0))s"
  fi

  local runner
  runner="$(detect_runner)"
  log "dotnet test mode: $runner"
  local -A rc_of=() secs_of=() excluded_of=()
  local project rc
  for s in "${suites[@]}"; do
    project="$(suite_project "$s")"
    local envs=() other="" filter=()
    case "$s" in
      integration-sqlite) envs=(RESSURSVENN_TEST_PROVIDER=Sqlite); other=Postgres ;;
      integration-postgres) envs=(RESSURSVENN_TEST_PROVIDER=Postgres); other=Sqlite ;;
    esac
    echo
    log "=== suite $s: $project ${envs[*]+"${envs[*]}"}"
    t0=$SECONDS
    excluded_of[$s]=""
    if [[ -n "$other" ]]; then
      # Tests marked [Trait("Provider", "$other")] check the other provider only (or always run on it whatever
      # the suite): they run in that provider's suite, not twice. Said here, so nothing is left out silently.
      if [[ "$runner" == mtp ]]; then
        filter=(--filter-not-trait "Provider=$other")
        excluded_of[$s]="$(list_trait_tests "$project" "Provider=$other")"
      else
        filter=(--filter "Provider!=$other")
      fi
      log "excluded from $s: the tests with the trait Provider=$other${excluded_of[$s]:+ (${excluded_of[$s]})}," \
          "because they are about $([[ $other == Sqlite ]] && echo SQLite || echo PostgreSQL) only" \
          "(see each test); they run in integration-${other,,}"
    fi
    rc=0
    if [[ "$runner" == mtp ]]; then
      env ${envs[@]+"${envs[@]}"} dotnet test --project "$project" --no-build -c Release \
        --results-directory "$RV_OUT" \
        --report-xunit-trx --report-xunit-trx-filename "$s.trx" \
        --timeout "${RV_SUITE_TIMEOUT:-40m}" \
        ${filter[@]+"${filter[@]}"} \
        || rc=$?
    else
      env ${envs[@]+"${envs[@]}"} dotnet test "$project" --no-build -c Release \
        --logger "trx;LogFileName=$s.trx" --results-directory "$RV_OUT" \
        --blame-hang-timeout "${RV_HANG_TIMEOUT:-15m}" --blame-hang-dump-type none \
        ${filter[@]+"${filter[@]}"} \
        || rc=$?
    fi
    rc_of[$s]=$rc
    secs_of[$s]=$((SECONDS - t0))
    log "=== suite $s finished in ${secs_of[$s]}s (exit code $rc)"
  done

  # ------------------------------------------------------------- summary --
  # the blame collector leaves empty per-run folders behind
  find "$RV_OUT" -mindepth 1 -type d -empty -delete 2>/dev/null || true

  echo
  log "summary (TRX files in .test-output/)"
  local tp=0 tf=0 ts=0 bad=0 p f sk tot trx note
  for s in "${suites[@]}"; do
    trx="$RV_OUT/$s.trx"
    note=""
    if [[ ! -f "$trx" ]]; then
      p=0; f=1; sk=0
      note=" (no TRX file: the suite crashed or did not start; exit code ${rc_of[$s]}; counted as 1 failed)"
    else
      read -r p f sk tot < <(trx_counts "$trx")
      if [[ "$tot" -eq 0 ]]; then
        f=1
        note=" (no test found in the suite; exit code ${rc_of[$s]}; counted as 1 failed)"
      elif [[ "${rc_of[$s]}" -ne 0 && "$f" -eq 0 ]]; then
        f=1
        note=" (dotnet test exit code ${rc_of[$s]} although the TRX reports no failure: counted as 1 failed)"
      fi
    fi
    if [[ $f -gt 0 ]]; then bad=1; fi
    tp=$((tp + p)); tf=$((tf + f)); ts=$((ts + sk))
    if [[ -n "${excluded_of[$s]:-}" ]]; then
      note="$note; ${excluded_of[$s]%%:*} of the other provider left out (trait Provider, see the suite's log)"
    fi
    echo "suite $s: $p passed, $f failed, $sk skipped (${secs_of[$s]}s)$note"
  done

  if [[ $ts -gt 0 ]]; then
    echo "$tp passed, $tf failed, $ts skipped"
  else
    echo "$tp passed, $tf failed"
  fi
  [[ $bad -eq 0 && $tf -eq 0 ]]
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
