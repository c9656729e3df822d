package care.neighbourhood.portal.audit;

import java.util.Arrays;
import java.util.Optional;

/** An officer's decision on an emergency access. */
public enum ReviewDecision {
    APPROPRIATE("appropriate", "Appropriate"),
    REFERRED("referred", "Refer for investigation");

    private final String code;
    private final String label;

    ReviewDecision(String code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The value of the {@code decision} parameter of {@code $review-break-glass}. */
    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static Optional<ReviewDecision> fromCode(String code) {
        return Arrays.stream(values())
                .filter(decision -> decision.code.equals(code))
                .findFirst();
    }
}
