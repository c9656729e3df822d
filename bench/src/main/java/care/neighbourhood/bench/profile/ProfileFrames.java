package care.neighbourhood.bench.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Sets two CPU profiles side by side, per request: for each frame named, the microseconds of sampled
 * CPU per request spent in stacks that pass through it (counted once per stack, however often the
 * frame recurs). Each arm is async-profiler's collapsed stacks of one server, sampled every
 * {@code interval} microseconds, and the number of requests it answered while sampled (from the load
 * driver: requests per second times the seconds the files cover). A frame is named by a part of its
 * text ({@code findForIdAndVersion}, {@code itable stub}); {@code *} names every stack, the total.
 *
 * <pre>java -cp bench/target/classes care.neighbourhood.bench.profile.ProfileFrames 1000 \
 *     vanilla 101280 /tmp/pv/a.txt,/tmp/pv/b.txt ours 39780 /tmp/pw/a.txt,/tmp/pw/b.txt \
 *     '*' BaseHapiFhirResourceDao.read findForIdAndVersion JpaStorageResourceParser.toResource</pre>
 *
 * <p>The profiler's CPU timer counts under a machine that is busy on every core, so compare the arms'
 * proportions, not the microseconds with a clock.
 */
public final class ProfileFrames {

    /** One server's profile: its name, the requests it answered while sampled, its files. */
    record Arm(String name, long requests, List<Path> files) {}

    private ProfileFrames() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 8) {
            System.err.println("usage: ProfileFrames <interval µs> <name> <requests> <file[,file…]>"
                    + " <name> <requests> <file[,file…]> <frame>…");
            System.exit(2);
        }
        long interval = Long.parseLong(args[0]);
        List<Arm> arms = List.of(arm(args[1], args[2], args[3]), arm(args[4], args[5], args[6]));
        List<String> frames = List.of(args).subList(7, args.length);
        System.out.print(table(interval, arms, frames));
    }

    private static Arm arm(String name, String requests, String files) {
        return new Arm(
                name,
                Long.parseLong(requests),
                Stream.of(files.split(",")).map(Path::of).toList());
    }

    /** The Markdown table: a row per frame, a column of µs per request per arm. */
    static String table(long interval, List<Arm> arms, List<String> frames) throws IOException {
        StringBuilder out = new StringBuilder("| frame, µs of sampled CPU per request |");
        arms.forEach(arm -> out.append(' ').append(arm.name()).append(" |"));
        out.append("\n|---|").append("---|".repeat(arms.size())).append('\n');
        List<long[]> samples = new ArrayList<>();
        for (Arm arm : arms) {
            samples.add(samplesThrough(arm.files(), frames));
        }
        for (int f = 0; f < frames.size(); f++) {
            out.append("| ").append(frames.get(f)).append(" |");
            for (int a = 0; a < arms.size(); a++) {
                double perRequest = (double) samples.get(a)[f]
                        * interval
                        / Math.max(1, arms.get(a).requests());
                out.append(String.format(" %.1f |", perRequest));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** For each frame, the samples of the stacks that pass through it. */
    static long[] samplesThrough(List<Path> files, List<String> frames) throws IOException {
        long[] found = new long[frames.size()];
        for (Path file : files) {
            try (Stream<String> lines = Files.lines(file)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    int space = line.lastIndexOf(' ');
                    long count =
                            space < 0 ? -1 : countIn(line.substring(space + 1).trim());
                    if (count < 0) {
                        continue; // not a stack: no count of samples at its end
                    }
                    String stack = line.substring(0, space);
                    for (int f = 0; f < frames.size(); f++) {
                        if (passesThrough(stack, frames.get(f))) {
                            found[f] += count;
                        }
                    }
                }
            }
        }
        return found;
    }

    private static long countIn(String text) {
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(text);
    }

    static boolean passesThrough(String stack, String frame) {
        return "*".equals(frame) || stack.contains(frame);
    }
}
