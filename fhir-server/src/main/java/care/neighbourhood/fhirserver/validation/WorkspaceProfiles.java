package care.neighbourhood.fhirserver.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * The workspace's own profiles, read from a folder of StructureDefinitions: one profile per resource
 * type, each a constraint on the base R4 type, each with its snapshot. A folder that breaks any of
 * these rules stops the server at start, with the file named.
 */
public final class WorkspaceProfiles {

    private final Map<String, StructureDefinition> byType;

    private WorkspaceProfiles(Map<String, StructureDefinition> byType) {
        this.byType = Collections.unmodifiableMap(byType);
    }

    /** Reads every {@code *.json} file in the folder. */
    public static WorkspaceProfiles load(FhirContext context, Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("The profiles folder " + folder.toAbsolutePath()
                    + " does not exist (workspace.validation.profiles)");
        }
        Map<String, StructureDefinition> byType = new LinkedHashMap<>();
        for (Path file : jsonFiles(folder)) {
            StructureDefinition profile = read(context, file);
            String problem = problemWith(profile);
            if (problem != null) {
                throw new IllegalStateException("The profile " + file + " cannot be used: " + problem);
            }
            StructureDefinition other = byType.putIfAbsent(profile.getType(), profile);
            if (other != null) {
                throw new IllegalStateException("The profile " + file + " is a second profile for " + profile.getType()
                        + " (" + other.getUrl() + " is the first)");
            }
        }
        return new WorkspaceProfiles(byType);
    }

    /** The profile every resource of this type must meet, if the workspace has one. */
    public Optional<String> profileFor(String resourceType) {
        return Optional.ofNullable(byType.get(resourceType)).map(StructureDefinition::getUrl);
    }

    /** The resource types the workspace has a profile for. */
    public Set<String> constrainedTypes() {
        return byType.keySet();
    }

    public List<StructureDefinition> all() {
        return List.copyOf(byType.values());
    }

    /** The profiles as a validation support, for the validator's chain. */
    PrePopulatedValidationSupport asValidationSupport(FhirContext context) {
        PrePopulatedValidationSupport support = new PrePopulatedValidationSupport(context);
        byType.values().forEach(support::addStructureDefinition);
        return support;
    }

    private static String problemWith(StructureDefinition profile) {
        if (!profile.hasUrl() || !profile.hasType()) {
            return "it has no url or no type";
        }
        if (profile.getDerivation() != StructureDefinition.TypeDerivationRule.CONSTRAINT
                || profile.getKind() != StructureDefinition.StructureDefinitionKind.RESOURCE) {
            return "it is not a constraint on a resource type";
        }
        if (!("http://hl7.org/fhir/StructureDefinition/" + profile.getType()).equals(profile.getBaseDefinition())) {
            return "its base is not the R4 " + profile.getType();
        }
        if (profile.getFhirVersion() != Enumerations.FHIRVersion._4_0_1) {
            return "it is not for FHIR 4.0.1";
        }
        if (!profile.hasSnapshot() || profile.getSnapshot().getElement().isEmpty()) {
            return "it has no snapshot (see config/profiles/README.md)";
        }
        return null;
    }

    private static StructureDefinition read(FhirContext context, Path file) {
        try {
            return context.newJsonParser().parseResource(StructureDefinition.class, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the profile " + file, e);
        } catch (DataFormatException e) {
            throw new IllegalStateException(
                    "The profile " + file + " is not a StructureDefinition: " + e.getMessage(), e);
        }
    }

    private static List<Path> jsonFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> found = new ArrayList<>(
                    files.filter(file -> file.getFileName().toString().endsWith(".json"))
                            .sorted()
                            .toList());
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the profiles folder " + folder, e);
        }
    }
}
