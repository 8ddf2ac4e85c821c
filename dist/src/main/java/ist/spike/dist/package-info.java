/** The development stack ({@code bin/spike-dev}) and the launchers' shared classpath. */
package ist.spike.dist;
