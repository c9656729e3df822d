package care.neighbourhood.fhirserver.access.enforcement;

import static ca.uhn.fhir.rest.api.RestOperationTypeEnum.*;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import care.neighbourhood.fhirserver.record.RecordTypes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every way into the record that the FHIR endpoint serves, classified: what it is and what judges
 * it. A way in that is not in this table is refused (403) for every API caller, so an interaction or
 * operation that a new HAPI version brings stays closed until someone classifies it here.
 */
public final class WaysIn {

    /** What a way in is. */
    public enum Kind {
        /** Open to anyone, with or without a token. */
        OPEN,
        /** Reads records about people: judged by the access policy, record by record. */
        READ_ABOUT_A_PERSON,
        /** Writes records about people: judged by the access policy as each record is stored. */
        WRITE_ABOUT_A_PERSON,
        /** Reads who works where: every member of the neighbourhood. */
        DIRECTORY,
        /** Changes who works where: workspace administrators. */
        ADMINISTRATION,
        /** Reads or reviews the audit trail: information governance. */
        GOVERNANCE,
        /** A system's own subscriptions: created, read, changed and deleted by it alone. */
        OWN_SUBSCRIPTION,
        /** A bulk export and its files: asked for by a system or governance, followed by the requester alone. */
        OWN_EXPORT,
        /** Emergency access to one person: a member of staff, with a reason, reviewed afterwards. */
        BREAK_GLASS,
        /** Who has looked at a person's record: for the person themself. */
        OWN_ACCESS_LOG,
        /** Whether a person exists, by exact NHS number or name and birth date: demographics only. */
        DEMOGRAPHIC_LOOKUP,
        /** A bundle of other ways in: each entry is judged as its own interaction. */
        EACH_ENTRY,
        /** Exists in FHIR but not here: answered 405. */
        UNSUPPORTED,
        /** Refused to every API caller: 403. */
        REFUSED
    }

    /** What the way in is applied to: the server as a whole, or a resource type of one kind. */
    public enum Target {
        SERVER,
        PERSON_RECORD,
        DIRECTORY_RECORD,
        AUDIT_TRAIL,
        SUBSCRIPTION,
        /** The files of bulk exports. */
        EXPORT_FILE,
        /** Any resource type, served or not. */
        ANY_TYPE
    }

    /**
     * One row: an interaction, or an operation ({@code operation} names it) at the level the
     * interaction type says; what it is applied to; what it is; and what judges it.
     */
    public record Way(RestOperationTypeEnum interaction, String operation, Target target, Kind kind, String judgedBy) {

        /** How people read the row: {@code read}, {@code $meta (instance)}. */
        public String name() {
            if (operation == null) {
                return interaction.getCode();
            }
            String level = switch (interaction) {
                case EXTENDED_OPERATION_SERVER -> "server";
                case EXTENDED_OPERATION_TYPE -> "type";
                default -> "instance";
            };
            return operation + " (" + level + ")";
        }
    }

    private static final String AS_A_READ =
            "the person's care relationship, the sharing agreement, their consent and the record's labels";
    private static final String AS_A_WRITE = "the caseload (every person named), the agreement's write rules,"
            + " restricted labels (only those who may see them add or remove them) and attribution";
    private static final String NOT_NARROWABLE = "cannot be narrowed to a caseload";
    private static final String EVERY_MEMBER = "every member of the neighbourhood";
    private static final String AUDIT_READERS =
            "information-governance officers, and systems with system/AuditEvent.read";
    private static final String OWN_SUBSCRIPTIONS = "external systems with system/Subscription scopes, their own"
            + " subscriptions only (owner recorded by the server); criteria on Task or CarePlan within the token's"
            + " scopes; endpoint on the client's registered list; each notification judged by the access rules"
            + " for the owner when it is sent";
    private static final String EXPORTS = "external systems (within their token's scopes) and information-governance"
            + " officers; the job and its files belong to the requester; each record in it judged as a read by the"
            + " requester when the export runs";
    private static final String AUDIT_WRITTEN_BY_SERVER = "the audit trail is written by the server alone";

