# Test-only system packages, installed by bin/test itself so that the README's test command works
# verbatim on a fresh machine.
spike_install_test_deps() {
  # The metrics tests parse /metrics with the Prometheus reference parser (Debian's Python client).
  if /usr/bin/python3 -c 'import prometheus_client' 2>/dev/null; then
    return 0
  fi
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get install -y -q python3-prometheus-client >/dev/null 2>&1 ||
      { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q python3-prometheus-client >/dev/null 2>&1; } ||
      true
  fi
  /usr/bin/python3 -c 'import prometheus_client' 2>/dev/null ||
    echo "bin/test: python3-prometheus-client could not be installed; the metrics parser tests will be skipped" >&2
}
