/**
 * SPIKE Pilot, the {@code spike} command-line tool: {@code secret}, {@code policy}, {@code cipher}
 * and {@code operator} commands with SPIKE's names and flags (spec §9). Every failure exits
 * non-zero.
 */
package ist.spike.pilot;
