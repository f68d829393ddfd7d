package dev.mailgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.mailgate.support.Prerequisite;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The README and docs/ as a newcomer reads them: every ```bash example that calls localhost:8080 runs, as written,
 * against this test application (mock mailer, no API keys: what dev mode is), and every answer it asks for with curl
 * must be a success. An example that needs something this run cannot give (an id from an earlier answer, the SMTP
 * relay, a real provider) is marked just above its fence with {@code <!-- docs-test: skip (the reason) -->}; one that
 * shows a refusal with {@code <!-- docs-test: expect 400 -->}, and then every curl in it must get that status. Fences
 * must be balanced, and every relative link must reach a file and heading that exist.
 */
@QuarkusTest
class DocsExamplesTest {

    private static final String MARK = "<!-- docs-test: ";

    /** One fenced example: where it is, its language, its text, and the marker above it, if any. */
    record Block(Path file, int line, String language, String text, String marker) {
        String where() {
            return file + ":" + line;
        }
    }

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The fenced blocks of a page; fails on a fence that is not alone on its line, or one left open. */
    static List<Block> blocks(Path page) throws IOException {
        List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        String language = null;
        int start = 0;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            String trimmed = l.strip();
            if (!trimmed.startsWith("```")) {
                if (language != null) {
                    text.append(l).append('\n');
                }
                continue;
            }
            String info = trimmed.substring(3).strip();
            if (language == null) {
                if (!info.matches("[A-Za-z0-9_+-]*")) {
                    fail(page + ":" + (i + 1) + ": a fence must be alone on its line with at most a language name;"
                            + " text after it makes CommonMark renderers show the rest of the page as code: " + l);
                }
                language = info;
                start = i + 1;
                text.setLength(0);
            } else {
                if (!info.isEmpty()) {
                    fail(page + ":" + (i + 1) + ": a closing fence must be alone on its line: " + l);
                }
                String marker = "";
                for (int j = start - 2; j >= 0 && j >= start - 3; j--) {
                    if (lines.get(j).strip().startsWith(MARK)) {
                        marker = lines.get(j).strip();
                    }
                }
                blocks.add(new Block(page, start, language, text.toString(), marker));
                language = null;
            }
        }
        if (language != null) {
            fail(page + ":" + start + ": this fence is never closed");
        }
        return blocks;
    }

    @Test
    void fencesAreBalancedAndAloneOnTheirLines() throws IOException {
        int total = 0;
        for (Path page : pages()) {
            total += blocks(page).size();
        }
        assertTrue(total > 40, "the pages hold their examples (" + total + " blocks)");
    }

    @Test
    void everyRelativeLinkReachesAFileAndHeadingThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            broken.addAll(DocsLinks.broken(page));
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void theReadmeIsAFrontDoor() throws IOException {
        long lines = Files.readAllLines(Path.of("README.md")).size();
        assertTrue(lines <= 200, "README.md has " + lines + " lines; topics belong in docs/");
    }

    @Test
    void everyCurlExampleAgainstLocalhostSucceeds() throws Exception {
        Prerequisite.require("curl", onPath("curl"), Prerequisite.debianPackage("curl"));
        List<String> failures = new ArrayList<>();
        int ran = 0;
        for (Path page : pages()) {
            for (Block b : blocks(page)) {
                if (!b.language().equals("bash") || !b.text().contains("localhost:8080")) {
                    continue;
                }
                String expect = null;
                if (!b.marker().isEmpty()) {
                    if (b.marker().matches("<!-- docs-test: expect [45]\\d\\d -->")) {
                        expect = b.marker().replaceAll("\\D", "");
                    } else {
                        assertTrue(b.marker().matches("<!-- docs-test: skip \\(.{10,}\\) -->"),
                                b.where() + ": a skipped example says why: " + b.marker());
                        continue;
                    }
                }
                ran++;
                String failure = run(b, expect);
                if (failure != null) {
                    failures.add(b.where() + ": " + failure);
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(ran >= 10, "only " + ran + " examples ran");
    }

    /**
     * Runs one example in a scratch directory, with curl failing on any HTTP error (and showing its body), and with
     * localhost:8080 pointing at this test application. Returns what went wrong, or null.
     */
    private String run(Block b, String expect) throws Exception {
        Path dir = Files.createTempDirectory("docs-example");
        String curl = expect == null ? "command curl --silent --show-error --fail-with-body --max-time 30 \"$@\""
                // A refusal: each curl must get exactly that status.
                : "s=$(command curl --silent --show-error --max-time 30 -o /dev/stderr -w '%{http_code}' \"$@\");"
                        + " [ \"$s\" = " + expect + " ] || { echo \"HTTP $s, not " + expect + "\"; return 1; }";
        String script = "set -euo pipefail\n"
                + "curl() { " + curl + "; }\n"
                + b.text().replace("localhost:8080", "localhost:" + RestAssured.port);
        Process p = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "did not finish within 120 s";
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ":\n" + out;
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
