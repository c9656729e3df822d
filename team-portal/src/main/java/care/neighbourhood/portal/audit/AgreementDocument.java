package care.neighbourhood.portal.audit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the data classes out of the agreement's YAML so that the page can show them as a table. The
 * document itself stays the authority and is always shown as written; a document this class cannot
 * follow simply gives no table.
 */
final class AgreementDocument {

    private AgreementDocument() {}

    static List<DataClassRule> dataClasses(String document) {
        if (document == null || document.isBlank()) {
            return List.of();
        }
        try {
            Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(document);
            if (!(parsed instanceof Map<?, ?> agreement)
                    || !(agreement.get("dataClasses") instanceof Map<?, ?> classes)) {
                return List.of();
            }
            List<DataClassRule> rules = new ArrayList<>();
            classes.forEach((name, value) -> {
                Map<?, ?> dataClass = value instanceof Map<?, ?> map ? map : Map.of();
                rules.add(new DataClassRule(
                        String.valueOf(name),
                        text(dataClass.get("description")),
                        list(dataClass.get("resourceTypes")),
                        who(dataClass.get("read")),
                        who(dataClass.get("write"))));
            });
            return rules;
        } catch (YAMLException | ClassCastException e) {
            return List.of();
        }
    }

    /** {@code sectors: health, social-care; roles: gp} from {@code {sectors: [...], roles: [...]}}. */
    private static String who(Object rule) {
        if (!(rule instanceof Map<?, ?> map) || map.isEmpty()) {
            return "No one";
        }
        List<String> parts = new ArrayList<>();
        map.forEach((key, value) -> parts.add(key + ": " + String.join(", ", list(value))));
        return String.join("; ", parts);
    }

    private static List<String> list(Object value) {
        if (value instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).collect(Collectors.toList());
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value).strip();
    }
}
