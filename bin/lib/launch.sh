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
    # caches made from the old jars would be refused by the JVM anyway; train new ones
    rm -rf "$SPIKE_HOME/dist/target/aot"
    spike_aot_train_in_background
  ) 9>"$lock"
}

# JDK AOT caches (JEP 483/514, JDK 25+) for Pilot, Nexus and Keeper: ADR 0127. One directory per
# JDK version next to the jars; ist.spike.dist.AotTrainMain creates them all from training runs
# (Pilot's AotTraining; a throwaway dev stack whose Nexus restarts and recovers from its Keepers).
# The build starts that in the background; a launcher that finds no cache starts it too (one at a
# time) and runs without one meanwhile. The JVM checks a cache against the class path and ignores a
# stale one silently. SPIKE_AOT=off disables all of it.
spike_aot_enabled() {
  [ "${SPIKE_AOT:-on}" != off ] && [ "$(spike_jdk_feature "$JAVA_HOME")" -ge 25 ]
}

spike_aot_dir() {
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$JAVA_HOME/release" 2>/dev/null)
  echo "$SPIKE_HOME/dist/target/aot/jdk-${v:-unknown}"
}

# Creates the caches now (waits; one run at a time). Returns non-zero if any could not be made.
spike_aot_train() {
  spike_aot_enabled || return 0
  local dir
  dir=$(spike_aot_dir)
  mkdir -p "$dir"
  (
    flock 8
    [ -s "$dir/NexusMain.aot" ] && [ -s "$dir/KeeperMain.aot" ] && [ -s "$dir/PilotMain.aot" ] && exit 0
    # shellcheck disable=SC2046
    "$JAVA_HOME/bin/java" $(spike_jvm_opts TOOL) -cp "$SPIKE_LIB/*" ist.spike.dist.AotTrainMain "$dir" \
      >>"$dir/training.log" 2>&1
  ) 8>"$dir/.lock"
}

spike_aot_train_in_background() {
  spike_aot_enabled || return 0
  local dir
  dir=$(spike_aot_dir)
  mkdir -p "$dir"
  # flock -n: if a training run holds the lock, it makes the caches; do not queue another
  # (9>&-: do not keep the build lock open while training)
  (flock -n 8 || exit 0; flock -u 8; spike_aot_train) 8>"$dir/.lock" 9>&- </dev/null >/dev/null 2>&1 &
}

# JVM options that start MAIN_CLASS with its cache (and tell a dev stack where the caches are);
# starts the training when the cache is missing.
spike_aot_opts() {
  local main=$1 dir cache
  spike_aot_enabled || return 0
  dir=$(spike_aot_dir)
  cache="$dir/${main##*.}.aot"
  printf ' %s' "-Dspike.aot.dir=$dir"
  # a jar rebuilt after the cache (a plain mvn package, too) makes the JVM refuse it: train again
  if [ -s "$cache" ] && [ -z "$(find "$SPIKE_LIB" -newer "$cache" -name '*.jar' -print -quit 2>/dev/null)" ]; then
    printf ' %s' "-XX:AOTCache=$cache" -Xlog:aot=off -Xlog:cds=off
  elif [ -f "$SPIKE_STAMP" ]; then
    rm -f "$cache"
    spike_aot_train_in_background
  fi
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
  if [ "$(spike_jdk_feature "$JAVA_HOME")" -ge 25 ]; then
    printf ' %s' "$SPIKE_JVM_COMMON_JDK25"
  fi
  printf ' %s' "${SPIKE_JAVA_OPTS:-}"
}

# The class path of MAIN_CLASS: the jars its process kind's list names (dist/target/lib/
# <SimpleName>.classpath, written by the build; ist.spike.dist.KindClassPath, ADR 0195), else every
# jar. Its AOT cache is recorded on the same list, and the JVM ignores a cache whose class path differs.
spike_class_path() {
  local list="$SPIKE_LIB/${1##*.}.classpath" names=
  [ -r "$list" ] && read -r names <"$list"
  if [ -n "$names" ]; then
    printf '%s' "$SPIKE_LIB/${names//:/:$SPIKE_LIB/}"
  else
    printf '%s' "$SPIKE_LIB/*"
  fi
}

# Usage: spike_launch KIND MAIN_CLASS ARGS...
spike_launch() {
  local kind=$1 main=$2
  shift 2
  spike_find_jdk || exit 1
  if spike_build_is_stale; then spike_build || exit 1; fi
  # shellcheck disable=SC2046
  exec "$JAVA_HOME/bin/java" $(spike_jvm_opts "$kind") $(spike_aot_opts "$main") -cp "$(spike_class_path "$main")" "$main" "$@"
}
