import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The embedded-store trial behind mailgate's choice (issue #12): for H2 and SQLite, does an acknowledged commit survive
 * kill -9, does a second process fail fast on the same file, and how fast are single-row and batched commits.
 * Run: bench/store-trial/run (needs the two JDBC jars in ~/.m2).
 *
 *   java StoreTrial.java writer <engine> <dir>    commits rows one by one, printing each id after its commit
 *   java StoreTrial.java check <engine> <dir>     counts the rows
 *   java StoreTrial.java hold <engine> <dir>      opens the store and waits
 *   java StoreTrial.java open <engine> <dir>      opens the store once and reports how that went
 *   java StoreTrial.java speed <engine> <dir>     commits per second, 1 and 50 rows per commit
 */
public class StoreTrial {

    static String url(String engine, String dir) {
        return switch (engine) {
            case "h2", "h2-sync" -> "jdbc:h2:file:" + dir + "/trial;WRITE_DELAY=0";
            case "h2-default" -> "jdbc:h2:file:" + dir + "/trial";
            case "sqlite" -> "jdbc:sqlite:" + dir + "/trial.db";
            default -> throw new IllegalArgumentException(engine);
        };
    }

    static Connection open(String engine, String dir) throws Exception {
        Connection c = DriverManager.getConnection(url(engine, dir));
        if (engine.startsWith("sqlite")) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA locking_mode=EXCLUSIVE");
                s.execute("PRAGMA busy_timeout=0");
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS t (id BIGINT PRIMARY KEY, body VARCHAR(2000))");
        }
        return c;
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0], engine = args[1], dir = args[2];
        switch (mode) {
            case "writer" -> {
                try (Connection c = open(engine, dir);
                        PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                    c.setAutoCommit(false);
                    for (long i = 1;; i++) {
                        ps.setLong(1, i);
                        ps.setString(2, "x".repeat(500));
                        ps.executeUpdate();
                        c.commit();
                        sync(c, engine);
                        System.out.println(i);
                        System.out.flush();
                    }
                }
            }
            case "check" -> {
                try (Connection c = open(engine, dir); Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT id FROM t")) {
                    Set<Long> ids = new HashSet<>();
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                    System.out.println(ids.size());
                }
            }
            case "hold" -> {
                try (Connection c = open(engine, dir)) {
                    System.out.println("holding");
                    System.out.flush();
                    Thread.sleep(60_000);
                }
            }
            case "open" -> {
                long start = System.nanoTime();
                try (Connection c = open(engine, dir); Statement s = c.createStatement()) {
                    s.execute("INSERT INTO t VALUES (-1, 'second process')");
                    System.out.println("second process OPENED and WROTE after "
                            + (System.nanoTime() - start) / 1_000_000 + " ms");
                } catch (Exception e) {
                    System.out.println("second process refused after " + (System.nanoTime() - start) / 1_000_000
                            + " ms: " + e.getMessage().lines().findFirst().orElse(""));
                }
            }
            case "speed" -> {
                for (int batch : new int[] { 1, 50 }) {
                    try (Connection c = open(engine, dir);
                            PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                        c.setAutoCommit(false);
                        long base = batch * 10_000_000L;
                        int rows = batch == 1 ? 2_000 : 20_000;
                        long start = System.nanoTime();
                        for (int i = 0; i < rows; i++) {
                            ps.setLong(1, base + i);
                            ps.setString(2, "x".repeat(500));
                            ps.executeUpdate();
                            if ((i + 1) % batch == 0) {
                                c.commit();
                                sync(c, engine);
                            }
                        }
                        c.commit();
                        double secs = (System.nanoTime() - start) / 1e9;
                        System.out.printf("%s: %d rows, %d per commit: %.0f rows/s%n", engine, rows, batch, rows / secs);
                    }
                }
            }
            case "crash" -> crash(engine, dir, Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException(mode);
        }
    }

    /** h2-sync: H2 has no fsync per commit; CHECKPOINT SYNC forces the store to the device. */
    static void sync(Connection c, String engine) throws Exception {
        if (engine.equals("h2-sync")) {
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT SYNC");
            }
        }
    }

    /** Starts a writer, kills it with SIGKILL after some acks, and checks every acked row is still there. */
    static void crash(String engine, String dir, int rounds) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        int lost = 0;
        long acked = 0;
        for (int r = 0; r < rounds; r++) {
            Path d = Files.createTempDirectory(Path.of(dir), "crash");
            Process w = new ProcessBuilder(java, "-cp", cp, "StoreTrial", "writer", engine, d.toString())
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(w.getInputStream()));
            long last = 0;
            long target = 200 + (long) (Math.random() * 800);
            String line;
            while ((line = out.readLine()) != null) {
                try {
                    last = Long.parseLong(line.trim());
                } catch (NumberFormatException e) {
                    System.out.println("writer: " + line);
                    continue;
                }
                if (last >= target) {
                    break;
                }
            }
            new ProcessBuilder("kill", "-9", Long.toString(w.pid())).start().waitFor();
            w.waitFor(10, TimeUnit.SECONDS);
            Process check = new ProcessBuilder(java, "-cp", cp, "StoreTrial", "check", engine, d.toString())
                    .redirectErrorStream(true).start();
            String result = new String(check.getInputStream().readAllBytes()).trim();
            check.waitFor();
            long present;
            try {
                present = Long.parseLong(result.lines().reduce((a, b) -> b).orElse("-1"));
            } catch (NumberFormatException e) {
                System.out.println("round " + r + ": store unreadable after kill -9: " + result);
                lost++;
                continue;
            }
            acked += last;
            if (present < last) {
                lost++;
                System.out.println("round " + r + ": acked " + last + ", found " + present);
            }
        }
        System.out.println(engine + ": " + rounds + " kill -9 rounds, " + acked + " acked commits, " + lost
                + " rounds lost acknowledged data");
    }
}
