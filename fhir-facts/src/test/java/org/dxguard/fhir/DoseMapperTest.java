package org.dxguard.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.dxguard.model.Dose;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.Test;

class DoseMapperTest {

    private static Dosage dosage(double amount, String unitCode) {
        Dosage d = new Dosage();
        Quantity q = new Quantity().setValue(amount);
        if (unitCode != null) {
            q.setCode(unitCode);
        }
        d.addDoseAndRate().setDose(q);
        return d;
    }

    private static Dosage withTimingCode(Dosage d, String code) {
        d.setTiming(new Timing().setCode(new CodeableConcept().addCoding(
            new org.hl7.fhir.r4.model.Coding("http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation", code, null))));
        return d;
    }

    @Test
    void should_read_frequency_from_timing_codes_when_no_repeat() {
        // given / when / then
        assertThat(DoseMapper.dose(withTimingCode(dosage(5, "mg"), "TID"), null).frequency().perDay()).isEqualTo(3.0);
        assertThat(DoseMapper.dose(withTimingCode(dosage(5, "mg"), "QID"), null).frequency().perDay()).isEqualTo(4.0);
        assertThat(DoseMapper.dose(withTimingCode(dosage(5, "mg"), "QD"), null).frequency().perDay()).isEqualTo(1.0);
        assertThat(DoseMapper.dose(withTimingCode(dosage(5, "mg"), "Q4H"), null).frequency().perDay()).isEqualTo(6.0);
        assertThat(DoseMapper.dose(withTimingCode(dosage(5, "mg"), "QOD"), null).frequency().perDay()).isEqualTo(0.5);
        assertThat(DoseMapper.dose(withTimingCode(dosage(5, "mg"), "XYZ"), null).frequency()).isNull();
    }

    @Test
    void should_convert_period_units_when_repeat_uses_hours_or_weeks() {
        // given every 8 hours, and 1 per week
        Dosage q8h = dosage(5, "mg").setTiming(new Timing().setRepeat(new Timing.TimingRepeatComponent()
            .setFrequency(1).setPeriod(8).setPeriodUnit(Timing.UnitsOfTime.H)));
        Dosage weekly = dosage(1, "mg").setTiming(new Timing().setRepeat(new Timing.TimingRepeatComponent()
            .setFrequency(1).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.WK)));
        // when
        Dose a = DoseMapper.dose(q8h, null);
        Dose b = DoseMapper.dose(weekly, null);
        // then
        assertThat(a.frequency().perDay()).isEqualTo(3.0);
        assertThat(b.frequency().periodDays()).isEqualTo(7.0);
        assertThat(b.dailyAmount()).isEqualTo(1.0 / 7.0);
    }

    @Test
    void should_keep_count_without_mg_when_tablet_strength_cannot_be_read() {
        // given one tablet of a combination product
        Dose dose = DoseMapper.dose(dosage(1, null), "Lisinopril 10 MG / Hydrochlorothiazide 12.5 MG Oral Tablet");
        // then
        assertThat(dose.unit()).isEqualTo("each");
        assertThat(dose.dailyMilligrams()).isEmpty();
    }

    @Test
    void should_keep_a_pill_count_when_the_hl7_sandbox_sends_a_pill_annotation() {
        // given the sandbox's order: 1 {pill} twice daily of a code whose name is not in the text
        Dose dose = DoseMapper.dose(withTimingCode(dosage(1, "{pill}"), "BID"), null);
        // then the count stays a count, for the rules to multiply by the table's strength
        assertThat(dose.unit()).isEqualTo("tablet");
        assertThat(dose.daily()).hasValue(2.0);
    }

    @Test
    void should_take_the_high_end_of_a_dose_range_and_cap_by_max_dose_per_period() {
        // given 1-2 tablets q6h prn, at most 6 tablets a day
        Dosage d = new Dosage();
        d.addDoseAndRate().setDose(new org.hl7.fhir.r4.model.Range()
            .setLow((org.hl7.fhir.r4.model.SimpleQuantity) new org.hl7.fhir.r4.model.SimpleQuantity().setValue(1).setCode("{tbl}"))
            .setHigh((org.hl7.fhir.r4.model.SimpleQuantity) new org.hl7.fhir.r4.model.SimpleQuantity().setValue(2).setCode("{tbl}")));
        withTimingCode(d, "Q6H");
        d.setAsNeeded(new org.hl7.fhir.r4.model.BooleanType(true));
        d.setMaxDosePerPeriod(new org.hl7.fhir.r4.model.Ratio().setNumerator(new Quantity().setValue(6).setCode("{tbl}"))
            .setDenominator(new Quantity().setValue(1).setCode("d")));
        // when
        Dose dose = DoseMapper.dose(d, null);
        // then 2 x 4 = 8 a day, capped at 6
        assertThat(dose.amount()).isEqualTo(2.0);
        assertThat(dose.daily()).hasValue(6.0);
    }

    @Test
    void should_read_the_dose_from_text_when_the_instruction_has_only_text() {
        // given dosageInstruction.text only
        Dose en = DoseMapper.dose(new Dosage().setText("1 tab po bid"), null);
        Dose zh = DoseMapper.dose(new Dosage().setText("每次0.5g，每日2次"), null);
        // then
        assertThat(en.daily()).hasValue(2.0);
        assertThat(zh.dailyMilligrams()).hasValue(1000.0);
        assertThat(DoseMapper.dose(new Dosage().setText("as directed"), null)).isNull();
    }

    @Test
    void should_multiply_tablets_by_strength_when_single_ingredient_tablet() {
        // when
        Dose dose = DoseMapper.dose(dosage(2, "{tbl}"), "24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet");
        // then
        assertThat(dose.amount()).isEqualTo(1000.0);
        assertThat(dose.unit()).isEqualTo("mg");
    }

    @Test
    void should_give_no_dose_when_amount_missing_or_not_positive() {
        // when / then
        assertThat(DoseMapper.dose(dosage(0, "mg"), null)).isNull();
        assertThat(DoseMapper.dose(new Dosage().setText("as directed"), null)).isNull();
        assertThat(DoseMapper.dose(null, null)).isNull();
    }

    @Test
    void should_read_strength_only_from_oral_solid_names() {
        // when / then
        assertThat(DoseMapper.solidStrengthMg("Simvastatin 20 MG Oral Tablet")).isEqualTo(20.0);
        assertThat(DoseMapper.solidStrengthMg("Amoxicillin 250 MG Oral Capsule")).isEqualTo(250.0);
        assertThat(DoseMapper.solidStrengthMg("insulin glargine 100 UNT/ML Injectable Solution")).isNull();
        assertThat(DoseMapper.solidStrengthMg("Errin 28 Day Pack")).isNull();
        assertThat(DoseMapper.solidStrengthMg(null)).isNull();
    }
}
