package care.neighbourhood.bench.portal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The FHIR calls the portal made for one page, read from fhir-server's own access log (Tomcat's,
 * unbuffered, one line per request received: {@link #PATTERN}). The measurement sends one page at a
 * time and nothing else calls that fhir-server, so the lines written while a page was served are
 * that page's calls, whatever the portal's client did (next links, reads, cached look-ups).
 */
final class FhirCallLog {

    /** Tomcat access-log pattern: method, path and query, status, milliseconds taken. */
    static final String PATTERN = "%m %U%q %s %{ms}T";

    /** One request fhir-server received. */
    record Call(String method, String target, int status, long millis) {

        static Call parse(String line) {
            String[] parts = line.trim().split(" ");
            if (parts.length < 4) {
                return new Call("?", line, 0, 0);
            }
            // Tomcat writes "-" for an empty query string, right after the path.
            String target = parts[1].endsWith("-") ? parts[1].substring(0, parts[1].length() - 1) : parts[1];
            return new Call(parts[0], target, Integer.parseInt(parts[2]), Long.parseLong(parts[3]));
        }

        /** The kind of call without ids and values: {@code GET /fhir/Task?status&_include…}. */
        String kind() {
            int query = target.indexOf('?');
            String path = query < 0 ? target : target.substring(0, query);
            path = path.replaceAll("/[A-Za-z]+/[A-Za-z0-9\\-.]+(/_history)?$", "/{type}/{id}$1");
            if (target.contains("_getpages=")) {
                return method + " " + path + "?_getpages (next page)";
            }
            return method + " " + path;
        }
    }

    private final Path file;
    private long offset;

    FhirCallLog(Path file) throws IOException {
        this.file = file;
        this.offset = Files.exists(file) ? Files.size(file) : 0;
    }

    /** Forget what was logged so far. */
    void skip() throws IOException, InterruptedException {
        settle();
        offset = Files.exists(file) ? Files.size(file) : 0;
    }

    /** The calls logged since the last look. */
    List<Call> since() throws IOException, InterruptedException {
        settle();
        List<Call> calls = new ArrayList<>();
        if (!Files.exists(file)) {
            return calls;
        }
        try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
            long end = log.length();
            byte[] bytes = new byte[(int) (end - offset)];
            log.seek(offset);
            log.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int complete = text.lastIndexOf('\n') + 1;
            for (String line : text.substring(0, complete).split("\n")) {
                if (!line.isBlank()) {
                    calls.add(Call.parse(line));
                }
            }
            offset += text.substring(0, complete).getBytes(StandardCharsets.UTF_8).length;
        }
        return calls;
    }

    /**
     * Tomcat writes a request's line just after it has sent the answer, so the last call of a page
     * may be logged a moment after the portal has answered: wait until the log stops growing.
     */
    private void settle() throws IOException, InterruptedException {
        long size = -1;
        for (int i = 0; i < 20; i++) {
            Thread.sleep(15);
            long now = Files.exists(file) ? Files.size(file) : 0;
            if (now == size) {
                return;
            }
            size = now;
        }
    }
}
