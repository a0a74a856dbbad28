/**
 * FHIR R4 in, clinical-model out (the fhir-facts module): the one mapper from an EHR's record to the facts the
 * rules and the graph read. HAPI FHIR types stay here (and in the service's prefetch fetching); modules exchange
 * {@link org.dxguard.model.PatientFacts}.
 *
 * <p>Entry point: {@link org.dxguard.fhir.FhirFacts} (parse FHIR JSON, flatten Bundles, map a record plus draft
 * orders to {@link org.dxguard.model.PatientFacts}). The CDS Hooks prefetch (use what the EHR sent, fetch the rest
 * from {@code fhirServer}, else HTTP 412) is the service's {@code org.dxguard.service.prefetch.PrefetchResolver}.
 * Error codes: {@link org.dxguard.fhir.FhirErrors} (DXG-0130–0133, the prefetch codes included).
 *
 * <p>Value sets: which conditions say "pregnant", which tests are pregnancy tests and which procedures are dialysis
 * or a kidney transplant are data of the guideline terminology ({@code org.dxguard.rules.Terminology}), asked for
 * once per mapping run: the service passes the loaded guidelines' terminology, so {@code guidelines reload} (or the
 * directory watch) applies an author's edit without a rebuild; {@code FhirFacts.create()} reads the packaged one.
 *
 * <h2>Mapping rules ({@code FhirFacts.toFacts})</h2>
 * <ul>
 *   <li>Patient (exactly one; two different Patients are rejected): {@code patientRef} = {@code Patient/<id>};
 *       age in whole years at {@code asOf} (UTC) from birthDate (a partial date counts from the first day of its
 *       period; unknown or future → null); sex from gender.</li>
 *   <li>Weight: the latest body-weight Observation (LOINC 29463-7 or 3141-9) converted to kg (kg, g, [lb_av]/lb,
 *       [oz_av]).</li>
 *   <li>Pregnancy: the latest pregnancy-status Observation (LOINC 82810-3 / 11449-6; answers LA15173-0,
 *       LA26683-5, SNOMED 77386006 / 60001007) or qualitative pregnancy test (hCG: the LOINC codes of
 *       {@code guidelines/terminology/pregnancy-tests.csv} of the loaded terminology; Positive/Detected = pregnant,
 *       Negative/Not detected = not pregnant, as SNOMED 10828004 / 260373001 / 260385009 / 260415000, LOINC
 *       LA6576-8 / LA6577-6 or those words, also 阳性 / 阴性; any other result or an undated test is not used and
 *       becomes a data note of {@code FhirFacts.map}), at most 300 days old, when it is more recent than every active
 *       pregnancy Condition; else an active pregnancy Condition (the PREGNANCY value set of {@code conditions.csv}:
 *       SNOMED 77386006 and descendants, ICD-10 Z33.1, Z34*, O09*) whose onset (else recorded date) is at most 300 days before {@code asOf}, or undated →
 *       PREGNANT; else UNKNOWN (never inferred from sex or age). Gestational diabetes alone is not a pregnancy.</li>
 *   <li>Encounter (issue 16): only an {@code in-progress} one is the current visit
 *       ({@code PatientFacts.currentEncounter}; a hospital class - HL7 v3 ActCode IMP, ACUTE, EMER, OBSENC - wins
 *       over others, then the latest start); its class is read only from the ActCode system (a local code is not
 *       guessed: the encounter is current with an unknown class, and a data note says so). No in-progress
 *       Encounter → null (unknown whether the patient is in hospital).</li>
 *   <li>Condition: every coding kept (unknown systems too); active = clinicalStatus active/recurrence/relapse
 *       (missing clinicalStatus: active unless abated) and verificationStatus not refuted/entered-in-error;
 *       inactive ones are kept with {@code active=false}; {@code history=true} for a past condition
 *       (clinicalStatus resolved/inactive/remission, or abated without a status; never refuted or entered-in-error),
 *       which the rules read as history facts ({@code HISTORY_<tag>}), apart from active conditions.</li>
 *   <li>Observation: status entered-in-error/cancelled dropped, all others kept (rules use
 *       {@code PatientFacts.latest}); every coding; valueQuantity (UCUM code preferred over unit text; a
 *       comparator such as {@code >60} is not kept, the number is; source
 *       unit kept: creatinine µmol/L and glucose mmol/L are converted by {@code Units} in the rules),
 *       valueCodeableConcept, valueString, valueBoolean, valueInteger; each component becomes its own
 *       Observation with the component's codes (blood pressure 85354-9 → 8480-6 and 8462-4), id
 *       {@code <id>#component-<n>}; effective[x] (dateTime, instant, period start, timing event) else issued;
 *       the first {@code referenceRange.high} with a unit, converted to the value's unit ({@code referenceHigh};
 *       issue 16, ALT as a multiple of the upper limit of normal; a limit without a unit is not used).</li>
 *   <li>MedicationRequest (status active/on-hold → activeMedications; stopped/completed are kept as stopped, never
 *       active, ended at the end of the first dosage's {@code timing.repeat.boundsPeriod} when that is not after
 *       {@code asOf} (kept 30 days after it), else with no end (the rules then count it only if it was ordered within
 *       a washout, and note that the washout could not be checked otherwise); draft/cancelled are not active;
 *       entered-in-error dropped), MedicationStatement (active/intended/on-hold; completed/stopped kept as
 *       stopped with the end of effectivePeriod, else effectiveDateTime, else dateAsserted, so a stopped MAOI still
 *       counts during its washout), MedicationDispense (in-progress; completed with whenHandedOver + daysSupply:
 *       active until then, stopped after), MedicationAdministration (in-progress/on-hold): codes (RxNorm first) from
 *       medicationCodeableConcept or the referenced Medication (contained, in the record — e.g. from
 *       {@code _include=MedicationRequest:medication} — or in the draft orders); dose by {@code DoseMapper}
 *       ({@code {pill}}/{@code {tbl}}/{@code {puff}} counts kept as counts, doseRange at its high end,
 *       maxDosePerPeriod as a daily cap, {@code dosageInstruction.text} read when it is the only dose). The resource
 *       type is kept ({@code Medication.source}) so decision records name it.</li>
 *   <li>Prefetch values that are an OperationOutcome, a searchset with an error/fatal OperationOutcome, or one page
 *       of a paged search (a {@code next} link) are not "no data": {@code PrefetchResolver} fetches the key from
 *       {@code fhirServer} instead (a note in the decision record), or answers 412.</li>
 *   <li>Draft orders: every MedicationRequest of {@code context.draftOrders} (status as given, DRAFT if none),
 *       with its own resource id (the id part, e.g. {@code draft-metformin-1}) for suggestion actions; every
 *       ServiceRequest of the draft orders (an imaging study, a procedure) too, as a draft order with source
 *       {@code ServiceRequest}, its codes and text and no dose ({@code ServiceRequestMapper}); the rules'
 *       terminology decides which of them matter (issue 16: contrast studies).</li>
 *   <li>AllergyIntolerance: codes of code and reaction substances, active from clinicalStatus (missing: active)
 *       unless refuted/entered-in-error, highCriticality = criticality high.</li>
 *   <li>Procedure (only dialysis and kidney transplant are read; status completed or in-progress, dated by
 *       performedDateTime or the end, else start, of performedPeriod): a dialysis procedure (the DIALYSIS rows of
 *       {@code guidelines/terminology/dialysis-procedures.csv} of the loaded terminology: SNOMED CT, CPT 90935…,
 *       HCPCS G0257…, ICD-10-PCS 5A1D*) at most its {@code recentDays} (30) before {@code asOf}, with no kidney
 *       transplant (a KIDNEY_TRANSPLANT row: Procedure SNOMED 70536003, CPT 50360, ICD-10-PCS 0TY00Z0…, or a
 *       Condition 161665007 "history of renal transplant" by its onset) dated after it, adds one active Condition SNOMED 105502003 "Dependence on renal dialysis" with id
 *       {@code Procedure/<id of the latest session>} and a text naming the session's date (the terminology tags it
 *       DIALYSIS). Synthea records dialysis this way only (2-3 "Renal dialysis" procedures a week).</li>
 *   <li>Elements no rule reads are not parsed from a hook call's prefetch ({@code FhirFacts.UNREAD}: narrative,
 *       meta, identifiers, subject/encounter/author references, categories…; a Patient's name, telecom, address and
 *       other demographics than gender and birthDate; an Observation's issued when it has effective[x]): HAPI walks
 *       the request tree through {@code ProjectedJson}, a read-only view without them.</li>
 *   <li>Other resource types are ignored (counted in a DEBUG log). A single resource that breaks a domain
 *       invariant is skipped (WARN with a count only). No PHI is logged above DEBUG.</li>
 * </ul>
 *
 * <h2>Where each rule is</h2>
 * One resource, one mapper: {@code PatientMapper}, {@code ConditionMapper}, {@code ObservationMapper},
 * {@code MedicationMapper} (requests, statements, administrations, draft orders; doses by {@code DoseMapper}),
 * {@code AllergyMapper}, {@code ProcedureMapper}. What is inferred across resources, weight, pregnancy and
 * dialysis, is in {@code ClinicalInference} alone; the mappers only report its evidence (an active pregnancy
 * condition with its date, a dialysis session, a kidney transplant). {@code FactsMapper} runs them for one call
 * (de-duplication by type and id, the single Patient, the draft orders); {@code MappingLog} counts what was left out.
 */
package org.dxguard.fhir;
