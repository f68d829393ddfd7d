package dev.mailgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Every YAML under deployment/ parses, and agrees with the application: port 8080, the real health paths, and only
 * environment variables that map to real configuration (mailgate's derived from {@link MailgateConfig}).
 */
class DeploymentManifestTest {

    static final Set<String> HEALTH = Set.of("/q/health/live", "/q/health/ready", "/q/health/started");
    /** The standard Quarkus properties the manifests may set (documented in the README). */
    static final Set<String> QUARKUS = Set.of("QUARKUS_MAILER_HOST", "QUARKUS_MAILER_PORT", "QUARKUS_MAILER_TLS",
            "QUARKUS_MAILER_START_TLS", "QUARKUS_MAILER_LOGIN", "QUARKUS_MAILER_FROM", "QUARKUS_MAILER_USERNAME",
            "QUARKUS_MAILER_PASSWORD", "QUARKUS_MAILER_MAX_POOL_SIZE", "QUARKUS_MAILER_KEEP_ALIVE_TIMEOUT",
            "QUARKUS_MAILER_TLS_CONFIGURATION_NAME", "QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE", "QUARKUS_SHUTDOWN_TIMEOUT");
    static final Pattern KEY_VARS = Pattern.compile("MAILGATE_AUTH_KEYS_[A-Z0-9]+_(SHA256|SENDERS|PER_MINUTE)");

    final ObjectReader yaml = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class);

    static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("deployment"))) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var it = yaml.readValues(Files.readString(file))) {
            while (it.hasNext()) {
                docs.add((JsonNode) it.next());
            }
        }
        return docs;
    }

    @Test
    void kubernetesKnativeAndComposeAreAllThere() throws IOException {
        List<String> names = manifests().stream().map(p -> p.toString().replace('\\', '/')).toList();
        for (String expected : List.of("deployment/kubernetes/deployment.yaml", "deployment/kubernetes/service.yaml",
                "deployment/kubernetes/pvc.yaml", "deployment/knative/service.yaml", "deployment/compose.yaml")) {
            assertTrue(names.contains(expected), expected + " missing from " + names);
        }
    }

    @Test
    void portsProbesAndEnvironmentMatchTheApplication() throws IOException {
        Set<String> known = mailgateEnvironmentVariables();
        for (Path file : manifests()) {
            for (JsonNode doc : documents(file)) {
                List<JsonNode> containers = new ArrayList<>();
                doc.findParents("containers").forEach(p -> p.get("containers").forEach(containers::add));
                for (JsonNode c : containers) {
                    c.path("ports").forEach(p -> assertEquals(8080, p.path("containerPort").asInt(), file.toString()));
                    probe(file, c, "livenessProbe", "/q/health/live");
                    probe(file, c, "readinessProbe", "/q/health/ready");
                    probe(file, c, "startupProbe", "/q/health/started");
                    c.path("env").forEach(e -> checkVar(file, e.path("name").asText(), known));
                }
                if ("ConfigMap".equals(doc.path("kind").asText()) || "Secret".equals(doc.path("kind").asText())) {
                    doc.path("data").fieldNames().forEachRemaining(n -> checkVar(file, n, known));
                    doc.path("stringData").fieldNames().forEachRemaining(n -> checkVar(file, n, known));
                }
                doc.path("services").forEach(s -> s.path("environment").fieldNames()
                        .forEachRemaining(n -> checkVar(file, n, known)));
            }
        }
    }

    /** One replica on a persistent volume, mounted where MAILGATE_STORE_PATH points; no autoscaler. */
    @Test
    void theDeploymentKeepsItsStoreOnOneVolume() throws IOException {
        JsonNode deployment = documents(Path.of("deployment/kubernetes/deployment.yaml")).getFirst();
        assertEquals(1, deployment.at("/spec/replicas").asInt());
        assertEquals("Recreate", deployment.at("/spec/strategy/type").asText());
        JsonNode pod = deployment.at("/spec/template/spec");
        assertEquals("mailgate-store", pod.at("/volumes/0/persistentVolumeClaim/claimName").asText());
        JsonNode container = pod.at("/containers/0");
        String path = null;
        for (JsonNode e : container.path("env")) {
            if ("MAILGATE_STORE_PATH".equals(e.path("name").asText())) {
                path = e.path("value").asText();
            }
        }
        assertEquals(path, container.at("/volumeMounts/0/mountPath").asText(), "the store is on the volume");
        assertEquals("mailgate-store", documents(Path.of("deployment/kubernetes/pvc.yaml")).getFirst()
                .at("/metadata/name").asText());
        assertTrue(manifests().stream().noneMatch(p -> p.toString().contains("hpa")), "no autoscaler for one store");
        JsonNode knative = documents(Path.of("deployment/knative/service.yaml")).getFirst();
        assertTrue(knative.toString().contains("MAILGATE_OUTBOX_ACCEPT_ASYNC"), "scale-to-zero keeps no queue");
    }

    @Test
    void theDerivedNamesAreTheOnesTheReadmeDocuments() {
        Set<String> vars = mailgateEnvironmentVariables();
        assertTrue(vars.contains("MAILGATE_SMTP_PASSWORD"));
        assertTrue(vars.contains("MAILGATE_DELIVERY_ATTEMPT_TIMEOUT"));
        assertTrue(vars.contains("MAILGATE_HEALTH_SMTP_CHECK_INTERVAL"));
        assertFalse(vars.contains("MAILGATE_SMTP_AUTH_CODE"));
    }

    private static void probe(Path file, JsonNode container, String probe, String expected) {
        JsonNode path = container.path(probe).path("httpGet").path("path");
        if (!path.isMissingNode()) {
            assertEquals(expected, path.asText(), file + " " + probe);
            assertTrue(HEALTH.contains(path.asText()));
            JsonNode port = container.path(probe).path("httpGet").path("port");
            assertTrue(port.isMissingNode() || port.asInt() == 8080 || "http".equals(port.asText()), file + " " + probe);
        }
    }

    private static void checkVar(Path file, String name, Set<String> known) {
        boolean ok = known.contains(name) || QUARKUS.contains(name) || KEY_VARS.matcher(name).matches();
        assertTrue(ok, file + " sets " + name + ", which is no configuration property of mailgate");
    }

    /** MAILGATE_* names derived from the @ConfigMapping, the way SmallRye maps environment variables. */
    static Set<String> mailgateEnvironmentVariables() {
        Set<String> names = new TreeSet<>();
        walk(MailgateConfig.class, "mailgate", names);
        return names;
    }

    private static void walk(Class<?> group, String prefix, Set<String> names) {
        for (Method m : group.getDeclaredMethods()) {
            if (m.isDefault() || m.getParameterCount() > 0 || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            String property = prefix + "." + kebab(m.getName());
            Class<?> type = m.getReturnType();
            if (type.isInterface() && type.getDeclaringClass() == MailgateConfig.class) {
                walk(type, property, names);
            } else if (Map.class.isAssignableFrom(type)) {
                // map of groups (mailgate.auth.keys.<name>.*): covered by KEY_VARS
                assertTrue(m.getGenericReturnType() instanceof ParameterizedType);
            } else {
                names.add(property.toUpperCase().replace('.', '_').replace('-', '_'));
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
