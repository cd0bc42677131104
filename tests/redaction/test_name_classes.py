"""Classes of names and places the engine used to miss (issue 13), asserted as properties on invented texts (no
string of the development sets): every character of the name or place is hidden in `strict`, and the institution
acronyms and ordinary words around it survive. Bad inputs of the issue included: OCR noise, lower case, ALL CAPS."""

from __future__ import annotations

import pytest

from redaction.cleaning import clean
from redaction.engine import RedactionEngine
from tests.redaction.test_general_rules import covered, redact, untouched


class TestOcrLettersReadAsLetters:
    @pytest.mark.parametrize(("raw", "read"), [
        ("Agent : K0NATE Ramata", "Agent : KONATE Ramata"),
        ("né à Tin0ssa", "né à Tinossa"),
        ("TRlBUNAL DE GRANDE lNSTANCE DE KAYEl", "TRIBUNAL DE GRANDE INSTANCE DE KAYEI"),
    ])
    def test_when_a_word_holds_an_ocr_digit_or_l_then_it_is_read_as_letters(self, raw: str, read: str) -> None:
        cleaned = clean(raw)
        assert cleaned.text == read
        assert len(cleaned.text) == len(raw)  # offsets unchanged

    @pytest.mark.parametrize("raw", ["tél 7O 21 33 0l", "réf. 2O19/0045", "code B0 et H12", "né en l974", "Il a dit"])
    def test_when_a_token_is_a_number_or_a_code_then_it_is_left_alone(self, raw: str) -> None:
        assert clean(raw).text == raw

    def test_when_a_name_has_an_ocr_zero_then_it_is_hidden(self, engine: RedactionEngine) -> None:
        text = "Je soussigné, Dr Lassana 0UATTARA, certifie avoir examiné la patiente Dj0ukoulé Sanogo."
        result = redact(engine, text)
        assert covered(result, text, "Lassana 0UATTARA")
        assert covered(result, text, "Dj0ukoulé Sanogo")

    def test_when_an_institution_is_ocr_noisy_then_it_is_kept(self, engine: RedactionEngine) -> None:
        text = "COUR D'APPEL DE MOPTl\nLe témoin Bakary K0NE a été entendu le 4 mars 2021."
        result = redact(engine, text)
        assert untouched(result, text, "MOPTl")
        assert covered(result, text, "Bakary K0NE")


class TestInitialsAndNameOrder:
    @pytest.mark.parametrize(("text", "name"), [
        ("Procès-verbal dressé par l'OPJ : SAMASSEKOU F.                 Le comparant : néant", "SAMASSEKOU F."),
        ("[03/02/2022 10:15] Siaka T: je suis arrivé au bureau", "Siaka T"),
        ("Patient : SAMASSEKOU, Adama    sexe M", "SAMASSEKOU, Adama"),
        ("Personnes à revoir : Mme Traoré, Nana (tante)", "Traoré, Nana"),
    ])
    def test_when_an_initial_or_a_given_name_follows_a_name_then_it_goes_with_it(
            self, engine: RedactionEngine, text: str, name: str) -> None:
        assert covered(redact(engine, text), text, name)

    def test_when_initials_stand_for_a_named_speaker_then_they_are_hidden(self, engine: RedactionEngine) -> None:
        text = ("Interview by phone. Interviewer: Rachel Oduya (RO), interpreter present.\n"
                "RO: Where were you that day?\nR: In the fields.\nRO: Who was with you?\nR: Nobody.")
        result = redact(engine, text, "en")
        assert covered(result, text, "RO")
        assert untouched(result, text, "R: In the fields")

    def test_when_family_names_are_listed_with_commas_then_no_given_name_is_invented(
            self, engine: RedactionEngine) -> None:
        text = "Les familles Coulibaly, Diarra et Keïta ont quitté le village en mars 2019."
        result = redact(engine, text)
        assert untouched(result, text, "ont quitté le village")


