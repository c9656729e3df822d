package care.neighbourhood.fhirserver.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profiles in {@code config/profiles/} are valid StructureDefinitions whose snapshots are the ones
 * their differentials produce. After changing a differential, run this test with
 * {@code -Dprofiles.write=true} to write the new snapshot into the file.
 */
class WorkspaceProfilesTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final Path FOLDER = Path.of("../config/profiles");

    @Test
    void eachSnapshotIsTheOneItsDifferentialProduces() throws IOException {
        DefaultProfileValidationSupport core = new DefaultProfileValidationSupport(FHIR);
        SnapshotGeneratingValidationSupport generator = new SnapshotGeneratingValidationSupport(FHIR);
        ValidationSupportChain chain = new ValidationSupportChain(core, generator);
        List<Path> files;
        try (var listing = Files.list(FOLDER)) {
            files = listing.filter(file -> file.toString().endsWith(".json"))
                    .sorted()
                    .toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(4);
        for (Path file : files) {
            String committed = Files.readString(file);
            StructureDefinition profile = FHIR.newJsonParser().parseResource(StructureDefinition.class, committed);
            profile.setSnapshot(null);
            StructureDefinition generated = (StructureDefinition) generator.generateSnapshot(
                    new ValidationSupportContext(chain),
                    profile,
                    profile.getUrl(),
                    "https://neighbourhood.example/fhir",
                    profile.getName());
            assertThat(generated).as("%s: a snapshot is generated", file).isNotNull();
            assertThat(generated.getSnapshot().getElement())
                    .as("%s: the snapshot has the base type's elements", file)
                    .hasSizeGreaterThan(profile.getDifferential().getElement().size());
            String rendered = FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(generated) + "\n";
            if (Boolean.getBoolean("profiles.write") && !rendered.equals(committed)) {
                Files.writeString(file, rendered);
                committed = rendered;
            }
            assertThat(committed)
                    .as("%s has an out-of-date snapshot: run WorkspaceProfilesTest with -Dprofiles.write=true", file)
                    .isEqualTo(rendered);
        }
    }

    @Test
    void eachProfileIsAValidStructureDefinition() {
        WorkspaceProfiles profiles = WorkspaceProfiles.load(FHIR, FOLDER);
        RecordValidator validator = new RecordValidator(FHIR, new DefaultProfileValidationSupport(FHIR), profiles);
        assertThat(profiles.all())
                .extracting(StructureDefinition::getType)
                .containsExactlyInAnyOrder("CarePlan", "CareTeam", "Consent", "Task");
        for (StructureDefinition profile : profiles.all()) {
            // The snapshot is generated, and repeats R4's own definitions (one of R4's examples is not
            // valid against R4); what is written here is the differential.
            StructureDefinition written = profile.copy();
            written.setSnapshot(null);
            assertThat(validator.errorsIn(written)).as(profile.getUrl()).isEmpty();
        }
    }

    @Test
    void aFolderWithAProfileWithoutSnapshotStopsTheServer(@TempDir Path folder) throws IOException {
        String differentialOnly = Files.readString(FOLDER.resolve("workspace-task.json"))
                .replaceAll("(?s),\\s*\"snapshot\"\\s*:.*?\"differential\"", ",\n  \"differential\"");
        StructureDefinition profile = FHIR.newJsonParser().parseResource(StructureDefinition.class, differentialOnly);
        profile.setSnapshot(null);
        Files.writeString(folder.resolve("task.json"), FHIR.newJsonParser().encodeResourceToString(profile));
        assertThatThrownBy(() -> WorkspaceProfiles.load(FHIR, folder))
                .hasMessageContaining("task.json")
                .hasMessageContaining("no snapshot");
        assertThatThrownBy(() -> WorkspaceProfiles.load(FHIR, folder.resolve("missing")))
                .hasMessageContaining("does not exist");
    }
}
