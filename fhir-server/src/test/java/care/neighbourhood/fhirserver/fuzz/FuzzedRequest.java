package care.neighbourhood.fhirserver.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One request the fuzzer made: enough to send it again and to show it in a failure. */
record FuzzedRequest(long number, String method, String target, Map<String, String> headers, byte[] body) {

    String describe() {
        StringBuilder text = new StringBuilder()
                .append("case ")
                .append(number)
                .append(": ")
                .append(method)
                .append(' ')
                .append(abbreviated(target, 300));
        headers.forEach((name, value) -> {
            if (!name.equals("Authorization")) {
                text.append("\n  ").append(name).append(": ").append(abbreviated(value, 200));
            }
        });
        if (body != null) {
            text.append("\n  body (")
                    .append(body.length)
                    .append(" bytes): ")
                    .append(abbreviated(new String(body, StandardCharsets.UTF_8), 600));
        }
        return text.toString();
    }

    static String abbreviated(String text, int length) {
        String shown = text.length() > length ? text.substring(0, length) + "…" : text;
        StringBuilder visible = new StringBuilder();
        shown.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0xd800 && c <= 0xdfff)) {
                visible.append(String.format("\\u%04x", c));
            } else {
                visible.appendCodePoint(c);
            }
        });
        return visible.toString();
    }
}
