package io.journeyline.adapters.channels.twilio;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's webhook signature (X-Twilio-Signature): Base64 of HMAC-SHA1, keyed with the account's
 * auth token, over the full URL Twilio requested followed by every POST parameter name and value,
 * sorted by name (values of a repeated name sorted too). As Twilio's own libraries do, a URL that
 * does not match is retried with the default port added or removed (proxies differ in what they
 * forward).
 */
public final class TwilioSignature {

  private TwilioSignature() {}

  /** The signature Twilio would send for this URL and these form parameters. */
  public static String compute(String authToken, String url, Map<String, List<String>> params) {
    StringBuilder data = new StringBuilder(url);
    TreeMap<String, List<String>> sorted = new TreeMap<>(params);
    sorted.forEach(
        (name, values) -> {
          List<String> vs = new ArrayList<>(values);
          vs.sort(null);
          for (String value : vs) {
            data.append(name).append(value);
          }
        });
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA1 unavailable", e);
    }
  }

  /** True when the signature matches (constant-time comparison). */
  public static boolean verify(
      String authToken, String url, Map<String, List<String>> params, String signature) {
    if (signature == null || signature.isEmpty()) {
      return false;
    }
    byte[] given = signature.getBytes(StandardCharsets.UTF_8);
    boolean ok = false;
    for (String candidate : urlVariants(url)) {
      byte[] expected = compute(authToken, candidate, params).getBytes(StandardCharsets.UTF_8);
      ok |= MessageDigest.isEqual(expected, given);
    }
    return ok;
  }

  private static List<String> urlVariants(String url) {
    List<String> out = new ArrayList<>(List.of(url));
    try {
      URI uri = new URI(url);
      int defaultPort = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      int port = uri.getPort() == -1 ? defaultPort : -1;
      if (uri.getPort() == -1 || uri.getPort() == defaultPort) {
        URI other =
            new URI(
                uri.getScheme(),
                uri.getRawUserInfo(),
                uri.getHost(),
                port,
                uri.getPath(),
                null,
                null);
        String rebuilt = other.toString();
        if (uri.getRawQuery() != null) {
          rebuilt += "?" + uri.getRawQuery();
        }
        out.add(rebuilt);
      }
    } catch (URISyntaxException e) {
      // Only the URL as given.
    }
    return out;
  }
}
