package dev.mailgate.config;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.WithDefault;

/** mailgate.templates.*: users' own templates (docs/templates.md). */
public interface TemplateConfig {

    /**
     * A directory of templates, one sub-directory each (&lt;dir&gt;/&lt;name&gt;/schema.json, subject.txt, body.html, …);
     * read again every reload-interval, a Kubernetes ConfigMap's symlink swap included.
     */
    Optional<String> dir();

    /** How often mailgate.templates.dir is read again. */
    @WithDefault("2s")
    Duration reloadInterval();

    /** What one render of a user template may spend; a template that needs more fails that render. */
    Render render();

    interface Render {
        /** Field reads plus loop iterations, each weighed by the nodes its body renders. */
        @WithDefault("200000")
        long maxSteps();

        /** The size of each rendered part (subject, html, text). */
        @WithDefault("2M")
        MemorySize maxOutput();

        @WithDefault("2s")
        Duration timeout();
    }
}
