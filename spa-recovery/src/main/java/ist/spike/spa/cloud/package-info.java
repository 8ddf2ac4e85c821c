/**
 * Where the cloud factor lives: the wrapping key of the cloud share, and an anchor for the receipt
 * chain's head. {@link ist.spike.spa.cloud.FileCloud} is the offline stub (a key file next to the
 * shares, no anchor); {@link ist.spike.spa.cloud.SpikeCloud} keeps both in SPIKE Nexus under the
 * user's own SPIFFE ID.
 */
package ist.spike.spa.cloud;
