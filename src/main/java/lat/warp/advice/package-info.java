/**
 * Advice, the WARP's fourth service. This first piece owns the remediation guides: one public guide
 * (TLP:CLEAR) for every RSIT type of {@link lat.warp.events.Taxonomy}, at {@code /advice/{type}}, the
 * address that notification's e-mails and webhooks link to. A guide tells a member's security or abuse
 * team what the type means, how to confirm it on their own network, what to do now, how to prevent it
 * and when to ask the WARP for help; the WARP coordinates and never acts on a member's systems. The
 * text lives in the {@code i18n/advice} bundles (es, pt, en). Still to come: the CSIRT directory and
 * advice requests.
 */
@org.jspecify.annotations.NullMarked
package lat.warp.advice;
