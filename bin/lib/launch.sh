# shellcheck shell=bash
# Shared launcher: finds a JDK >= 21, builds the jars when they are missing or older than the
# sources (quietly, printing the build log only if it fails), then runs the given main class.
#
# Usage from a launcher:  . "$(dirname "$0")/lib/launch.sh"; spike_launch MAIN_CLASS "$@"

# The launchers source this file by its resolved absolute path: take the home from it without a
# subshell (every fork shows in `spike`'s start, ADR 0180); any other spelling is resolved by cd.
case ${BASH_SOURCE[0]} in
  */./* | */../*) SPIKE_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd) ;;
  /*/bin/lib/launch.sh) SPIKE_HOME=${BASH_SOURCE[0]%/bin/lib/launch.sh} ;;
  *) SPIKE_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd) ;;
esac
# shellcheck source=jdk.sh
. "$SPIKE_HOME/bin/lib/jdk.sh"
# shellcheck source=jvm-flags.sh
. "$SPIKE_HOME/bin/lib/jvm-flags.sh"

SPIKE_LIB="$SPIKE_HOME/dist/target/lib"
SPIKE_STAMP="$SPIKE_LIB/.built"
# A kind's optional jar groups, in the order they are appended (ist.spike.dist.OptionalJars, ADR 0260).
SPIKE_OPTIONAL_JARS="workload metrics logback"

