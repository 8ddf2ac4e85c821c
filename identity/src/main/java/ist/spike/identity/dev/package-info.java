/**
 * The development trust domain: a local EC P-256 CA ({@link ist.spike.identity.dev.DevCa}) that
 * issues short-lived X.509-SVIDs carrying only a SPIFFE URI SAN, and {@link
 * ist.spike.identity.dev.DevTrustDomain}, which mints SVIDs for every SPIKE role in one call (for
 * tests and {@code bin/spike-dev}). Not for production: the CA key sits in a file.
 */
package ist.spike.identity.dev;
