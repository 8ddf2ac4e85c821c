/**
 * Conventions every SPIKE for Java command-line tool follows: one version line with the build's
 * commit, {@code -h/--help} on every command, {@code help [COMMAND]}, {@code version}, shell
 * completion, and usage when a command group is run without a subcommand.
 */
package ist.spike.cli;
