package io.journeyline.http;

import io.undertow.Undertow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.xnio.Options;
import org.xnio.SslClientAuthMode;

/**
 * The TLS settings of one Journeyline HTTP server, and what is built from them with the JDK alone:
 * the server's {@link SSLContext} (its certificate from the key store; client certificates checked
 * against the trust store), an HTTPS listener on an {@link Undertow.Builder}, and the client {@link
 * SSLContext} an instance uses to call another (trusting the trust store, presenting its own
 * certificate when the other asks for one).
 *
 * @param keystore key store with the server's private key and certificate chain
 * @param keystorePassword password of the key store and its key
 * @param keystoreType PKCS12 or JKS
 * @param truststore trust store with the CA certificates to trust (client certificates, and peers
 *     when calling out); empty: the JDK's default trust (cacerts)
 * @param truststorePassword password of the trust store (may be null for a PKCS12 store of
 *     certificates only)
 * @param truststoreType PKCS12 or JKS
 * @param clientAuth whether the server asks clients for a certificate
 */
public record TlsSettings(
    Path keystore,
    String keystorePassword,
    String keystoreType,
    Optional<Path> truststore,
    String truststorePassword,
    String truststoreType,
    ClientAuth clientAuth) {

  /** Whether the server asks clients for a certificate. */
  public enum ClientAuth {
    /** No client certificate is asked for. */
    NONE,
    /** A client certificate is asked for and checked when sent, but a client may send none. */
    WANT,
    /** Every client must present a certificate the trust store vouches for. */
    NEED;

    /** Parses {@code none}, {@code want} or {@code need} (any case). */
    public static ClientAuth parse(String text) {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    SslClientAuthMode undertowMode() {
      return switch (this) {
        case NONE -> SslClientAuthMode.NOT_REQUESTED;
        case WANT -> SslClientAuthMode.REQUESTED;
        case NEED -> SslClientAuthMode.REQUIRED;
      };
    }
  }

  public TlsSettings {
    Objects.requireNonNull(keystore, "keystore");
    Objects.requireNonNull(keystorePassword, "keystorePassword");
    Objects.requireNonNull(truststore, "truststore");
    Objects.requireNonNull(clientAuth, "clientAuth");
    if (clientAuth != ClientAuth.NONE && truststore.isEmpty()) {
      throw new IllegalArgumentException(
          "client certificates (" + clientAuth + ") need a trust store that vouches for them");
    }
  }

  /** The server's context: its key material, and the trust store for client certificates. */
  public SSLContext serverContext() {
    return context(keyManagers(), trustManagers());
  }

  /**
   * A client's context for calling another instance: it trusts the trust store (the JDK's default
   * trust when none is set) and presents this instance's certificate when the other one asks for a
   * client certificate.
   */
  public SSLContext clientContext() {
    return context(keyManagers(), trustManagers());
  }

  /**
   * Adds an HTTPS listener with these settings (and the client certificate mode) to {@code server}.
   */
  public void addHttpsListener(Undertow.Builder server, int port, String host) {
    server.addHttpsListener(port, host, serverContext());
    server.setSocketOption(Options.SSL_CLIENT_AUTH_MODE, clientAuth.undertowMode());
  }

  @Override
  public String toString() {
    return "TlsSettings[keystore="
        + keystore
        + ", truststore="
        + truststore.map(Path::toString).orElse("(JDK default)")
        + ", clientAuth="
        + clientAuth
        + "]";
  }

  private KeyManager[] keyManagers() {
    KeyStore store = load(keystore, keystorePassword, keystoreType, "key store");
    try {
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, keystorePassword.toCharArray());
      return kmf.getKeyManagers();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot use the key store " + keystore + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private TrustManager[] trustManagers() {
    if (truststore.isEmpty()) {
      return null; // the JDK's default trust
    }
    KeyStore store = load(truststore.get(), truststorePassword, truststoreType, "trust store");
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      return tmf.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot use the trust store "
              + truststore.get()
              + " ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    }
  }

  private static SSLContext context(KeyManager[] keys, TrustManager[] trust) {
    try {
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(keys, trust, null);
      return ssl;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is not available", e);
    }
  }

  private static KeyStore load(Path path, String password, String type, String what) {
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore store = KeyStore.getInstance(type);
      store.load(in, password == null ? null : password.toCharArray());
      return store;
    } catch (IOException | GeneralSecurityException e) {
      // The message may say "keystore password was incorrect"; it never holds the password.
      throw new IllegalArgumentException(
          "cannot load the "
              + what
              + " "
              + path
              + " ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + ")",
          e);
    }
  }
}
