/**
 * SPIFFE IDs and SPIKE roles, X.509-SVID sources, the SSLContext factory and the development CA.
 * JDK only on the SDK's path: BouncyCastle (the development CA) and Conscrypt (an optional TLS
 * provider) are needed only by those features. The Workload API source comes from {@code
 * spike-sdk-spiffe} through {@link ist.spike.identity.spi.WorkloadApiConnector}. {@code
 * ist.spike.identity.internal} is not API.
 */
module ist.spike.identity {
  requires static org.bouncycastle.pkix;
  requires static org.bouncycastle.provider;
  requires static org.bouncycastle.util;
  requires static org.conscrypt;

  exports ist.spike.identity;
  exports ist.spike.identity.config;
  exports ist.spike.identity.dev;
  exports ist.spike.identity.spi;

  uses ist.spike.identity.spi.WorkloadApiConnector;
}