    // spotless:off
    private static final List<Way> TABLE = List.of(
            //  interaction or operation                        applied to                  is                         judged by
            way(METADATA,                                       Target.SERVER,           Kind.OPEN,                 "public: the CapabilityStatement"),
            way(READ,                                           Target.PERSON_RECORD,    Kind.READ_ABOUT_A_PERSON,  AS_A_READ),
            way(VREAD,                                          Target.PERSON_RECORD,    Kind.READ_ABOUT_A_PERSON,  AS_A_READ),
            way(HISTORY_INSTANCE,                               Target.PERSON_RECORD,    Kind.READ_ABOUT_A_PERSON,  "every version judged as a read"),
            way(SEARCH_TYPE,                                    Target.PERSON_RECORD,    Kind.READ_ABOUT_A_PERSON,  "narrowed to the caseload inside the query; every record shown judged as a read"),
            way(GET_PAGE,                                       Target.SERVER,           Kind.READ_ABOUT_A_PERSON,  "a page of a search narrowed when it was made; every record shown judged as a read"),
            op(EXTENDED_OPERATION_INSTANCE, "$everything",      Target.PERSON_RECORD,    Kind.READ_ABOUT_A_PERSON,  "the record itself, then every record returned, judged as reads"),
            op(EXTENDED_OPERATION_INSTANCE, "$meta",            Target.PERSON_RECORD,    Kind.READ_ABOUT_A_PERSON,  "judged as a read of the record, before it runs"),
            op(EXTENDED_OPERATION_TYPE, "$caseload",            Target.PERSON_RECORD,    Kind.READ_ABOUT_A_PERSON,  "Patients only; care staff and systems with a caseload; found in the care access table like a narrowed search; every person shown judged as a read"),
            op(EXTENDED_OPERATION_TYPE, "$worklist",            Target.PERSON_RECORD,    Kind.READ_ABOUT_A_PERSON,  "Tasks only; care staff and systems with a caseload; found in the care access table like a narrowed search; every task shown judged as a read"),
            op(EXTENDED_OPERATION_TYPE, "$team-dashboard",      Target.PERSON_RECORD,    Kind.READ_ABOUT_A_PERSON,  "Tasks only; care staff and systems with a caseload and Task search in their scopes; counts about the people on the caller's caseload, aggregated in the care access and worklist tables; no record shown"),
            way(CREATE,                                         Target.PERSON_RECORD,    Kind.WRITE_ABOUT_A_PERSON, AS_A_WRITE),
            way(UPDATE,                                         Target.PERSON_RECORD,    Kind.WRITE_ABOUT_A_PERSON, AS_A_WRITE),
            way(PATCH,                                          Target.PERSON_RECORD,    Kind.WRITE_ABOUT_A_PERSON, AS_A_WRITE + ", on the record as patched"),
            way(DELETE,                                         Target.PERSON_RECORD,    Kind.WRITE_ABOUT_A_PERSON, AS_A_WRITE),
            way(TRANSACTION,                                    Target.SERVER,           Kind.EACH_ENTRY,           "each entry as its own interaction; all or nothing"),
            way(BATCH,                                          Target.SERVER,           Kind.EACH_ENTRY,           "each entry as its own interaction"),
            way(READ,                                           Target.DIRECTORY_RECORD, Kind.DIRECTORY,            EVERY_MEMBER),
            way(VREAD,                                          Target.DIRECTORY_RECORD, Kind.DIRECTORY,            EVERY_MEMBER),
            way(HISTORY_INSTANCE,                               Target.DIRECTORY_RECORD, Kind.DIRECTORY,            EVERY_MEMBER),
            way(HISTORY_TYPE,                                   Target.DIRECTORY_RECORD, Kind.DIRECTORY,            EVERY_MEMBER),
            way(SEARCH_TYPE,                                    Target.DIRECTORY_RECORD, Kind.DIRECTORY,            EVERY_MEMBER),
            op(EXTENDED_OPERATION_INSTANCE, "$meta",            Target.DIRECTORY_RECORD, Kind.DIRECTORY,            EVERY_MEMBER),
            op(EXTENDED_OPERATION_SERVER, "$sharing-agreement", Target.SERVER,           Kind.DIRECTORY,            "every caller: the agreement is for all to read"),
            way(CREATE,                                         Target.DIRECTORY_RECORD, Kind.ADMINISTRATION,       "workspace administrators"),
            way(UPDATE,                                         Target.DIRECTORY_RECORD, Kind.ADMINISTRATION,       "workspace administrators"),
            way(PATCH,                                          Target.DIRECTORY_RECORD, Kind.ADMINISTRATION,       "workspace administrators"),
            way(DELETE,                                         Target.DIRECTORY_RECORD, Kind.ADMINISTRATION,       "workspace administrators"),
            way(CREATE,                                         Target.SUBSCRIPTION,     Kind.OWN_SUBSCRIPTION,     OWN_SUBSCRIPTIONS),
            way(READ,                                           Target.SUBSCRIPTION,     Kind.OWN_SUBSCRIPTION,     OWN_SUBSCRIPTIONS),
            way(VREAD,                                          Target.SUBSCRIPTION,     Kind.OWN_SUBSCRIPTION,     OWN_SUBSCRIPTIONS),
            way(UPDATE,                                         Target.SUBSCRIPTION,     Kind.OWN_SUBSCRIPTION,     OWN_SUBSCRIPTIONS),
            way(DELETE,                                         Target.SUBSCRIPTION,     Kind.OWN_SUBSCRIPTION,     OWN_SUBSCRIPTIONS),
            way(SEARCH_TYPE,                                    Target.SUBSCRIPTION,     Kind.OWN_SUBSCRIPTION,     OWN_SUBSCRIPTIONS + "; searches narrowed to the caller's own"),
            op(EXTENDED_OPERATION_INSTANCE, "$meta",            Target.SUBSCRIPTION,     Kind.REFUSED,              "not offered on subscriptions: read the subscription instead"),
            op(EXTENDED_OPERATION_SERVER, "$export",            Target.SERVER,           Kind.OWN_EXPORT,           EXPORTS),
            op(EXTENDED_OPERATION_TYPE, "$export",              Target.PERSON_RECORD,    Kind.OWN_EXPORT,           EXPORTS + "; Patient: the people the requester could read"),
            op(EXTENDED_OPERATION_INSTANCE, "$export",          Target.PERSON_RECORD,    Kind.OWN_EXPORT,           EXPORTS + "; a Patient or Group the requester can read, then its records judged one by one"),
            op(EXTENDED_OPERATION_SERVER, "$export-poll-status", Target.SERVER,          Kind.OWN_EXPORT,           "the requester of the export alone: its status, its files, cancelling it"),
            way(READ,                                           Target.EXPORT_FILE,      Kind.OWN_EXPORT,           "the requester of the export alone, until the files are removed"),
            op(EXTENDED_OPERATION_INSTANCE, "$meta",            Target.EXPORT_FILE,      Kind.REFUSED,              "not offered on export files: fetch the file instead"),
            way(READ,                                           Target.AUDIT_TRAIL,      Kind.GOVERNANCE,           AUDIT_READERS),
            way(SEARCH_TYPE,                                    Target.AUDIT_TRAIL,      Kind.GOVERNANCE,           AUDIT_READERS),
            op(EXTENDED_OPERATION_TYPE, "$cross-boundary",      Target.AUDIT_TRAIL,      Kind.GOVERNANCE,           AUDIT_READERS),
            op(EXTENDED_OPERATION_INSTANCE, "$review-break-glass", Target.PERSON_RECORD, Kind.GOVERNANCE,           "information-governance officers, on break-glass review Tasks only"),
            op(EXTENDED_OPERATION_INSTANCE, "$break-glass",     Target.PERSON_RECORD,    Kind.BREAK_GLASS,          "a member of staff, with a reason; time-boxed; reviewed by governance"),
            op(EXTENDED_OPERATION_INSTANCE, "$access-log",     Target.PERSON_RECORD,    Kind.OWN_ACCESS_LOG,       "the person themself, on their own Patient: who has looked at their record and why, from the audit trail (staff names as configured; nothing of anyone else)"),
            op(EXTENDED_OPERATION_TYPE, "$demographic-lookup",  Target.PERSON_RECORD,    Kind.DEMOGRAPHIC_LOOKUP,   "staff with a care role (not governance, administrators or systems); an exact NHS number, or family name and date of birth; at most 5 people, each as name, date of birth and NHS number only; audited with the people found"),
            way(CREATE,                                         Target.AUDIT_TRAIL,      Kind.UNSUPPORTED,          AUDIT_WRITTEN_BY_SERVER),
            way(UPDATE,                                         Target.AUDIT_TRAIL,      Kind.UNSUPPORTED,          AUDIT_WRITTEN_BY_SERVER),
            way(PATCH,                                          Target.AUDIT_TRAIL,      Kind.UNSUPPORTED,          AUDIT_WRITTEN_BY_SERVER),
            way(DELETE,                                         Target.AUDIT_TRAIL,      Kind.UNSUPPORTED,          AUDIT_WRITTEN_BY_SERVER),
            way(HISTORY_TYPE,                                   Target.PERSON_RECORD,    Kind.REFUSED,              "the history of a whole type " + NOT_NARROWABLE),
            way(SEARCH_SYSTEM,                                  Target.SERVER,           Kind.REFUSED,              "a search across every type " + NOT_NARROWABLE),
            way(HISTORY_SYSTEM,                                 Target.SERVER,           Kind.REFUSED,              "the history of the whole server " + NOT_NARROWABLE),
            way(GRAPHQL_REQUEST,                                Target.ANY_TYPE,         Kind.REFUSED,              "GraphQL is not enforced, so it is switched off"),
            way(META,                                           Target.ANY_TYPE,         Kind.REFUSED,              "lists labels across people"),
            way(META_ADD,                                       Target.ANY_TYPE,         Kind.REFUSED,              "changes labels in place, without a new version"),
            way(META_DELETE,                                    Target.ANY_TYPE,         Kind.REFUSED,              "changes labels in place, without a new version"),
            way(ADD_TAGS,                                       Target.ANY_TYPE,         Kind.REFUSED,              "changes tags in place, without a new version"),
            way(DELETE_TAGS,                                    Target.ANY_TYPE,         Kind.REFUSED,              "changes tags in place, without a new version"),
            way(GET_TAGS,                                       Target.ANY_TYPE,         Kind.REFUSED,              "lists tags across people"),
            way(VALIDATE,                                       Target.ANY_TYPE,         Kind.REFUSED,              "not offered yet"),
            way(UPDATE_REWRITE_HISTORY,                         Target.ANY_TYPE,         Kind.REFUSED,              "history is never rewritten"),
            op(EXTENDED_OPERATION_SERVER, "$meta",              Target.SERVER,           Kind.REFUSED,              "lists labels across people"),
            op(EXTENDED_OPERATION_TYPE, "$meta",                Target.ANY_TYPE,         Kind.REFUSED,              "lists labels across people"),
            op(EXTENDED_OPERATION_INSTANCE, "$meta-add",        Target.ANY_TYPE,         Kind.REFUSED,              "changes labels in place, without a new version and around the write rules: change them by update"),
            op(EXTENDED_OPERATION_INSTANCE, "$meta-delete",     Target.ANY_TYPE,         Kind.REFUSED,              "changes labels in place, without a new version and around the write rules: change them by update"),
            op(EXTENDED_OPERATION_TYPE, "$everything",          Target.ANY_TYPE,         Kind.REFUSED,              "everything about everyone " + NOT_NARROWABLE));

