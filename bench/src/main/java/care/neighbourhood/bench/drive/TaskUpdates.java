package care.neighbourhood.bench.drive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Task update workload: a nurse moves a Task of the worklist on (requested ↔ in-progress), sending
 * the whole Task with {@code If-Match} on the version she read. Each arm keeps a pool of Tasks taken
 * from the worklist; a Task is out of the pool while its update is under way, so clients never race
 * on one Task, and goes back with the version the server answered.
 */
final class TaskUpdates implements Workload.Request, Workload.Answered {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int POOL = 200;

    private record Held(String id, int version, ObjectNode task) {}

    private final Map<String, BlockingQueue<Held>> pools = new ConcurrentHashMap<>();
    private final Map<HttpRequest, Held> underWay = new ConcurrentHashMap<>();

    @Override
    public HttpRequest on(Arm arm, Workload.Targets targets, Random random) {
        Held held;
        try {
            held = pool(arm).poll(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (held == null) {
            throw new IllegalStateException("no Task came back to the pool of " + arm.name());
        }
        ObjectNode task = held.task().deepCopy();
        task.put("status", "requested".equals(task.path("status").asText()) ? "in-progress" : "requested");
        task.remove("meta");
        HttpRequest request = arm.request("/Task/" + held.id(), Workload.NURSE)
                .header("Content-Type", "application/fhir+json")
                .header("If-Match", "W/\"" + held.version() + "\"")
                .PUT(HttpRequest.BodyPublishers.ofString(task.toString()))
                .build();
        underWay.put(request, new Held(held.id(), held.version(), task));
        return request;
    }

    @Override
    public void answered(Arm arm, HttpRequest request, HttpResponse<String> response) {
        Held sent = underWay.remove(request);
        if (sent == null) {
            return;
        }
        Held back = sent;
        if (response.statusCode() == 200 || response.statusCode() == 201) {
            back = new Held(sent.id(), sent.version() + 1, sent.task());
            String etag = response.headers().firstValue("ETag").orElse("");
            String digits = etag.replaceAll("\\D", "");
            if (!digits.isEmpty()) {
                back = new Held(sent.id(), Integer.parseInt(digits), sent.task());
            }
        } else {
            back = reread(arm, sent.id());
        }
        pool(arm).add(back);
    }

    private BlockingQueue<Held> pool(Arm arm) {
        return pools.computeIfAbsent(arm.name(), name -> fill(arm));
    }

    private static BlockingQueue<Held> fill(Arm arm) {
        BlockingQueue<Held> pool = new LinkedBlockingQueue<>();
        JsonNode bundle = read(
                arm, "/Task?owner=Organization/northbank-community&status=requested,in-progress" + "&_count=" + POOL);
        for (JsonNode entry : bundle.path("entry")) {
            ObjectNode task = (ObjectNode) entry.path("resource");
            pool.add(new Held(
                    task.path("id").asText(),
                    task.path("meta").path("versionId").asInt(1),
                    task));
        }
        if (pool.isEmpty()) {
            throw new IllegalStateException(arm.name() + " has no Tasks on the worklist to update");
        }
        return pool;
    }

    private static Held reread(Arm arm, String id) {
        ObjectNode task = (ObjectNode) read(arm, "/Task/" + id);
        return new Held(id, task.path("meta").path("versionId").asInt(1), task);
    }

    private static JsonNode read(Arm arm, String path) {
        try {
            HttpResponse<String> response = arm.get(path, Workload.NURSE);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(arm.name() + " answered " + response.statusCode() + " to " + path);
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
