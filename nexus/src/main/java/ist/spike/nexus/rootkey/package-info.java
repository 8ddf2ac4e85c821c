/**
 * Nexus's root-key lifecycle: custody of the key in memory, recovery from Keepers at start,
 * periodic rehydration of the Keepers, and the operator restore session.
 */
package ist.spike.nexus.rootkey;
