package care.neighbourhood.fhirserver.access;

/**
 * What a caller may learn of one record: shown (with the basis), withheld (the caller is told that
 * something is kept from them and why, not what) or hidden (not mentioned at all: the caller has no
 * relationship with the person).
 *
 * @param reason why it is withheld or hidden, for the log and the audit trail, never for the caller
 * @param because for a withheld record, which rule keeps it back; the caller is told this
 */
public record Disclosure(Verdict verdict, String reason, AccessBasis basis, WithheldBecause because) {

    public enum Verdict {
        SHOW,
        WITHHOLD,
        HIDE
    }

    /** Which rule keeps a record from a caller who has a care relationship with the person. */
    public enum WithheldBecause {
        /** The agreement does not share the record's data class with the caller; the person's consent would. */
        AGREEMENT("agreement"),
        /** The person's own consent withholds it from the caller. */
        CONSENT("consent"),
        /** It is labelled restricted, and the caller's roles do not see restricted records. */
        RESTRICTED("restricted"),
        /** It is labelled as not for the person, and the caller is the person or one of their carers. */
        NOT_FOR_THE_PERSON("not-for-the-person");

        private final String code;

        WithheldBecause(String code) {
            this.code = code;
        }

        /** The code the caller is given, e.g. {@code agreement}. */
        public String code() {
            return code;
        }
    }

    public static Disclosure show(AccessBasis basis) {
        return new Disclosure(Verdict.SHOW, null, basis, null);
    }

    public static Disclosure withhold(WithheldBecause because, String reason) {
        return new Disclosure(Verdict.WITHHOLD, reason, null, because);
    }

    public static Disclosure hide(String reason) {
        return new Disclosure(Verdict.HIDE, reason, null, null);
    }

    public boolean isShown() {
        return verdict == Verdict.SHOW;
    }
}
