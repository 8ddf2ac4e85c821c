/** Storage internals: the field AEAD, the SQLite writer and schema migrations. Not API. */
package ist.spike.nexus.store.internal;
