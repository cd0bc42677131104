"""General recall rules of issue 13, asserted as properties on invented texts (no string of the development
sets): every character of an identifier is inside a redacted span, keep-list terms and ordinary form words
survive. One test class per rule family; the bad-input forms of the issue (lower case only, ALL CAPS only, OCR
noise in labels, a reference holding an institution acronym, a foreign number cut by a line break) included."""

from __future__ import annotations

import pytest

from redaction.engine import RedactionEngine
from redaction.findings import RedactionResult


def redact(engine: RedactionEngine, text: str, lang: str = "fr") -> RedactionResult:
    return engine.redact(text, lang=lang, profile="strict")


def covered(result: RedactionResult, text: str, value: str) -> bool:
    """Every character of every occurrence of ``value`` in ``text`` is inside a span the profile hides."""
    assert value in text, f"test data: {value!r} is not in the text"
    hidden = [e for e in result.entities if e.action != "keep"]
    start = text.find(value)
    while start >= 0:
        if not all(any(e.start <= i < e.end for e in hidden) for i in range(start, start + len(value))):
            return False
        start = text.find(value, start + 1)
    return True


def untouched(result: RedactionResult, text: str, value: str) -> bool:
    """No character of any occurrence of ``value`` is inside a hidden span."""
    assert value in text, f"test data: {value!r} is not in the text"
    hidden = [e for e in result.entities if e.action != "keep"]
    start = text.find(value)
    while start >= 0:
        if any(e.start < start + len(value) and start < e.end for e in hidden):
            return False
        start = text.find(value, start + 1)
    return True


class TestPhonesWrittenLoosely:
    @pytest.mark.parametrize("number", [
        "6 5 2 0 4 4 1 9", "8 3 1 1 - 4 0 - 7 2", "7 1 - 0 9 - 5 5 - 3 6", "66 – 31 – 08 – 47", "9O 13 27 64",
        "6l 40 22 85",
    ])
    def test_when_a_number_is_spaced_dashed_or_typed_with_a_letter_then_it_is_redacted_whole(
            self, engine: RedactionEngine, number: str) -> None:
        text = f"mon numero c'est {number} merci de rappeler"
        assert covered(redact(engine, text), text, number)

    @pytest.mark.parametrize("text", ["le 14 03 2019 a midi", "il a payé 1 500 000 FCFA", "vers 14 h 30 le soir"])
    def test_when_digits_are_a_date_an_amount_or_a_time_then_they_stay_readable(
            self, engine: RedactionEngine, text: str) -> None:
        assert "[Téléphone]" not in redact(engine, text).redacted_text

    def test_when_plus_is_spoken_before_a_foreign_number_then_the_prefix_and_number_are_redacted(
            self, engine: RedactionEngine) -> None:
        text = "you can call my brother on plus 227 96 40 18 32 in the evening"
        assert covered(redact(engine, text, "en"), text, "plus 227 96 40 18 32")

    def test_when_a_foreign_number_is_split_across_a_line_break_then_both_lines_are_redacted(
            self, engine: RedactionEngine) -> None:
        text = "Réfugiée au Niger, elle reste joignable au +227 90 41\n77 03 le soir."
        result = redact(engine, text)
        assert covered(result, text, "+227 90 41\n77 03")
        assert untouched(result, text, "Niger")

    def test_when_a_dictated_identifier_ends_with_a_letter_then_the_letter_is_redacted_too(
            self, engine: RedactionEngine) -> None:
        text = "her card number is two four one one zero nine eight seven six five four three two m thank you"
        number = "two four one one zero nine eight seven six five four three two m"
        assert covered(redact(engine, text, "en"), text, number)


