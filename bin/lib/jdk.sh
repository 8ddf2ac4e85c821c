# shellcheck shell=bash
# Finds a JDK >= 21 (JAVA_HOME first, then /usr/lib/jvm/*, newest first) and exports JAVA_HOME.
# Sourced by every launcher and by bin/test.

spike_jdk_feature() { # prints the feature version of the JDK at $1, or nothing
  spike_jdk_feature_into "$1"
  echo "$REPLY"
}

# Sets REPLY to the feature version of the JDK at $1 (empty when it is not a JDK) and
# SPIKE_JDK_RELEASE_VERSION to its full version when its release file names one. Bash builtins
# only, no subshell or sed: the launchers ask on every start (issue 13, ADR 0180).
spike_jdk_feature_into() {
  local home=$1 line v=""
  # spike_find_jdk remembers the chosen JDK's version: launchers ask several times per start
  if [ -n "${SPIKE_JDK_FEATURE_OF:-}" ] && [ "$home" = "$SPIKE_JDK_FEATURE_OF" ]; then
    REPLY=$SPIKE_JDK_FEATURE
    return 0
  fi
  REPLY=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  SPIKE_JDK_RELEASE_VERSION=""
  if [ -f "$home/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in
        JAVA_VERSION=\"*)
          line=${line#JAVA_VERSION=\"}
          SPIKE_JDK_RELEASE_VERSION=${line%%\"*}
          v=${SPIKE_JDK_RELEASE_VERSION%%[!0-9]*}
          break
          ;;
      esac
    done <"$home/release"
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n1)
  fi
  [ "$v" = 1 ] && v=8
  REPLY=$v
}

spike_find_jdk() {
  local min=21 candidate v best="" bestv=0 bestrelease=""
  if [ -n "${JAVA_HOME:-}" ]; then
    spike_jdk_feature_into "$JAVA_HOME"
    v=$REPLY
    if [ -n "$v" ] && [ "$v" -ge "$min" ]; then
      export JAVA_HOME
      SPIKE_JDK_FEATURE_OF=$JAVA_HOME SPIKE_JDK_FEATURE=$v
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -d "$candidate" ] || continue
    spike_jdk_feature_into "$candidate"
    v=$REPLY
    if [ -n "$v" ] && [ "$v" -ge "$min" ] && [ "$v" -gt "$bestv" ]; then
      best=$candidate
      bestv=$v
      bestrelease=$SPIKE_JDK_RELEASE_VERSION
    fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    spike_jdk_feature_into "$candidate"
    v=$REPLY
    if [ -n "$v" ] && [ "$v" -ge "$min" ]; then
      best=$candidate
      bestv=$v
      bestrelease=$SPIKE_JDK_RELEASE_VERSION
    fi
  fi
  if [ -z "$best" ]; then
    echo "error: SPIKE for Java needs a JDK $min or newer; none found in JAVA_HOME (${JAVA_HOME:-unset}) or /usr/lib/jvm." >&2
    echo "Install one (for example: apt-get install openjdk-21-jdk-headless) or point JAVA_HOME at it." >&2
    return 1
  fi
  export JAVA_HOME=$best
  SPIKE_JDK_RELEASE_VERSION=$bestrelease
  SPIKE_JDK_FEATURE_OF=$best SPIKE_JDK_FEATURE=$bestv
}
