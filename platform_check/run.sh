#!/usr/bin/env bash
# Check ve-edu-plugin inside a real openedx-platform checkout (not run by CI).
#
# Usage: platform_check/run.sh PLATFORM [pytest args...]
#
# Builds .venv-platform with the platform's own pinned requirements (requirements/edx/testing.txt,
# which adds pytest and pytest-django to base.txt), installs the platform itself in editable mode
# and this plugin as a wheel (so the entry points come from the built package, as in a real
# deployment), then runs platform_check/smoke/ twice from the platform directory: once with
# lms.envs.test and once with cms.envs.test (one process can load one settings module).
# The platform's install is cached: it is redone only when its requirements or Python change.
set -euo pipefail

if [ $# -lt 1 ] || [ ! -f "$1/requirements/edx/testing.txt" ]; then
    echo "usage: $0 PLATFORM  (PLATFORM = an openedx-platform checkout with requirements/edx/testing.txt)" >&2
    exit 2
fi
PLATFORM=$(cd "$1" && pwd)
shift
HERE=$(cd "$(dirname "$0")/.." && pwd)
VENV=${PLATFORM_VENV:-$HERE/.venv-platform}
UV=${UV:-$HERE/.venv/bin/uv}
REQS=$PLATFORM/requirements/edx/testing.txt
STAMP=$VENV/.platform-installed

command -v "$UV" >/dev/null 2>&1 || { echo "uv not found at $UV: run 'make requirements' first" >&2; exit 2; }

# The interpreter the platform's pins were compiled for (pip-compile writes it in the header).
PY_MINOR=$(sed -n 's/.*pip-compile with Python \([0-9]*\.[0-9]*\).*/\1/p' "$REQS" | head -n1)
PY_MINOR=${PLATFORM_PYTHON_VERSION:-${PY_MINOR:-3.12}}
PY_PATCH=$(pyenv versions --bare 2>/dev/null | grep -E "^${PY_MINOR//./\\.}\.[0-9]+$" | sort -V | tail -n1 || true)
PYTHON=$( { [ -n "$PY_PATCH" ] && PYENV_VERSION=$PY_PATCH pyenv which "python$PY_MINOR" 2>/dev/null; } \
    || command -v "python$PY_MINOR" || true)
[ -n "$PYTHON" ] || { echo "Python $PY_MINOR (the platform's) is needed: pyenv or python$PY_MINOR on PATH" >&2; exit 2; }
echo "== platform: $PLATFORM ($(git -C "$PLATFORM" rev-parse --short HEAD 2>/dev/null || echo 'not a git checkout'))"
echo "== python:   $PYTHON"

# Only PyPI: VCS requirements (forks pinned to a git commit) are left out and listed.
mkdir -p "$VENV"
FILTERED=$VENV/platform-requirements.txt
grep -vE '^\s*(-e\s+)?(git\+|hg\+|svn\+|bzr\+)' "$REQS" > "$FILTERED"
# pip-compile leaves setuptools out ("unsafe"), but the platform imports pkg_resources (through
# fs, among others), which setuptools 81 removed.
grep -qiE '^setuptools==' "$FILTERED" || echo "setuptools<81" >> "$FILTERED"
# mysqlclient (pinned, and needed by openedx-forum) and xmlsec build against system libraries.
for lib in "libmariadb|mariadb|mysqlclient:libmariadb-dev" "xmlsec1:libxmlsec1-dev"; do
    names=${lib%%:*}
    found=no
    for name in ${names//|/ }; do pkg-config --exists "$name" 2>/dev/null && found=yes; done
    [ $found = yes ] || { echo "missing system library: install ${lib##*:} (and pkg-config)" >&2; exit 2; }
done
grep -E '^\s*(-e\s+)?(git\+|hg\+|svn\+|bzr\+)' "$REQS" | sed 's/^/== skipped:  /' || true

# Old sdists in the pins (loremipsum...) import pkg_resources in setup.py: build them with a
# setuptools that still has it.
BUILD_CONSTRAINTS=$VENV/build-constraints.txt
echo "setuptools<81" > "$BUILD_CONSTRAINTS"

WANT="$(sha256sum "$FILTERED" | cut -c1-16) $("$PYTHON" -V 2>&1)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
    echo "== installing the platform's requirements into $VENV (cached afterwards)"
    test -x "$VENV/bin/python" || "$UV" venv --quiet --allow-existing --python "$PYTHON" "$VENV"
    "$UV" pip install --quiet --python "$VENV/bin/python" --build-constraints "$BUILD_CONSTRAINTS" -r "$FILTERED"
    "$UV" pip install --quiet --python "$VENV/bin/python" --build-constraints "$BUILD_CONSTRAINTS" --no-deps -e "$PLATFORM"
    echo "$WANT" > "$STAMP"
fi

echo "== building and installing the plugin wheel"
DIST=$VENV/dist
rm -rf "$DIST"
"$UV" build --quiet --wheel --out-dir "$DIST" "$HERE"
WHEEL=$(ls "$DIST"/ve_edu_plugin-*.whl)
# The platform's pins are constraints: the plugin must fit into them, not move them. If its
# declared requirements cannot be met, say so and install the code alone so the smoke suite can
# still show what works (test_requirements.py then fails and names the conflict).
if ! "$UV" pip install --quiet --python "$VENV/bin/python" --reinstall-package ve-edu-plugin \
        -c "$FILTERED" "$WHEEL"; then
    echo "== WARNING: the plugin's requirements do not resolve against the platform's pins;"
    echo "==          installing the wheel without dependencies to check the code itself"
    "$UV" pip install --quiet --python "$VENV/bin/python" --reinstall-package ve-edu-plugin --no-deps "$WHEEL"
fi

# The platform's test settings write uploads under test_root/ of the checkout.
mkdir -p "$PLATFORM/test_root/uploads" "$PLATFORM/test_root/log"

status=0
for project in lms cms; do
    echo "== smoke suite with $project.envs.test"
    (cd "$PLATFORM" && PYTHONPATH="$HERE/platform_check${PYTHONPATH:+:$PYTHONPATH}" \
        DJANGO_SETTINGS_MODULE=platform_settings.${project}_test VE_EDU_PLATFORM_PROJECT=$project \
        "$VENV/bin/python" -m pytest -c "$HERE/platform_check/smoke/pytest.ini" --rootdir "$PLATFORM" \
        "$HERE/platform_check/smoke" "$@") || status=1
done
exit $status
