/**
 * Implementation of clinical-text (tokens, tries, sections, sentences, ConText scopes, measurements, medications,
 * de-identification, the FHIR writer). Not an API: other modules use {@link org.dxguard.text.ClinicalText}.
 */
package org.dxguard.text.internal;
