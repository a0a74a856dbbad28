package org.dxguard.text;

/** Whom a mention is about: the patient, or someone else (family history, a contact). */
public enum Experiencer { PATIENT, OTHER }
