/**
 * The recovery lifecycle state machine: Onboarded → Daily Use → Recovery Initiated → Cooldown →
 * Probation → Live (→ Daily Use), with cancellation and emergency rotation. Every transition emits
 * a receipt signed by the group; the legal transitions come from {@link
 * ist.spike.receipts.LifecycleRules}, the same table the stateless verifier uses.
 */
package ist.spike.spa.lifecycle;
