/** {@code spike policy …}: create, apply, get, list, delete. */
package ist.spike.pilot.policy;
