# shellcheck shell=bash
# Shared launcher: finds a JDK >= 21, builds the jars when they are missing or older than the
# sources (quietly, printing the build log only if it fails), then runs the given main class.
#
# Usage from a launcher:  . "$(dirname "$0")/lib/launch.sh"; spike_launch MAIN_CLASS "$@"

SPIKE_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=jdk.sh
. "$SPIKE_HOME/bin/lib/jdk.sh"
# shellcheck source=jvm-flags.sh
. "$SPIKE_HOME/bin/lib/jvm-flags.sh"

SPIKE_LIB="$SPIKE_HOME/dist/target/lib"
SPIKE_STAMP="$SPIKE_LIB/.built"

spike_build_is_stale() {
  [ -f "$SPIKE_STAMP" ] || return 0
  # build output (target/, thousands of files) and .git are never sources: skip them in the walk
  [ -n "$(find "$SPIKE_HOME" \( -path "$SPIKE_HOME/.git" -o -name target -o -name node_modules \) -prune -o \
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

# The JVM options of a process kind (NEXUS, KEEPER, TOOL; see jvm-flags.sh), then SPIKE_JAVA_OPTS
# (which wins). JDK 24+ warns on the terminal when a library (Netty, under the Workload API client)
# uses sun.misc.Unsafe memory access; allow it quietly, as the build does for Maven.
spike_jvm_opts() {
  local kind="SPIKE_JVM_$1"
  printf '%s %s' "$SPIKE_JVM_COMMON" "${!kind}"
  if [ "$(spike_jdk_feature "$JAVA_HOME")" -ge 24 ]; then
    printf ' %s' "--sun-misc-unsafe-memory-access=allow"
  fi
  printf ' %s' "${SPIKE_JAVA_OPTS:-}"
}

# Usage: spike_launch KIND MAIN_CLASS ARGS...
spike_launch() {
  local kind=$1 main=$2
  shift 2
  spike_find_jdk || exit 1
  if spike_build_is_stale; then spike_build || exit 1; fi
  # shellcheck disable=SC2086
  exec "$JAVA_HOME/bin/java" $(spike_jvm_opts "$kind") -cp "$SPIKE_LIB/*" "$main" "$@"
}

# Like spike_launch, for short-lived command-line tools. On JDK 25+ a JDK AOT cache (JEP 483/514)
# roughly halves start-up: the first run after a build starts a training run in the background
# (TRAINING_MAIN, which runs typical commands against nothing) and builds the cache from it; later
# runs load it. The JVM checks the cache against the classpath and ignores a stale one silently.
# SPIKE_AOT=off disables it.
spike_launch_cli() {
  local main=$1 training=$2
  shift 2
  spike_find_jdk || exit 1
  if spike_build_is_stale; then spike_build || exit 1; fi
  local java="$JAVA_HOME/bin/java" cp="$SPIKE_LIB/*"
  local opts
  opts=$(spike_jvm_opts TOOL)
  local quiet="-Xlog:aot=off -Xlog:cds=off"
  local cache="$SPIKE_HOME/dist/target/aot/${main##*.}.aot"
  if [ "${SPIKE_AOT:-on}" != off ] && [ "$(spike_jdk_feature "$JAVA_HOME")" -ge 25 ]; then
    if [ -s "$cache" ] && [ "$cache" -nt "$SPIKE_STAMP" ]; then
      # shellcheck disable=SC2086
      exec "$java" $opts $quiet -XX:AOTCache="$cache" -cp "$cp" "$main" "$@"
    fi
    mkdir -p "$(dirname "$cache")"
    local tmp="$cache.$$"
    # shellcheck disable=SC2086
    # one training run at a time: commands started while it runs go without a cache
    (
      flock -n 9 || exit 0
      "$java" $opts $quiet -XX:AOTMode=record -XX:AOTConfiguration="$tmp.conf" -cp "$cp" "$training" &&
        "$java" $opts $quiet -XX:AOTMode=create -XX:AOTConfiguration="$tmp.conf" \
          -XX:AOTCache="$tmp.aot" -cp "$cp" &&
        mv -f "$tmp.aot" "$cache"
      rm -f "$tmp.conf" "$tmp.aot"
    ) 9>"$cache.lock" </dev/null >/dev/null 2>&1 &
  fi
  # shellcheck disable=SC2086
  exec "$java" $opts -Xshare:auto -cp "$cp" "$main" "$@"
}
