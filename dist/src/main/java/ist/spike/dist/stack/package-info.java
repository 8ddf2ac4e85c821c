/**
 * The development stack behind {@code bin/spike-dev}: every SPIKE component as its own supervised
 * OS process on 127.0.0.1, restarted when it dies.
 */
package ist.spike.dist.stack;
