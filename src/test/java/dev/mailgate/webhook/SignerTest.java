package dev.mailgate.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The signature scheme against the Standard Webhooks specification's own example, not against itself. */
class SignerTest {

    @Test
    void signsTheSpecificationsExampleAsTheSpecificationDoes() {
        // standard-webhooks/spec, "Verifying webhook authenticity": secret, id, timestamp, body and signature.
        byte[] key = Endpoints.key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                Signer.sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}"));
    }
}