# Stale when the stamp is missing or a source of a module (its pom.xml or a file under its
# src/main, modules one or two levels deep as in the root pom) is newer than the stamp. Only those
# trees are walked: build output, tests, docs and .git never make the jars stale (ADR 0180). With a
# MAIN_CLASS whose kind has a class list, only the modules of its list's spike-* jars are walked,
# with the root pom and build-tools; the walk is bash's own globbing and file tests, not `find` in a
# command substitution, whose two forks cost more than the walk (ADR 0253).
spike_build_is_stale() {
  [ -f "$SPIKE_STAMP" ] || return 0
  local SPIKE_ROOTS=() root f stale=1 had=()
  spike_source_roots_into "${1:-}"
  for f in globstar nullglob dotglob; do
    shopt -q "$f" && had+=("$f")
  done
  shopt -s globstar nullglob dotglob
  for root in "${SPIKE_ROOTS[@]}"; do
    for f in "$root"/** "$root"; do
      if [[ -f $f && $f -nt $SPIKE_STAMP ]]; then
        stale=0
        break 2
      fi
    done
  done
  shopt -u globstar nullglob dotglob
  [ "${#had[@]}" -eq 0 ] || shopt -s "${had[@]}"
  return "$stale"
}

# Sets SPIKE_ROOTS to the existing source trees a build of MAIN_CLASS's jars reads: every module's
# without a MAIN_CLASS, without its kind's class list, or when a jar's module is not found.
spike_source_roots_into() {
  local names= more= jar module r
  local -a jars=()
  if [ -n "${1:-}" ] && [ -r "$SPIKE_LIB/${1##*.}.classpath" ]; then
    read -r names <"$SPIKE_LIB/${1##*.}.classpath"
    for r in $SPIKE_OPTIONAL_JARS; do
      if [ -r "$SPIKE_LIB/${1##*.}.$r.classpath" ]; then
        more=
        read -r more <"$SPIKE_LIB/${1##*.}.$r.classpath"
        [ -n "$more" ] && names+=":$more"
      fi
    done
    IFS=: read -ra jars <<<"$names"
  fi
  SPIKE_ROOTS=("$SPIKE_HOME/pom.xml" "$SPIKE_HOME/build-tools/pom.xml" "$SPIKE_HOME/build-tools/src/main")
  for jar in "${jars[@]}"; do
    case $jar in spike-*.jar) ;; *) continue ;; esac
    module=${jar#spike-}
    module=${module%%-[0-9]*}
    if [ ! -f "$SPIKE_HOME/$module/pom.xml" ]; then
      jars=()
      break
    fi
    SPIKE_ROOTS+=("$SPIKE_HOME/$module/pom.xml" "$SPIKE_HOME/$module/src/main")
  done
  if [ "${#jars[@]}" -eq 0 ]; then
    SPIKE_ROOTS=()
    for r in "$SPIKE_HOME"/pom.xml "$SPIKE_HOME"/*/pom.xml "$SPIKE_HOME"/*/*/pom.xml \
        "$SPIKE_HOME"/*/src/main "$SPIKE_HOME"/*/*/src/main; do
      case $r in */target/* | */node_modules/*) continue ;; esac
      SPIKE_ROOTS+=("$r")
    done
  fi
  local existing=()
  for r in "${SPIKE_ROOTS[@]}"; do
    [ -e "$r" ] && existing+=("$r")
  done
  SPIKE_ROOTS=("${existing[@]}")
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

# The runtime SPIKE's processes run on (ADR 0231): on JDK 25+, an image made from the JDK with jlink
# that leaves out jdk.localedata (its CLDR provider otherwise builds all ~1,160 locales on the
# start path of Nexus and the Keeper: Jetty's MimeTypes asks for Locale.getAvailableLocales(), ADR
# 0220). One image per JDK version in dist/target/runtime/, made on first use (seconds, once);
# JAVA_HOME stays the JDK that builds (the image has no javac). SPIKE_RUNTIME=jdk runs on the JDK
# itself; so does a JDK whose jlink fails, which is said once on stderr.
# Modules: Java SE (what the product's jars and their libraries name, jdeps), the JDK modules used
# by name or as services at run time (Netty's and protobuf's Unsafe, the management and JFR beans
# jcmd and the bench use, extra charsets for PostgreSQL, JNDI DNS for gRPC, Kerberos, the debugger
# agent), and not jdk.localedata. Every security provider java.security names must be there
# (java.smartcardio, jdk.crypto.cryptoki): a missing one makes the JDK look for it with a
# ServiceLoader over the class path, which instantiates BouncyCastle's providers (~500 classes).
# No --strip-debug: stack traces keep the JDK's line numbers. The default CDS archive is also made
# for compact object headers (classes_coh.jsa, which jlink leaves out).
SPIKE_RUNTIME_MODULES="java.se,java.smartcardio,jdk.unsupported,jdk.management,jdk.management.agent,jdk.jfr,jdk.management.jfr,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.charsets,jdk.zipfs,jdk.net,jdk.naming.dns,jdk.security.auth,jdk.security.jgss,jdk.jdwp.agent"
SPIKE_RUNTIME_JLINK_OPTS="--no-header-files --no-man-pages --generate-cds-archive"

# Sets SPIKE_RUN_HOME to the home of the java SPIKE's processes run on (the image, or JAVA_HOME),
# making the image first when it is missing or was made with other modules or options. No subshell
# once made.
spike_runtime_into() {
  local dir key line=""
  SPIKE_RUN_HOME=$JAVA_HOME
  case ${SPIKE_RUNTIME:-image} in
    image) ;;
    jdk) return 0 ;;
    *)
      echo "error: SPIKE_RUNTIME is '$SPIKE_RUNTIME'; it must be image (the default) or jdk" >&2
      exit 2
      ;;
  esac
  spike_jdk_feature_into "$JAVA_HOME"
  [ "${REPLY:-0}" -ge 25 ] || return 0
  dir="$SPIKE_HOME/dist/target/runtime/jdk-${SPIKE_JDK_RELEASE_VERSION:-unknown}"
  # not JAVA_HOME: the same JDK by another path must not remake the image (and drop its caches)
  key="$SPIKE_RUNTIME_MODULES $SPIKE_RUNTIME_JLINK_OPTS"
  [ -r "$dir/spike-runtime" ] && read -r line <"$dir/spike-runtime"
  if [ "$line" = "$key" ] && [ -x "$dir/bin/java" ]; then
    SPIKE_RUN_HOME=$dir
    return 0
  fi
  line=""
  [ -r "$dir.failed" ] && read -r line <"$dir.failed"
  [ "$line" = "$key" ] && return 0 # jlink failed for this JDK before: said then, not again
  spike_runtime_make "$dir" "$key" && SPIKE_RUN_HOME=$dir
  return 0
}

# Makes the image at DIR (under a lock; into a temporary directory renamed into place, so a reader
# sees a whole image or none). On failure records KEY in DIR.failed and says so once on stderr.
spike_runtime_make() {
  local dir=$1 key=$2
  mkdir -p "${dir%/*}" || return 1
  (
    flock 7
    line=""
    [ -r "$dir/spike-runtime" ] && read -r line <"$dir/spike-runtime"
    [ "$line" = "$key" ] && [ -x "$dir/bin/java" ] && exit 0
    echo "Making SPIKE's runtime image for $JAVA_HOME (once per JDK)..." >&2
    rm -rf "$dir" "$dir.tmp" "$dir.failed"
    # shellcheck disable=SC2086
    if "$JAVA_HOME/bin/jlink" --add-modules "$SPIKE_RUNTIME_MODULES" $SPIKE_RUNTIME_JLINK_OPTS \
        --output "$dir.tmp" >"$dir.log" 2>&1 &&
        "$dir.tmp/bin/java" -XX:+UseCompactObjectHeaders -Xshare:dump \
          -XX:SharedArchiveFile="$dir.tmp/lib/server/classes_coh.jsa" >>"$dir.log" 2>&1 &&
        printf '%s\n' "$key" >"$dir.tmp/spike-runtime" && mv "$dir.tmp" "$dir"; then
      # caches made on an earlier image would be refused by this one: train new ones
      rm -rf "$SPIKE_HOME/dist/target/aot/image-${dir##*/jdk-}"
      exit 0
    fi
    rm -rf "$dir.tmp"
    printf '%s\n' "$key" >"$dir.failed"
    echo "warning: jlink could not make SPIKE's runtime image (see $dir.log); running on the JDK at $JAVA_HOME" >&2
    exit 1
  ) 7>"${dir%/*}/.lock"
}

