#!/usr/bin/env bash
# The package installed as users install it (docs/PYTHON.md), reusing this build:
#  1. `pip install --no-build-isolation ./python` into a new venv with the system's site packages,
#     offline (--no-index), NEWSARC_BUILD_DIR pointing at the build so nothing is compiled again;
#  2. `cmake --install BUILD --component python --prefix P`.
# Each copy is then imported from outside the source tree and reads a bundle it packs.
#
#   install_test.sh PYTHON SOURCE_DIR BUILD_DIR
set -euo pipefail
python=$1 source=$2 build=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# pip builds in the folder it is given: a copy, so that the source tree gets no build/ or
# egg-info/ (NEWSARC_BUILD_DIR makes the rest of the repository unnecessary).
cp -r "$source/python" "$work/python"
"$python" -m venv --system-site-packages "$work/env"
NEWSARC_BUILD_DIR=$build "$work/env/bin/pip" install -q --no-index --no-build-isolation \
  "$work/python"

check='
import os, sys, newsarc
where = os.path.dirname(newsarc.__file__)
assert where.startswith(sys.argv[1]), (where, sys.argv[1])
assert os.path.exists(os.path.join(where, "py.typed"))  # type checkers read the hints
key = newsarc.generate_keypair()
path = os.path.join(sys.argv[2], "check.newsarc")
newsarc.pack(path, [{"uri": "urn:x:1", "headline": "한국어 제목"}], sign=key.secret, overwrite=True)
with newsarc.open(path) as bundle:
    assert [s.headline for s in bundle] == ["한국어 제목"]
    assert bundle.verify(keys=[key.public]).ok
print("ok", where)
'
cd "$work"
"$work/env/bin/python" -c "$check" "$work/env" "$work"
"$work/env/bin/pip" show -q newsarc >/dev/null

cmake --install "$build" --component python --prefix "$work/prefix" >/dev/null
PYTHONPATH=$work/prefix/lib/python3/dist-packages "$python" -c "$check" "$work/prefix" "$work"
