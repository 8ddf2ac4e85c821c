/**
 * The exceptions SPIKE clients throw: one class per failure, each naming the SPIKE error code and
 * HTTP status it came from (spec §2.2, client side).
 */
package ist.spike.client.error;
