"""The MSRP eval's labeller: which figures of a draft sentence its source
sentence states (tests/eval/paraphrase.py's shared_figures). An item the
eval counts as kept must be a figure the source really states, or vouch is
blamed for flagging what it should flag.

Run: python3 -m pytest -q tests/eval/test_paraphrase_labels.py
"""
import importlib.util
import os

import pytest

spec = importlib.util.spec_from_file_location(
    "paraphrase", os.path.join(os.path.dirname(os.path.abspath(__file__)), "paraphrase.py"))
para = importlib.util.module_from_spec(spec)
spec.loader.exec_module(para)


def shared(source, draft):
    """The draft's shared figures as their tokens, in order."""
    return [f[2] for f, _ in para.shared_figures(source, draft)]


@pytest.mark.parametrize("source, draft, tokens", [
    # Plain numbers by value, digits and spelled-out counts alike.
    ("Profit rose 12 percent to $4.2 million.", "Profit was up 12 percent at $4.2 million.", ["12", "4.2"]),
    ("Three people died.", "3 people were killed.", ["3"]),
    # A scale word after a hyphen is part of the number: $54.9 is not $54.9-million.
    ("The record of $54.9-million stood.", "It beat the record of $54.9 set in June.", []),
    ("The record of $54.9-million stood.", "It beat the record of $54.9 million.", ["54.9"]),
    # A day after an abbreviated month is a date, not a count of points.
    ("The margin of error was 2 percentage points.",
     "The poll, taken Oct. 24 to Nov. 2, had a margin of error of 2 percentage points.", ["2"]),
    # A day is no age, and no hour.
    ("Her birthday, 21 April, was a holiday.", "She turned 21 in 1947.", []),
    ("Voting runs from 8 a.m. to 5 p.m.", "Polls open Sept. 8 at 7 a.m.", []),
    # A time of day compares only with a time.
    ("The index edged down 9 points.", "The index shed 5.20 as of 9:33 a.m.", []),
    ("It happened at 5:30 a.m. at home.", "The shooting was at 5:30 a.m. in the home.", ["5", "30"]),
    ("It happened at 5:30 a.m. at home.", "The shooting was at 5:45 a.m. in the home.", []),
    # Dates: the source must state as much of the date as the draft does.
    ("He was castrated in 2001.", "He was castrated in August 2001.", []),
    ("In January 1996, two models were arrested.", "On Jan. 12, 1996, two models were arrested.", ["two"]),
    ("For the period ending June 30, lines rose.", "For the year ending June 30, 2003, lines rose.", []),
    ("Voyager 2 was also launched in 1977.", "Voyager 1 was launched on September 5, 1977.", []),
    # ... and a less precise date, or the same one, is stated.
    ("He was castrated in August 2001.", "He was castrated in 2001.", ["2001"]),
    ("It happened on Jan. 12, 1996.", "It happened on January 12, 1996.", ["12", "1996"]),
    ("It happened on 12 January 1996.", "It happened in January 1996.", ["1996"]),
    ("Returns due by Aug. 22 count.", "Returns filed by Aug. 22 count.", ["22"]),
    ("Returns due by Aug. 22 count.", "Returns filed by Aug. 23 count.", []),
    # A value the draft states more often than the source: which one is the
    # source's cannot be told, so neither is counted.
    ("Four people were shot and three others were wounded.",
     "Four people were shot and four others were wounded.", []),
    ("Returns due Aug. 15 count if submitted by Aug. 22.",
     "Returns due through Aug. 22 count if completed by Aug. 22.", []),
    # A spelled-out number inside a compound is no count.
    ("It slipped from a top-five stock to 37th.", "It was once a top-five 5 stock.", []),
    ("There were twenty-two of them.", "There were 2 of them.", []),
    # "may" the verb is no month.
    ("Sales may 5 percent.", "Sales may rise 5 percent.", ["5"]),
])
def test_shared_figures(source, draft, tokens):
    assert shared(source, draft) == tokens


def test_a_shared_figure_names_the_source_figure_that_states_it():
    source = "Four people died in Ohio and 12 in Texas, and 12 more were hurt."
    draft = "Twelve people died in Texas and 4 in Ohio."
    pairs = para.shared_figures(source, draft)
    assert [(f[2], g[2]) for f, g in pairs] == [("4", "Four")]


def test_dates_carry_what_the_sentence_states():
    figs = {f[2]: (f[3], f[4]) for f in para.figures("On Jan. 12, 1996, and in June 1999, and on 21 April.")}
    assert figs["12"] == ((1996, 1, 12), "date")
    assert figs["1996"] == ((1996, 1, 12), "date")
    assert figs["1999"] == ((1999, 6, None), "date")
    assert figs["21"] == ((None, 4, 21), "date")
