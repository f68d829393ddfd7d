package dev.mailgate.it;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Launches the packaged production jar (target/quarkus-app) the way an operator does: java -jar, env and -D flags. */
final class ProdJar implements AutoCloseable {

    final Process process;
    final Path log;
    final int httpPort;

    private ProdJar(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    static ProdJar start(Map<String, String> env, List<String> sysProps) throws IOException {
        Path jar = Path.of(System.getProperty("quarkus.app.dir", "target/quarkus-app"), "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing; run ./mvnw verify, which packages before integration tests");
        }
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dquarkus.http.port=" + port);
        if (sysProps.stream().noneMatch(p -> p.startsWith("-Dmailgate.store.path="))) {
            // Each launch its own embedded store: two processes cannot share one (and must not).
            cmd.add("-Dmailgate.store.path=" + Files.createTempDirectory("mailgate-store"));
        }
        cmd.addAll(sysProps);
        cmd.add("-jar");
        cmd.add(jar.toString());
        Path log = Files.createTempFile("mailgate-prod", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        // A clean environment: nothing from the developer's shell (such as real credentials) leaks in.
        pb.environment().keySet().removeIf(k -> k.startsWith("MAILGATE_") || k.startsWith("QUARKUS_"));
        pb.environment().putAll(env);
        pb.directory(new File(System.getProperty("java.io.tmpdir")));
        return new ProdJar(pb.start(), log, port);
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Waits until the log contains the text or the process exits; returns whether the text appeared. */
    boolean awaitLog(String text, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (output().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return output().contains(text);
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye; what a crash or an OOM kill does. */
    void kill9() throws Exception {
        new ProcessBuilder("kill", "-9", Long.toString(process.pid())).start().waitFor();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the gateway survived kill -9");
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
