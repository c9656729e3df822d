package care.neighbourhood.bench.synthetic;

import care.neighbourhood.bench.synthetic.SyntheticNeighbourhood.Person;
import care.neighbourhood.bench.synthetic.SyntheticNeighbourhood.SyntheticTask;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * FHIR transaction bundles (JSON) that register synthetic people with their care team, plan, tasks
 * and observations, as a member of staff of the lead organisation would: the writer names only
 * themselves and their organisation as author and requester, so that fhir-server's rules accept it.
 */
public final class EpisodeBundles {

    public static final String BENCH_SYSTEM = "https://neighbourhood.example/fhir/sid/bench";
    static final String PLAN_CATEGORY_SYSTEM = "https://neighbourhood.example/fhir/CodeSystem/care-plan-category";

    private EpisodeBundles() {}

    /** One transaction registering these people, all led by the same organisation. */
    public static String registration(List<Person> people, String practitioner) {
        String entries =
                people.stream().map(person -> entriesFor(person, practitioner)).collect(Collectors.joining(","));
        return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + entries + "]}";
    }

    private static String entriesFor(Person person, String practitioner) {
        String subject = "{\"reference\":\"" + person.placeholder() + "\"}";
        String lead = "Organization/" + person.lead().id();
        StringBuilder entries = new StringBuilder();
        entries.append(entry(
                person.placeholder(),
                "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\","
                        + "\"value\":\"" + person.nhsNumber() + "\"},{\"system\":\"" + BENCH_SYSTEM
                        + "\",\"value\":\"person-"
                        + person.number() + "\"}],\"name\":[{\"family\":\"Bench" + person.number()
                        + "\",\"given\":[\"Synthetic\"]}],\"gender\":\""
                        + (person.number() % 2 == 0 ? "female" : "male")
                        + "\",\"birthDate\":\"" + (1930 + person.number() % 60) + "-0" + (1 + person.number() % 9)
                        + "-1"
                        + (person.number() % 9) + "\",\"managingOrganization\":{\"reference\":\"" + lead + "\"}}",
                "Patient"));
        String participants = person.team().stream()
                .map(organisation -> "{\"role\":[{\"text\":\"Organisation supporting the person\"}],"
                        + "\"member\":{\"reference\":\"Organization/" + organisation.id() + "\"}}")
                .collect(Collectors.joining(","));
        entries.append(',')
                .append(entry(
                        newPlaceholder(),
                        "{\"resourceType\":\"CareTeam\",\"status\":\"active\",\"subject\":" + subject
                                + ",\"participant\":[" + participants + "],\"managingOrganization\":[{\"reference\":\""
                                + lead + "\"}]}",
                        "CareTeam"));
        entries.append(',')
                .append(entry(
                        newPlaceholder(),
                        "{\"resourceType\":\"CarePlan\",\"status\":\"active\",\"intent\":\"plan\","
                                + "\"category\":[{\"coding\":[{\"system\":\"" + PLAN_CATEGORY_SYSTEM
                                + "\",\"code\":\"individual-plan\"}]}],\"title\":"
                                + "\"Individual Plan\",\"subject\":" + subject + ",\"author\":{\"reference\":\"" + lead
                                + "\"}}",
                        "CarePlan"));
        for (SyntheticTask task : person.tasks()) {
            entries.append(',')
                    .append(entry(
                            newPlaceholder(),
                            "{\"resourceType\":\"Task\",\"status\":\"" + task.status() + "\",\"intent\":\"order\","
                                    + "\"priority\":\"" + task.priority() + "\",\"description\":\"Synthetic task\","
                                    + "\"authoredOn\":\"" + task.authoredOn() + "\",\"for\":" + subject
                                    + ",\"requester\":{\"reference\":\"" + practitioner
                                    + "\"},\"owner\":{\"reference\":"
                                    + "\"Organization/" + task.owner().id() + "\"}}",
                            "Task"));
        }
        if (person.lead().isHealth()) {
            for (int i = 0; i < 2; i++) {
                entries.append(',')
                        .append(entry(
                                newPlaceholder(),
                                "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"Body weight\"},"
                                        + "\"subject\":" + subject + ",\"valueQuantity\":{\"value\":"
                                        + (55 + person.number() % 40)
                                        + ",\"unit\":\"kg\"},\"performer\":[{\"reference\":\"" + practitioner + "\"}]}",
                                "Observation"));
            }
        }
        return entries.toString();
    }

    private static String entry(String fullUrl, String resource, String type) {
        return "{\"fullUrl\":\"" + fullUrl + "\",\"resource\":" + resource + ",\"request\":{\"method\":\"POST\","
                + "\"url\":\"" + type + "\"}}";
    }

    private static String newPlaceholder() {
        return "urn:uuid:" + UUID.randomUUID();
    }
}
