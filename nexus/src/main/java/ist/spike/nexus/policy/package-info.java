/**
 * SPIKE's access policies: model, validation, RE2 matching (unanchored find, as Go's {@code
 * MatchString}), the reserved {@code spike/system/*} paths (SPIKE ADR-0033), an in-memory compiled
 * cache, and the per-route authorization rules of spec §2.3.
 */
package ist.spike.nexus.policy;
