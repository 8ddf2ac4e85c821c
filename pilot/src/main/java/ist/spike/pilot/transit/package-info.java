/** {@code spike transit}: named transit keys (ADR-0167). */
package ist.spike.pilot.transit;
