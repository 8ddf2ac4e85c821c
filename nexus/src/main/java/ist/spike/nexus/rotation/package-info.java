/**
 * Root-key rotation (issue 16, ADR-0162): the phases a rotation goes through, what the store must
 * hold in each so that a crash at any instant loses nothing, and what Nexus does on restart.
 */
package ist.spike.nexus.rotation;
