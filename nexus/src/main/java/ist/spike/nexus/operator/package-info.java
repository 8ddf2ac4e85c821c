/**
 * Nexus's break-glass and bootstrap routes: operator recover/restore, Bootstrap verification and
 * status.
 */
package ist.spike.nexus.operator;
