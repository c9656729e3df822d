package care.neighbourhood.fhirserver.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Request bodies: resources of the kinds a team writes, a transaction, patches, each made for the
 * fuzzer's person and then spoilt in its structure (an element removed, given a value of another
 * kind, nested, repeated, an unknown element added) or in its text (a character changed, cut off).
 */
final class Bodies {

    /** Deep nesting is one of the spoils, deeper than Jackson writes by default. */
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamWriteConstraints(com.fasterxml.jackson.core.StreamWriteConstraints.builder()
                    .maxNestingDepth(100_000)
                    .build())
            .build());

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Mutations mutations;
    private final List<String> seeds;

    Bodies(Mutations mutations, String person) {
        this.mutations = mutations;
        this.seeds = seeds(person);
    }

    /** A resource in JSON: whole, spoilt in structure, or spoilt as text. */
    String resource() {
        String seed = mutations.pick(seeds);
        double roll = mutations.random().nextDouble();
        if (roll < 0.15) {
            return seed;
        }
        if (roll < 0.75) {
            return structurallySpoilt(seed);
        }
        return mutations.mutate(seed);
    }

    /** A resource in XML, whole or spoilt as text. */
    String xmlResource(ca.uhn.fhir.context.FhirContext fhir) {
        String seed = mutations.pick(seeds);
        String xml =
                fhir.newXmlParser().encodeResourceToString(fhir.newJsonParser().parseResource(seed));
        return mutations.chance(0.15) ? xml : mutations.mutate(xml);
    }

    /** A patch: JSON Patch or FHIRPath Patch parameters, sometimes spoilt. */
    String jsonPatch() {
        String path = mutations.pick(List.of("/status", "/name/0/family", "/note/-", "/meta", "/id", "/", "", "/x~2y"));
        String op = mutations.pick(List.of("replace", "add", "remove", "test", "move", "copy", "nonsense"));
        String patch = "[{\"op\":\"" + op + "\",\"path\":\"" + path + "\",\"value\":\"" + mutations.word() + "\"}]";
        return mutations.chance(0.4) ? mutations.mutate(patch) : patch;
    }

    private String structurallySpoilt(String seed) {
        try {
            JsonNode tree = JSON.readTree(seed);
            int times = 1 + mutations.random().nextInt(3);
            for (int i = 0; i < times; i++) {
                spoil(tree);
            }
            return JSON.writeValueAsString(tree);
        } catch (Exception e) {
            throw new IllegalStateException("a seed that is not JSON: " + seed, e);
        }
    }

    private void spoil(JsonNode tree) {
        List<JsonNode> containers = new ArrayList<>();
        collect(tree, containers);
        JsonNode container = mutations.pick(containers);
        if (container instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.isEmpty() || mutations.chance(0.2)
                    ? mutations.pick(List.of(
                            "extension",
                            "modifierExtension",
                            "contained",
                            "id",
                            "meta",
                            "text",
                            "valueQuantity",
                            "resourceType",
                            "_status",
                            "fhir_comments",
                            mutations.word()))
                    : mutations.pick(names);
            if (mutations.chance(0.15)) {
                object.remove(name);
            } else {
                object.set(name, value(object.get(name)));
            }
        } else if (container instanceof ArrayNode array) {
            if (array.isEmpty() || mutations.chance(0.5)) {
                array.add(value(array.isEmpty() ? null : array.get(0)));
            } else {
                array.set(mutations.random().nextInt(array.size()), value(array.get(0)));
            }
        }
    }

    private JsonNode value(JsonNode old) {
        return switch (mutations.random().nextInt(11)) {
            case 0 -> NODES.textNode(mutations.word());
            case 1 ->
                NODES.textNode(old != null && old.isTextual() ? mutations.mutate(old.asText()) : mutations.word());
            case 2 ->
                NODES.numberNode(new BigDecimal(mutations.pick(List.of(
                        "1e400",
                        "-1e-400",
                        "123456789012345678901234567890.123456789",
                        "0.000000000000000000001",
                        "9223372036854775808",
                        "-0",
                        "1E+2147483647"))));
            case 3 -> NODES.booleanNode(mutations.chance(0.5));
            case 4 -> NODES.nullNode();
            case 5 -> NODES.arrayNode().add(old == null ? NODES.textNode(mutations.word()) : old.deepCopy());
            case 6 -> NODES.objectNode().put(mutations.word(), mutations.word());
            case 7 -> nested(old);
            case 8 -> old == null ? NODES.textNode("") : repeated(old);
            case 9 ->
                NODES.objectNode()
                        .put("value", mutations.word())
                        .put("unit", mutations.word())
                        .put("system", "http://unitsofmeasure.org")
                        .put("code", mutations.word());
            default ->
                NODES.objectNode()
                        .put(
                                "reference",
                                mutations.pick(List.of(
                                        "Patient/" + mutations.word(),
                                        mutations.word(),
                                        "#",
                                        "#missing",
                                        "urn:uuid:x",
                                        "https://elsewhere.example/fhir/Patient/1",
                                        "Patient?identifier=" + mutations.word())));
        };
    }

    private JsonNode nested(JsonNode old) {
        JsonNode inner = old == null ? NODES.textNode(mutations.word()) : old.deepCopy();
        int depth = 1 + mutations.random().nextInt(mutations.chance(0.1) ? 400 : 8);
        for (int i = 0; i < depth; i++) {
            inner = NODES.objectNode()
                    .set(
                            "extension",
                            NODES.arrayNode()
                                    .add(NODES.objectNode()
                                            .put("url", "https://x.example/e" + i)
                                            .set("extension", NODES.arrayNode().add(inner))));
        }
        return inner;
    }

    private JsonNode repeated(JsonNode old) {
        ArrayNode many = NODES.arrayNode();
        int count = 2 + mutations.random().nextInt(mutations.chance(0.1) ? 3_000 : 20);
        for (int i = 0; i < count; i++) {
            many.add(old.deepCopy());
        }
        return many;
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            node.elements().forEachRemaining(child -> collect(child, containers));
        }
    }

    private static List<String> seeds(String person) {
        String subject = "{\"reference\":\"Patient/" + person + "\"}";
        String task = "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\","
                + "\"priority\":\"routine\",\"description\":\"Check the dressing\",\"for\":" + subject
                + ",\"owner\":{\"reference\":\"Practitioner/nina-patel\"},\"authoredOn\":\"2026-11-01T09:00:00Z\","
                + "\"restriction\":{\"period\":{\"end\":\"2026-12-01\"}},\"note\":[{\"text\":\"Left leg\"}]}";
        String observation = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"category\":[{\"coding\":"
                + "[{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"vital-signs\"}]}],"
                + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"29463-7\"}],\"text\":\"Weight\"},"
                + "\"subject\":" + subject + ",\"effectiveDateTime\":\"2026-11-02T10:00:00Z\","
                + "\"valueQuantity\":{\"value\":61.5,\"unit\":\"kg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"kg\"}}";
        String carePlan =
                "{\"resourceType\":\"CarePlan\",\"status\":\"active\",\"intent\":\"plan\",\"title\":\"Staying at home\","
                        + "\"subject\":" + subject + ",\"period\":{\"start\":\"2026-11-01\"},\"activity\":[{\"detail\":"
                        + "{\"status\":\"scheduled\",\"description\":\"Weekly visit\"}}]}";
        String patient = "{\"resourceType\":\"Patient\",\"id\":\"" + person + "\",\"identifier\":[{\"system\":"
                + "\"https://fhir.nhs.uk/Id/nhs-number\",\"value\":\"9991042113\"}],\"name\":[{\"family\":\"Ellis\","
                + "\"given\":[\"Margaret\"]}],\"gender\":\"female\",\"birthDate\":\"1941-03-14\"}";
        String condition = "{\"resourceType\":\"Condition\",\"clinicalStatus\":{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/condition-clinical\",\"code\":\"active\"}]},"
                + "\"code\":{\"text\":\"Leg ulcer\"},\"subject\":" + subject + ",\"onsetDateTime\":\"2026-10\"}";
        String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"fullUrl\":"
                + "\"urn:uuid:6b1f0c52-1d5e-4a43-9a3b-6a1d1e2f3a4b\",\"resource\":" + observation
                + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\",\"ifNoneExist\":\"code=29463-7\"}},"
                + "{\"resource\":" + task + ",\"request\":{\"method\":\"PUT\",\"url\":\"Task?identifier=x|1\"}},"
                + "{\"request\":{\"method\":\"GET\",\"url\":\"Patient/" + person + "\"}}]}";
        return List.of(task, observation, carePlan, patient, condition, transaction);
    }
}
