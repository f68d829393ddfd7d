package dev.mailgate.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * mailgate pointed at a server that accepts TCP and never says a word (the classic plaintext-client-on-465 hang), with
 * a short attempt timeout.
 */
public class SilentServerProfile implements QuarkusTestProfile {

    public static class Resource implements QuarkusTestResourceLifecycleManager {
        private static ServerSocket server;
        private static final List<Socket> accepted = new CopyOnWriteArrayList<>();

        public static int connections() {
            return accepted.size();
        }

        @Override
        public Map<String, String> start() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        accepted.add(server.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-smtp");
            t.setDaemon(true);
            t.start();
            return Map.of(
                    "quarkus.mailer.mock", "false",
                    "mailgate.provider", "custom",
                    "quarkus.mailer.host", "127.0.0.1",
                    "quarkus.mailer.port", Integer.toString(server.getLocalPort()),
                    "quarkus.mailer.from", "bot@mailgate.test",
                    "mailgate.delivery.attempt-timeout", "1500ms",
                    "mailgate.health.smtp-check-timeout", "1s");
        }

        @Override
        public void stop() {
            try {
                for (Socket s : accepted) {
                    s.close();
                }
                server.close();
            } catch (IOException ignored) {
                // test teardown
            }
        }
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }
}
