# shellcheck shell=bash
# Shared launcher: finds a JDK >= 21, builds the jars when they are missing or older than the
# sources (quietly, printing the build log only if it fails), then runs the given main class.
#
# Usage from a launcher:  . "$(dirname "$0")/lib/launch.sh"; spike_launch MAIN_CLASS "$@"

SPIKE_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=jdk.sh
. "$SPIKE_HOME/bin/lib/jdk.sh"

SPIKE_LIB="$SPIKE_HOME/dist/target/lib"
SPIKE_STAMP="$SPIKE_LIB/.built"

spike_build_is_stale() {
  [ -f "$SPIKE_STAMP" ] || return 0
  [ -n "$(find "$SPIKE_HOME" -path "$SPIKE_HOME/.git" -prune -o \
      \( -path '*/src/main/*' -o -name pom.xml \) -type f -newer "$SPIKE_STAMP" -print -quit 2>/dev/null)" ]
}

spike_build() {
  mkdir -p "$SPIKE_HOME/dist/target"
  local lock="$SPIKE_HOME/dist/target/.build.lock" log="$SPIKE_HOME/dist/target/build.log"
  (
    flock 9
    spike_build_is_stale || exit 0
    echo "Building SPIKE for Java (first run or sources changed)..." >&2
    if [ "$(spike_jdk_feature "$JAVA_HOME")" -ge 24 ]; then
      export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
    fi
    if ! (cd "$SPIKE_HOME" && mvn -B -q -DskipTests -Dspotless.check.skip=true \
        -pl dist -am package >"$log" 2>&1); then
      cat "$log" >&2
      echo "error: the build failed; the log above is also in $log" >&2
      exit 1
    fi
    touch "$SPIKE_STAMP"
  ) 9>"$lock"
}

spike_launch() {
  local main=$1
  shift
  spike_find_jdk || exit 1
  if spike_build_is_stale; then spike_build || exit 1; fi
  # shellcheck disable=SC2086
  exec "$JAVA_HOME/bin/java" ${SPIKE_JAVA_OPTS:-} -cp "$SPIKE_LIB/*" "$main" "$@"
}
