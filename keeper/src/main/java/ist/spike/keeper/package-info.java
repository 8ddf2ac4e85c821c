/** SPIKE Keeper: a stateless, zero-configuration holder of one root-key shard in memory. */
package ist.spike.keeper;