    /** Operations HAPI's JPA server brings that this server does not offer, at whatever level. */
    private static final List<Way> NOT_OFFERED = Stream.of(
            refusedEverywhere("$expunge",                        "deletes records and their history for good; records are never expunged through the API"),
            refusedEverywhere("$hapi.fhir.merge",                "merges records across people: not offered"),
            refusedEverywhere("$hapi.fhir.undo-merge",           "merges records across people: not offered"),
            refusedEverywhere("$hapi.fhir.replace-references",   "rewrites references across people: not offered"),
            refusedEverywhere("$hapi.fhir.undo-replace-references", "rewrites references across people: not offered"),
            refusedEverywhere("$lastn",                          "its search " + NOT_NARROWABLE),
            refusedEverywhere("$document",                       "Composition is not served"),
            refusedEverywhere("$validate",                       "not offered yet"),
            refusedEverywhere("$get-resource-counts",            "counts every type across people: not offered"),
            refusedEverywhere("$mark-all-resources-for-reindexing", "server maintenance: for operators, not the API"),
            refusedEverywhere("$perform-reindexing-pass",        "server maintenance: for operators, not the API"),
            refusedEverywhere("$reindex",                        "server maintenance: for operators, not the API"),
            refusedEverywhere("$reindex-terminology",            "server maintenance: for operators, not the API"),
            refusedEverywhere("$lookup",                         "terminology services are not offered"),
            refusedEverywhere("$subsumes",                       "terminology services are not offered"),
            refusedEverywhere("$translate",                      "terminology services are not offered"),
            refusedEverywhere("$validate-code",                  "terminology services are not offered"),
            refusedEverywhere("$expand",                         "terminology services are not offered"),
            refusedEverywhere("$snapshot",                       "StructureDefinition is not served"))
            .flatMap(List::stream)
            .toList();
    // spotless:on

