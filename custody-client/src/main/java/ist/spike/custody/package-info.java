/**
 * Internal server-to-server clients for root-key custody: Keeper shard calls, Bootstrap's verify
 * call and the operator routes (recover, restore). Used by Nexus, Bootstrap, Pilot and the
 * development stack; not part of the public SDK ({@code ist.spike.client}), whose users never need
 * shards or the crypto module.
 */
package ist.spike.custody;
