package org.kepu.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void signingTheSpecsExampleGivesTheSpecsSignature() {
        assertThat(WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY)).isEqualTo(EXPECTED);
    }

    @Test
    void theSpecsSignatureVerifiesAlsoAmongOthersDuringARotation() {
        assertThat(WebhookSignature.verify(SECRET, ID, TIMESTAMP, BODY, EXPECTED))
                .isTrue();
        String other = WebhookSignature.sign(WebhookSignature.newSecret(), ID, TIMESTAMP, BODY);
        assertThat(WebhookSignature.verify(SECRET, ID, TIMESTAMP, BODY, other + " " + EXPECTED))
                .isTrue();
        assertThat(WebhookSignature.verify(SECRET, ID, TIMESTAMP, BODY, "v1a,xyz " + other))
                .isFalse();
    }

    @Test
    void aChangedByteIdOrTimestampDoesNotVerify() {
        byte[] changed = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verify(SECRET, ID, TIMESTAMP, changed, EXPECTED))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, ID + "x", TIMESTAMP, BODY, EXPECTED))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, ID, TIMESTAMP + 1, BODY, EXPECTED))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, ID, TIMESTAMP, BODY, "")).isFalse();
        assertThat(WebhookSignature.verify(SECRET, ID, TIMESTAMP, BODY, "v1,not*base64"))
                .isFalse();
    }

    @Test
    void aNewSecretIsWhsecAndThirtyTwoRandomBytes() {
        String secret = WebhookSignature.newSecret();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThat(WebhookSignature.newSecret()).isNotEqualTo(secret);
        String signature = WebhookSignature.sign(secret, ID, TIMESTAMP, BODY);
        assertThat(WebhookSignature.verify(secret, ID, TIMESTAMP, BODY, signature))
                .isTrue();
    }

    @Test
    void aSecretWithoutThePrefixIsRefused() {
        assertThatThrownBy(() -> WebhookSignature.sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", ID, TIMESTAMP, BODY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