# JDK AOT caches (JEP 483/514, JDK 25+) for Pilot, Nexus and Keeper: ADR 0127. One directory per
# JDK version next to the jars; ist.spike.dist.AotTrainMain creates them all from training runs
# (Pilot's AotTraining; a throwaway dev stack whose Nexus restarts and recovers from its Keepers).
# The build starts that in the background; a launcher that finds no cache starts it too (one at a
# time) and runs without one meanwhile. The JVM checks a cache against the class path and ignores a
# stale one silently. SPIKE_AOT=off disables all of it.
spike_aot_enabled() {
  [ "${SPIKE_AOT:-on}" != off ] || return 1
  spike_jdk_feature_into "$JAVA_HOME"
  [ "${REPLY:-0}" -ge 25 ]
}

# Sets REPLY to the cache directory of the current JDK and runtime (after spike_find_jdk): a cache
# is only usable on the runtime it was made on, so the image's caches are apart from the JDK's.
spike_aot_dir_into() {
  if [ "${SPIKE_JDK_FEATURE_OF:-}" != "$JAVA_HOME" ]; then
    SPIKE_JDK_FEATURE_OF="" # read JAVA_HOME's release file, not the remembered JDK's
    spike_jdk_feature_into "$JAVA_HOME"
  fi
  spike_runtime_into
  if [ "$SPIKE_RUN_HOME" = "$JAVA_HOME" ]; then
    REPLY="$SPIKE_HOME/dist/target/aot/jdk-${SPIKE_JDK_RELEASE_VERSION:-unknown}"
  else
    REPLY="$SPIKE_HOME/dist/target/aot/image-${SPIKE_JDK_RELEASE_VERSION:-unknown}"
  fi
}

spike_aot_dir() {
  spike_aot_dir_into
  echo "$REPLY"
}

# Creates the caches now (waits; one run at a time). Returns non-zero if any could not be made.
spike_aot_train() {
  spike_aot_enabled || return 0
  local dir SPIKE_OPTS=()
  spike_aot_dir_into
  dir=$REPLY
  mkdir -p "$dir"
  spike_native_opts_into
  spike_jvm_opts_into TOOL
  (
    flock 8
    [ -s "$dir/NexusMain.aot" ] && [ -s "$dir/KeeperMain.aot" ] && [ -s "$dir/PilotMain.aot" ] &&
      [ -s "$dir/PilotSecretGet.aot" ] && exit 0
    "$SPIKE_RUN_HOME/bin/java" "${SPIKE_OPTS[@]}" -cp "$SPIKE_LIB/*" ist.spike.dist.AotTrainMain "$dir" \
      >>"$dir/training.log" 2>&1
  ) 8>"$dir/.lock"
}

