package org.dxguard.service.hooks;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.dxguard.model.PatientFacts;
import org.dxguard.service.audit.DecisionDraft;
import org.dxguard.service.cdshooks.CdsRequest;
import org.dxguard.service.prefetch.ResolvedPrefetch;

/**
 * One hook call after validation, prefetch and mapping: what a service needs to decide.
 *
 * @param arrivedNanos {@link System#nanoTime()} when the call reached the API (after authentication)
 * @param followUp     what a later record about this call needs (a late explanation's follow-up record)
 * @param baseUrl      the base URL the caller called (its scheme, host and port, as checked against the token's
 *                     {@code aud}, or {@code --public-url}): links in cards point there; null when unknown
 * @param prefetch     the resolved prefetch (what was fetched from the FHIR server, as resources), for a service that
 *                     reads more of the record than the facts hold (the differential's notes); null when unknown
 * @param locale       the language of every text rendered for this call ({@link CallLocale}); English by default
 * @param localeSpecified whether the call or its EHR named {@code locale} (false: no locale anywhere, English cards,
 *                     and the model answers in the deployment's configured language)
 */
public record HookCall(String serviceId, CdsRequest request, PatientFacts facts, String callerIssuer,
                       long arrivedNanos, DecisionDraft.FollowUp followUp, URI baseUrl, ResolvedPrefetch prefetch,
                       java.util.Locale locale, boolean localeSpecified) {
    /** A call in {@code locale}; null: none specified (English cards). */
    public HookCall(String serviceId, CdsRequest request, PatientFacts facts, String callerIssuer,
                    long arrivedNanos, DecisionDraft.FollowUp followUp, URI baseUrl, ResolvedPrefetch prefetch,
                    java.util.Locale locale) {
        this(serviceId, request, facts, callerIssuer, arrivedNanos, followUp, baseUrl, prefetch, locale,
            locale != null);
    }

    /** A call in English. */
    public HookCall(String serviceId, CdsRequest request, PatientFacts facts, String callerIssuer,
                    long arrivedNanos, DecisionDraft.FollowUp followUp, URI baseUrl, ResolvedPrefetch prefetch) {
        this(serviceId, request, facts, callerIssuer, arrivedNanos, followUp, baseUrl, prefetch, null);
    }

    public HookCall {
        locale = locale == null ? java.util.Locale.ENGLISH : locale;
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(followUp, "followUp");
    }

    /** The locale the call or its EHR named; empty when none was (see {@link CallLocale#specified}). */
    public java.util.Optional<java.util.Locale> specifiedLocale() {
        return localeSpecified ? java.util.Optional.of(locale) : java.util.Optional.empty();
    }

    /** Time since the call reached the API. */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - arrivedNanos);
    }
}
