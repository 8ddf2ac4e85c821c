/**
 * Named transit keys (our extension, not SPIKE's): key management, encrypt, decrypt and rewrap with
 * a key name, singly or in batches. Plaintexts travel as base64 text, ciphertexts as {@code
 * spike:v<version>:<base64>}. See {@code docs/transit.md}.
 */
package ist.spike.api.transit;