class TestNicknamesAndHeaders:
    @pytest.mark.parametrize(("text", "lang", "name"), [
        ("Le chef du groupe, que ses hommes appelaient « Colonel Mangue », a donné l'ordre.", "fr",
         "Colonel Mangue"),
        ("Au marché tout le monde l'appelle « Petite Lune » depuis son enfance.", "fr", "Petite Lune"),
        ("At home they called him \"Biscuit\". He never came back.", "en", "Biscuit"),
    ])
    def test_when_a_quoted_nickname_follows_a_naming_verb_then_it_is_hidden(
            self, engine: RedactionEngine, text: str, lang: str, name: str) -> None:
        assert covered(redact(engine, text, lang), text, name)

    def test_when_a_quote_is_speech_then_it_stays(self, engine: RedactionEngine) -> None:
        text = "Le soldat a dit « Non » puis il a crié « Couchez-vous » devant l'école."
        result = redact(engine, text)
        assert untouched(result, text, "Non")
        assert untouched(result, text, "Couchez-vous")

    def test_when_a_message_header_names_people_then_they_are_hidden(self, engine: RedactionEngine) -> None:
        text = ("From: Margot Lefèvre <m.lefevre@juristes.example>\nTo: Bureau régional\nCc: Yannick Obrecht\n"
                "Subject: dossier\n\nBonjour, voici le dossier.")
        result = redact(engine, text)
        assert covered(result, text, "Margot Lefèvre")
        assert covered(result, text, "Yannick Obrecht")
        assert untouched(result, text, "Bureau régional")


class TestPlacesWithDescriptors:
    def test_when_a_facility_name_is_lower_case_then_it_is_hidden(self, engine: RedactionEngine) -> None:
        text = "Ma cousine Hawa est au camp de réfugiés de tinzawat depuis 2020, avec Oumar."
        result = redact(engine, text)
        assert covered(result, text, "tinzawat")
        assert untouched(result, text, "depuis")
        assert untouched(result, text, "2020")

    @pytest.mark.parametrize(("text", "lang", "place"), [
        ("They were whipped at the Place du Cinquantenaire, in front of everyone.", "en", "Place du Cinquantenaire"),
        ("I found him later in the Kalabambougou quarter, in 2017.", "en", "Kalabambougou"),
        ("Il est né à Nioro du Sahel en 1988.", "fr", "Nioro du Sahel"),
    ])
    def test_when_a_place_has_a_descriptor_then_all_of_it_is_hidden(
            self, engine: RedactionEngine, text: str, lang: str, place: str) -> None:
        assert covered(redact(engine, text, lang), text, place)

    def test_when_the_text_says_region_then_the_region_is_kept(self, engine: RedactionEngine) -> None:
        text = "La région de Nioro du Sahel compte plusieurs cercles."
        assert untouched(redact(engine, text), text, "Nioro du Sahel")

    def test_when_a_common_place_word_follows_a_facility_then_it_stays(self, engine: RedactionEngine) -> None:
        text = "Nous étions à la place du marché avec Aminata Sangaré quand ils sont arrivés."
        assert untouched(redact(engine, text), text, "place du marché")


class TestInstitutionAcronyms:
    @pytest.mark.parametrize("acronym", ["CNRMA", "ANPCE", "CNDH", "APDF"])
    def test_when_an_unknown_acronym_stands_alone_then_it_is_kept(self, engine: RedactionEngine,
                                                                    acronym: str) -> None:
        text = f"Le dossier de Mariam Tangara a été transmis à la {acronym} le 12 mai 2021 par son avocat."
        result = redact(engine, text)
        assert untouched(result, text, acronym)
        assert covered(result, text, "Mariam Tangara")


class TestUnknownWordsWhereNamesStand:
    @pytest.mark.parametrize(("text", "lang", "place"), [
        ("The convoy was stopped at Dioungouré before noon.", "en", "Dioungouré"),
        ("Ils ont fui vers Koumbéri avec les enfants.", "fr", "Koumbéri"),
        ("The road between Ngorkou and the river was mined.", "en", "Ngorkou"),
    ])
    def test_when_an_unknown_capitalised_word_follows_a_place_cue_then_it_is_hidden(
            self, engine: RedactionEngine, text: str, lang: str, place: str) -> None:
        assert covered(redact(engine, text, lang), text, place)

    def test_when_a_known_word_follows_a_place_cue_then_it_stays(self, engine: RedactionEngine) -> None:
        text = "Ils sont venus à Pâques et ont parlé à Bamako avec la CMDT, puis sont partis au Niger."
        result = redact(engine, text)
        for kept in ("Bamako", "CMDT", "Niger"):
            assert untouched(result, text, kept)

    @pytest.mark.parametrize("name", ["sogodogo", "tangara", "kanouté"])
    def test_when_a_lower_case_name_follows_a_title_in_a_message_then_it_is_hidden(
            self, engine: RedactionEngine, name: str) -> None:
        text = f"[04/05/2022 09:12] Issa Dembélé: j'ai envoyé le dossier a mme {name} ce matin, merci"
        assert covered(redact(engine, text), text, name)

    def test_when_a_lower_case_word_follows_a_title_then_words_stay(self, engine: RedactionEngine) -> None:
        text = "[04/05/2022 09:12] Issa Dembélé: mme la directrice a dit que monsieur est absent"
        result = redact(engine, text)
        assert untouched(result, text, "la directrice")
        assert untouched(result, text, "est absent")


