package dev.mailgate.template.user;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The user templates this replica serves, by name and origin ({@code directory} or {@code api}): each with the
 * version that is live and the problems of the last attempt to load it. A bad edit leaves the last good version
 * live; a template that never loaded has problems and no version. Names are unique across origins: whichever origin
 * had a name first keeps it, and the other's template of that name is listed with the clash as its problem.
 */
@ApplicationScoped
public class UserTemplates {

    /** A name's state in one origin: {@code live} may be null, {@code problems} is empty when the last load worked. */
    public record Entry(String name, String origin, UserTemplate live, List<TemplateProblem> problems) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public Optional<UserTemplate> live(String name) {
        return name == null ? Optional.empty() : entries.values().stream()
                .filter(e -> e.name().equals(name) && e.live() != null).map(Entry::live).findFirst();
    }

    public Optional<Entry> entry(String name, String origin) {
        return Optional.ofNullable(entries.get(origin + "/" + name));
    }

    /** The origin other than {@code origin} that serves {@code name}, if one does. */
    public Optional<String> heldElsewhere(String name, String origin) {
        return entries.values().stream().filter(e -> e.name().equals(name) && !e.origin().equals(origin)
                && e.live() != null).map(Entry::origin).findFirst();
    }

    public List<Entry> all() {
        List<Entry> all = new ArrayList<>(entries.values());
        all.sort(Comparator.comparing(Entry::name).thenComparing(Entry::origin));
        return all;
    }

    void put(Entry entry) {
        entries.put(entry.origin() + "/" + entry.name(), entry);
    }

    void remove(String name, String origin) {
        entries.remove(origin + "/" + name);
    }
}
