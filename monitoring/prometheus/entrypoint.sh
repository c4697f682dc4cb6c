#!/bin/sh
# Starts Prometheus with the credentials taken from the environment: the configuration is copied to
# a writable folder and the secrets written beside it, readable by this process only.
set -eu
: "${HUBSCOPE_MANAGEMENT_TOKEN:?set HUBSCOPE_MANAGEMENT_TOKEN}"
: "${HUBSCOPE_OBSERVER_PASSWORD:?set HUBSCOPE_OBSERVER_PASSWORD}"
config=/prometheus/config
rm -rf "$config" && mkdir -p "$config/secrets" && cp /etc/hubscope-prometheus/*.yml "$config/"
sed -i "s/^\( *username:\) admin\$/\1 ${HUBSCOPE_OBSERVER_USERNAME:-admin}/" "$config/prometheus.yml"
umask 077
printf '%s' "$HUBSCOPE_MANAGEMENT_TOKEN" > "$config/secrets/management-token"
printf '%s' "$HUBSCOPE_OBSERVER_PASSWORD" > "$config/secrets/observer-password"
exec /bin/prometheus --config.file="$config/prometheus.yml" --storage.tsdb.path=/prometheus/data "$@"
