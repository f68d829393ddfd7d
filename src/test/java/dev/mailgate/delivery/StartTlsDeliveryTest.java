package dev.mailgate.delivery;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.Requests;
import dev.mailgate.support.StartTlsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(StartTlsProfile.class)
class StartTlsDeliveryTest {

    @Test
    void mailIsSentOnlyAfterTheStartTlsUpgrade() {
        Requests.sendMinimal().statusCode(200).body("status", equalTo("sent"));
        assertEquals(1, StartTlsProfile.Resource.server().accepted());
        assertEquals(1, StartTlsProfile.Resource.server().acceptedOverTls(), "the message must travel over TLS");
    }
}
