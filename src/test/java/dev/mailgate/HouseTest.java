package dev.mailgate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import dev.mailgate.address.MailboxAddress;
import dev.mailgate.address.SenderPatterns;

/**
 * The house (docs/architecture.md): each package lives on a floor and imports only from floors below its own. A
 * package that is not placed here fails the test, so a new one is placed on purpose.
 */
class HouseTest {

    /** Floor by package, top (inbound adapters) to bottom (foundation). Same floor: no imports either way. */
    static final Map<String, Integer> FLOORS = new LinkedHashMap<>();

    static {
        floor(0, "api", "relay", "bounce", "health"); // inbound adapters
        floor(1, "outbox");                      // the pipeline: queue, claims, status
        floor(2, "delivery");                    // accounts, routing, guards
        floor(3, "compose", "smtp");             // the message they carry; the wire
        floor(4, "security", "template", "suppression"); // services beside the pipeline
        floor(5, "webhook");                     // events and their deliveries, which the services record
        floor(6, "binding", "tracing");          // shared helpers
        floor(7, "store");                       // what every stored feature shares
        floor(8, "config");                      // the validated settings
        floor(9, "address");                     // addresses and sender patterns: values everyone uses
    }

    private static final Set<String> FEATURES = Set.of("api", "relay", "bounce", "health", "outbox", "delivery", "compose",
            "smtp", "security", "template", "suppression", "webhook");

    private static JavaClasses classes;

    private static void floor(int n, String... packages) {
        for (String p : packages) {
            FLOORS.put(p, n);
        }
    }

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.mailgate");
    }

    @Test
    void everyPackageHasAFloor() {
        classes().should().resideInAnyPackage(FLOORS.keySet().stream().map(p -> "dev.mailgate." + p + "..")
                .toArray(String[]::new))
                .because("every package is placed in the house (HouseTest.FLOORS, docs/architecture.md)")
                .check(classes);
    }

    @Test
    void noPackageImportsFromItsOwnFloorOrAbove() {
        for (Map.Entry<String, Integer> p : FLOORS.entrySet()) {
            String[] upward = FLOORS.entrySet().stream()
                    .filter(q -> !q.getKey().equals(p.getKey()) && q.getValue() <= p.getValue())
                    .map(q -> "dev.mailgate." + q.getKey() + "..").toArray(String[]::new);
            if (upward.length == 0) {
                continue;
            }
            noClasses().that().resideInAPackage("dev.mailgate." + p.getKey() + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(upward)
                    .because(p.getKey() + " is on floor " + p.getValue() + " and data flows down")
                    .check(classes);
        }
    }

    @Test
    void theStoreImportsNoFeature() {
        noClasses().that().resideInAPackage("dev.mailgate.store..").should().dependOnClassesThat()
                .resideInAnyPackage(featurePackages())
                .because("store/ is what every stored feature shares; features use it, not the other way round")
                .check(classes);
    }

    @Test
    void configImportsNoFeature() {
        noClasses().that().resideInAPackage("dev.mailgate.config..").should().dependOnClassesThat()
                .resideInAnyPackage(featurePackages())
                .because("a feature contributes its start-up checks through config.StartupCheck")
                .check(classes);
    }

    /**
     * Sender patterns are matched in one place. A class that handles addresses and compares strings by their ends is
     * writing a second {@code *@domain} matcher; it uses {@link SenderPatterns} instead.
     */
    @Test
    void senderMatchingLivesInSenderPatternsOnly() {
        DescribedPredicate<JavaClass> handlesAddresses = DescribedPredicate.describe("handle mailbox addresses",
                c -> c.getDirectDependenciesFromSelf().stream()
                        .anyMatch(d -> d.getTargetClass().isEquivalentTo(MailboxAddress.class)));
        ArchRule rule = noClasses().that(handlesAddresses)
                .and().doNotBelongToAnyOf(SenderPatterns.class, MailboxAddress.class)
                .should().callMethod(String.class, "endsWith", String.class)
                .orShould().callMethod(String.class, "regionMatches", int.class, String.class, int.class, int.class)
                .orShould().callMethod(String.class, "regionMatches", boolean.class, int.class, String.class,
                        int.class, int.class)
                .because("address and *@domain matching lives in address.SenderPatterns, tested once");
        rule.check(classes);
    }

    /** The same, at the source: the "*@" pattern syntax is spelled out in one file. */
    @Test
    void thePatternSyntaxIsSpelledOutOnce() throws IOException {
        List<String> spelling = new ArrayList<>();
        Path root = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (Files.readString(f).contains("\"*@\"")) {
                    spelling.add(root.relativize(f).toString());
                }
            }
        }
        assertEquals(List.of("dev/mailgate/address/SenderPatterns.java"), spelling);
    }

    @Test
    void theFloorsAreNotEmpty() {
        for (String p : FLOORS.keySet()) {
            assertFalse(classes.stream().noneMatch(c -> c.getPackageName().startsWith("dev.mailgate." + p)),
                    p + " is placed in the house but has no classes: remove it from FLOORS");
        }
    }

    private static String[] featurePackages() {
        return FEATURES.stream().map(p -> "dev.mailgate." + p + "..").toArray(String[]::new);
    }
}
