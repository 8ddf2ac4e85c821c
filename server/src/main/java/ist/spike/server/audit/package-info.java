/**
 * The audit trail of a server: one record per request and per lifecycle event, written to a
 * hash-chained, Ed25519-signed file ({@link ist.spike.server.audit.ChainedAuditFile}) or, without a
 * file, to the {@code spike.audit} logger ({@link ist.spike.server.audit.AuditTrail#toLogger}).
 */
package ist.spike.server.audit;
