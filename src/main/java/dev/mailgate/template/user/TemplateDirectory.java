package dev.mailgate.template.user;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.mailgate.config.MailgateConfig;
import dev.mailgate.config.StartupCheck;
import dev.mailgate.template.TemplateCatalog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.scheduler.Scheduled;

/**
 * Templates from mailgate.templates.dir, read again every mailgate.templates.reload-interval (2 seconds). Symlinks
 * are followed and names starting with a dot skipped, so a Kubernetes ConfigMap's {@code ..data} swap is seen as one
 * change. A template whose files changed is compiled again; if that fails, the last good version stays live and the
 * problems are logged, listed and counted.
 * At start-up every bad template is a start-up problem in production; elsewhere it is logged and the gateway runs,
 * so that a developer can fix the file and see it reload.
 */
@ApplicationScoped
public class TemplateDirectory implements StartupCheck {

    static final String ORIGIN = "directory";
    private static final Logger LOG = Logger.getLogger(TemplateDirectory.class);
    private static final int MAX_FILES = 200;

    private final MailgateConfig config;
    private final UserTemplates templates;
    private final Set<String> builtIn;
    private final Map<String, TemplateFiles> seen = new HashMap<>();
    private final Map<String, String> prints = new HashMap<>();
    private final Map<String, Integer> versions = new HashMap<>();
    private final AtomicInteger problems = new AtomicInteger();
    private final Set<String> clashed = new java.util.HashSet<>();
    private boolean loaded;

    public TemplateDirectory(MailgateConfig config, UserTemplates templates, TemplateCatalog catalog,
            MeterRegistry registry) {
        this.config = config;
        this.templates = templates;
        this.builtIn = Set.copyOf(catalog.all().stream().map(s -> s.name()).toList());
        Gauge.builder("mailgate.templates.problems", problems, AtomicInteger::get)
                .description("User templates whose last load failed (the last good version, if any, stays live)")
                .register(registry);
    }

    /** The first read, at start-up; in production every bad template stops the start, all listed at once. */
    @Override
    public synchronized List<String> problems() {
        if (config.templates().dir().isEmpty()) {
            return List.of();
        }
        Path dir = Path.of(config.templates().dir().get());
        if (!Files.isDirectory(dir)) {
            return List.of("mailgate.templates.dir (MAILGATE_TEMPLATES_DIR) is not a readable directory: " + dir);
        }
        List<String> bad = new ArrayList<>();
        scan().forEach(e -> e.problems().forEach(p -> bad.add("template " + e.name() + ": " + p)));
        loaded = true;
        return LaunchMode.current() == LaunchMode.NORMAL ? bad : List.of();
    }

    @Scheduled(every = "${mailgate.templates.reload-interval:2s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void reload() {
        if (loaded && config.templates().dir().isPresent()) {
            scan();
        }
    }

    /** Reads the directory; returns the templates whose state changed. */
    private List<UserTemplates.Entry> scan() {
        Path dir = Path.of(config.templates().dir().get());
        Map<String, TemplateFiles> now = new TreeMap<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.toList()) {
                String name = child.getFileName().toString();
                if (!name.startsWith(".") && Files.isDirectory(child)) {
                    // Read again only what looks changed: where each file really is (a ConfigMap swap moves them
                    // all), its size and its time.
                    String print = fingerprint(child);
                    now.put(name, print.equals(prints.get(name)) && seen.containsKey(name) ? seen.get(name) : read(child));
                    prints.put(name, print);
                }
            }
        } catch (IOException e) {
            LOG.warnf("mailgate.templates.dir %s could not be read (%s); the templates stay as they were", dir, e);
            return List.of();
        }
        List<UserTemplates.Entry> changed = new ArrayList<>();
        for (String gone : new ArrayList<>(seen.keySet())) {
            if (!now.containsKey(gone)) {
                seen.remove(gone);
                prints.remove(gone);
                templates.remove(gone, ORIGIN);
                LOG.infof("template %s: its directory is gone; it is no longer served", gone);
            }
        }
        now.forEach((name, files) -> {
            boolean clashGone = clashed.contains(name) && templates.heldElsewhere(name, ORIGIN).isEmpty();
            if (!files.equals(seen.get(name)) || clashGone) {
                seen.put(name, files);
                changed.add(load(name, files));
            }
        });
        problems.set((int) templates.all().stream().filter(e -> ORIGIN.equals(e.origin())
                && !e.problems().isEmpty()).count());
        return changed;
    }

    private UserTemplates.Entry load(String name, TemplateFiles files) {
        UserTemplates.Entry previous = templates.entry(name, ORIGIN).orElse(null);
        Optional<String> elsewhere = templates.heldElsewhere(name, ORIGIN);
        if (elsewhere.isPresent()) {
            TemplateProblem clash = TemplateProblem.of(name, "is the name of a template stored through the API;"
                    + " names are unique across origins");
            LOG.warnf("template %s in mailgate.templates.dir is not served: it %s", name, clash.message());
            UserTemplates.Entry entry = new UserTemplates.Entry(name, ORIGIN, null, List.of(clash));
            templates.put(entry);
            clashed.add(name);
            return entry;
        }
        clashed.remove(name);
        int version = versions.getOrDefault(name, 0) + 1;
        TemplateCompiler.Result result = builtIn.contains(name)
                ? new TemplateCompiler.Result(null, List.of(TemplateProblem.of(name, "is a built-in template's name;"
                        + " a template of your own needs its own name")))
                : TemplateCompiler.compile(name, files, ORIGIN, version, Instant.now());
        UserTemplate live = previous == null ? null : previous.live();
        if (result.template() != null) {
            versions.put(name, version);
            live = result.template();
            LOG.infof("template %s: version %d loaded from mailgate.templates.dir", name, version);
        } else {
            LOG.warnf("template %s in mailgate.templates.dir has %d problem(s)%s:%n  %s", name,
                    result.problems().size(), live == null ? "" : "; version " + live.version() + " stays live",
                    String.join("\n  ", result.problems().stream().map(TemplateProblem::toString).toList()));
        }
        UserTemplates.Entry entry = new UserTemplates.Entry(name, ORIGIN, live, result.problems());
        templates.put(entry);
        return entry;
    }

    private static String fingerprint(Path dir) {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> walk = Files.walk(dir, 2, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            for (Path p : walk.sorted().limit(MAX_FILES + 1).toList()) {
                java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(p,
                        java.nio.file.attribute.BasicFileAttributes.class);
                sb.append(dir.relativize(p)).append('>').append(p.toRealPath()).append(' ').append(a.fileKey())
                        .append(' ').append(a.size()).append(' ')
                        .append(a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)).append('\n');
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            sb.append(e); // unreadable: read (and report) it again
            sb.append(System.nanoTime());
        }
        return sb.toString();
    }

    /** A template directory's files, inline/ included; unreadable or too many files become a layout problem. */
    private static TemplateFiles read(Path dir) {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir, 2, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            for (Path p : walk.filter(Files::isRegularFile).limit(MAX_FILES + 1).toList()) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (!rel.startsWith(".") && !rel.contains("/.")) {
                    files.put(rel, Files.size(p) > TemplateCompiler.MAX_IMAGE * 2L ? new byte[TemplateCompiler.MAX_IMAGE + 1]
                            : Files.readAllBytes(p));
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            files.put(".unreadable", e.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return new TemplateFiles(files);
    }
}
