/**
 * Importing a SPIKE Go Nexus database ({@code spike.db}, spec §6.1) into our store (ADR 0120): the
 * SPIKE root key comes from SPIKE's recovery files, every row is decrypted with SPIKE's cipher and
 * written through the {@link ist.spike.nexus.store.Backend} interface under our encryption.
 */
package ist.spike.nexus.migrate;
