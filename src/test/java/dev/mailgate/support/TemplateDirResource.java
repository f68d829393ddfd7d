package dev.mailgate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** An empty mailgate.templates.dir for each application start; tests write user templates into it. */
public class TemplateDirResource implements QuarkusTestResourceLifecycleManager {

    private static Path dir;

    public static Path dir() {
        return dir;
    }

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("mailgate-templates");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("mailgate.templates.dir", dir.toString(), "mailgate.templates.reload-interval", "250ms");
    }

    @Override
    public void stop() {
        // left for inspection under the system's temp directory
    }
}
