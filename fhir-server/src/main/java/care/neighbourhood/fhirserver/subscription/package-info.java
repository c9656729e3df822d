/**
 * REST-hook subscriptions for external systems, within the access rules: the server records each
 * subscription's owner ({@link SubscriptionOwnerStamp}), and every notification HAPI is about to send
 * is judged by the access policy for that owner, sent only if the owner may read the record, and
 * audited ({@link SubscriptionNotifications}). Who may subscribe to what is the access policy's
 * ({@code access.SubscriptionPolicy}).
 */
package care.neighbourhood.fhirserver.subscription;
