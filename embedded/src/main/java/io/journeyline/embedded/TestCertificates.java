package io.journeyline.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test certificate authority made at test time with the running JDK's {@code keytool} (no key is
 * committed, no library needed): a CA, a PKCS12 trust store holding its certificate, and PKCS12 key
 * stores with a key and a certificate the CA issued for {@code 127.0.0.1} and {@code localhost}
 * (usable as server and as client certificate). Development and test only.
 *
 * <pre>{@code
 * TestCertificates ca = TestCertificates.create(tempDir);
 * Path server = ca.issue("server");
 * SSLContext client = ca.clientContext(ca.issue("client"));
 * }</pre>
 */
public final class TestCertificates {

  /** The password of every store made here. */
  public static final String PASSWORD = "test-password";

  private final Path dir;
  private final Path caStore;
  private final Path caCert;
  private final Path truststore;

  private TestCertificates(Path dir) {
    this.dir = dir;
    this.caStore = dir.resolve("ca.p12");
    this.caCert = dir.resolve("ca.pem");
    this.truststore = dir.resolve("truststore.p12");
  }

  /** Makes the CA and its trust store in {@code dir}. */
  public static TestCertificates create(Path dir) {
    TestCertificates ca = new TestCertificates(dir);
    keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=Journeyline Test CA",
        "-ext",
        "bc:c",
        "-validity",
        "2",
        "-keystore",
        ca.caStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        ca.caStore.toString(),
        "-storepass",
        PASSWORD,
        "-file",
        ca.caCert.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        ca.caCert.toString(),
        "-keystore",
        ca.truststore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD);
    return ca;
  }

  /** The PKCS12 trust store holding the CA certificate (password {@link #PASSWORD}). */
  public Path truststore() {
    return truststore;
  }

  /**
   * A PKCS12 key store ({@code <name>.p12}, password {@link #PASSWORD}) with a key and its
   * certificate chain, issued by this CA for {@code CN=<name>}, {@code IP:127.0.0.1} and {@code
   * DNS:localhost}.
   */
  public Path issue(String name) {
    Path store = dir.resolve(name + ".p12");
    Path csr = dir.resolve(name + ".csr");
    Path cert = dir.resolve(name + ".pem");
    keytool(
        "-genkeypair",
        "-alias",
        name,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + name,
        "-validity",
        "2",
        "-keystore",
        store.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    keytool(
        "-certreq",
        "-alias",
        name,
        "-keystore",
        store.toString(),
        "-storepass",
        PASSWORD,
        "-file",
        csr.toString());
    keytool(
        "-gencert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        caStore.toString(),
        "-storepass",
        PASSWORD,
        "-infile",
        csr.toString(),
        "-outfile",
        cert.toString(),
        "-ext",
        "san=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2");
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        caCert.toString(),
        "-keystore",
        store.toString(),
        "-storepass",
        PASSWORD);
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        name,
        "-file",
        cert.toString(),
        "-keystore",
        store.toString(),
        "-storepass",
        PASSWORD);
    return store;
  }

  /** A PKCS12 key store with a self-signed certificate this CA does not vouch for. */
  public Path selfSigned(String name) {
    Path store = dir.resolve(name + ".p12");
    keytool(
        "-genkeypair",
        "-alias",
        name,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + name,
        "-ext",
        "san=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-keystore",
        store.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    return store;
  }

  /**
   * A client context that trusts this CA and, when {@code keystore} is not null, presents its
   * certificate to servers that ask for one.
   */
  public SSLContext clientContext(Path keystore) {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(load(truststore));
      KeyManager[] keys = null;
      if (keystore != null) {
        KeyManagerFactory kmf =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(keystore), PASSWORD.toCharArray());
        keys = kmf.getKeyManagers();
      }
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(keys, tmf.getTrustManagers(), null);
      return ssl;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a client TLS context", e);
    }
  }

  private static KeyStore load(Path path) throws GeneralSecurityException, IOException {
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD.toCharArray());
      return store;
    }
  }

  private static void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run keytool", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running keytool", e);
    }
  }
}
