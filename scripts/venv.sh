# Sourced by demo.sh and test.sh: create .venv (if absent), activate it and install détente with
# the extras given as arguments, e.g. `. scripts/venv.sh server,analytics`.
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip >/dev/null
python -m pip install -q -e ".[$1]"
