package care.neighbourhood.fhirserver.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Request targets: searches of a type or of the whole server, reads, versions, histories, pages and
 * operations, with parameter names, modifiers, chains and values that are sometimes right, sometimes
 * nearly right and sometimes spoilt. Usually encoded as a careful client would; now and then with a
 * raw character or a broken percent escape left in the request line.
 */
final class Queries {

    static final List<String> TYPES = List.of(
            "Patient",
            "Task",
            "CarePlan",
            "Observation",
            "Condition",
            "Encounter",
            "Consent",
            "CareTeam",
            "Practitioner",
            "PractitionerRole",
            "Organization",
            "RelatedPerson",
            "DocumentReference",
            "QuestionnaireResponse",
            "Communication",
            "Goal",
            "AuditEvent",
            "Provenance",
            "Subscription",
            "Bundle",
            "Binary",
            "ServiceRequest",
            "Flag",
            "NoSuchType",
            "patient");

    private static final List<String> COMMON = List.of(
            "_id",
            "_lastUpdated",
            "_tag",
            "_profile",
            "_security",
            "_text",
            "_content",
            "_list",
            "_has",
            "_type",
            "_sort",
            "_count",
            "_offset",
            "_include",
            "_revinclude",
            "_include:iterate",
            "_summary",
            "_elements",
            "_total",
            "_contained",
            "_format",
            "_pretty",
            "_since",
            "_at",
            "_filter",
            "_source",
            "_language");

    private static final Map<String, List<String>> PARAMETERS = Map.of(
            "Patient",
                    List.of(
                            "name",
                            "family",
                            "given",
                            "identifier",
                            "birthdate",
                            "gender",
                            "address",
                            "telecom",
                            "general-practitioner",
                            "organization",
                            "active",
                            "link",
                            "phonetic"),
            "Task",
                    List.of(
                            "owner",
                            "status",
                            "patient",
                            "subject",
                            "code",
                            "authored-on",
                            "modified",
                            "period",
                            "priority",
                            "requester",
                            "performer",
                            "business-status",
                            "focus",
                            "identifier",
                            "part-of"),
            "Observation",
                    List.of(
                            "subject",
                            "patient",
                            "code",
                            "date",
                            "value-quantity",
                            "value-string",
                            "value-concept",
                            "category",
                            "status",
                            "code-value-quantity",
                            "combo-code",
                            "component-value-quantity"),
            "CarePlan", List.of("subject", "patient", "status", "intent", "category", "date", "care-team", "goal"),
            "Consent", List.of("patient", "status", "category", "period", "actor", "scope", "purpose", "data"),
            "AuditEvent", List.of("date", "agent", "entity", "patient", "type", "subtype", "action", "outcome"));

    private static final List<String> MODIFIERS = List.of(
            "",
            "",
            "",
            ":exact",
            ":contains",
            ":missing",
            ":not",
            ":text",
            ":above",
            ":below",
            ":in",
            ":identifier",
            ":Patient",
            ":of-type",
            ":iterate",
            ":nonsense",
            ":");

    private static final List<String> VALUES = List.of(
            "Practitioner/nina-patel",
            "nina-patel",
            "requested,in-progress",
            "completed",
            "gt2024-01-01",
            "le2030-12-31T23:59:59Z",
            "2024-05",
            "http://loinc.org|29463-7",
            "29463-7",
            "|29463-7",
            "ge50|http://unitsofmeasure.org|kg",
            "5.4e3",
            "true",
            "female",
            "Ellis",
            "Margaret",
            "9991042113",
            "https://fhir.nhs.uk/Id/nhs-number|9991042113",
            "Patient/@person",
            "@person",
            "-_lastUpdated",
            "name,-birthdate",
            "Task:owner",
            "Task:patient:Patient",
            "Observation:subject",
            "*",
            "true",
            "count",
            "accurate",
            "text",
            "data",
            "id,name",
            "20",
            "0",
            "1000",
            "Observation:subject:code=x",
            "name eq \"Ellis\"",
            "application/fhir+json",
            "json",
            "xml");

