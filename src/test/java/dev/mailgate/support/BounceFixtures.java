package dev.mailgate.support;

import java.io.IOException;
import java.io.InputStream;

/** The bounce samples in src/test/resources/bounces (see SOURCES.txt there). */
public final class BounceFixtures {

    private BounceFixtures() {
    }

    public static byte[] read(String name) throws IOException {
        try (InputStream in = BounceFixtures.class.getResourceAsStream("/bounces/" + name)) {
            if (in == null) {
                throw new IOException("no fixture " + name);
            }
            return in.readAllBytes();
        }
    }
}