class TestAges:
    @pytest.mark.parametrize(("text", "age"), [
        ("Enfants : Souleymane (7 an(s)), Kadia (3ans)", "7 an(s)"),
        ("Children :  9 years, 14 months", "9 years"),
        ("Dependants:\n1| Bintou Coulibaly| sister| 11 years\n", "11 years"),
    ])
    def test_when_a_form_field_or_table_cell_holds_a_number_and_unit_then_it_is_an_age(
            self, engine: RedactionEngine, text: str, age: str) -> None:
        assert covered(redact(engine, text), text, age)

    @pytest.mark.parametrize(("text", "age", "lang"), [
        ("interviewer how old are you\nwitness sixty three i was born in nioro", "sixty three", "en"),
        ("[00:00:05.100 --> 00:00:07.900] and your age\n[00:00:08.000 --> 00:00:09.500] thirty one", "thirty one",
         "en"),
        ("— Quel âge avez-vous ?\n— Quarante-six ans je crois.", "Quarante-six", "fr"),
    ])
    def test_when_an_age_question_is_answered_in_words_then_the_answer_is_an_age(
            self, engine: RedactionEngine, text: str, age: str, lang: str) -> None:
        assert covered(redact(engine, text, lang), text, age)

    def test_when_aged_comes_before_a_number_then_the_age_is_redacted(self, engine: RedactionEngine) -> None:
        text = "Her nephew Lassine, aged 9, was taken to the health centre."
        assert covered(redact(engine, text, "en"), text, "9")

    def test_when_a_number_of_years_is_a_duration_then_it_stays(self, engine: RedactionEngine) -> None:
        text = "He was held for 3 years in the camp before his release."
        result = redact(engine, text, "en")
        assert untouched(result, text, "3 years")


class TestDatesOfBirth:
    @pytest.mark.parametrize(("text", "date"), [
        ("Date de naissance :   --/--/1958\nProvenance : Kona", "--/--/1958"),
        ("Née le mardi 9 mai 1972 à Dialakoro.", "mardi 9 mai 1972"),
        ("il est né a dioro le 5 jullet 2006 dans la nuit", "5 jullet 2006"),
        ("The claimant was born\non 4 March 1983 in a village near Dioura.", "4 March 1983"),
        ("Date dc naissance .21/06/1969\nLieu : Kona", "21/06/1969"),
        ("Né(e) lc: 1988-11-30      à;   Diafarabé", "1988-11-30"),
    ])
    def test_when_a_date_of_birth_is_written_in_any_form_then_it_is_redacted_whole(
            self, engine: RedactionEngine, text: str, date: str) -> None:
        assert covered(redact(engine, text), text, date)

    def test_when_a_spelled_year_follows_born_then_it_is_a_date_of_birth(self, engine: RedactionEngine) -> None:
        text = "my name is ali cissé i was born nineteen seventy two in a village near bourem"
        assert covered(redact(engine, text, "en"), text, "nineteen seventy two")

    def test_when_a_birth_year_is_written_again_nearby_then_it_is_redacted_but_an_event_year_stays(
            self, engine: RedactionEngine) -> None:
        text = "Born 14/02/1966 per the registry, her card only says 1966. She fled in March 2019 after the attack."
        result = redact(engine, text, "en")
        assert covered(result, text, "1966")
        assert untouched(result, text, "2019")

    def test_when_an_event_year_follows_a_spelled_birth_date_then_the_event_year_stays(
            self, engine: RedactionEngine) -> None:
        text = "i was born on may third nineteen eighty what happened to you in 2018 they burned the market"
        result = redact(engine, text, "en")
        assert untouched(result, text, "2018")


