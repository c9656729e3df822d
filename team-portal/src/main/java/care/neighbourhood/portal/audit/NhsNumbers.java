package care.neighbourhood.portal.audit;

import java.util.Optional;
import java.util.regex.Pattern;

/** Reads an NHS number as people type it: 10 digits, spaces and dashes between groups allowed. */
final class NhsNumbers {

    private static final Pattern TEN_DIGITS = Pattern.compile("\\d{10}");

    private NhsNumbers() {}

    /** The 10 digits, or empty when the text is not an NHS number. */
    static Optional<String> parse(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String digits = typed.replaceAll("[\\s-]", "");
        return TEN_DIGITS.matcher(digits).matches() ? Optional.of(digits) : Optional.empty();
    }

    /** {@code 999 104 2113}. */
    static String forDisplay(String nhsNumber) {
        return nhsNumber.substring(0, 3) + " " + nhsNumber.substring(3, 6) + " " + nhsNumber.substring(6);
    }
}
