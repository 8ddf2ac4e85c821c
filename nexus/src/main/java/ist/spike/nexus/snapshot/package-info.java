/**
 * Snapshots of a Nexus store: a consistent export of every sealed row, still encrypted, with a
 * manifest (counts, key-check value, SHA-256), and their verified restore into an empty store.
 */
package ist.spike.nexus.snapshot;
