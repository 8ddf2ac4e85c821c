/**
 * {@code spike operator recover|restore}: SPIKE's break-glass commands, writing and reading SPIKE's
 * recovery files ({@code spike.recovery.<i>.txt}, {@code spike:<i>:<hex>}).
 */
package ist.spike.pilot.operator;
