package care.neighbourhood.bench.portal;

import care.neighbourhood.bench.drive.Arm;
import care.neighbourhood.bench.synthetic.SyntheticNeighbourhood;
import care.neighbourhood.bench.synthetic.SyntheticNeighbourhood.Organisation;
import care.neighbourhood.bench.synthetic.SyntheticNeighbourhood.Person;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The caseload of the member of staff whose portal pages are measured. In the synthetic neighbourhood
 * every care relationship is held by an organisation, so a user's caseload is their organisation's;
 * at size M none of the five holds about 2,000 people (the community trust 7,414, the council 6,269,
 * the practice 3,736, the voluntary organisation 2,607, the mental health trust 1,429). This tops the
 * smallest one up to {@value #TARGET}: the lead organisation of some of the people it does not yet
 * support adds it to their care team. The same people every time, spread evenly over the neighbourhood.
 */
public final class PortalCaseload {

    /** People on the measured user's caseload, of the synthetic neighbourhood. */
    public static final int TARGET = 2_000;

    /** The organisation topped up, and the member of staff measured (a mental-health practitioner there). */
    public static final Organisation ORGANISATION = SyntheticNeighbourhood.ORGANISATIONS.stream()
            .filter(organisation -> organisation.id().equals("northbank-mental-health"))
            .findFirst()
            .orElseThrow();

    public static final String USER = "maya.okafor";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PortalCaseload() {}

    /**
     * The people whose care team gains the organisation: {@code TARGET} minus those it already supports,
     * among those led by a health or social-care organisation (the agreement's {@code careTeamChanges}
     * leaves the voluntary sector's support workers out).
     */
    public static List<Person> joined(List<Person> people) {
        long related = people.stream()
                .filter(person -> person.isRelatedTo(ORGANISATION))
                .count();
        List<Person> unrelated = people.stream()
                .filter(person -> !person.isRelatedTo(ORGANISATION))
                .filter(person -> person.lead().isHealth()
                        || "social-care".equals(person.lead().sector()))
                .toList();
        int needed = (int) (TARGET - related);
        if (needed <= 0) {
            return List.of();
        }
        if (needed > unrelated.size()) {
            throw new IllegalStateException("the neighbourhood is too small for a caseload of " + TARGET);
        }
        List<Person> joined = new ArrayList<>(needed);
        for (int i = 0; i < needed; i++) {
            joined.add(unrelated.get((int) ((long) i * unrelated.size() / needed)));
        }
        return joined;
    }

    /** Synthetic people on the caseload once topped up. */
    public static long caseloadSize(List<Person> people) {
        return people.stream()
                        .filter(person -> person.isRelatedTo(ORGANISATION))
                        .count()
                + joined(people).size();
    }

    /**
     * Adds the organisation to the care team of each joined person, as a member of staff of the
     * person's lead organisation would: the care team is read, and updated with the version read.
     *
     * @param ids person number → Patient id on this server
     */
    public static void topUp(Arm arm, List<Person> people, Map<Integer, String> ids) throws Exception {
        List<Person> joined = joined(people);
        int done = 0;
        for (Person person : joined) {
            String writer = person.lead().registeredBy();
            String patient = ids.get(person.number());
            HttpResponse<String> found = arm.get("/CareTeam?subject=Patient/" + patient + "&_count=10", writer);
            if (found.statusCode() != 200) {
                throw new IllegalStateException(
                        "care team of " + patient + ": " + found.statusCode() + " " + found.body());
            }
            JsonNode entries = JSON.readTree(found.body()).path("entry");
            if (entries.size() != 1) {
                throw new IllegalStateException("expected one care team for " + patient + ", found " + entries.size());
            }
            ObjectNode careTeam = (ObjectNode) entries.get(0).path("resource");
            String id = careTeam.path("id").asText();
            String version = careTeam.path("meta").path("versionId").asText();
            ArrayNode participants = careTeam.withArray("participant");
            ObjectNode participant = participants.addObject();
            participant.putArray("role").addObject().put("text", "Organisation supporting the person");
            participant.putObject("member").put("reference", "Organization/" + ORGANISATION.id());
            HttpRequest update = arm.request("/CareTeam/" + id, writer)
                    .header("Content-Type", "application/fhir+json")
                    .header("If-Match", "W/\"" + version + "\"")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(careTeam)))
                    .build();
            HttpResponse<String> updated = arm.send(update);
            if (updated.statusCode() != 200) {
                throw new IllegalStateException(
                        "updating CareTeam/" + id + ": " + updated.statusCode() + " " + updated.body());
            }
            done++;
            if (done % 50 == 0 || done == joined.size()) {
                System.out.printf("\r  %s joins care teams: %d/%d   ", ORGANISATION.id(), done, joined.size());
                System.out.flush();
            }
        }
        System.out.println();
    }
}
