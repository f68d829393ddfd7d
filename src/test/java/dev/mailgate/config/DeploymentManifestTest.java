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
            "QUARKUS_MAILER_TLS_CONFIGURATION_NAME", "QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE", "QUARKUS_SHUTDOWN_TIMEOUT",
            "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD");
    /** The datasource settings the PostgreSQL variant takes from its Secret. */
    static final List<String> DATASOURCE = List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_DATASOURCE_PASSWORD");
    static final Path POSTGRESQL = Path.of("deployment/kubernetes/postgresql");
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
                "deployment/kubernetes/pvc.yaml", "deployment/knative/service.yaml", "deployment/compose.yaml",
                "deployment/kubernetes/postgresql/deployment.yaml", "deployment/kubernetes/postgresql/hpa.yaml",
                "deployment/kubernetes/postgresql/pdb.yaml", "deployment/kubernetes/postgresql/secret.example.yaml",
                "deployment/kubernetes/postgresql/keda-worker.yaml")) {
            assertTrue(names.contains(expected), expected + " missing from " + names);
        }
    }

    @Test
    void portsProbesAndEnvironmentMatchTheApplication() throws IOException {
        Set<String> known = mailgateEnvironmentVariables();
        // A ConfigMap or Secret read with envFrom turns its keys into variables; one read only key by key (the
        // PostgreSQL credentials) has keys of its own, and the variables they feed are checked by name instead.
        Set<String> envFrom = new TreeSet<>();
        Set<String> keyed = new TreeSet<>();
        for (Path file : manifests()) {
            for (JsonNode doc : documents(file)) {
                doc.findValues("envFrom").forEach(list -> list.forEach(e -> {
                    envFrom.add(e.path("configMapRef").path("name").asText());
                    envFrom.add(e.path("secretRef").path("name").asText());
                }));
                doc.findValues("secretKeyRef").forEach(r -> keyed.add(r.path("name").asText()));
                doc.findValues("configMapKeyRef").forEach(r -> keyed.add(r.path("name").asText()));
                // A ConfigMap mounted as files (the templates) has file names for keys, not variables.
                doc.findParents("configMap").forEach(v -> keyed.add(v.path("configMap").path("name").asText()));
            }
        }
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
                String name = doc.at("/metadata/name").asText();
                boolean keyedOnly = keyed.contains(name) && !envFrom.contains(name);
                if (("ConfigMap".equals(doc.path("kind").asText()) || "Secret".equals(doc.path("kind").asText()))
                        && !keyedOnly) {
                    doc.path("data").fieldNames().forEachRemaining(n -> checkVar(file, n, known));
                    doc.path("stringData").fieldNames().forEachRemaining(n -> checkVar(file, n, known));
                }
                doc.path("services").forEach(s -> s.path("environment").fieldNames()
                        .forEachRemaining(n -> checkVar(file, n, known)));
            }
        }
    }

    /**
     * The templates ConfigMap: the deployment maps each of its keys to a file of the directory layout, mounts the
     * volume where MAILGATE_TEMPLATES_DIR points, and every template in it passes mailgate's checks.
     */
    @Test
    void theTemplatesConfigMapIsMountedAsADirectoryOfGoodTemplates() throws IOException {
        JsonNode map = documents(Path.of("deployment/kubernetes/templates-configmap.yaml")).getFirst();
        JsonNode deployment = documents(Path.of("deployment/kubernetes/deployment.yaml")).getFirst();
        JsonNode spec = deployment.at("/spec/template/spec");
        JsonNode volume = null;
        for (JsonNode v : spec.path("volumes")) {
            if ("mailgate-templates".equals(v.at("/configMap/name").asText())) {
                volume = v;
            }
        }
        assertTrue(volume != null, "the deployment mounts the mailgate-templates ConfigMap");
        java.util.Map<String, java.util.Map<String, byte[]>> templates = new java.util.TreeMap<>();
        Set<String> mapped = new TreeSet<>();
        for (JsonNode item : volume.at("/configMap/items")) {
            String key = item.path("key").asText();
            String path = item.path("path").asText();
            mapped.add(key);
            assertTrue(map.path("data").has(key), key + " is mapped but not in the ConfigMap");
            assertEquals(path.substring(0, path.indexOf('/')) + "." + path.substring(path.indexOf('/') + 1), key,
                    "the key <template>.<file> becomes <template>/<file>");
            templates.computeIfAbsent(path.substring(0, path.indexOf('/')), k -> new java.util.TreeMap<>())
                    .put(path.substring(path.indexOf('/') + 1), map.path("data").path(key).asText()
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Set<String> keys = new TreeSet<>();
        map.path("data").fieldNames().forEachRemaining(keys::add);
        assertEquals(keys, mapped, "every file of the ConfigMap is mapped into the directory");
        JsonNode container = spec.path("containers").get(0);
        String dir = null;
        for (JsonNode e : container.path("env")) {
            if ("MAILGATE_TEMPLATES_DIR".equals(e.path("name").asText())) {
                dir = e.path("value").asText();
            }
        }
        String mountedAt = null;
        for (JsonNode m : container.path("volumeMounts")) {
            if (volume.path("name").asText().equals(m.path("name").asText())) {
                mountedAt = m.path("mountPath").asText();
                assertTrue(m.path("subPath").isMissingNode(), "a subPath mount never sees the ConfigMap's updates");
            }
        }
        assertEquals(dir, mountedAt, "MAILGATE_TEMPLATES_DIR is where the ConfigMap is mounted");
        templates.forEach((name, files) -> assertEquals(List.of(), dev.mailgate.template.user.TemplateCompiler.compile(
                name, new dev.mailgate.template.user.TemplateFiles(files), "directory", 1, java.time.Instant.EPOCH)
                .problems(), name));
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
        // The PostgreSQL variant (deployment/kubernetes/postgresql) has autoscalers; the embedded one must not.
        for (Path file : manifests()) {
            if (file.startsWith(POSTGRESQL)) {
                continue;
            }
            assertFalse(file.toString().contains("hpa"), file + ": no autoscaler for one store");
            for (JsonNode doc : documents(file)) {
                String kind = doc.path("kind").asText();
                assertFalse("HorizontalPodAutoscaler".equals(kind) || "ScaledObject".equals(kind),
                        file + ": no autoscaler for one store");
            }
        }
        JsonNode knative = documents(Path.of("deployment/knative/service.yaml")).getFirst();
        assertTrue(knative.toString().contains("MAILGATE_OUTBOX_ACCEPT_ASYNC"), "scale-to-zero keeps no queue");
    }

    /**
     * Several replicas on one PostgreSQL store, its credentials from a Secret whose example has every key they use;
     * a CPU autoscaler that keeps two replicas; and a KEDA-scaled worker that counts the messages the worker claims.
     */
    @Test
    void thePostgresqlVariantSharesOneDatabase() throws IOException {
        Map<String, Set<String>> secrets = secretKeys(POSTGRESQL.resolve("secret.example.yaml"));

        JsonNode deployment = only(POSTGRESQL.resolve("deployment.yaml"), "Deployment");
        String name = deployment.at("/metadata/name").asText();
        assertTrue(deployment.at("/spec/replicas").asInt() >= 2, "several replicas");
        assertEquals("RollingUpdate", deployment.at("/spec/strategy/type").asText());
        assertEquals(0, deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt(-1));
        JsonNode pod = deployment.at("/spec/template/spec");
        assertEquals(0, pod.path("volumes").size(), "no volume: the store is the database");
        assertTrue(pod.at("/affinity/podAntiAffinity").isObject(), "replicas spread over nodes");
        usesTheDatabase(POSTGRESQL.resolve("deployment.yaml"), pod.at("/containers/0"), secrets);

        JsonNode hpa = only(POSTGRESQL.resolve("hpa.yaml"), "HorizontalPodAutoscaler");
        assertEquals("autoscaling/v2", hpa.path("apiVersion").asText());
        assertEquals("Deployment", hpa.at("/spec/scaleTargetRef/kind").asText());
        assertEquals(name, hpa.at("/spec/scaleTargetRef/name").asText());
        assertTrue(hpa.at("/spec/minReplicas").asInt() >= 2);
        assertTrue(hpa.at("/spec/maxReplicas").asInt() >= hpa.at("/spec/minReplicas").asInt());

        JsonNode pdb = only(POSTGRESQL.resolve("pdb.yaml"), "PodDisruptionBudget");
        assertEquals(deployment.at("/spec/selector/matchLabels"), pdb.at("/spec/selector/matchLabels"));
        assertTrue(pdb.at("/spec/minAvailable").asInt() >= 1);

        Path keda = POSTGRESQL.resolve("keda-worker.yaml");
        JsonNode scaled = only(keda, "ScaledObject");
        assertEquals("keda.sh/v1alpha1", scaled.path("apiVersion").asText());
        String target = scaled.at("/spec/scaleTargetRef/name").asText();
        JsonNode worker = null;
        for (JsonNode doc : documents(keda)) {
            if ("Deployment".equals(doc.path("kind").asText()) && target.equals(doc.at("/metadata/name").asText())) {
                worker = doc;
            }
        }
        assertTrue(worker != null, "the ScaledObject targets " + target + ", a Deployment in " + keda);
        assertFalse(name.equals(target), "the worker is a Deployment of its own");
        JsonNode workerLabels = worker.at("/spec/template/metadata/labels");
        assertFalse(contains(workerLabels, deployment.at("/spec/selector/matchLabels")),
                "the main Deployment, its Service and PodDisruptionBudget do not select the worker's pods");
        usesTheDatabase(keda, worker.at("/spec/template/spec/containers/0"), secrets);
        assertEquals(0, scaled.at("/spec/minReplicaCount").asInt(-1), "the worker scales from zero");

        JsonNode trigger = null;
        for (JsonNode t : scaled.at("/spec/triggers")) {
            if ("postgresql".equals(t.path("type").asText())) {
                trigger = t;
            }
        }
        assertTrue(trigger != null, "a postgresql trigger");
        String query = trigger.at("/metadata/query").asText();
        assertTrue(Pattern.compile("(?i)\\bFROM\\s+message\\b").matcher(query).find(), query);
        assertTrue(query.contains("next_attempt_at <= now()"), "counts only due messages: " + query);
        assertTrue(query.contains("status = 'sending' AND lease_until < now()"),
                "counts claims whose lease ran out, so that a worker starts to recover them: " + query);
        for (String status : List.of("'scheduled'", "'queued'", "'retrying'")) {
            assertTrue(query.contains(status), query + " counts " + status);
        }
        assertTrue(trigger.at("/metadata/targetQueryValue").asDouble() > 0);

        JsonNode auth = only(keda, "TriggerAuthentication");
        assertEquals(auth.at("/metadata/name").asText(), trigger.at("/authenticationRef/name").asText());
        assertTrue(auth.at("/spec/secretTargetRef").size() > 0);
        for (JsonNode ref : auth.at("/spec/secretTargetRef")) {
            assertTrue(Set.of("connection", "password").contains(ref.path("parameter").asText()), ref.toString());
            assertTrue(secrets.getOrDefault(ref.path("name").asText(), Set.of()).contains(ref.path("key").asText()),
                    ref + " names a key of the example Secret");
        }
    }

    @Test
    void theDerivedNamesAreTheOnesTheReadmeDocuments() {
        Set<String> vars = mailgateEnvironmentVariables();
        assertTrue(vars.contains("MAILGATE_SMTP_PASSWORD"));
        assertTrue(vars.contains("MAILGATE_DELIVERY_ATTEMPT_TIMEOUT"));
        assertTrue(vars.contains("MAILGATE_HEALTH_SMTP_CHECK_INTERVAL"));
        assertFalse(vars.contains("MAILGATE_SMTP_AUTH_CODE"));
    }

    /** The one document of that kind in the file. */
    private JsonNode only(Path file, String kind) throws IOException {
        List<JsonNode> found = documents(file).stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        assertEquals(1, found.size(), file + " has one " + kind);
        return found.getFirst();
    }

    /** Keys of each Secret in the file, by Secret name. */
    private Map<String, Set<String>> secretKeys(Path file) throws IOException {
        Map<String, Set<String>> keys = new java.util.HashMap<>();
        for (JsonNode doc : documents(file)) {
            if ("Secret".equals(doc.path("kind").asText())) {
                Set<String> names = keys.computeIfAbsent(doc.at("/metadata/name").asText(), n -> new TreeSet<>());
                doc.path("data").fieldNames().forEachRemaining(names::add);
                doc.path("stringData").fieldNames().forEachRemaining(names::add);
            }
        }
        return keys;
    }

    /** The PostgreSQL store, with each datasource setting from a key that the example Secret has. */
    private static void usesTheDatabase(Path file, JsonNode container, Map<String, Set<String>> secrets) {
        Map<String, JsonNode> env = new java.util.HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        assertEquals("postgresql", env.getOrDefault("MAILGATE_STORE_KIND", container.path("none")).path("value")
                .asText(), file + " sets MAILGATE_STORE_KIND=postgresql");
        assertFalse(env.containsKey("MAILGATE_STORE_PATH"), file + ": no embedded store");
        for (String var : DATASOURCE) {
            JsonNode ref = env.getOrDefault(var, container.path("none")).at("/valueFrom/secretKeyRef");
            assertTrue(ref.isObject(), file + " takes " + var + " from a Secret");
            assertTrue(secrets.getOrDefault(ref.path("name").asText(), Set.of()).contains(ref.path("key").asText()),
                    file + ": " + var + " comes from " + ref + ", which the example Secret does not have");
        }
    }

    /** Whether labels has every label of selector. */
    private static boolean contains(JsonNode labels, JsonNode selector) {
        for (Map.Entry<String, JsonNode> label : selector.properties()) {
            if (!label.getValue().equals(labels.path(label.getKey()))) {
                return false;
            }
        }
        return true;
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
            if (type.isInterface() && type.getPackageName().equals(MailgateConfig.class.getPackageName())) {
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
