/** Request and response records of the Nexus cipher routes ({@code /v1/cipher/...}), JSON mode. */
package ist.spike.api.cipher;
