/**
 * Named transit keys (ADR-0167): versioned AES-256-GCM keyrings kept as sealed records in the
 * secret storage under the internal prefix {@code ~spike/transit/}, which no secret route accepts.
 * Snapshots, replication, every backend and root-key rotation cover them like any secret.
 */
package ist.spike.nexus.transit;
