package care.neighbourhood.bench.drive;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Random;

/**
 * One kind of request the driver sends again and again, as a member of staff of the largest
 * organisation (the community trust): which request to send next on an arm, and which answers count
 * as the request working (a denial is the expected answer to a denied request on fhir-server).
 *
 * @param targets for each arm, the ids the requests pick from
 */
public record Workload(
        String key, String name, String username, Request next, List<Integer> expectedStatuses, Answered answered) {

    Workload(String key, String name, Request next, List<Integer> expectedStatuses) {
        this(key, name, NURSE, next, expectedStatuses, (arm, request, response) -> {});
    }

    Workload(String key, String name, Request next, List<Integer> expectedStatuses, Answered answered) {
        this(key, name, NURSE, next, expectedStatuses, answered);
    }

    /** The next request on an arm, picked with {@code random} from that arm's ids. */
    @FunctionalInterface
    public interface Request {
        HttpRequest on(Arm arm, Targets targets, Random random);
    }

    /** What a workload learns from an answer (a new version to send next time, say). */
    @FunctionalInterface
    public interface Answered {
        void answered(Arm arm, HttpRequest request, HttpResponse<String> response);
    }

    /** The ids of one arm: people on the caller's caseload and people off it. */
    public record Targets(List<String> onCaseload, List<String> offCaseload) {
        String pick(List<String> ids, Random random) {
            return ids.get(random.nextInt(ids.size()));
        }
    }

    static final String NURSE = "nina.patel";

    static final String WORKLIST = "/Task?owner=Organization/northbank-community&status=requested,in-progress"
            + "&_sort=-_lastUpdated&_count=20&_include=Task:patient";

    /** A small episode, as a community nurse records it after a visit: a weight and a follow-up Task. */
    static HttpRequest episode(Arm arm, String person) {
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                + "{\"resource\":{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":"
                + "\"Body weight\"},\"subject\":{\"reference\":\"Patient/" + person + "\"},\"valueQuantity\":"
                + "{\"value\":64,\"unit\":\"kg\"},\"performer\":[{\"reference\":\"Practitioner/nina-patel\"}]},"
                + "\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}},"
                + "{\"resource\":{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\","
                + "\"priority\":\"routine\",\"description\":\"Weigh again next week\",\"for\":{\"reference\":"
                + "\"Patient/" + person + "\"},\"requester\":{\"reference\":\"Practitioner/nina-patel\"},"
                + "\"owner\":{\"reference\":\"Organization/northbank-community\"}},"
                + "\"request\":{\"method\":\"POST\",\"url\":\"Task\"}}]}";
        return arm.request("", NURSE)
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(bundle))
                .build();
    }

    /** The mixed workload: mostly reads, some searches, a few writes. */
    static HttpRequest mixed(Arm arm, Targets targets, Random random) {
        int roll = random.nextInt(100);
        if (roll < 80) {
            return arm.request("/Patient/" + targets.pick(targets.onCaseload(), random), NURSE)
                    .GET()
                    .build();
        }
        if (roll < 95) {
            String search = switch (roll % 3) {
                case 0 -> WORKLIST;
                case 1 -> "/Patient?_count=20";
                default -> "/CareTeam?status=active&_count=20";
            };
            return arm.request(search, NURSE).GET().build();
        }
        return episode(arm, targets.pick(targets.onCaseload(), random));
    }

    /** The workloads of the comparison. */
    public static List<Workload> all() {
        TaskUpdates taskUpdates = new TaskUpdates();
        return List.of(
                new Workload(
                        "read",
                        "point read `Patient/{id}`",
                        (arm, targets, random) -> arm.request(
                                        "/Patient/" + targets.pick(targets.onCaseload(), random), NURSE)
                                .GET()
                                .build(),
                        List.of(200)),
                new Workload(
                        "worklist",
                        "worklist `Task?owner=…&status=requested,in-progress&_sort=-_lastUpdated&_count=20"
                                + "&_include=Task:patient`",
                        (arm, targets, random) ->
                                arm.request(WORKLIST, NURSE).GET().build(),
                        List.of(200)),
                new Workload(
                        "paging",
                        "paging through the worklist (pages 2 to 10 by the search's next link)",
                        new WorklistPages(),
                        List.of(200)),
                new Workload(
                        "patients",
                        "broad search `Patient?_count=20`",
                        (arm, targets, random) ->
                                arm.request("/Patient?_count=20", NURSE).GET().build(),
                        List.of(200)),
                new Workload(
                        "careteams",
                        "broad search `CareTeam?status=active&_count=20`",
                        (arm, targets, random) -> arm.request("/CareTeam?status=active&_count=20", NURSE)
                                .GET()
                                .build(),
                        List.of(200)),
                new Workload(
                        "task-update",
                        "Task update with `If-Match` (a worklist Task moved between requested and in-progress)",
                        taskUpdates,
                        List.of(200),
                        taskUpdates),
                new Workload(
                        "ingest",
                        "ingest: a small episode transaction (an Observation and a Task)",
                        (arm, targets, random) -> episode(arm, targets.pick(targets.onCaseload(), random)),
                        List.of(200)),
                new Workload(
                        "mix",
                        "mix: 80% point reads, 15% searches (worklist, broad), 5% ingest",
                        Workload::mixed,
                        List.of(200)),
                new Workload(
                        "denied",
                        "denied read (a person off the caseload; vanilla HAPI has no denials and answers it)",
                        (arm, targets, random) -> arm.request(
                                        "/Patient/" + targets.pick(targets.offCaseload(), random), NURSE)
                                .GET()
                                .build(),
                        List.of(200, 403)));
    }

    /** The workloads named in {@code keys} (comma-separated), or all when it is blank. */
    public static List<Workload> chosen(String keys) {
        if (keys == null || keys.isBlank()) {
            return all();
        }
        List<String> wanted =
                java.util.Arrays.stream(keys.split(",")).map(String::trim).toList();
        List<Workload> chosen =
                all().stream().filter(w -> wanted.contains(w.key())).toList();
        if (chosen.size() != wanted.size()) {
            throw new IllegalArgumentException("Unknown workload in " + keys + "; known: "
                    + all().stream().map(Workload::key).toList());
        }
        return chosen;
    }
}
