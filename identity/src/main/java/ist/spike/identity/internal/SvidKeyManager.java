package ist.spike.identity.internal;

import static java.util.Objects.requireNonNull;

import ist.spike.identity.SvidUnavailableException;
import ist.spike.identity.X509Svid;
import ist.spike.identity.X509SvidSource;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the source's current SVID at every handshake. JSSE asks for an alias first and then for
 * the chain and the key by that alias; the alias names the SVID generation so that a rotation
 * between the calls cannot pair one SVID's chain with another's key.
 */
public final class SvidKeyManager extends X509ExtendedKeyManager {
  // The JDK platform logger keeps the SDK free of logging jars (ADR-0141).
  private static final System.Logger log = System.getLogger(SvidKeyManager.class.getName());
  private static final String PREFIX = "spiffe-svid-";

  private record Entry(String alias, X509Svid svid) {}

  private final X509SvidSource source;
  private final AtomicLong generation = new AtomicLong();
  private final AtomicReference<Entry> current = new AtomicReference<>();
  private final AtomicReference<Entry> previous = new AtomicReference<>();

  /**
   * Creates the key manager.
   *
   * @param source where the SVID comes from
   */
  public SvidKeyManager(X509SvidSource source) {
    this.source = requireNonNull(source, "source must not be null");
  }

  private String choose(String... keyTypes) {
    X509Svid svid;
    try {
      svid = source.svid();
    } catch (SvidUnavailableException e) {
      log.log(
          System.Logger.Level.WARNING,
          "no SVID to present in the TLS handshake: {0}",
          e.getMessage());
      return null;
    }
    String algorithm = svid.privateKey().getAlgorithm();
    boolean matches = keyTypes == null;
    if (keyTypes != null) {
      for (String keyType : keyTypes) {
        if (keyType != null && matchesKeyType(algorithm, keyType)) {
          matches = true;
          break;
        }
      }
    }
    if (!matches) {
      return null;
    }
    synchronized (this) {
      Entry now = current.get();
      if (now != null && now.svid() == svid) {
        return now.alias();
      }
      Entry fresh = new Entry(PREFIX + generation.incrementAndGet(), svid);
      previous.set(now);
      current.set(fresh);
      return fresh.alias();
    }
  }

  private static boolean matchesKeyType(String algorithm, String keyType) {
    return keyType.equals(algorithm)
        || keyType.startsWith(algorithm + "_")
        || (algorithm.equals("RSA") && keyType.equals("RSASSA-PSS"))
        || (algorithm.equals("EdDSA") && keyType.equals("Ed25519"));
  }

  private X509Svid lookup(String alias) {
    if (alias == null) {
      return null;
    }
    for (Entry entry : new Entry[] {current.get(), previous.get()}) {
      if (entry != null && entry.alias().equals(alias)) {
        return entry.svid();
      }
    }
    return null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    String alias = choose(keyType);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return choose(keyTypes);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return choose(keyTypes);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = choose(keyType);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return choose(keyType);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return choose(keyType);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    X509Svid svid = lookup(alias);
    return svid == null ? null : svid.chain().toArray(new X509Certificate[0]);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    X509Svid svid = lookup(alias);
    return svid == null ? null : svid.privateKey();
  }
}
