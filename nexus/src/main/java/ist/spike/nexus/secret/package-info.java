/**
 * Versioned key/value secrets with SPIKE's semantics (spec §2.4): put, get by version, soft delete,
 * undelete, list and metadata, plus optional check-and-set on put.
 */
package ist.spike.nexus.secret;
