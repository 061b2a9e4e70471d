"""The phone_links filter: tap-to-call numbers, everything else escaped, and no
link on a date, a time or a short number."""

import pytest
from django.template import Context, Template
from django.utils.safestring import mark_safe

from glimmers.web.templatetags.glimmers_extras import link_phones, phone_links, tel_target


def render(text, *, autoescape=True) -> str:
    return Template("{% load glimmers_extras %}{{ text|phone_links }}").render(Context({"text": text}, autoescape=autoescape))


@pytest.mark.parametrize("text, expected", [
    ("Mum 07700 900123", 'Mum <a href="tel:07700900123">07700 900123</a>'),
    ("+44 (0)20 7946 0958", '<a href="tel:+442079460958">+44 (0)20 7946 0958</a>'),
    ("call 116 123", 'call <a href="tel:116123">116 123</a>'),
    ("GP surgery: 020 7946 0000", 'GP surgery: <a href="tel:02079460000">020 7946 0000</a>'),
    ("(020) 7946 0958 after six", '<a href="tel:02079460958">(020) 7946 0958</a> after six'),
    ("Dad (07700 900456)", 'Dad (<a href="tel:07700900456">07700 900456</a>)'),
    ("Lifeline 13 11 14", 'Lifeline <a href="tel:131114">13 11 14</a>'),
    ("1-800-273-8255.", '<a href="tel:18002738255">1-800-273-8255</a>.'),
    ("Mum:07700900123", 'Mum:<a href="tel:07700900123">07700900123</a>'),
    ("Mum 07700 900123, Dad 07700 900456",
     'Mum <a href="tel:07700900123">07700 900123</a>, Dad <a href="tel:07700900456">07700 900456</a>'),
])
def test_phone_numbers_become_tel_links(text, expected):
    assert render(text) == expected


@pytest.mark.parametrize("text", [
    "2026-12-06", "10:30", "step 6", "6-12-2026", "06/12/2026", "06.12.2026", "2020-2026", "call 999 or 112",
    "walk 20 minutes", "1,500,000 steps", "room 101", "2026-12-06 10:30", "at 10:30 2026-12-06", "3.14159265",
    "123456",  # six digits in one run: a reference, not a helpline
])
def test_dates_times_and_short_numbers_stay_text(text):
    assert render(text) == text and "<a" not in render(text)


def test_a_number_next_to_a_time_or_a_date_is_still_found_and_they_are_not():
    assert render("GP 020 7946 0000 9am-5pm") == 'GP <a href="tel:02079460000">020 7946 0000</a> 9am-5pm'
    assert render("07700 900123 at 10:30") == '<a href="tel:07700900123">07700 900123</a> at 10:30'


def test_html_in_the_text_is_escaped_and_only_the_links_are_markup():
    out = render('<script>alert("x")</script> & Mum 07700 900123 <b>')
    assert out == ('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Mum '
                   '<a href="tel:07700900123">07700 900123</a> &lt;b&gt;')
    assert render('"><img src=x> 020 7946 0958').startswith("&quot;&gt;&lt;img src=x&gt; <a ")


def test_safe_text_and_autoescape_off_are_not_escaped_twice():
    assert phone_links(mark_safe("<em>Mum</em> 07700 900123")) == '<em>Mum</em> <a href="tel:07700900123">07700 900123</a>'
    assert render("a & b 07700 900123", autoescape=False) == 'a & b <a href="tel:07700900123">07700 900123</a>'
    assert phone_links(None) == "" and phone_links(42) == "42"


def test_tel_target_rules():
    assert tel_target("+44 (0)20 7946 0958") == "tel:+442079460958"
    assert tel_target("116 123") == "tel:116123" and tel_target("116123") is None
    assert tel_target("2026-12-06") is None and tel_target("12345") is None
    assert tel_target("1" * 16) is None  # longer than any phone number
    assert link_phones("no numbers here") == "no numbers here"