    /**
     * The ways in open to a person and their carers, of those open at all: reading and searching the
     * person's own record (narrowed to it) and the directory, creating and changing what the agreement
     * lets them write (alone, or together in a transaction, each entry judged as its own way in), and
     * the agreement itself. Every other way in is refused to them.
     */
    private static final List<String> OPEN_TO_PEOPLE_AND_CARERS = List.of(
            "metadata server",
            "read person record",
            "vread person record",
            "search-type person record",
            "get-page server",
            "history-instance person record",
            "create person record",
            "update person record",
            "read directory record",
            "vread directory record",
            "search-type directory record",
            "$sharing-agreement (server) server",
            "transaction server",
            "$access-log (instance) person record");

    /** Whether a person and their carers may use this way in (see {@link #OPEN_TO_PEOPLE_AND_CARERS}). */
    public static boolean openToPeopleAndCarers(Way way) {
        return OPEN_TO_PEOPLE_AND_CARERS.contains(
                way.name() + " " + way.target().name().toLowerCase().replace('_', ' '));
    }

    /** Entries of {@link #OPEN_TO_PEOPLE_AND_CARERS} that name no row of the table (a slip of the pen). */
    static List<String> unmatchedOpenToPeopleAndCarers() {
        return OPEN_TO_PEOPLE_AND_CARERS.stream()
                .filter(entry -> rows().noneMatch(way ->
                        (way.name() + " " + way.target().name().toLowerCase().replace('_', ' ')).equals(entry)))
                .toList();
    }

