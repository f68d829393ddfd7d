package dev.mailgate;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.Prerequisite;

/** The build on a JDK older than 21 (the default java on Debian 12 is 17) stops at once and says what to do. */
class BuildTest {

    @Test
    void anOldJdkStopsTheBuildWithOneClearLine() throws Exception {
        Optional<Path> old = oldJdk();
        Prerequisite.require("a JDK older than 21", old.isPresent(),
                "Install Debian's openjdk-17-jdk-headless (the default java on Debian 12), which this test builds with.");
        ProcessBuilder pb = new ProcessBuilder("./mvnw", "-o", "-q", "-B", "validate").redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", old.get().toString());
        pb.environment().put("PATH", old.get().resolve("bin") + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), out);
        assertNotEquals(0, p.exitValue(), out);
        assertTrue(out.contains("mailgate needs JDK 21 or newer (JAVA_HOME=" + old.get()), out);
    }

    /** A JDK whose javac is older than 21, under /usr/lib/jvm. */
    private static Optional<Path> oldJdk() throws IOException {
        Path jvm = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvm)) {
            return Optional.empty();
        }
        try (Stream<Path> jdks = Files.list(jvm)) {
            return jdks.filter(d -> Files.isExecutable(d.resolve("bin/javac")) && !Files.isSymbolicLink(d))
                    .filter(d -> feature(d) > 0 && feature(d) < 21).sorted().findFirst();
        }
    }

    private static int feature(Path jdk) {
        try {
            Process p = new ProcessBuilder(jdk.resolve("bin/javac").toString(), "-version").redirectErrorStream(true)
                    .start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(30, TimeUnit.SECONDS);
            return Integer.parseInt(v.replaceAll("^javac (\\d+).*$", "$1"));
        } catch (IOException | InterruptedException | NumberFormatException e) {
            return -1;
        }
    }
}
