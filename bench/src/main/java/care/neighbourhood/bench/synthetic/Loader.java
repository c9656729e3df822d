package care.neighbourhood.bench.synthetic;

import care.neighbourhood.bench.drive.Arm;
import care.neighbourhood.bench.synthetic.SyntheticNeighbourhood.Organisation;
import care.neighbourhood.bench.synthetic.SyntheticNeighbourhood.Person;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a synthetic neighbourhood into one arm through its FHIR API, in transaction bundles of
 * {@value #PEOPLE_PER_BUNDLE} people, each registered by a member of staff of the organisation that
 * leads their care. Shows a progress bar and the load rate; returns the id each person got.
 */
public final class Loader {

    static final int PEOPLE_PER_BUNDLE = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;

    public Loader(PrintStream out) {
        this.out = out;
    }

    /**
     * Loads everyone, {@code bench.load-clients} bundles at a time (2 by default), keeping the
     * database's planner statistics current as it grows; returns person number → Patient id on this arm.
     */
    public Map<Integer, String> load(Arm arm, List<Person> people, Statistics statistics) throws Exception {
        Map<Organisation, List<Person>> byLead = new java.util.LinkedHashMap<>();
        people.forEach(person ->
                byLead.computeIfAbsent(person.lead(), k -> new ArrayList<>()).add(person));
        List<java.util.concurrent.Callable<Map<Integer, String>>> bundles = new ArrayList<>();
        Map<Integer, String> ids = new java.util.concurrent.ConcurrentHashMap<>();
        long started = System.nanoTime();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        for (Map.Entry<Organisation, List<Person>> group : byLead.entrySet()) {
            String username = group.getKey().registeredBy();
            String practitioner = "Practitioner/" + username.replace('.', '-');
            List<Person> led = group.getValue();
            for (int from = 0; from < led.size(); from += PEOPLE_PER_BUNDLE) {
                List<Person> chunk = led.subList(from, Math.min(led.size(), from + PEOPLE_PER_BUNDLE));
                bundles.add(() -> {
                    HttpResponse<String> response =
                            arm.post("", EpisodeBundles.registration(chunk, practitioner), username);
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(arm.name() + " refused a registration bundle: "
                                + response.statusCode() + " " + response.body());
                    }
                    Map<Integer, String> chunkIds = patientIds(chunk, response.body());
                    ids.putAll(chunkIds);
                    int loaded = done.addAndGet(chunk.size());
                    progress(arm.name(), loaded, people.size(), started);
                    statistics.loaded(loaded);
                    return chunkIds;
                });
            }
        }
        java.util.concurrent.ExecutorService senders =
                java.util.concurrent.Executors.newFixedThreadPool(Integer.getInteger("bench.load-clients", 2));
        try {
            for (java.util.concurrent.Future<Map<Integer, String>> sent : senders.invokeAll(bundles)) {
                sent.get();
            }
        } finally {
            senders.shutdownNow();
        }
        out.println();
        return ids;
    }

    /** The Patient entries of the response, in the order the people were sent. */
    private static Map<Integer, String> patientIds(List<Person> chunk, String responseBody) throws Exception {
        JsonNode entries = JSON.readTree(responseBody).path("entry");
        Map<Integer, String> ids = new HashMap<>();
        int person = 0;
        for (JsonNode entry : entries) {
            String location = entry.path("response").path("location").asText("");
            if (location.startsWith("Patient/")) {
                ids.put(chunk.get(person++).number(), location.split("/")[1]);
            }
        }
        if (person != chunk.size()) {
            throw new IllegalStateException("expected " + chunk.size() + " people in the response, found " + person);
        }
        return ids;
    }

    private synchronized void progress(String arm, int done, int total, long started) {
        int width = 30;
        int filled = (int) ((long) width * done / total);
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(
                "\r  %-8s [%s%s] %6d/%d people, %.0f people/s   ",
                arm, "#".repeat(filled), " ".repeat(width - filled), done, total, done / Math.max(seconds, 0.001));
        out.flush();
    }
}
