package dev.mailgate.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import dev.mailgate.address.MailboxAddress;
import dev.mailgate.suppression.Reason;
import dev.mailgate.suppression.Suppressions;

/**
 * The body of POST /api/v1/suppressions, as JSON ({"addresses": [...], "reason": "manual"}) or CSV (one address a
 * line; an optional header line; optional reason and note columns), into entries and the lines that are not. An
 * address named twice counts once, as its last line says.
 */
final class SuppressionImport {

    static final int MAX = 1000;
    static final int LINE = 2048;
    private static final CsvMapper CSV = new CsvMapper();

    record Parsed(List<Suppressions.Line> lines, List<SuppressionViews.Invalid> invalid) {
    }

    private SuppressionImport() {
    }

    static Parsed json(SuppressionViews.Import body, Reason reason) {
        Map<String, Suppressions.Line> lines = new LinkedHashMap<>();
        List<SuppressionViews.Invalid> invalid = new ArrayList<>();
        List<String> addresses = body.addresses();
        for (int i = 0; i < addresses.size(); i++) {
            String a = addresses.get(i);
            Optional<String> problem = problem(a);
            if (problem.isPresent()) {
                invalid.add(new SuppressionViews.Invalid(null, "addresses[" + i + "]", a, problem.get()));
            } else {
                lines.put(Suppressions.key(a).orElseThrow(), new Suppressions.Line(i + 1, a.trim(), reason,
                        body.note()));
            }
        }
        return new Parsed(List.copyOf(lines.values()), invalid);
    }

    /**
     * Reads the CSV a line at a time, bounded: a line past {@link #LINE} characters is cut and named, and more than
     * {@link #MAX} lines is refused without reading the rest. Blocking: call it from a worker thread.
     */
    static Parsed csv(java.io.InputStream body, Reason reason) throws IOException {
        Map<String, Suppressions.Line> lines = new LinkedHashMap<>();
        List<SuppressionViews.Invalid> invalid = new ArrayList<>();
        java.io.Reader in = new java.io.BufferedReader(new java.io.InputStreamReader(body,
                java.nio.charset.StandardCharsets.UTF_8));
        boolean first = true;
        int n = 0;
        int taken = 0;
        for (String row; (row = line(in)) != null;) {
            n++;
            if (n == 1 && row.startsWith("\uFEFF")) {
                row = row.substring(1); // a byte-order mark, as spreadsheets write
            }
            if (row.isBlank()) {
                continue;
            }
            if (++taken > MAX) {
                throw new InvalidRequestException("body", "has more than " + MAX + " lines; at most " + MAX
                        + " per request");
            }
            if (row.length() > LINE) {
                invalid.add(new SuppressionViews.Invalid(n, null, row.substring(0, 100) + "…", "is longer than " + LINE
                        + " characters"));
                first = false;
                continue;
            }
            String[] cells;
            try {
                cells = CSV.readerForArrayOf(String.class).with(CsvParser.Feature.TRIM_SPACES).readValue(row);
            } catch (IOException e) {
                invalid.add(new SuppressionViews.Invalid(n, null, row, "is not a CSV line (a quote is not closed?)"));
                first = false;
                continue;
            }
            String address = cells.length > 0 ? cells[0] : "";
            if (first && isHeader(address)) {
                first = false;
                continue;
            }
            first = false;
            Optional<String> problem = problem(address);
            Reason r = reason;
            if (problem.isEmpty() && cells.length > 1 && !cells[1].isBlank()) {
                Optional<Reason> given = Reason.fromWire(cells[1]);
                problem = given.isPresent() ? Optional.empty()
                        : Optional.of("has reason " + cells[1] + "; it must be hard_bounce, soft_bounce_limit, manual"
                                + " or unsubscribe");
                r = given.orElse(reason);
            }
            String note = cells.length > 2 && !cells[2].isBlank() ? cells[2] : null;
            if (problem.isEmpty()) {
                problem = noteProblem(note);
            }
            if (problem.isPresent()) {
                invalid.add(new SuppressionViews.Invalid(n, null, row, problem.get()));
                continue;
            }
            lines.put(Suppressions.key(address).orElseThrow(), new Suppressions.Line(n, address.trim(), r, note));
        }
        return new Parsed(List.copyOf(lines.values()), invalid);
    }

    /** One line without its end, at most LINE + 1 characters of it kept; null at the end. */
    private static String line(java.io.Reader in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        boolean any = false;
        while ((c = in.read()) != -1) {
            any = true;
            if (c == '\n') {
                break;
            }
            if (c != '\r' && b.length() <= LINE) {
                b.append((char) c);
            }
        }
        return any ? b.toString() : null;
    }

    /** A note must fit its column and be one line of printable text. */
    static Optional<String> noteProblem(String note) {
        if (note == null) {
            return Optional.empty();
        }
        if (note.length() > 1000) {
            return Optional.of("has a note longer than 1000 characters");
        }
        return note.chars().anyMatch(ch -> ch < 0x20 && ch != '\t' || ch == 0x7f)
                ? Optional.of("has a note with control characters") : Optional.empty();
    }

    /** Why a list entry is not a single bare address, if it is not. */
    static Optional<String> problem(String address) {
        if (address == null || address.isBlank()) {
            return Optional.of("is empty");
        }
        MailboxAddress.Parsed p = MailboxAddress.parseSingle(address);
        if (!p.ok()) {
            return Optional.of(p.error());
        }
        if (p.value().displayName() != null) {
            return Optional.of("must be a bare address, without a display name");
        }
        return Suppressions.key(address).isPresent() ? Optional.empty() : Optional.of("is not an address");
    }

    private static boolean isHeader(String first) {
        String f = first.trim().toLowerCase(Locale.ROOT);
        return f.equals("address") || f.equals("email") || f.equals("e-mail") || f.equals("email address");
    }
}