class TestNames:
    def test_when_names_are_typed_in_lower_case_in_a_cased_message_then_they_are_redacted(
            self, engine: RedactionEngine) -> None:
        text = "Ce matin les hommes ont emmené seydou et la petite kadidiatou vers la brousse."
        result = redact(engine, text)
        assert covered(result, text, "seydou")
        assert covered(result, text, "kadidiatou")
        assert untouched(result, text, "brousse")

    @pytest.mark.parametrize(("text", "name", "lang"), [
        ("bonsoir, je m'appelle oumou walet sidi, je suis à tessalit", "oumou walet sidi", "fr"),
        ("ILS L'ONT ARRÊTÉ, LE NOMMÉ HAMADI TEMBELY DIT SOUMBOUROU, À L'AUBE.", "SOUMBOUROU", "fr"),
        ("Le chef, Issa Cissé dit « Grand Issa », donnait les ordres.", "Grand Issa", "fr"),
        ("We only know him by his nickname \"Barbe Rouge\", nothing else.", "Barbe Rouge", "en"),
        ("Hello Fatoumata,\n\nPlease find the list attached.", "Fatoumata", "en"),
    ])
    def test_when_a_name_is_announced_by_its_context_then_it_is_redacted_whatever_its_case(
            self, engine: RedactionEngine, text: str, name: str, lang: str) -> None:
        assert covered(redact(engine, text, lang), text, name)

    def test_when_a_quotation_is_an_ordinary_sentence_then_it_stays(self, engine: RedactionEngine) -> None:
        text = "Le chef a dit « Partez tout de suite » et ils sont partis."
        assert untouched(redact(engine, text), text, "Partez tout de suite")

    def test_when_an_initial_stands_before_a_name_then_it_is_part_of_the_span(self, engine: RedactionEngine) -> None:
        text = "Référé(e) par :   B. Ag Mohamed, parajuriste de la clinique"
        assert covered(redact(engine, text), text, "B. Ag Mohamed")

    def test_when_a_name_is_followed_by_a_lower_case_initial_in_a_chat_then_the_initial_is_redacted(
            self, engine: RedactionEngine) -> None:
        text = "oumar k: je suis arrivé\nawa: ok merci\noumar k: on se voit demain"
        assert covered(redact(engine, text), text, "oumar k")

    def test_when_a_name_ends_before_a_wide_gap_then_the_next_field_label_stays(self, engine: RedactionEngine) -> None:
        text = "Nom : SANOGO        Prénom : Kalifa\nÂge : 33"
        result = redact(engine, text)
        assert covered(result, text, "SANOGO")
        assert untouched(result, text, "Prénom")

    def test_when_a_caps_header_says_witness_statement_then_no_name_is_found(self, engine: RedactionEngine) -> None:
        text = "WITNESS STATEMENT\nWitness : W4\nThe witness was heard on 3 May 2021."
        assert untouched(redact(engine, text, "en"), text, "STATEMENT")


class TestPlaces:
    def test_when_a_town_is_title_case_inside_an_all_caps_header_then_it_is_redacted(
            self, engine: RedactionEngine) -> None:
        text = "CENTRE DE SANTÉ Konna — FICHE DE CONSULTATION\nPatient : Awa Traoré"
        assert covered(redact(engine, text), text, "Konna")

    @pytest.mark.parametrize(("text", "place"), [
        ("Brigade territoriale de Diafarabé, procès-verbal n° 12", "Diafarabé"),
        ("Ils ont bloqué la route de Ténenkou pendant deux jours.", "Ténenkou"),
    ])
    def test_when_a_place_is_the_seat_of_a_facility_or_the_end_of_a_road_then_it_is_redacted(
            self, engine: RedactionEngine, text: str, place: str) -> None:
        assert covered(redact(engine, text), text, place)

    @pytest.mark.parametrize(("text", "place", "lang"), [
        ("mon fils est parti a ouagadougou puis a niamey", "niamey", "fr"),
        ("She lives in Bobo-Dioulasso now with her aunt.", "Bobo-Dioulasso", "en"),
        ("he left for nouadhibou and we never heard from him", "nouadhibou", "en"),
    ])
    def test_when_a_town_abroad_is_named_in_any_case_then_it_is_redacted_and_its_country_kept(
            self, engine: RedactionEngine, text: str, place: str, lang: str) -> None:
        assert covered(redact(engine, text, lang), text, place)

    @pytest.mark.parametrize(("text", "country", "lang"), [
        ("Il vit en France depuis 2019 avec sa sœur.", "France", "fr"),
        ("Number +226 70 11 22 33 (Burkina). Not called back.", "Burkina", "en"),
    ])
    def test_when_a_country_is_named_then_it_stays(self, engine: RedactionEngine, text: str, country: str,
                                                   lang: str) -> None:
        assert untouched(redact(engine, text, lang), text, country)

    @pytest.mark.parametrize(("text", "address"), [
        ("demeurant rue 318 porte 44, joignable le soir", "rue 318 porte 44"),
        ("domicilié rue 12, porte 9, Hippodrome, Bamako", "rue 12, porte 9, Hippodrome"),
        ("DOMICILIÉ AU QUARTIER SANS FIL SECTEUR 2 À GAO.", "SECTEUR 2"),
        ("Lieu de vie ; síte de la Gare\nÉvénement : incendie", "síte de la Gare"),
    ])
    def test_when_an_address_has_several_parts_then_it_is_one_redacted_span(
            self, engine: RedactionEngine, text: str, address: str) -> None:
        result = redact(engine, text)
        assert covered(result, text, address)
        for kept in ("Bamako", "GAO"):
            if kept in text:
                assert untouched(result, text, kept)

    def test_when_an_unknown_word_follows_a_place_cue_in_all_caps_then_it_is_a_place(
            self, engine: RedactionEngine) -> None:
        text = "THE WITNESS WAS BORN IN 1985 IN INKASSORA AND WENT TO SCHOOL IN BAMAKO UNTIL 2001."
        result = redact(engine, text, "en")
        assert covered(result, text, "INKASSORA")
        for value in ("SCHOOL", "BAMAKO", "WITNESS"):
            assert untouched(result, text, value), value

    def test_when_a_village_is_written_in_all_caps_then_it_is_redacted(self, engine: RedactionEngine) -> None:
        text = "JE SUIS NÉE À DIOURA EN 1990. LES HOMMES ARMÉS SONT VENUS À DIOURA EN 2019."
        result = redact(engine, text)
        assert covered(result, text, "DIOURA")
        assert untouched(result, text, "2019")


