#!/bin/sh
# Starts Grafana only with an admin password from the environment: Grafana ignores an empty
# GF_SECURITY_ADMIN_PASSWORD and falls back to its built-in admin/admin, which must never run.
set -eu
if [ -z "${GF_SECURITY_ADMIN_PASSWORD:-}" ]; then
  echo "grafana: no admin password: set HUBSCOPE_OBSERVER_PASSWORD (e.g. with: openssl rand -hex 24)" >&2
  exit 64
fi
exec /run.sh "$@"
