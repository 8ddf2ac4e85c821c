# shellcheck shell=bash
# The JVM options of each SPIKE process kind: the one set used by the launchers, bin/spike-dev
# (ist.spike.dist.JvmFlags holds the same lists; JvmFlagsTest keeps the two equal) and bench.
# Chosen by measurement: see docs/configuration.md ("JVM options") and ADR 0126.

# Every process: what Conscrypt (native TLS, ADR 0125) needs on JDK 24+.
SPIKE_JVM_COMMON="--add-opens=java.base/java.net=ALL-UNNAMED --enable-native-access=ALL-UNNAMED"
# Nexus: full tiered compilation (C1-only halves throughput), serial GC (2 cores), bounded heap.
SPIKE_JVM_NEXUS="-Xms64m -Xmx256m -XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=64m"
# Keeper: holds one 32-byte shard and answers a few requests a minute; small heap, C1 only.
SPIKE_JVM_KEEPER="-Xms8m -Xmx32m -XX:+UseSerialGC -Xss512k -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m"
# Short-lived tools (Pilot, Bootstrap, SPA, the dev stack's supervisor): start fast, exit.
SPIKE_JVM_TOOL="-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