spike_aot_train_in_background() {
  spike_aot_enabled || return 0
  local dir
  spike_aot_dir_into
  dir=$REPLY
  mkdir -p "$dir"
  # flock -n: if a training run holds the lock, it makes the caches; do not queue another
  # (9>&-: do not keep the build lock open while training)
  (flock -n 8 || exit 0; flock -u 8; spike_aot_train) 8>"$dir/.lock" 9>&- </dev/null >/dev/null 2>&1 &
}

# Sets REPLY to the name of the cache MAIN_CLASS ARGS... starts with (ADR 0247): `spike secret get`
# has a cache of its own, recorded from that command alone (the JVM loads every class of its cache at
# start, and the command needs about 2,800 of Pilot's 3,900); anything else uses its kind's cache.
spike_aot_name_into() {
  REPLY=${1##*.}
  if [ "$REPLY" = PilotMain ] && [ "${2-}" = secret ] && [ "${3-}" = get ]; then
    REPLY=PilotSecretGet
  fi
}

# True when CACHE exists and no jar is newer (a jar rebuilt after the cache, by a plain mvn package
# too, makes the JVM refuse it).
spike_aot_fresh() {
  local jar
  [ -s "$1" ] || return 1
  for jar in "$SPIKE_LIB"/*.jar; do
    [ "$jar" -nt "$1" ] && return 1
  done
  return 0
}

# Appends to SPIKE_OPTS the JVM options that start MAIN_CLASS (with ARGS, which may name a command
# that has a cache of its own) with its cache, and tell a dev stack where the caches are; a missing
# command cache falls back to the kind's. Starts the training when the cache is missing or older
# than a jar.
spike_aot_opts_into() {
  local main=$1 dir cache
  spike_aot_enabled || return 0
  spike_aot_dir_into
  dir=$REPLY
  spike_aot_name_into "$@"
  SPIKE_OPTS+=("-Dspike.aot.dir=$dir")
  for cache in "$dir/$REPLY.aot" "$dir/${main##*.}.aot"; do
    if spike_aot_fresh "$cache"; then
      SPIKE_OPTS+=("-XX:AOTCache=$cache" -Xlog:aot=off -Xlog:cds=off)
      [ "$cache" = "$dir/$REPLY.aot" ] && return 0
      break
    fi
  done
  if [ -f "$SPIKE_STAMP" ]; then
    # the training skips caches that exist: remove the stale ones first
    for cache in "$dir/$REPLY.aot" "$dir/${main##*.}.aot"; do
      spike_aot_fresh "$cache" || rm -f "$cache"
    done
    spike_aot_train_in_background
  fi
}

# Prints the options of spike_aot_opts_into.
spike_aot_opts() {
  local SPIKE_OPTS=()
  spike_aot_opts_into "$@"
  printf ' %s' "${SPIKE_OPTS[@]}"
}

# Appends to SPIKE_OPTS the JVM options of a process kind (NEXUS, KEEPER, TOOL; see jvm-flags.sh),
# then SPIKE_JAVA_OPTS (which wins), split into words as the shell splits an unquoted expansion.
# JDK 24+ warns on the terminal when a library (Netty, under the Workload API client) uses
# sun.misc.Unsafe memory access; allow it quietly, as the build does for Maven.
spike_jvm_opts_into() {
  local kind="SPIKE_JVM_$1" feature
  spike_jdk_feature_into "$JAVA_HOME"
  feature=${REPLY:-0}
  # shellcheck disable=SC2206
  SPIKE_OPTS+=($SPIKE_JVM_COMMON ${!kind})
  if [ "$feature" -ge 24 ]; then
    SPIKE_OPTS+=(--sun-misc-unsafe-memory-access=allow)
  fi
  if [ "$feature" -ge 25 ]; then
    # shellcheck disable=SC2206
    SPIKE_OPTS+=($SPIKE_JVM_COMMON_JDK25)
  fi
  # shellcheck disable=SC2206
  SPIKE_OPTS+=(${SPIKE_JAVA_OPTS:-})
}

# Prints the options of spike_jvm_opts_into.
spike_jvm_opts() {
  local SPIKE_OPTS=()
  spike_jvm_opts_into "$1"
  printf ' %s' "${SPIKE_OPTS[@]}"
}

# Appends to SPIKE_OPTS where the jars' native libraries are (ADR 0248): the build moves
# Conscrypt's out of its jar and copies sqlite-jdbc's (Linux x86-64) into $SPIKE_LIB/native, from
# where they load without being copied to a temporary file at every start (and on a host whose /tmp
# is noexec). Conscrypt looks in java.library.path, sqlite-jdbc first in org.sqlite.lib.path. Put
# before SPIKE_JAVA_OPTS, whose own settings then win. The Java processes that start JVMs use
# ist.spike.dist.NativeLibraryPath.
spike_native_opts_into() {
  SPIKE_OPTS+=("-Djava.library.path=$SPIKE_LIB/native" "-Dorg.sqlite.lib.path=$SPIKE_LIB/native")
}

# The class path of MAIN_CLASS: the jars its process kind's list names (dist/target/lib/
# <SimpleName>.classpath, written by the build; ist.spike.dist.KindClassPath, ADR 0195), else every
# jar. Its AOT cache is recorded on the same list, and the JVM ignores a cache whose class path differs.
# Sets REPLY (no subshell: ADR 0180).
# A kind may have optional jar groups (ADR 0260), <SimpleName>.<group>.classpath: appended after the
# list, in this order, when spike_optional_jars_into says the start asks for them; the AOT cache
# recorded on the list is still used with jars appended after it (ADRs 0217, 0260).
spike_class_path_into() {
  local list="$SPIKE_LIB/${1##*.}.classpath" names= more= group
  [ -r "$list" ] && read -r names <"$list"
  if [ -n "$names" ]; then
    REPLY="$SPIKE_LIB/${names//:/:$SPIKE_LIB/}"
    for group in $SPIKE_OPTIONAL_JARS; do
      list="$SPIKE_LIB/${1##*.}.$group.classpath"
      if [ -r "$list" ] && spike_optional_jars_wanted "$group"; then
        more=
        read -r more <"$list"
        [ -n "$more" ] && REPLY+=":$SPIKE_LIB/${more//:/:$SPIKE_LIB/}"
      fi
    done
  else
    REPLY="$SPIKE_LIB/*"
  fi
}

# True when the process about to start needs GROUP's jars; the same conditions as
# ist.spike.dist.OptionalJars (KindClassPathTest runs both): workload when SPIKE_SVID_DIR is unset
# or empty (the Workload API is the SVID source); metrics when SPIKE_HTTP_SERVER_METRICS_ADDR names a
# listener (not blank, not off); logback when -Dlogback.configurationFile is among the JVM's
# options (SPIKE_JAVA_OPTS, JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS).
spike_optional_jars_wanted() {
  local value
  case $1 in
    workload) [ -z "${SPIKE_SVID_DIR:-}" ] ;;
    metrics)
      value=${SPIKE_HTTP_SERVER_METRICS_ADDR:-}
      value=${value#"${value%%[![:space:]]*}"}
      value=${value%"${value##*[![:space:]]}"}
      [ -n "$value" ] && [ "${value,,}" != off ]
      ;;
    logback)
      case " ${SPIKE_JAVA_OPTS:-} ${JAVA_TOOL_OPTIONS:-} ${JDK_JAVA_OPTIONS:-} " in
        *[[:space:]]-Dlogback.configurationFile[=[:space:]]*) return 0 ;;
        *) return 1 ;;
      esac
      ;;
    *) return 1 ;;
  esac
}

# Prints the class path of spike_class_path_into.
spike_class_path() {
  spike_class_path_into "$1"
  printf '%s' "$REPLY"
}

# Usage: spike_launch KIND MAIN_CLASS ARGS...
# Builds the command line in this shell (no subshells: ADR 0180) and replaces the shell with it.
spike_launch() {
  local kind=$1 main=$2
  shift 2
  spike_find_jdk || exit 1
  spike_runtime_into
  if spike_build_is_stale "$main"; then spike_build || exit 1; fi
  SPIKE_OPTS=()
  spike_native_opts_into
  spike_jvm_opts_into "$kind"
  spike_aot_opts_into "$main" "$@"
  spike_class_path_into "$main"
  exec "$SPIKE_RUN_HOME/bin/java" "${SPIKE_OPTS[@]}" -cp "$REPLY" "$main" "$@"
}
