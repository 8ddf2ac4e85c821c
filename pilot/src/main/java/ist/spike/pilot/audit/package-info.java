/** {@code spike audit}: offline checks of a server's audit chain. */
package ist.spike.pilot.audit;
