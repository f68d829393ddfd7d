package dev.mailgate.template.user;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailgate.binding.FieldError;
import dev.mailgate.store.Store;
import dev.mailgate.store.StoreWriter;
import dev.mailgate.template.TemplateCatalog;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Templates stored through the API, on the embedded store or PostgreSQL. A change is checked in full before it is
 * written (a refused one changes nothing and the live version stays), written as a new version, and served by this
 * replica once it is on the disk; other replicas on PostgreSQL pick it up within a second.
 */
@ApplicationScoped
public class StoredTemplates {

    public static final String ORIGIN = "api";
    private static final Logger LOG = Logger.getLogger(StoredTemplates.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The template's files were refused; every problem, named by its JSON field. */
    public static class Refused extends RuntimeException {
        private final List<FieldError> problems;

        Refused(List<FieldError> problems) {
            super("template refused", null, false, false);
            this.problems = List.copyOf(problems);
        }

        public List<FieldError> problems() {
            return problems;
        }
    }

    /** The name belongs to a built-in or directory template, which the API cannot change. */
    public static class NotOurs extends RuntimeException {
        NotOurs(String message) {
            super(message, null, false, false);
        }
    }

    /** What a PUT did: created (or revived after a removal), replaced, or nothing (the same body as the live one). */
    public record Saved(boolean created, boolean changed, UserTemplate template) {
    }

    private final TemplateStore rows;
    private final StoreWriter writer;
    private final UserTemplates templates;
    private final Set<String> builtIn;
    private final Store store;
    /** The latest change seen per name, applied or not (a version that fails the checks is not retried each second). */
    private final java.util.Map<String, Seen> seen = new java.util.concurrent.ConcurrentHashMap<>();

    private record Seen(int version, boolean removed) implements Comparable<Seen> {
        @Override
        public int compareTo(Seen o) {
            return version != o.version ? Integer.compare(version, o.version) : Boolean.compare(removed, o.removed);
        }
    }

    public StoredTemplates(TemplateStore rows, StoreWriter writer, UserTemplates templates, TemplateCatalog catalog,
            Store store) {
        this.rows = rows;
        this.writer = writer;
        this.templates = templates;
        this.builtIn = Set.copyOf(catalog.all().stream().map(s -> s.name()).toList());
        this.store = store;
    }

    /** Checks, then writes a new version; throws {@link Refused} or {@link NotOurs} before anything is written. */
    public CompletionStage<Saved> put(String name, TemplateBody body, String by) {
        ours(name);
        List<FieldError> problems = new ArrayList<>();
        TemplateFiles files = body.files(problems);
        TemplateCompiler.Result compiled = TemplateCompiler.compile(name, files, ORIGIN, 0, Instant.now());
        compiled.problems().forEach(p -> problems.add(fieldError(p)));
        if (!problems.isEmpty()) {
            throw new Refused(problems);
        }
        String json = json(TemplateBody.of(files));
        return writer.write(c -> {
            Instant now = Instant.now();
            TemplateStore.Head head = rows.lock(c, name, now);
            boolean live = head.version() > 0 && head.deletedAt() == null;
            if (live && rows.version(c, name, head.version()).map(v -> v.body().equals(json)).orElse(false)) {
                return new Saved(false, false, templates.entry(name, ORIGIN).map(UserTemplates.Entry::live)
                        .orElse(compiled.template().at(head.version(), head.updatedAt())));
            }
            int version = head.version() + 1;
            rows.write(c, new TemplateStore.Version(name, version, json, now, by));
            UserTemplate t = compiled.template().at(version, now);
            StoreWriter.afterCommit(() -> apply(name, new Seen(version, false),
                    new UserTemplates.Entry(name, ORIGIN, t, List.of())));
            LOG.infof("template %s: version %d stored by %s", name, version, by == null ? "the API" : "key " + by);
            return new Saved(!live, true, t);
        });
    }

    /** Removes a stored template (its versions stay readable); false if there was none. */
    public CompletionStage<Boolean> delete(String name, String by) {
        ours(name);
        return writer.write(c -> {
            TemplateStore.Head head = rows.lock(c, name, Instant.now());
            if (head.version() == 0 || head.deletedAt() != null) {
                return false;
            }
            rows.remove(c, name, head.version(), Instant.now());
            StoreWriter.afterCommit(() -> apply(name, new Seen(head.version(), true), null));
            LOG.infof("template %s: removed by %s (its %d version(s) stay readable)", name,
                    by == null ? "the API" : "key " + by, head.version());
            return true;
        });
    }

    /** One version of a stored template, without its body. */
    public record VersionInfo(int version, Instant createdAt, String createdBy) {
    }

    /** The versions of a stored template, newest first; empty if the name never had one. Blocking. */
    public List<VersionInfo> versions(String name) throws SQLException {
        return rows.versions(name).stream().map(v -> new VersionInfo(v.version(), v.createdAt(), v.createdBy()))
                .toList();
    }

    /** One stored version's body. Blocking. */
    public Optional<TemplateBody> version(String name, int version) throws SQLException {
        return rows.version(name, version).map(v -> {
            try {
                return JSON.readValue(v.body(), TemplateBody.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored template " + name + " version " + version + " is not JSON", e);
            }
        });
    }

    void onStart(@Observes StartupEvent event) {
        refresh();
    }

    /** On PostgreSQL, what other replicas changed: a few rows compared every second. */
    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (store.postgresql()) {
            refresh();
        }
    }

    void refresh() {
        List<TemplateStore.Head> heads;
        try {
            heads = rows.heads();
        } catch (SQLException e) {
            LOG.warnf("stored templates could not be read (%s); the templates stay as they were", e.getMessage());
            return;
        }
        // A name's changes are ordered: versions go up, and a removal comes after the version it removed. A refresh
        // applies only what is newer than what this replica has seen, so one that read the rows before this
        // replica's own change committed cannot bring back what that change replaced or removed. Rows are never
        // deleted (a removal is a tombstone), so a name without a row is one created after the read: left alone.
        for (TemplateStore.Head h : heads) {
            Seen now = new Seen(h.version(), h.deletedAt() != null);
            Seen before = seen.get(h.name());
            if (before == null || before.compareTo(now) < 0) {
                apply(h.name(), now, now.removed() ? null : load(h)); // read and checked outside the lock
            }
        }
    }

    /** Serves a change unless a newer one was seen meanwhile; {@code entry} null removes the template. */
    private synchronized void apply(String name, Seen change, UserTemplates.Entry entry) {
        Seen before = seen.get(name);
        if (before != null && before.compareTo(change) >= 0) {
            return;
        }
        seen.put(name, change);
        if (entry == null) {
            templates.remove(name, ORIGIN);
        } else {
            templates.put(entry);
        }
    }

    /** A stored version, checked again; its problems, if a newer mailgate checks more than the one that stored it. */
    private UserTemplates.Entry load(TemplateStore.Head h) {
        try {
            TemplateBody body = version(h.name(), h.version()).orElseThrow(() -> new IllegalStateException(
                    "version " + h.version() + " is missing"));
            List<FieldError> problems = new ArrayList<>();
            TemplateCompiler.Result r = TemplateCompiler.compile(h.name(), body.files(problems), ORIGIN, h.version(),
                    h.updatedAt());
            if (r.template() == null) {
                LOG.warnf("stored template %s version %d no longer passes the checks, and is not served: %s",
                        h.name(), h.version(), r.problems());
            }
            return new UserTemplates.Entry(h.name(), ORIGIN, r.template(), r.problems());
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("stored template %s could not be loaded: %s", h.name(), e.getMessage());
            return new UserTemplates.Entry(h.name(), ORIGIN, null, List.of(TemplateProblem.of(h.name(),
                    "could not be loaded from the store: " + e.getMessage())));
        }
    }

    private void ours(String name) {
        if (!TemplateFiles.NAME.matcher(name).matches()) {
            throw new Refused(List.of(new FieldError("name", "must be 1 to 64 lower-case letters, digits and -,"
                    + " starting with a letter or digit")));
        }
        if (builtIn.contains(name)) {
            throw new NotOurs("'" + name + "' is a built-in template: it is part of the build and cannot be changed"
                    + " here; a template of your own needs its own name");
        }
        if (templates.heldElsewhere(name, ORIGIN).isPresent()) {
            throw new NotOurs("'" + name + "' is a template from mailgate.templates.dir: change it there");
        }
    }

    /** A compile problem as the API names it: its JSON field, and its place in that field's text. */
    static FieldError fieldError(TemplateProblem p) {
        String field = TemplateBody.field(p.file());
        String message = p.message();
        if (TemplateFiles.SCHEMA.equals(p.file()) && message.startsWith("schema")) {
            int colon = message.indexOf(": ");
            field = message.substring(0, colon);
            message = message.substring(colon + 2);
        }
        return new FieldError(field, (p.line() > 0 ? "line " + p.line() + ", column " + p.column() + ": " : "")
                + message);
    }

    private static String json(TemplateBody body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
