package ist.spike.identity;

import static java.util.Objects.requireNonNull;

import ist.spike.identity.internal.ConscryptSupport;
import ist.spike.identity.internal.SpiffeTrustManager;
import ist.spike.identity.internal.SvidKeyManager;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * The one factory of SPIFFE mutual-TLS {@link SSLContext}s. The key manager presents the source's
 * current SVID at each handshake and the trust manager validates the peer's chain against the
 * source's current bundle, then asks the {@link SpiffeIdVerifier}; so a rotated SVID or bundle
 * takes effect on the next connection without a restart.
 *
 * <p>Protocols: TLS 1.3 preferred, TLS 1.2 allowed ({@link #PROTOCOLS}); apply {@link
 * #sslParameters()} (client) or {@link #PROTOCOLS} (Jetty's {@code setIncludeProtocols}).
 */
public final class SpiffeTls {
  /** Enabled protocols, in order of preference. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /**
   * Lifetime of resumable TLS sessions. A resumed session skips certificate validation, so it is
   * kept short: a peer whose SVID expired or whose CA left the bundle must do a full handshake
   * soon.
   */
  public static final int SESSION_TIMEOUT_SECONDS = 300;

  private static final String CONSCRYPT_PACKAGE = "org.conscrypt.";

  private SpiffeTls() {}

  /**
   * Creates an SSLContext that presents the source's SVID and accepts only peers whose chain
   * validates and whose SPIFFE ID the verifier accepts.
   *
   * @param source the SVID and bundle source; its lifetime is the caller's
   * @param peerVerifier which peer IDs are accepted
   * @return a new context
   * @throws IdentityConfigException if the JDK has no TLS implementation (never in practice)
   */
  public static SSLContext sslContext(X509SvidSource source, SpiffeIdVerifier peerVerifier) {
    return sslContext(source, peerVerifier, TlsProvider.configured());
  }

  /**
   * Like {@link #sslContext(X509SvidSource, SpiffeIdVerifier)} with an explicit TLS provider
   * instead of the configured one (tests run both).
   *
   * @param source the SVID and bundle source; its lifetime is the caller's
   * @param peerVerifier which peer IDs are accepted
   * @param provider which TLS implementation; must be {@link TlsProvider#isAvailable() available}
   * @return a new context
   * @throws IdentityConfigException if the provider cannot create a context
   */
  public static SSLContext sslContext(
      X509SvidSource source, SpiffeIdVerifier peerVerifier, TlsProvider provider) {
    requireNonNull(source, "source must not be null");
    requireNonNull(peerVerifier, "peerVerifier must not be null");
    requireNonNull(provider, "provider must not be null");
    try {
      SSLContext context =
          provider == TlsProvider.CONSCRYPT
              ? ConscryptSupport.newContext()
              : SSLContext.getInstance("TLS");
      context.init(
          new KeyManager[] {new SvidKeyManager(source)},
          new TrustManager[] {
            new SpiffeTrustManager(
                source,
                peerVerifier,
                provider == TlsProvider.CONSCRYPT ? ConscryptSupport.providerOrNull() : null)
          },
          new SecureRandom());
      context.getServerSessionContext().setSessionTimeout(SESSION_TIMEOUT_SECONDS);
      context.getClientSessionContext().setSessionTimeout(SESSION_TIMEOUT_SECONDS);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IdentityConfigException("cannot create a TLS context: " + e.getMessage(), e);
    }
  }

  /**
   * Prepares a server engine of a context from this factory for its handshake: lets it issue TLS
   * 1.3 session tickets, so that clients keeping their context (the SDK) can resume (ADR 0139). The
   * JDK's engines issue them already; Conscrypt's do not unless told.
   *
   * @param engine a server engine, before its handshake
   */
  public static void prepareServerEngine(SSLEngine engine) {
    // by class name: a process on the JDK's TLS must not load Conscrypt (ADR 0125)
    if (engine.getClass().getName().startsWith(CONSCRYPT_PACKAGE)) {
      ConscryptSupport.enableSessionTickets(engine);
    }
  }

  /**
   * Like {@link #prepareServerEngine(SSLEngine)} for a socket accepted by a server socket of a
   * context from this factory.
   *
   * @param socket an accepted socket, before its handshake
   */
  public static void prepareServerSocket(SSLSocket socket) {
    if (socket.getClass().getName().startsWith(CONSCRYPT_PACKAGE)) {
      ConscryptSupport.enableSessionTickets(socket);
    }
  }

  /** Returns SSL parameters enabling only {@link #PROTOCOLS}. */
  public static SSLParameters sslParameters() {
    SSLParameters params = new SSLParameters();
    params.setProtocols(PROTOCOLS.toArray(new String[0]));
    return params;
  }

  /**
   * Validates a peer chain the way the TLS trust manager does (for peers authenticated elsewhere).
   *
   * @param source the trust bundle source
   * @param peerVerifier which IDs are accepted
   * @param chain the chain, leaf first
   * @return the peer's SPIFFE ID
   * @throws CertificateException if the chain is not accepted
   */
  public static SpiffeId validatePeer(
      X509SvidSource source, SpiffeIdVerifier peerVerifier, X509Certificate[] chain)
      throws CertificateException {
    return new SpiffeTrustManager(source, peerVerifier).validate(chain);
  }
}
