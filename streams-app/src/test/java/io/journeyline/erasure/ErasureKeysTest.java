package io.journeyline.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An identifier's reference is its hash, whether remembered or computed again. */
class ErasureKeysTest {

  /** Without a master key: the first 16 bytes of SHA-256, base64url without padding. */
  private static String sha256Ref(String linkKey) throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(linkKey.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
  }

  @Test
  void aReferenceIsTheSameWhenRememberedAndAfterItWasForgotten() throws Exception {
    ErasureKeys keys = new ErasureKeys(Optional.empty());
    String phone = "PHONE:+14155550100";

    assertThat(keys.ref(phone)).isEqualTo(sha256Ref(phone)).hasSize(22);
    assertThat(keys.ref(phone)).isEqualTo(sha256Ref(phone));
    // more identifiers than it remembers: the first one is computed again, the same
    for (int i = 0; i <= ErasureKeys.REMEMBERED_REFS; i++) {
      keys.ref("EMAIL:user" + i + "@example.com");
    }
    assertThat(keys.ref(phone)).isEqualTo(sha256Ref(phone));
    assertThat(keys.ref("EMAIL:user7@example.com")).isEqualTo(sha256Ref("EMAIL:user7@example.com"));
    assertThat(keys.marker(phone)).startsWith(sha256Ref(phone) + "/");
    assertThat(keys.customerRef("C-1")).isEqualTo(sha256Ref("CUSTOMER_ID:C-1"));
  }
}
