/**
 * The public Java SDK for SPIKE Nexus: {@link ist.spike.client.SpikeClient} and its secret, policy
 * and cipher routes. Failures are {@link ist.spike.client.error.SpikeException} subclasses; the
 * mTLS transport with Nexus failover is in {@link ist.spike.client.transport}.
 */
package ist.spike.client;
