# shellcheck shell=bash
# The JVM options of each SPIKE process kind: the one set used by the launchers, bin/spike-dev
# (ist.spike.dist.JvmFlags holds the same lists; JvmFlagsTest keeps the two equal) and bench.
# Chosen by measurement: see docs/configuration.md ("JVM options") and ADR 0126.

# Every process: what Conscrypt (native TLS, ADR 0125) needs on JDK 24+.
SPIKE_JVM_COMMON="--add-opens=java.base/java.net=ALL-UNNAMED --enable-native-access=ALL-UNNAMED"
# Every process on JDK 25+ (the option does not exist before): 8-byte object headers (JEP 519),
# less heap and metaspace per object; AOT caches are made with it, so they match.
SPIKE_JVM_COMMON_JDK25="-XX:+UseCompactObjectHeaders"
# Nexus: full tiered compilation (C1-only halves throughput), serial GC (2 cores); the heap starts
# small and gives memory back after a full GC (idle RSS), and is capped so RSS after load stays
# under 300 MB (docs/configuration.md, ADR 0128); the JVM hands freed native memory (the JIT
# compilers' arenas after start-up) back to the OS every 5 s (ADR 0136); referencesPerCacheLine as
# for the Keeper below (ADR 0176).
SPIKE_JVM_NEXUS="-Xms16m -Xmx160m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=40 -XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=48m -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=5000 -Dorg.eclipse.jetty.util.referencesPerCacheLine=16 -Dslf4j.provider=ist.spike.dist.SpikeLogbackServiceProvider -Dslf4j.internal.verbosity=WARN"
# Keeper: holds one 32-byte shard and answers a few requests a minute; small heap that shrinks,
# C1 only with one compiler thread, small code cache. referencesPerCacheLine: Jetty otherwise starts
# the platform MBean server (JMX, JFR commands) to ask whether oops are compressed (ADR 0134).
# Freed native memory (the start-up's malloc arenas) handed back every second (ADR 0185), and methods
# compiled only after 100x the usual invocation counts (a Keeper's code is mostly start-up code;
# 10x in ADR 0185, 100x in ADR 0255).
SPIKE_JVM_KEEPER="-Xms4m -Xmx16m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:+UseSerialGC -Xss512k -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=8m -XX:CompileThresholdScaling=100 -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=1000 -Dorg.eclipse.jetty.util.referencesPerCacheLine=16 -Dslf4j.provider=ist.spike.dist.KeeperLogServiceProvider -Dslf4j.internal.verbosity=WARN"
# Both servers name an SLF4J provider of SPIKE's and keep SLF4J's info line about it off stderr. Nexus's
# sets Logback up without SLF4J's provider lookup and Logback's auto-configuration (ADR 0250); the
# Keeper's writes the same lines without Logback, and hands over to Logback only when XML is asked for
# (ADR 0254). Not the tools: Pilot names its own provider.
# Short-lived tools (Pilot, Bootstrap, SPA, the dev stack's supervisor): start fast, exit. Methods
# are compiled only after 10x the usual invocation counts: a `spike` command is mostly code that runs
# a few times, and its C1 compiler thread was the largest single part of its CPU (ADR 0212).
SPIKE_JVM_TOOL="-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=10"
