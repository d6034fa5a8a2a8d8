#!/usr/bin/env bash
# The steps of the GitHub Action (action.yml): `install`, then `verify`. Tests run them the same way.
# Inputs arrive as INPUT_* environment variables: they are data, never code or extra options
# (action.yml never puts ${{ inputs.* }} into a script, and every value here is one argument).
set -euo pipefail

VENV="${RUNNER_TEMP:?RUNNER_TEMP is not set (run inside GitHub Actions or set it)}/tta-timeline-venv"

fail() {  # a usage problem with the inputs: one clear line, exit 2 like the tool
  echo "::error title=tta-timeline::$*"
  exit 2
}

tool() {
  if [[ -x $VENV/bin/tta-timeline ]]; then
    echo "$VENV/bin/tta-timeline"
  else
    command -v tta-timeline || fail "tta-timeline is not installed: leave the install input at true, or install it first"
  fi
}

install() {
  [[ ${INPUT_INSTALL:-true} == true ]] || { echo "install: false, using $(tool)"; return 0; }
  local spec=${INPUT_VERSION:-}
  if [[ -z $spec ]]; then
    spec=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}  # the action's own checkout: its ref is the version
  elif [[ $spec =~ ^[0-9][0-9A-Za-z.!+-]*$ ]]; then
    spec="tta-timeline==$spec"
  elif [[ $spec == -* ]]; then
    fail "version: '$spec' is neither a version nor a pip requirement"
  fi
  "${INPUT_PYTHON:-python3}" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -- "$spec"
  echo "$VENV/bin" >>"${GITHUB_PATH:-/dev/null}"  # later steps of the job can call tta-timeline too
  "$VENV/bin/tta-timeline" --version
}

mask_secrets() {
  # The runner hides masked values in every later log line; a URL built around a secret is only
  # partly masked by the runner itself, so the whole URL and its password are masked too.
  local url=${TTA_TIMELINE_STORE:-} userinfo
  [[ -n $url ]] && echo "::add-mask::$url"
  if [[ $url == *://*@* ]]; then
    userinfo=${url#*://}
    userinfo=${userinfo%%@*}
    [[ $userinfo == *:* && -n ${userinfo#*:} ]] && echo "::add-mask::${userinfo#*:}"
  fi
  [[ -n ${TTA_TIMELINE_STORE_PASSWORD:-} ]] && echo "::add-mask::$TTA_TIMELINE_STORE_PASSWORD"
  return 0
}

output() { echo "$1=$2" >>"${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"; }

report_path() {  # the --output file: given, or named after the format
  [[ -n ${INPUT_OUTPUT:-} ]] && { echo "$INPUT_OUTPUT"; return; }
  case $1 in
    junit) echo tta-timeline-junit.xml ;;
    json) echo tta-timeline.json ;;
    markdown) echo tta-timeline.md ;;
    tap) echo tta-timeline.tap ;;
    *) echo "" ;;
  esac
}

GLOBAL=()     # options before the command (--file)
ADVANCED=false

verify() {
  mask_secrets
  local tta fmt report log code=0 word token
  tta=$(tool)
  fmt=${INPUT_FORMAT:-junit}
  report=$(report_path "$fmt")
  local args=(--format="$fmt") ids=()
  if [[ -n ${INPUT_PHASES_FILE:-} ]]; then GLOBAL+=(--file="$INPUT_PHASES_FILE"); fi
  local words=()
  read -ra words <<<"${INPUT_PHASES//,/ }"  # "1 2" or "1,2"; no globbing, and every word is checked
  for word in "${words[@]}"; do
    if [[ $word == all ]]; then
      args+=(--all)
    elif [[ $word =~ ^[0-9]+$ ]]; then
      args+=(--phase="$word") && ids+=("$word")
    else
      fail "phases: '$word' is not a phase id (give ids such as '1 2', or 'all')"
    fi
  done
  if [[ -n ${INPUT_SELECT:-} ]]; then args+=("-k${INPUT_SELECT}"); fi  # attached: a value, never an option
  if [[ -n ${INPUT_BACKEND:-} ]]; then args+=(--backend="$INPUT_BACKEND"); fi
  if [[ -n $report ]]; then args+=(--output="$report"); fi

  # What checks print is the project's own text: it must not be able to issue workflow commands.
  token=tta-$RANDOM$RANDOM$RANDOM
  echo "::stop-commands::$token"
  log=$(mktemp "$RUNNER_TEMP/tta-timeline-verify.XXXXXX")
  "$tta" "${GLOBAL[@]}" verify "${args[@]}" | tee "$log" || code=${PIPESTATUS[0]}
  counts "$log"
  rm -f "$log"
  if [[ ${INPUT_ADVANCE:-false} == true && $code == 0 ]]; then
    advance "$tta" "${ids[@]}" || code=$?
  fi
  echo "::$token::"
  output exit-code "$code"
  output advanced "$ADVANCED"
  output report "$report"
  return "$code"
}

counts() {  # from the summary line verify prints off a terminal: "3 passed, 1 failed, 0 errors, ..."
  local pattern='^([0-9]+) passed, ([0-9]+) failed, ([0-9]+) errors, ([0-9]+) skipped, ([0-9]+) blocked, ([0-9]+) pending in '
  local line values=(0 0 0 0 0 0) names=(passed failed errors skipped blocked pending) i
  while IFS= read -r line; do
    if [[ $line =~ $pattern ]]; then values=("${BASH_REMATCH[@]:1}"); fi
  done <"$1"
  for i in "${!names[@]}"; do output "${names[$i]}" "${values[$i]}"; done
}

advance_one() {  # prints advance's JSON; its exit status, or 10 when nothing was advanced (already complete)
  local tta=$1 phase=$2 doc code=0 opts=(--json)
  if [[ -n $phase ]]; then opts+=(--phase="$phase"); fi
  doc=$("$tta" "${GLOBAL[@]}" advance "${opts[@]}") || code=$?
  echo "$doc"
  [[ $code == 0 ]] || return "$code"
  grep -q '"result": "advanced"' <<<"$doc" || return 10  # json.dumps escapes quotes inside strings
  ADVANCED=true
  [[ $doc =~ \"phase\":\ ([0-9]+) ]] && phase=${BASH_REMATCH[1]}  # the first is the top-level one
  echo "✅ tta-timeline: phase $phase advanced" >>"${GITHUB_STEP_SUMMARY:-/dev/null}"
}

advance() {  # the phases given, in order, or else the current phase
  local tta=$1 phase code
  shift
  for phase in "${@:-}"; do
    code=0 && advance_one "$tta" "$phase" || code=$?
    if [[ $code != 0 && $code != 10 ]]; then return "$code"; fi
  done
}

case ${1:-} in
  install) install ;;
  verify) verify ;;
  *) echo "usage: $0 install|verify" >&2 && exit 2 ;;
esac
