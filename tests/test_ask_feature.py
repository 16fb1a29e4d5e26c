"""The English `ask` group by sentence shape: what counts as a request of the reader in the
sense of the email-intent labels (`bench/ask_detection.py`), and the look-alikes that do not.
Each case stands for a general shape (an imperative after "so", a Title Case heading, "please"
used as a verb), so a change that loses the shape fails here, not only in the benchmark."""

from __future__ import annotations

import pytest

from linter.api import Linter
from linter.config import Config


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(Config(lang="en"))


ASKS = [
    # an imperative joined by a conjunction
    "I'm out this afternoon, so call me on my cell.",
    "We can do that, but check with Dana before Friday.",
    # a meeting proposed for anyone, not only "we"
    "I think the three teams should sit down together next month.",
    # a stated need, a polite imperative (even an apology or a welcome)
    "I need the signed copy by Thursday.",
    "Need the report by noon.",
    "Please accept our apologies for the delay.",
    "Please welcome Ana to the platform team.",
    # work verbs opening a sentence
    "Arrange a room for the budget review.",
    "Swing by my desk after lunch.",
    "Let Bob know the call moved to 3.",
    # questions and invitations that lost their question mark, text-message spelling
    "Do you know who signs these",
    "Would you like to join us for lunch on Friday.",
    "can u send it over tonight",
    "lmk when you land",
    # words that mostly come with an ask
    "I'd appreciate a quick reply.",
    "I recommend a short call before we sign.",
    "I want your input on the draft.",
    "Thanks in advance for the figures.",
    # accepting a time, a meeting or meal set for a day
    "Tuesday works for me.",
    "Lunch with the vendor is on Friday at noon.",
]

NOT_ASKS = [
    # Title Case headings and subject lines
    "Save 20% on All Winter Boots",
    "Is Your Garden Ready for Spring?",
    # "please" as a verb, notices with a verb of knowing
    "Gifts to please everyone on your list.",
    "Please keep in mind that the portal is still in beta.",
    # farewells, well-wishes, thanks for what is done, footers
    "See you Monday.",
    "Enjoy your vacation!",
    "Thank you for your feedback on the survey.",
    "If you are not the intended recipient, please delete this message.",
    "E-mail notifications go out every morning.",
    # hedged tips, closing formulas, someone else's meeting
    "You might want to keep your receipt.",
    "I look forward to meeting you on Saturday.",
    "Our committee is meeting tomorrow to settle the budget.",
    "Your help made all the difference.",
]


@pytest.mark.parametrize("text", ASKS)
def test_ask_shapes_are_found(linter, text):
    assert linter.analyze(text, "en").spans("ask"), text


@pytest.mark.parametrize("text", NOT_ASKS)
def test_look_alikes_are_not_asks(linter, text):
    assert not linter.analyze(text, "en").spans("ask"), text


def test_polite_imperatives_stay_out_of_direct_ask(linter):
    """`ask` takes the apology back; `direct_ask` (what en.bypass.cc-manager reads) does not."""
    text = "Please accept our apologies for the delay."
    assert linter.analyze(text, "en").spans("ask")
    assert not linter.analyze(text, "en").spans("direct_ask")


@pytest.mark.parametrize(
    "text, group",
    [
        ("I'd love your thoughts on the draft.", "direct_ask"),
        ("We’d really like your team to run the load test.", "direct_ask"),
        ("If you'd like to go over the numbers, ring me.", "ask"),
    ],
)
def test_contracted_would_is_read_like_would(linter, text, group):
    """A contraction ("I'd", "you'd") has no space before it; patterns written as `i\\s+'d`
    never matched one."""
    assert linter.analyze(text, "en").spans(group), text
