# System packages the tests and benchmarks use, installed by bin/test and bin/spike-bench themselves
# so that the README's commands work verbatim on a fresh machine.

# spike_apt_install CHECK PACKAGE: installs Debian's PACKAGE when the command CHECK fails and this
# runs as root with apt-get; says so when it could not.
spike_apt_install() {
  if eval "$1" >/dev/null 2>&1; then
    return 0
  fi
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get install -y -q "$2" >/dev/null 2>&1 ||
      { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "$2" >/dev/null 2>&1; } ||
      true
  fi
  eval "$1" >/dev/null 2>&1 || {
    echo "$2 could not be installed; what needs it is skipped" >&2
    return 1
  }
}

spike_install_test_deps() {
  # The metrics tests parse /metrics with the Prometheus reference parser (Debian's Python client).
  spike_apt_install "/usr/bin/python3 -c 'import prometheus_client'" python3-prometheus-client || true
  # bench's Go load generator (the client of issue 13's SPIKE Go figures) is built and run in its test.
  spike_install_go || true
}

spike_install_go() {
  spike_apt_install "command -v go || test -x /usr/lib/go/bin/go" golang-go
}
