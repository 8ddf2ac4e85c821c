/**
 * What Nexus tells operators about itself: lifecycle events for the audit chain and Nexus's own
 * metrics (root-key state, Keeper checks, restore attempts, store commits).
 */
package ist.spike.nexus.observe;