    private static final List<String> CHAINS = List.of(
            "subject.name",
            "subject:Patient.identifier",
            "patient.general-practitioner.name",
            "owner:Practitioner.name",
            "_has:Observation:subject:code",
            "_has:Task:patient:owner",
            "subject._has:Consent:patient:status",
            "patient.link.name");

    private final Mutations mutations;
    private final String person;

    Queries(Mutations mutations, String person) {
        this.mutations = mutations;
        this.person = person;
    }

    String search() {
        String type = type();
        return "/" + type + query(type);
    }

    String systemLevel() {
        return mutations.pick(List.of("/", "/_history", "/_search", "/metadata", "/$export", "/$meta"))
                + query(mutations.pick(TYPES));
    }

    String instance() {
        String type = type();
        String id = mutations.chance(0.6) ? person : segment(mutations.mutate(person));
        String tail = mutations.pick(List.of(
                "",
                "",
                "/_history",
                "/_history/1",
                "/_history/" + segment(mutations.mutate("1")),
                "/$everything",
                "/$meta",
                "/$validate",
                "/$export",
                "/_history/1/$meta",
                "/" + segment(mutations.word()),
                "/_search"));
        return "/" + type + "/" + id + tail + (mutations.chance(0.5) ? query(type) : "");
    }

    String page() {
        String id = mutations.chance(0.5) ? "00000000-0000-0000-0000-000000000000" : mutations.mutate("abc-123");
        return "/?_getpages=" + encoded(id) + "&_getpagesoffset=" + encoded(mutations.mutate("20")) + "&_count="
                + encoded(mutations.mutate("20")) + "&_bundletype=" + encoded(mutations.mutate("searchset"));
    }

    /** {@code target} with a raw character or a broken escape left in it, as a careless client sends. */
    String careless(String target) {
        int at = 1 + mutations.random().nextInt(Math.max(1, target.length()));
        String raw = mutations.pick(List.of(
                "%",
                "%zz", "%0", "%00", "%ff%fe", "|", "\"", "<", "{", "\\", "^", "`", "é", "%C0%AF", "%u2028", "//",
                "/../", ";", "#", "?", "&&", "=="));
        return target.substring(0, Math.min(at, target.length()))
                + raw
                + target.substring(Math.min(at, target.length()));
    }

    private String type() {
        String type = mutations.pick(TYPES);
        return mutations.chance(0.05) ? segment(mutations.mutate(type)) : type;
    }

    private String query(String type) {
        int count = mutations.random().nextInt(5);
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = name(type);
            String value = value();
            pairs.add(encoded(name) + (mutations.chance(0.03) ? "" : "=" + encoded(value)));
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    private String name(String type) {
        String name;
        double roll = mutations.random().nextDouble();
        if (roll < 0.3) {
            name = mutations.pick(COMMON);
        } else if (roll < 0.75) {
            name = mutations.pick(PARAMETERS.getOrDefault(type, PARAMETERS.get("Task")));
        } else if (roll < 0.9) {
            name = mutations.pick(CHAINS);
        } else {
            name = mutations.word();
        }
        name += mutations.pick(MODIFIERS);
        return mutations.chance(0.15) ? mutations.mutate(name) : name;
    }

    private String value() {
        String value = mutations.pick(VALUES).replace("@person", person);
        if (mutations.chance(0.2)) {
            value = mutations.word() + value;
        }
        return mutations.chance(0.4) ? mutations.mutate(value) : value;
    }

    private String encoded(String text) {
        return mutations.chance(0.1) ? withoutLineBreaks(text) : URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private String segment(String text) {
        return mutations.chance(0.1)
                ? withoutLineBreaks(text)
                : URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A raw line break would end the request line: it is fuzzing HTTP framing, not the FHIR API. */
    private static String withoutLineBreaks(String text) {
        return text.replace("\r", "%0D").replace("\n", "%0A");
    }
}
