package care.neighbourhood.fhirserver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The server's package boundaries, checked on every build: {@code server} wires, {@code access}
 * decides, {@code audit} records, {@code record} knows the shape of records and depends on none of
 * them.
 */
@AnalyzeClasses(packages = "care.neighbourhood.fhirserver", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    private static final String SERVER = "care.neighbourhood.fhirserver.server..";
    private static final String ACCESS = "care.neighbourhood.fhirserver.access..";
    private static final String AUDIT = "care.neighbourhood.fhirserver.audit..";
    private static final String RECORD = "care.neighbourhood.fhirserver.record..";

    /** The wiring depends on what it wires; nothing it wires depends on the wiring. */
    @ArchTest
    static final ArchRule accessAndAuditDoNotDependOnTheWiring = noClasses()
            .that()
            .resideInAnyPackage(ACCESS, AUDIT, RECORD)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(SERVER);

    /** The access decision knows nothing of how it is recorded. */
    @ArchTest
    static final ArchRule accessDoesNotDependOnTheAuditTrail = noClasses()
            .that()
            .resideInAPackage(ACCESS)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(AUDIT);

    /** The shape of records is shared knowledge: it depends on no part that uses it. */
    @ArchTest
    static final ArchRule recordDependsOnNoFeature = noClasses()
            .that()
            .resideInAPackage(RECORD)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(ACCESS, AUDIT, SERVER, "care.neighbourhood.fhirserver.sampledata..");

    /**
     * The audit trail reads decisions through the policy's types (the context, the basis, the
     * caller), never through the rules' hooks or the care access index behind them.
     */
    @ArchTest
    static final ArchRule auditReadsDecisionsThroughThePolicy = noClasses()
            .that()
            .resideInAPackage(AUDIT)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "care.neighbourhood.fhirserver.access.enforcement..",
                    "care.neighbourhood.fhirserver.access.index..");

    /** The policy decides without HTTP: it takes no request, so work that is not a request can ask it. */
    @ArchTest
    static final ArchRule thePolicyTakesNoRequest = noClasses()
            .that()
            .haveSimpleNameStartingWith("AccessPolicy")
            .or()
            .haveSimpleName("WriteRules")
            .or()
            .haveSimpleName("Caseloads")
            .or()
            .haveSimpleName("ConsentDecisions")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("ca.uhn.fhir.rest.api.server.RequestDetails");

    /** Small classes: none over about 300 lines. */
    @Test
    void noMainClassIsLongerThanAboutThreeHundredLines() throws IOException {
        Path sources = Path.of("src/main/java");
        List<String> tooLong;
        try (Stream<Path> files = Files.walk(sources)) {
            tooLong = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> lines(file) > 320)
                    .map(file -> sources.relativize(file) + " (" + lines(file) + " lines)")
                    .toList();
        }
        assertThat(tooLong).as("split these by responsibility").isEmpty();
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
