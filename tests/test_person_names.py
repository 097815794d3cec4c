"""People's names: normalised, compared by key, and refused with one line when invisible or mixed-script."""

from __future__ import annotations

import pytest

from sim.common.errors import LadderError, PersonNameError
from sim.common.person_names import MAX_NAME, check_name, name_key, normalise, script_of


def test_three_spellings_are_one_name() -> None:
    spellings = ["Ann Lee", "ann lee", "Ann Lee ", "  ANN\tLEE", "Ann  Lee"]
    assert {name_key(s) for s in spellings} == {"ann lee"}
    assert normalise("  Ann \t Lee ") == "Ann Lee"
    assert check_name("Ann Lee ") == "Ann Lee"


def test_nfkc_folds_compatibility_forms() -> None:
    assert normalise("ＡＮＮ") == "ANN"  # full-width letters
    assert normalise("Ann\u00a0Lee") == "Ann Lee"  # no-break space
    assert name_key("Jose\u0301") == name_key("José")  # combining accent and precomposed letter
    assert name_key("STRASSE") == name_key("straße")


@pytest.mark.parametrize(
    "name",
    [
        "José Núñez",
        "Zoë O'Brien-Smith",
        "Анна Ли",
        "Αλέξανδρος Παπαδόπουλος",
        "山田 太郎",
        "やまだ タロウ",
        "山田 タロウ",
        "محمد علي",
        "प्रिया शर्मा",
        "김민준",
        "J. R. Smith 3rd",
        "Ann",
    ],
)
def test_a_name_in_one_script_is_welcome(name: str) -> None:
    assert check_name(name) == name


@pytest.mark.parametrize(
    "raw, words",
    [
        ("", "cannot be empty"),
        ("   ", "cannot be empty"),
        ("x" * (MAX_NAME + 1), f"at most {MAX_NAME} characters"),
        ("Ann\u200bLee", "U+200B (ZERO WIDTH SPACE)"),
        ("Ann\u200dLee", "U+200D (ZERO WIDTH JOINER)"),
        ("\u202eeeL nnA", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("Ann\u200fLee", "U+200F (RIGHT-TO-LEFT MARK)"),
        ("Ann\u00adLee", "U+00AD (SOFT HYPHEN)"),
        ("Ann\ufeff", "U+FEFF"),
        ("Ann\x1b[2J", "U+001B"),
        ("Ann\ue000", "U+E000"),
        ("\u0410nn Lee", "mixes Cyrillic and Latin letters"),  # Cyrillic А
        ("Ann L\u0435e", "mixes Latin and Cyrillic letters"),  # Cyrillic е
        ("P\u03b1ul", "mixes Latin and Greek letters"),  # Greek α
    ],
)
def test_a_bad_name_is_refused_in_one_line(raw: str, words: str) -> None:
    with pytest.raises(PersonNameError) as info:
        check_name(raw)
    message = str(info.value)
    assert words in message and "\n" not in message
    assert isinstance(info.value, LadderError) and isinstance(info.value, ValueError)


def test_digits_and_punctuation_belong_to_no_script() -> None:
    assert [script_of(c) for c in "1 -'."] == [None] * 5
    assert script_of("é") == "LATIN" and script_of("ж") == "CYRILLIC" and script_of("カ") == script_of("山")
