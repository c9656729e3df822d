package care.neighbourhood.fhirserver.access;

/**
 * Who a placeholder reference ({@code urn:uuid:...}) in a transaction stands for: a person registered
 * in the same transaction, a person already stored, a resource that is not a person, or nobody the
 * server can tell.
 */
public sealed interface PersonPlaceholder {

    record NewPerson() implements PersonPlaceholder {}

    record ExistingPerson(String id) implements PersonPlaceholder {}

    record NotAPerson() implements PersonPlaceholder {}

    record Unresolved() implements PersonPlaceholder {}

    /** Resolves placeholders of one request; outside a transaction, nothing resolves. */
    @FunctionalInterface
    interface Resolver {
        Resolver NONE = placeholder -> new Unresolved();

        PersonPlaceholder resolve(String placeholder);
    }
}
