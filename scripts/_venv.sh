# Shared by scripts/run and scripts/test: make .venv and install cliqsim when pyproject.toml changed.

ensure_venv() {
    local extras="$1"
    local stamp=".venv/.installed$extras"
    if [ ! -x .venv/bin/python ]; then
        python3 -m venv .venv
        .venv/bin/python -m pip install --quiet --upgrade pip
    fi
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        .venv/bin/python -m pip install --quiet -e ".$extras"
        touch "$stamp"
    fi
}

# The real-terminal test needs tmux; install it where we may (CI runs as root on Debian).
ensure_tmux() {
    command -v tmux >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        (apt-get update -qq && apt-get install -y -qq tmux) >/dev/null 2>&1 \
            || echo "scripts/test: could not install tmux; the real-terminal test will be skipped" >&2
    fi
}
