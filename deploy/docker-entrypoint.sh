#!/bin/sh
# The image's entry point: what bin/dxguard does after its build step. Arguments are a dxguard command
# (default: serve). With DXGUARD_REPLICA_DATA_ROOT set (compose, where replicas share one volume), each
# container keeps its own data directory <root>/<hostname>; two instances never share one (.lock).
set -eu
if [ -n "${DXGUARD_REPLICA_DATA_ROOT:-}" ]; then
  DXGUARD_DATA_DIR="${DXGUARD_REPLICA_DATA_ROOT%/}/$(hostname)"
  export DXGUARD_DATA_DIR
  mkdir -p "$DXGUARD_DATA_DIR"
fi
# shellcheck disable=SC2086
exec java ${DXGUARD_JAVA_OPTS:-} -jar /opt/dxguard/dxguard.jar "$@"
