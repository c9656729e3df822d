package care.neighbourhood.portal.fhir;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The parts of the data-sharing agreement the person's page explains: its data classes (which
 * record types each covers and who reads it) and who sees records labelled restricted. Read from
 * the agreement the server publishes; an agreement this class cannot follow gives no terms, and the
 * page then says less, never more.
 *
 * @param title the agreement's title
 * @param version its version, as text
 * @param dataClasses in the agreement's order
 * @param restrictedRoles the roles that see records labelled restricted
 * @param careTeamChangeRoles the roles that add and end members of a care team
 */
record AgreementTerms(
        String title,
        String version,
        List<DataClass> dataClasses,
        List<String> restrictedRoles,
        List<String> careTeamChangeRoles) {

    static final AgreementTerms UNKNOWN = new AgreementTerms("", "", List.of(), List.of(), List.of());

    AgreementTerms {
        dataClasses = List.copyOf(dataClasses);
        restrictedRoles = List.copyOf(restrictedRoles);
        careTeamChangeRoles = List.copyOf(careTeamChangeRoles);
    }

    /** Whether one of {@code roles} may change a care team (none may, when the terms are unknown). */
    boolean changesCareTeams(Set<String> roles) {
        return careTeamChangeRoles.stream().anyMatch(roles::contains);
    }

    /**
     * A data class and who reads it: a caller of one of {@code readSectors} and, when {@code
     * readRoles} is not empty, holding one of them.
     */
    record DataClass(
            String name,
            String description,
            List<String> resourceTypes,
            List<String> readSectors,
            List<String> readRoles) {

        DataClass {
            resourceTypes = List.copyOf(resourceTypes);
            readSectors = List.copyOf(readSectors);
            readRoles = List.copyOf(readRoles);
        }

        boolean readableBy(String sector, Set<String> roles) {
            return sector != null
                    && readSectors.contains(sector)
                    && (readRoles.isEmpty() || readRoles.stream().anyMatch(roles::contains));
        }
    }

    /** The data class a resource type belongs to. */
    Optional<DataClass> classOf(String resourceType) {
        return dataClasses.stream()
                .filter(dataClass -> dataClass.resourceTypes().contains(resourceType))
                .findFirst();
    }

    boolean seesRestricted(Set<String> roles) {
        return restrictedRoles.stream().anyMatch(roles::contains);
    }

    /** The terms of an agreement document (YAML), or {@link #UNKNOWN}. */
    static AgreementTerms read(String document) {
        if (document == null || document.isBlank()) {
            return UNKNOWN;
        }
        try {
            Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(document);
            if (!(parsed instanceof Map<?, ?> agreement)
                    || !(agreement.get("dataClasses") instanceof Map<?, ?> classes)) {
                return UNKNOWN;
            }
            List<DataClass> dataClasses = new ArrayList<>();
            classes.forEach((name, value) -> {
                Map<?, ?> dataClass = value instanceof Map<?, ?> map ? map : Map.of();
                Map<?, ?> read = dataClass.get("read") instanceof Map<?, ?> map ? map : Map.of();
                dataClasses.add(new DataClass(
                        String.valueOf(name),
                        text(dataClass.get("description")),
                        list(dataClass.get("resourceTypes")),
                        list(read.get("sectors")),
                        list(read.get("roles"))));
            });
            Map<?, ?> restricted = agreement.get("restricted") instanceof Map<?, ?> map ? map : Map.of();
            Map<?, ?> careTeams = agreement.get("careTeamChanges") instanceof Map<?, ?> map ? map : Map.of();
            return new AgreementTerms(
                    text(agreement.get("title")),
                    text(agreement.get("version")),
                    dataClasses,
                    list(restricted.get("roles")),
                    list(careTeams.get("roles")));
        } catch (YAMLException | ClassCastException e) {
            return UNKNOWN;
        }
    }

    private static List<String> list(Object value) {
        if (value instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value).strip();
    }
}
