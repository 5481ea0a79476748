#!/usr/bin/env bash
# Makes sure an etcd server binary is installed (Debian package etcd-server, 3.4).
# Called by the test kit (io.kelp.testkit.EtcdBinary) when it finds no etcd; safe to run by hand.
set -euo pipefail

if command -v etcd >/dev/null 2>&1; then
  echo "etcd present: $(command -v etcd)"
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
  echo "etcd is not installed and this is not root, so it cannot be installed here." >&2
  echo "Install it with: sudo apt-get install -y etcd-server  (or set KELP_ETCD_BINARY to an etcd binary)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends etcd-server
# The package may start a system service on machines with an init system; the tests run their own.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet etcd 2>/dev/null; then
  systemctl stop etcd || true
fi
command -v etcd
