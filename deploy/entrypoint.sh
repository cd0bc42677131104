#!/bin/sh
# Refuse to start with the example's placeholder secrets or keys readable by others, then run the command.
# `temoin doctor` explains what is wrong and how to fix it; the container exits non-zero and compose
# restarts it, so the message stays visible in `docker compose logs`.
set -eu
if ! temoin doctor --check settings --check keys; then
    echo "temoin: refusing to start; fix the problems above in deploy/.env, then: docker compose up -d" >&2
    exit 1
fi
exec "$@"
