package care.neighbourhood.portal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The portal's package boundaries, checked on every build. */
@AnalyzeClasses(packages = "care.neighbourhood.portal", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    /** FHIR and HAPI stay inside {@code fhir/}: features and controllers work with view records. */
    @ArchTest
    static final ArchRule onlyTheFhirPackageSpeaksFhir = noClasses()
            .that()
            .resideOutsideOfPackage("care.neighbourhood.portal.fhir..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.hl7.fhir..", "ca.uhn..");

    /** Features know what they need (an interface, records), not how FHIR supplies it. */
    @ArchTest
    static final ArchRule featuresDoNotReachIntoTheFhirAdapter = noClasses()
            .that()
            .resideInAnyPackage(
                    "care.neighbourhood.portal.caseload..",
                    "care.neighbourhood.portal.people..",
                    "care.neighbourhood.portal.directory..",
                    "care.neighbourhood.portal.audit..",
                    "care.neighbourhood.portal.tasks..",
                    "care.neighbourhood.portal.emergency..",
                    "care.neighbourhood.portal.security..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("care.neighbourhood.portal.fhir..", "care.neighbourhood.portal.system..");

    /** Security is the foundation: it depends on no feature. */
    @ArchTest
    static final ArchRule securityDependsOnNoFeature = noClasses()
            .that()
            .resideInAPackage("care.neighbourhood.portal.security..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "care.neighbourhood.portal.caseload..",
                    "care.neighbourhood.portal.people..",
                    "care.neighbourhood.portal.directory..",
                    "care.neighbourhood.portal.audit..",
                    "care.neighbourhood.portal.tasks..",
                    "care.neighbourhood.portal.emergency..");

    /** Features stand side by side: the audit reports, the caseload, the person's page and the directory. */
    @ArchTest
    static final ArchRule auditIsIndependent = independent("audit");

    @ArchTest
    static final ArchRule caseloadIsIndependent = independent("caseload");

    @ArchTest
    static final ArchRule peopleIsIndependent = independent("people");

    @ArchTest
    static final ArchRule directoryIsIndependent = independent("directory");

    @ArchTest
    static final ArchRule tasksAreIndependent = independent("tasks");

    @ArchTest
    static final ArchRule emergencyAccessIsIndependent = independent("emergency");

    private static ArchRule independent(String feature) {
        String[] others = java.util.stream.Stream.of("audit", "caseload", "people", "directory", "tasks", "emergency")
                .filter(other -> !other.equals(feature))
                .map(other -> "care.neighbourhood.portal." + other + "..")
                .toArray(String[]::new);
        return noClasses()
                .that()
                .resideInAPackage("care.neighbourhood.portal." + feature + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(others);
    }
}