class TestFormsAndReferences:
    def test_when_form_labels_carry_ocr_noise_then_their_values_are_redacted(self, engine: RedactionEngine) -> None:
        text = "N0m : KONATÉ\nPrén0m(s) : Assétou\nTel . 66 14 90 27\nÂge .41 an(s)\nVi11age ; Sirakorola"
        result = redact(engine, text)
        for value in ("KONATÉ", "Assétou", "66 14 90 27", "41 an(s)", "Sirakorola"):
            assert covered(result, text, value), value

    def test_when_an_identifier_is_cut_by_a_line_break_in_a_field_then_both_lines_are_redacted(
            self, engine: RedactionEngine) -> None:
        text = "Passeport :   A 41\n70623\nTél. : 75 60 21 93"
        assert covered(redact(engine, text), text, "A 41\n70623")

    def test_when_a_reference_contains_an_institution_acronym_then_the_whole_reference_is_redacted(
            self, engine: RedactionEngine) -> None:
        text = "Dossier transmis à la CVJR sous le n° CVJR/TBK/2020/0317. La CVJR a confirmé."
        result = redact(engine, text)
        assert covered(result, text, "CVJR/TBK/2020/0317")
        assert result.redacted_text.count("CVJR") == 2

    def test_when_a_whole_testimony_is_lower_case_then_its_identifiers_are_redacted(
            self, engine: RedactionEngine) -> None:
        text = ("bonjour je m'appelle mariam sangaré je suis née le quatre juin mille neuf cent quatre vingt six a "
                "dioro mon numero c'est 7 9 4 4 0 1 2 6 mon fils a douze ans")
        result = redact(engine, text)
        for value in ("mariam sangaré", "quatre juin mille neuf cent quatre vingt six", "7 9 4 4 0 1 2 6",
                      "douze ans"):
            assert covered(result, text, value), value

    def test_when_a_whole_testimony_is_all_caps_then_its_identifiers_are_redacted_and_regions_kept(
            self, engine: RedactionEngine) -> None:
        text = ("MON NOM EST ADAMA KONÉ. JE SUIS NÉ LE 3 MAI 1979 À DIOURA, RÉGION DE SÉGOU. MON NUMÉRO : 7O 21 "
                "55 08. EN 2018 LES HOMMES ARMÉS ONT BRÛLÉ LE MARCHÉ.")
        result = redact(engine, text)
        for value in ("ADAMA KONÉ", "3 MAI 1979", "DIOURA", "7O 21 55 08"):
            assert covered(result, text, value), value
        for value in ("SÉGOU", "2018"):
            assert untouched(result, text, value), value
