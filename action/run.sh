#!/usr/bin/env bash
# The one step of the postmortem-lint GitHub Action: action.yml runs this file, and the
# tests run this same file.
#
# It installs postmortem-lint into a fresh virtualenv (from the action's own checkout, or a
# release from PyPI when INPUT_VERSION is set), lints the files, prints one annotation per
# finding, appends the job summary (the CLI does that when GITHUB_STEP_SUMMARY is set),
# writes SARIF when asked, and exits with the linter's code: 0 clean, 1 findings that fail
# the run, 2 a usage, configuration or input error.
#
# Inputs, as environment variables (action.yml maps its inputs to them):
#   INPUT_FILES       newline-separated paths or globs ('**' spans directories; matching
#                     ignores case); blank lines and lines starting with '#' are skipped
#   INPUT_CONFIG      a config file, passed as --config
#   INPUT_PROFILE     a shipped pack, passed as --profile
#   INPUT_STRICT      'true': warnings fail the run too
#   INPUT_SARIF_FILE  also write SARIF 2.1.0 to this path
#   INPUT_VERSION     a postmortem-lint version to install from PyPI, such as 0.1.0 (empty:
#                     the action's own checkout); a malformed one, or one PyPI does not
#                     have, is an error (exit 2) before anything is linted
# From the runner: GITHUB_ACTION_PATH (the action's checkout) and RUNNER_TEMP.
#
# POSTMORTEM_LINT_PYTHON: a Python interpreter that already has postmortem-lint installed.
# When it is set, no virtualenv is made and nothing is installed; the tests use it to run
# this script fast and offline.
#
# Needs bash 4.4 or later (globstar) and, to install, Python 3.11 or later on PATH (as
# pyproject.toml requires). Files are matched from the current directory, which in a
# workflow is the workspace.
set -uo pipefail

if ((BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] < 404)); then
  echo "::error title=postmortem-lint::bash 4.4 or later is needed, found $BASH_VERSION"
  exit 2
fi

# Print each path that pattern $1 names, one per line: a path that exists, or what a glob
# matches (nothing when it matches nothing). A plain path that is missing is printed as it
# is, for the linter to report (exit 2).
expand() {
  local IFS=
  if [[ -e $1 ]]; then
    printf '%s\n' "$1"
  else
    shopt -s globstar nullglob nocaseglob
    # shellcheck disable=SC2206 # the glob is meant; IFS= stops word splitting
    local matches=($1)
    if ((${#matches[@]})); then printf '%s\n' "${matches[@]}"; fi
  fi
}

# The version input, trimmed; checked before anything else runs.
version=${INPUT_VERSION:-}
version="${version#"${version%%[![:space:]]*}"}"
version="${version%"${version##*[![:space:]]}"}"
# A release number as PEP 440 writes it: 1.2.3, 1.0rc1, 1.0.post1, 1.0.dev2, 1!2.0, 1.0+local.
pep440='^([0-9]+!)?[0-9]+(\.[0-9]+)*((a|b|rc)[0-9]+)?(\.post[0-9]+)?(\.dev[0-9]+)?(\+[a-z0-9]+(\.[a-z0-9]+)*)?$'
if [[ -n $version && ! ${version,,} =~ $pep440 ]]; then
  hint=""
  [[ ${version,,} == v* && ${version:1} =~ $pep440 ]] && hint=" (without the 'v': ${version:1})"
  # A workflow command's message escapes %, CR and LF, as the Actions toolkit does.
  shown=${version//'%'/%25}
  shown=${shown//$'\r'/%0D}
  shown=${shown//$'\n'/%0A}
  echo "::error title=postmortem-lint::the 'version' input '$shown' is not a version such as 0.1.0$hint: give a released version, or leave 'version' empty to use the action's checkout"
  exit 2
fi

# Install requirement $1 (a release, or the checkout's path) into the virtualenv with pip.
# On failure, end the install group and print one annotation saying why; return 1.
install() {
  local output status found
  output=$("$python" -m pip install --quiet --disable-pip-version-check "$1" 2>&1)
  status=$?
  ((status == 0)) && return 0
  local why="pip could not install $1 (exit $status; its output is above)"
  if [[ -n $version && $output == *"No matching distribution found for"* ]]; then
    if [[ $output =~ (NewConnectionError|ConnectTimeout|ReadTimeout|ProxyError|Max\ retries) ]]; then
      why="could not reach the package index to install postmortem-lint $version (pip's output is above); leave 'version' empty to use the action's checkout"
    else
      found="no release yet, or a typo"
      [[ $output =~ \(from\ versions:\ ([^\)]+)\) && ${BASH_REMATCH[1]} != none ]] &&
        found="a typo? its releases: ${BASH_REMATCH[1]}"
      why="postmortem-lint $version is not on PyPI ($found): leave 'version' empty to use the action's checkout"
      output=""
    fi
  fi
  [[ -n $output ]] && printf '%s\n' "$output"
  echo "::endgroup::"
  echo "::error title=postmortem-lint::$why"
  return 1
}

patterns=()
files=()
declare -A seen=()
while IFS= read -r pattern || [[ -n $pattern ]]; do
  pattern="${pattern#"${pattern%%[![:space:]]*}"}"
  pattern="${pattern%"${pattern##*[![:space:]]}"}"
  [[ -z $pattern || $pattern == '#'* ]] && continue
  patterns+=("$pattern")
  while IFS= read -r path; do
    [[ -n ${seen[$path]:-} ]] && continue
    seen[$path]=1
    files+=("$path")
  done < <(expand "$pattern")
done <<<"${INPUT_FILES:-}"

if ((${#files[@]} == 0)); then
  printf -v listed '%s, ' "${patterns[@]}"
  echo "::warning title=postmortem-lint::no files match the 'files' input: ${listed%, }"
  exit 0
fi

if [[ -n ${POSTMORTEM_LINT_PYTHON:-} ]]; then
  python=$POSTMORTEM_LINT_PYTHON
else
  echo "::group::Install postmortem-lint"
  base=""
  for candidate in python3 python3.14 python3.13 python3.12 python3.11 python; do
    if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      base=$candidate
      break
    fi
  done
  if [[ -z $base ]]; then
    echo "::error title=postmortem-lint::needs Python 3.11 or later on PATH (actions/setup-python)"
    exit 2
  fi
  venv="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/postmortem-lint-venv"
  "$base" -m venv --clear "$venv" || exit 2
  python="$venv/bin/python"
  [[ -x $python ]] || python="$venv/Scripts/python.exe" # Windows
  if [[ -n $version ]]; then
    requirement="postmortem-lint==$version"
  else
    requirement="$GITHUB_ACTION_PATH"
  fi
  install "$requirement" || exit 2
  "$python" -m postmortem_lint --version
  echo "::endgroup::"
fi

options=()
[[ -n ${INPUT_CONFIG:-} ]] && options+=(--config "$INPUT_CONFIG")
[[ -n ${INPUT_PROFILE:-} ]] && options+=(--profile "$INPUT_PROFILE")
strict=${INPUT_STRICT:-false}
[[ ${strict,,} == true ]] && options+=(--strict)

"$python" -m postmortem_lint check --format github "${options[@]}" -- "${files[@]}"
status=$?

if [[ -n ${INPUT_SARIF_FILE:-} ]]; then
  mkdir -p -- "$(dirname -- "$INPUT_SARIF_FILE")"
  "$python" -m postmortem_lint check --format sarif --output "$INPUT_SARIF_FILE" \
    "${options[@]}" -- "${files[@]}"
  sarif_status=$?
  ((sarif_status > status)) && status=$sarif_status
fi

exit "$status"
