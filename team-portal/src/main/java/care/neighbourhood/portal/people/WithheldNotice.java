package care.neighbourhood.portal.people;

/**
 * Some records the shared care record kept from this user, and why, in words: one group of records
 * of one kind, from one organisation, kept back by one rule, as the server said it. Built from what
 * the server says of what it withheld, never from the records themselves.
 *
 * @param count how many records
 * @param kind the kind of information, e.g. {@code clinical information}
 * @param organisation the organisation whose records they are, e.g. {@code Riverside Medical Practice},
 *     or {@code null} when the server did not say
 * @param because the rule: {@code agreement}, {@code consent}, {@code restricted}, or {@code null}
 * @param text the whole of it in words, e.g. "1 item is not shown to you: clinical information from
 *     Riverside Medical Practice is shared with social care only with the person's agreement."
 */
public record WithheldNotice(int count, String kind, String organisation, String because, String text) {

    /** Records labelled restricted: the user is told that something restricted is kept from them. */
    public boolean restricted() {
        return "restricted".equals(because);
    }
}
