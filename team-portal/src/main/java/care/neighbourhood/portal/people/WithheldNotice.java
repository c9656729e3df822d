package care.neighbourhood.portal.people;

/**
 * Some records the shared care record kept from this user, and why, in words. Built from the
 * server's count of withheld records and the sharing agreement, never from the records themselves.
 *
 * @param count how many records
 * @param kind the kind of information, e.g. {@code clinical information}
 * @param reason why, e.g. "Under the data-sharing agreement ..."
 */
public record WithheldNotice(int count, String kind, String reason) {

    /** "1 item of clinical information is not shown to you." */
    public String headline() {
        return count == 1
                ? "1 item of " + kind + " is not shown to you."
                : count + " items of " + kind + " are not shown to you.";
    }
}
