#!/usr/bin/env bash
# Makes sure an etcd server binary is installed (Debian package etcd-server, 3.4), and openssl, which
# the test kit uses to make the throwaway CA of its TLS etcd.
# Called by the test kit (io.kelp.testkit.EtcdBinary) when it finds either missing; safe to run by hand.
set -euo pipefail

if command -v etcd >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; then
  echo "etcd present: $(command -v etcd); openssl present"
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
  echo "etcd or openssl is not installed and this is not root, so it cannot be installed here." >&2
  echo "Install them with: sudo apt-get install -y etcd-server openssl  (or set KELP_ETCD_BINARY to an etcd binary)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends etcd-server openssl
# The package may start a system service on machines with an init system; the tests run their own.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet etcd 2>/dev/null; then
  systemctl stop etcd || true
fi
command -v etcd
