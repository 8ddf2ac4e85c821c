/** The {@code spa-recovery} command line (picocli). */
package ist.spike.spa.cli;
