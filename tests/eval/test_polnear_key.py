"""The answer key polnear.py gives sources that name nobody ("he", "the
Florida senator"): tests on small hand-written texts, no dataset needed."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import polnear as P  # noqa: E402


def role_key(text, description, after=""):
    """The key for the first `description` after the words `after`."""
    at = text.index(description, text.index(after) if after else 0)
    return P.role_key(text, at, P.role_phrase(description))


def test_a_role_phrase_has_a_head_and_the_modifiers_it_needs():
    assert P.role_phrase("the former Florida governor") == ("governor", ["former", "florida"], "")
    assert P.role_phrase("The former secretary of state") == ("secretary", ["former"], "state")
    assert P.role_phrase("the presumptive Republican nominee") == ("nominee", ["republican"], "")
    assert P.role_phrase("the campaign") is None
    assert P.role_phrase("they") is None
    assert P.role_phrase("the senator, who spoke") is None


def test_a_description_names_the_last_person_mentioned_that_the_text_gave_the_role():
    text = ("Sen. Ted Cruz of Texas spoke first. Sen. Marco Rubio (R-Fla.) followed. "
            "Cruz said little. Later Rubio spoke again, and the Florida senator said more. "
            "Then Cruz returned, and the senator said it was over.")
    # Florida: Rubio's tie says "Fla.".
    assert role_key(text, "the Florida senator") == "Marco Rubio"
    # Both are senators; Cruz was mentioned last.
    assert role_key(text, "the senator", after="Then Cruz") == "Ted Cruz"


def test_an_appositive_gives_a_role_but_not_a_place_or_a_title():
    text = ("Mike Huckabee, the former Arkansas governor, spoke. At a press conference in Boston, "
            "the mayor was late. On Face the Nation, the governor said no.")
    assert role_key(text, "the governor", after="On Face") == "Mike Huckabee"
    assert role_key(text, "the mayor") is None


def test_a_title_of_state_needs_its_complement():
    text = ("Secretary of Defense Ash Carter met Secretary of State John Kerry. "
            "The secretary of state said the talks went well.")
    assert role_key(text, "The secretary of state") == "John Kerry"


def test_a_required_modifier_must_be_said_near_the_person():
    text = "Gov. Chris Christie met Gov. Jerry Brown. The New Jersey governor spoke."
    assert role_key(text, "The New Jersey governor") is None


def test_he_or_she_goes_to_a_person_of_that_gender():
    assert P.person_like("Marco Rubio")
    assert not P.person_like("Another")
    assert not P.person_like("New York Times")
    assert not P.person_like("NATO")
    text = "Mr. Khan and Ms. Khan spoke. Mrs. Gil spoke."
    # A family: the honorifics disagree, so the surname says nothing.
    assert P.article_gender(text, "Khan") is None
    assert P.article_gender(text, "Gil") == "f"
    # A first name vouch's fit knows.
    assert P.article_gender(text, "Hillary Clinton") == "f"


def test_the_pronoun_key_skips_what_is_no_person_and_the_other_gender():
    text = ("Ms. Ada Lind spoke. “We will win,” said the New York Times. Tom Bell, a friend, "
            "laughed. “It is over,” she said.")
    spans = {}
    for piece in ("Ms. Ada Lind", "the New York Times", "Tom Bell", "she"):
        at = text.index(piece)
        spans[piece] = (at, at + len(piece))
    quote1, quote2 = text.index("“We will win,”"), text.index("“It is over,”")
    attrs = [
        (spans["Ms. Ada Lind"], (0, 3)),
        (spans["the New York Times"], (quote1, quote1 + len("“We will win,”"))),
        (spans["she"], (quote2, quote2 + len("“It is over,”"))),
    ]
    got = {how: (gold, old) for _, _, _, gold, how, _, old in P.direct_quotes({"a": (text, attrs)})}
    # The old key took the Times; the new one the last named woman.
    assert got["pronoun"] == ("Ada Lind", "New York Times")


def test_a_content_span_that_cuts_a_two_character_quote_mark_reads_the_whole_mark():
    # The NYT writes '' (and ``) for quotation marks; annotators sometimes
    # start or stop between the two characters of one.
    text = ("''Most people feel he was good,'' Mr. Begala said. ''And he is still the best.''\n\n"
            "''He can beat her,'' Mr. Ode said, and ``We will win,'' he added.")
    first = text.index("''Most")
    second = text.index("''He can")
    attrs = [
        # Starts on the second apostrophe of the opening mark.
        (None, (first + 1, text.index("\n\n"))),
        # Ends between the apostrophes of the closing mark.
        (None, (second, text.index(",'' Mr. Ode") + 2)),
    ]
    begala = text.index("Mr. Begala")
    ode = text.index("Mr. Ode")
    attrs[0] = ((begala, begala + len("Mr. Begala")), attrs[0][1])
    attrs[1] = ((ode, ode + len("Mr. Ode")), attrs[1][1])
    got = {gold: [text[s:e] for s, e in quoted] for _, _, quoted, gold, _, _, _ in P.direct_quotes({"a": (text, attrs)})}
    # Half a mark would pair the marks wrongly: the "quotation" would be
    # "'' Mr. Begala said. ''", and the cut closing mark would hide Ode's.
    assert got["Begala"] == ["''Most people feel he was good,''", "''And he is still the best.''"]
    assert got["Ode"] == ["''He can beat her,''"]
    # A boundary between two whole marks, or next to a lone apostrophe, stays.
    assert P.whole_marks(text, first, second) == (first, second)
    assert P.whole_marks("the Joneses' car", 11, 12) == (11, 12)
    assert P.whole_marks("said '''Tis", 7, 11) == (7, 11)
    assert P.whole_marks("said ``Hi''", 6, 10) == (5, 11)
