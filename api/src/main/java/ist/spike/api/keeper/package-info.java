/**
 * Records of the Keeper routes {@code /v1/store/contribute} and {@code /v1/store/shard}. The shard
 * response's error key is {@code "Err"} (capital E) and is always present.
 */
package ist.spike.api.keeper;
