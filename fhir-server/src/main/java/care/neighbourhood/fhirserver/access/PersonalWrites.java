package care.neighbourhood.fhirserver.access;

import care.neighbourhood.fhirserver.record.RecordElements;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * What a person and their carers may write, and nothing else: the person, and a carer whose consent
 * from the person includes the action {@value ConsentDecisions#CORRECT}, add and change the person's
 * "what matters to me" goals, put down as expressed by whoever writes them, and add them to the
 * person's plan ({@link PersonalPlanChanges}); the person makes and changes their own sharing decisions (Consents about themself, made by themself). Neither labels
 * records, deletes anything, or writes about anyone else.
 */
@Component
class PersonalWrites {

    /** How a "what matters to me" goal is marked: its category's text. */
    static final String WHAT_MATTERS = "what-matters-to-me";

    private final SharingAgreement agreement;
    private final ConsentDecisions consents;
    private final RecordElements elements;
    private final PersonalAccess access;
    private final PersonalPlanChanges plans;

    PersonalWrites(
            SharingAgreement agreement,
            ConsentDecisions consents,
            RecordElements elements,
            PersonalAccess access,
            PersonalPlanChanges plans) {
        this.plans = plans;
        this.agreement = agreement;
        this.consents = consents;
        this.elements = elements;
        this.access = access;
    }

    /** Why the caller may not create or change the record ({@code previous} null for a create). */
    Optional<String> refusalToWrite(AccessContext context, IBaseResource previous, IBaseResource proposed) {
        Caller caller = context.caller();
        String type = proposed.fhirType();
        SmartScopes.Access asked = previous == null ? SmartScopes.Access.CREATE : SmartScopes.Access.UPDATE;
        if (!SmartScopes.permits(caller.scopes(), type, asked)) {
            return Optional.of("the token's scopes do not allow " + asked + " of " + type);
        }
        if (!agreement.personWrites(type)
                || (previous != null && !previous.fhirType().equals(type))) {
            return Optional.of("a person and their carers change only what matters to the person and the"
                    + " person's own sharing decisions");
        }
        Optional<String> person = access.personOf(context);
        if (person.isEmpty()) {
            return Optional.of("the caller's record of a person is not found or has ended");
        }
        String refusal = firstOf(
                aboutThePersonOnly(person.get(), previous, proposed),
                previous == null ? null : shownToTheCaller(context, previous),
                labelsUnchanged(previous, proposed),
                carerMayChange(context, person.get(), type),
                proposed instanceof Goal goal ? goal(context.caller(), (Goal) previous, goal) : null,
                proposed instanceof Consent consent ? consent(caller, person.get(), consent) : null,
                proposed instanceof CarePlan plan
                        ? plans.refusalToChange(context, person.get(), (CarePlan) previous, plan)
                        : null);
        return Optional.ofNullable(refusal);
    }

    Optional<String> refusalToDelete() {
        return Optional.of("a person and their carers delete nothing: close a goal, or withdraw a decision,"
                + " by changing its status");
    }

    private String aboutThePersonOnly(String person, IBaseResource previous, IBaseResource proposed) {
        for (IBaseResource record : previous == null ? List.of(proposed) : List.of(previous, proposed)) {
            List<String> people = elements.personIdsIn(record);
            if (people.isEmpty() || !people.stream().allMatch(person::equals)) {
                return "a person and their carers write about the person only";
            }
        }
        return null;
    }

    private String shownToTheCaller(AccessContext context, IBaseResource previous) {
        Disclosure shown = access.disclose(context, previous, elements.personIdsIn(previous), previous.fhirType());
        return shown.isShown() ? null : "the record is not one the caller may read: " + shown.reason();
    }

    private static String labelsUnchanged(IBaseResource previous, IBaseResource proposed) {
        Set<String> before = previous == null ? Set.of() : labels(previous);
        return before.equals(labels(proposed)) ? null : "a person and their carers do not add or remove labels";
    }

    private static Set<String> labels(IBaseResource resource) {
        return resource.getMeta().getSecurity().stream()
                .map(label -> label.getSystem() + "|" + label.getCode())
                .collect(Collectors.toSet());
    }

    private static String goal(Caller caller, Goal previous, Goal proposed) {
        if (!isWhatMatters(proposed) || (previous != null && !isWhatMatters(previous))) {
            return "a person and their carers change the goals that say what matters to the person (category "
                    + WHAT_MATTERS + "); the team changes the rest";
        }
        String expressedBy = referenceOf(proposed.getExpressedBy());
        boolean attributed = caller.self().equals(expressedBy)
                || (previous != null && Objects.equals(referenceOf(previous.getExpressedBy()), expressedBy));
        if (!attributed) {
            return "a goal is put down as expressed by whoever writes it (" + caller.self() + ")";
        }
        return null;
    }

    /** A carer changes the person's records only with a consent that says {@code correct} for them. */
    private String carerMayChange(AccessContext context, String person, String type) {
        if (context.caller().kind() != Caller.Kind.CARER || "Consent".equals(type)) {
            return null;
        }
        return consents.permitting(context, person, type, true).isEmpty()
                ? "no consent of the person lets this carer change their plan"
                : null;
    }

    private static String consent(Caller caller, String person, Consent proposed) {
        if (caller.kind() != Caller.Kind.PERSON) {
            return "a person's sharing decisions are made by the person";
        }
        boolean madeByThePerson =
                proposed.getPerformer().stream().anyMatch(p -> caller.self().equals(referenceOf(p)));
        if (!madeByThePerson || !("Patient/" + person).equals(referenceOf(proposed.getPatient()))) {
            return "a sharing decision is about, and made by, the person (" + caller.self() + ")";
        }
        return null;
    }

    static boolean isWhatMatters(Goal goal) {
        return goal.getCategory().stream().anyMatch(category -> WHAT_MATTERS.equals(category.getText()));
    }

    private static String referenceOf(Reference reference) {
        if (reference == null || reference.getReferenceElement().getIdPart() == null) {
            return null;
        }
        return reference.getReferenceElement().getResourceType() + "/"
                + reference.getReferenceElement().getIdPart();
    }

    private static String firstOf(String... refusals) {
        for (String refusal : refusals) {
            if (refusal != null) {
                return refusal;
            }
        }
        return null;
    }
}