class TestAddressChains:
    @pytest.mark.parametrize(("text", "lang", "place"), [
        ("La famille vit maintenant à Sanfounébougou, secteur 4, chez un oncle.", "fr", "Sanfounébougou, secteur 4"),
        ("We now live in Yirgoungou sector 21 with my aunt.", "en", "Yirgoungou sector 21"),
        ("Adresse : Kalaban Coura, ACI 2000, rue 410, porte 22", "fr", "ACI 2000, rue 410, porte 22"),
    ])
    def test_when_an_address_has_several_parts_then_all_of_it_is_hidden(
            self, engine: RedactionEngine, text: str, lang: str, place: str) -> None:
        assert covered(redact(engine, text, lang), text, place)

    def test_when_a_year_stands_alone_then_it_is_kept(self, engine: RedactionEngine) -> None:
        text = "En 2000, la famille vivait à Sanfounébougou, secteur 4."
        assert untouched(redact(engine, text), text, "2000")


class TestLowerCaseAndCapsPlaces:
    @pytest.mark.parametrize("place", ["magadiela", "kodialanida"])
    def test_when_a_listed_locality_is_written_in_a_lower_case_text_then_it_is_hidden(
            self, engine: RedactionEngine, place: str) -> None:
        text = (f"an bora {place} san min na, an taga dugu wεrε la. n ka denw bε yen sisan, "
                "u ma se ka segin fewu")
        assert covered(redact(engine, text), text, place)

    def test_when_an_unknown_word_follows_base_in_an_all_caps_log_then_it_is_hidden(
            self, engine: RedactionEngine) -> None:
        text = "RADIO LOG — BASE TESSAMAKOUNE — OPERATOR ON DUTY\n0600 HRS: CONVOY LEFT FOR THE NORTH"
        result = redact(engine, text, "en")
        assert covered(result, text, "TESSAMAKOUNE")
        assert untouched(result, text, "CONVOY LEFT")


class TestInitialBeforeAnOrdinaryWord:
    def test_when_an_initial_precedes_a_surname_that_is_a_word_then_both_are_hidden(
            self, engine: RedactionEngine) -> None:
        text = "Field notes kept by P. Baker (protection officer), typed up the next day."
        assert covered(redact(engine, text, "en"), text, "P. Baker")

    def test_when_a_transcript_answers_then_the_answer_stays(self, engine: RedactionEngine) -> None:
        text = "Q. What did you do then?\nA. Nothing. We waited for the night."
        assert untouched(redact(engine, text, "en"), text, "Nothing")


class TestReportAuthors:
    @pytest.mark.parametrize(("text", "lang", "name"), [
        ("5. DRAFTED BY: JEAN DUVERNOIS\n6. DISTRIBUTION: INTERNAL", "en", "JEAN DUVERNOIS"),
        ("Compte rendu rédigé par : Hélène Marchal\nDiffusion : interne", "fr", "Hélène Marchal"),
        ("Reviewed by: Tom Okafor\nStatus: final", "en", "Tom Okafor"),
    ])
    def test_when_a_label_says_who_wrote_the_report_then_the_name_is_hidden(
            self, engine: RedactionEngine, text: str, lang: str, name: str) -> None:
        assert covered(redact(engine, text, lang), text, name)

    def test_when_such_a_label_holds_a_date_then_the_date_stays(self, engine: RedactionEngine) -> None:
        text = "Drafted on: 12 May 2021\nReviewed by: Tom Okafor"
        assert untouched(redact(engine, text, "en"), text, "May 2021")


def test_when_letters_match_a_named_persons_initials_by_chance_then_they_stay(engine: RedactionEngine) -> None:
    text = "Déclarant : Adama Konaté\nLe demandeur   L'agent enregistreur\n+ WU AK ~~ |"
    assert not [f for f in engine.analyze(text, lang="fr") if f.recognizer == "context.initials_of_found_name.v1"]
