package care.neighbourhood.fhirserver.fuzz;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The ways the fuzzer spoils a piece of text: a value from the dictionary of troublesome values
 * ({@code fuzz/dictionary.txt}) in its place or inside it, a part cut out or doubled, a character
 * changed, the whole repeated. Every choice comes from the one {@link Random}, so a case is
 * reproduced from its seed.
 */
final class Mutations {

    static final List<String> DICTIONARY = load();

    private final Random random;

    Mutations(Random random) {
        this.random = random;
    }

    Random random() {
        return random;
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    String word() {
        return pick(DICTIONARY);
    }

    /** {@code text} spoilt once or a few times. */
    String mutate(String text) {
        String result = text;
        int times = 1 + (chance(0.3) ? random.nextInt(3) : 0);
        for (int i = 0; i < times; i++) {
            result = mutateOnce(result);
        }
        return result;
    }

    private String mutateOnce(String text) {
        int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
        return switch (random.nextInt(8)) {
            case 0 -> word();
            case 1, 2 -> text.substring(0, at) + word() + text.substring(at);
            case 3 -> cut(text, at);
            case 4 -> doubled(text, at);
            case 5 -> text.substring(0, at) + oddCharacter() + (at < text.length() ? text.substring(at + 1) : "");
            case 6 -> text.repeat(1 + random.nextInt(chance(0.1) ? 2_000 : 20));
            default -> "";
        };
    }

    private String cut(String text, int at) {
        if (text.isEmpty()) {
            return text;
        }
        int end = Math.min(text.length(), at + 1 + random.nextInt(Math.max(1, text.length() / 4)));
        return text.substring(0, Math.min(at, text.length())) + text.substring(end);
    }

    private String doubled(String text, int at) {
        int end = Math.min(text.length(), at + random.nextInt(Math.max(1, text.length() / 3) + 1));
        return text.substring(0, end) + text.substring(Math.min(at, end));
    }

    private char oddCharacter() {
        return switch (random.nextInt(4)) {
            case 0 -> (char) random.nextInt(0x20);
            case 1 -> (char) (0x20 + random.nextInt(0x60));
            case 2 -> (char) (0x80 + random.nextInt(0x780));
            default -> (char) random.nextInt(0x10000);
        };
    }

    private static List<String> load() {
        try (var in = Objects.requireNonNull(
                        Mutations.class.getResourceAsStream("/fuzz/dictionary.txt"), "fuzz/dictionary.txt");
                var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> words = new ArrayList<>();
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.startsWith("# ") && !line.isEmpty()) {
                    words.add(unescaped(line));
                }
            }
            return List.copyOf(words);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code \}{@code uXXXX} becomes that character; everything else is kept as written. */
    private static String unescaped(String line) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            if (line.startsWith("\\u", i) && i + 6 <= line.length()) {
                text.append((char) Integer.parseInt(line.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                text.append(line.charAt(i));
            }
        }
        return text.toString();
    }
}
