package care.neighbourhood.fhirserver.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The data-sharing agreement in force ({@code config/sharing/}): data classes of resource types,
 * which sectors and roles may read and write each, who may see records labelled restricted, and who
 * may change a care team.
 *
 * @param source the agreement as written, for people to read
 */
public record SharingAgreement(
        String id,
        int version,
        String title,
        String effective,
        List<String> parties,
        Map<String, DataClass> dataClasses,
        Restricted restricted,
        CareTeamChanges careTeamChanges,
        Governance governance,
        PeopleAndCarers peopleAndCarers,
        String source) {

    public static final Set<String> SECTORS = Set.of("health", "social-care", "voluntary");
    public static final Set<String> ROLES = Set.of(
            "gp",
            "community-nurse",
            "mental-health-practitioner",
            "social-worker",
            "care-coordinator",
            "support-worker",
            "ig-officer",
            "workspace-admin");

    public record DataClass(String description, List<String> resourceTypes, Permission read, Permission write) {}

    /** Callers of one of these sectors, and (when roles are listed) holding one of these roles. */
    public record Permission(List<String> sectors, List<String> roles) {
        boolean allows(Caller caller) {
            boolean sector = sectors != null && caller.sector() != null && sectors.contains(caller.sector());
            boolean role = roles == null || roles.isEmpty() || roles.stream().anyMatch(caller::hasRole);
            return sector && role;
        }
    }

    public record Label(String system, String code) {}

    public record Restricted(String description, List<Label> labels, List<String> roles) {}

    public record Governance(String description, List<String> roles, List<String> resourceTypes) {}

    /**
     * What people read of their own record, and at most what a carer reads of it (the person's consent
     * says how much of that); records labelled not for the person are withheld from both.
     *
     * @param personReads data classes a person reads about themself
     * @param personWrites resource types a person and an authorised carer write about the person
     * @param carerReadsAtMost data classes a carer may be permitted by the person's consent
     * @param notForThePerson labels that keep a record from the person and their carers
     */
    public record PeopleAndCarers(
            String description,
            List<String> personReads,
            List<String> personWrites,
            List<String> carerReadsAtMost,
            List<Label> notForThePerson) {}

    /** Who may add and end members of an existing care team, and so change who may see the record. */
    public record CareTeamChanges(String description, List<String> roles) {}

    /** The name of the data class a resource type belongs to. */
    public Optional<String> dataClassOf(String resourceType) {
        return dataClasses.entrySet().stream()
                .filter(e -> e.getValue().resourceTypes().contains(resourceType))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    public boolean mayRead(Caller caller, String resourceType) {
        return dataClassOf(resourceType)
                .map(name -> dataClasses.get(name).read().allows(caller))
                .orElse(false);
    }

    public boolean mayWrite(Caller caller, String resourceType) {
        return dataClassOf(resourceType)
                .map(name -> dataClasses.get(name).write().allows(caller))
                .orElse(false);
    }

    /** Whether the person reads records of this type about themself. */
    public boolean personReads(String resourceType) {
        return dataClassOf(resourceType)
                .map(name -> peopleAndCarers.personReads().contains(name))
                .orElse(false);
    }

    /** Whether a carer may be permitted, by the person's consent, to read records of this type. */
    public boolean carerMayRead(String resourceType) {
        return dataClassOf(resourceType)
                .map(name -> peopleAndCarers.carerReadsAtMost().contains(name))
                .orElse(false);
    }

    /** Whether the person, and a carer they authorise, write records of this type about the person. */
    public boolean personWrites(String resourceType) {
        return peopleAndCarers.personWrites().contains(resourceType);
    }

    public boolean isNotForThePerson(String system, String code) {
        return peopleAndCarers.notForThePerson().stream()
                .anyMatch(l -> l.system().equals(system) && l.code().equals(code));
    }

    public boolean isRestricted(String system, String code) {
        return restricted.labels().stream()
                .anyMatch(l -> l.system().equals(system) && l.code().equals(code));
    }

    public boolean maySeeRestricted(Caller caller) {
        return restricted.roles().stream().anyMatch(caller::hasRole);
    }

    /** Whether the caller holds a role that may change an existing care team. */
    public boolean mayChangeCareTeams(Caller caller) {
        return careTeamChanges.roles().stream().anyMatch(caller::hasRole);
    }

    /** A caller whose every role is a governance role: reviews access, never care records. */
    public boolean isGovernanceOnly(Caller caller) {
        return !caller.roles().isEmpty() && governance.roles().containsAll(caller.roles());
    }

    /** Every problem in the agreement, each naming where it is; empty when it can be enforced. */
    public List<String> problems(Set<String> personLinkedTypes) {
        List<String> problems = new ArrayList<>();
        if (id == null || id.isBlank()) {
            problems.add("id is missing");
        }
        if (version < 1) {
            problems.add("version must be 1 or more");
        }
        if (dataClasses == null || dataClasses.isEmpty()) {
            problems.add("dataClasses is missing");
            return problems;
        }
        Map<String, String> owner = new java.util.HashMap<>();
        dataClasses.forEach((name, dataClass) -> {
            String where = "dataClasses." + name;
            if (dataClass.resourceTypes() == null || dataClass.resourceTypes().isEmpty()) {
                problems.add(where + ".resourceTypes is empty");
            } else {
                for (String type : dataClass.resourceTypes()) {
                    if (!personLinkedTypes.contains(type)) {
                        problems.add(where + ".resourceTypes: " + type + " is not a record about a person");
                    }
                    String previous = owner.put(type, name);
                    if (previous != null) {
                        problems.add(where + ".resourceTypes: " + type + " is also in dataClasses." + previous);
                    }
                }
            }
            checkPermission(where + ".read", dataClass.read(), problems);
            checkPermission(where + ".write", dataClass.write(), problems);
        });
        if (restricted == null || restricted.labels() == null || restricted.roles() == null) {
            problems.add("restricted needs labels and roles");
        } else {
            restricted.roles().stream()
                    .filter(r -> !ROLES.contains(r))
                    .forEach(r -> problems.add("restricted.roles: unknown role " + r));
        }
        if (careTeamChanges == null || careTeamChanges.roles() == null) {
            problems.add("careTeamChanges needs roles");
        } else {
            careTeamChanges.roles().stream()
                    .filter(r -> !ROLES.contains(r))
                    .forEach(r -> problems.add("careTeamChanges.roles: unknown role " + r));
        }
        checkPeopleAndCarers(problems);
        if (governance == null || governance.roles() == null || governance.resourceTypes() == null) {
            problems.add("governance needs roles and resourceTypes");
        } else {
            governance.roles().stream()
                    .filter(r -> !ROLES.contains(r))
                    .forEach(r -> problems.add("governance.roles: unknown role " + r));
        }
        return problems;
    }

    private void checkPeopleAndCarers(List<String> problems) {
        if (peopleAndCarers == null
                || peopleAndCarers.personReads() == null
                || peopleAndCarers.personWrites() == null
                || peopleAndCarers.carerReadsAtMost() == null
                || peopleAndCarers.notForThePerson() == null) {
            problems.add("peopleAndCarers needs personReads, personWrites, carerReadsAtMost and notForThePerson");
            return;
        }
        java.util.stream.Stream.concat(
                        peopleAndCarers.personReads().stream(), peopleAndCarers.carerReadsAtMost().stream())
                .filter(name -> !dataClasses.containsKey(name))
                .distinct()
                .forEach(name -> problems.add("peopleAndCarers: unknown data class " + name));
        peopleAndCarers.carerReadsAtMost().stream()
                .filter(name -> !peopleAndCarers.personReads().contains(name))
                .forEach(name ->
                        problems.add("peopleAndCarers.carerReadsAtMost: " + name + " is more than the person reads"));
        peopleAndCarers.personWrites().stream()
                .filter(type -> dataClassOf(type)
                        .map(c -> !peopleAndCarers.personReads().contains(c))
                        .orElse(true))
                .forEach(type -> problems.add(
                        "peopleAndCarers.personWrites: " + type + " is not in a data class the person reads"));
    }

    private static void checkPermission(String where, Permission permission, List<String> problems) {
        if (permission == null
                || permission.sectors() == null
                || permission.sectors().isEmpty()) {
            problems.add(where + ".sectors is missing");
            return;
        }
        permission.sectors().stream()
                .filter(s -> !SECTORS.contains(s))
                .forEach(s -> problems.add(where + ".sectors: unknown sector " + s));
        if (permission.roles() != null) {
            permission.roles().stream()
                    .filter(r -> !ROLES.contains(r))
                    .forEach(r -> problems.add(where + ".roles: unknown role " + r));
        }
    }
}