    /** The row a request fell under when no row names it: refused. */
    static final String UNCLASSIFIED = "not classified";

    private WaysIn() {}

    /**
     * The row for an interaction (and, for an operation, its name) on a resource type (null for the
     * server as a whole); a way in that no row names is refused.
     */
    public static Way classify(RestOperationTypeEnum interaction, String operation, String resourceType) {
        if (interaction == null) {
            return new Way(null, operation, Target.ANY_TYPE, Kind.REFUSED, UNCLASSIFIED);
        }
        String name = isOperation(interaction) ? operation : null;
        Optional<Target> target = targetOf(resourceType);
        if (target.isEmpty()) {
            return new Way(interaction, name, Target.ANY_TYPE, Kind.REFUSED, refusalOfType(resourceType));
        }
        return rows().filter(way -> way.interaction() == interaction && Objects.equals(way.operation(), name))
                .filter(way -> way.target() == target.get() || way.target() == Target.ANY_TYPE)
                .findFirst()
                .orElse(new Way(interaction, name, target.get(), Kind.REFUSED, UNCLASSIFIED));
    }

    /** Whether any row names this interaction (and operation), whatever it is applied to. */
    public static boolean isClassified(RestOperationTypeEnum interaction, String operation) {
        return rows().anyMatch(way -> way.interaction() == interaction
                && Objects.equals(way.operation(), isOperation(interaction) ? operation : null));
    }

    /** Every row: the ways in, then the operations not offered. */
    public static List<Way> table() {
        return Stream.concat(TABLE.stream(), NOT_OFFERED.stream()).toList();
    }

    private static Stream<Way> rows() {
        return Stream.concat(TABLE.stream(), NOT_OFFERED.stream());
    }

    static boolean isOperation(RestOperationTypeEnum interaction) {
        return interaction == EXTENDED_OPERATION_SERVER
                || interaction == EXTENDED_OPERATION_TYPE
                || interaction == EXTENDED_OPERATION_INSTANCE;
    }

    private static Optional<Target> targetOf(String resourceType) {
        if (resourceType == null) {
            return Optional.of(Target.SERVER);
        }
        return RecordTypes.kindOf(resourceType).flatMap(kind -> switch (kind) {
            case ABOUT_A_PERSON -> Optional.of(Target.PERSON_RECORD);
            case DIRECTORY -> Optional.of(Target.DIRECTORY_RECORD);
            case GOVERNANCE -> Optional.of(Target.AUDIT_TRAIL);
            case SUBSCRIPTION -> Optional.of(Target.SUBSCRIPTION);
            case EXPORT_FILE -> Optional.of(Target.EXPORT_FILE);
            case INTERNAL -> Optional.empty();
        });
    }

    private static String refusalOfType(String resourceType) {
        return RecordTypes.is(resourceType, RecordTypes.Kind.INTERNAL)
                ? resourceType + " is internal to the server"
                : resourceType + " is not served";
    }

    private static Way way(RestOperationTypeEnum interaction, Target target, Kind kind, String judgedBy) {
        return new Way(interaction, null, target, kind, judgedBy);
    }

    private static List<Way> refusedEverywhere(String operation, String why) {
        return Stream.of(EXTENDED_OPERATION_SERVER, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_INSTANCE)
                .map(level -> new Way(level, operation, Target.ANY_TYPE, Kind.REFUSED, why))
                .toList();
    }

    private static Way op(RestOperationTypeEnum level, String operation, Target target, Kind kind, String judgedBy) {
        return new Way(level, operation, target, kind, judgedBy);
    }
}
