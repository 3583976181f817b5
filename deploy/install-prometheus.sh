#!/bin/sh
# Installs Debian's `prometheus` package for promtool and the prometheus binary the tests
# use, without leaving a Prometheus server running (the package's service would take :9090).
# Called by `make test` only when promtool is missing and we are root.
set -eu

made_policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
    # Tell invoke-rc.d not to start services during this install; removed again below.
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    made_policy=1
fi
cleanup() { if [ -n "$made_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q --no-install-recommends prometheus \
    || { apt-get update -q && apt-get install -y -q --no-install-recommends prometheus; }

# Belt and braces for systemd machines, where policy-rc.d may not be honoured.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
    systemctl stop prometheus
    systemctl disable prometheus
fi
command -v promtool >/dev/null
