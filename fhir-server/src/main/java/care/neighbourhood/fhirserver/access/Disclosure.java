package care.neighbourhood.fhirserver.access;

/**
 * What a caller may learn of one record: shown (with the basis), withheld (the caller is told that
 * something is kept from them, not what) or hidden (not mentioned at all: the caller has no
 * relationship with the person).
 *
 * @param reason why it is withheld or hidden, for the log and the audit trail, never for the caller
 */
public record Disclosure(Verdict verdict, String reason, AccessBasis basis) {

    public enum Verdict {
        SHOW,
        WITHHOLD,
        HIDE
    }

    public static Disclosure show(AccessBasis basis) {
        return new Disclosure(Verdict.SHOW, null, basis);
    }

    public static Disclosure withhold(String reason) {
        return new Disclosure(Verdict.WITHHOLD, reason, null);
    }

    public static Disclosure hide(String reason) {
        return new Disclosure(Verdict.HIDE, reason, null);
    }

    public boolean isShown() {
        return verdict == Verdict.SHOW;
    }
}
