/**
 * Nexus storage: the {@link ist.spike.nexus.store.Backend} contract and its implementations ({@code
 * memory}, {@code sqlite}, {@code lite}), chosen by {@code SPIKE_NEXUS_BACKEND_STORE} through
 * {@link ist.spike.nexus.store.BackendFactory}.
 *
 * <p>Backends store secrets as an index ({@link ist.spike.nexus.store.SecretIndex}: metadata and
 * the state of every version) plus one data blob per version, so a write touches only what changed.
 * Persistent backends encrypt every field with a key derived from the root key and bind each
 * ciphertext to its table, row and field.
 */
package ist.spike.nexus.store;
