"""The extractor's rules, one behaviour per test (the corpus tests cover whole ads)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from dorker.errors import UsageError
from dorker.leads.digits import ascii_digits
from dorker.leads.extract import CHUNK, extract_leads
from dorker.leads.model import Lead


def pairs(text: str, region: str = "BD") -> list[tuple[str, str]]:
    return [(lead.kind, lead.value) for lead in extract_leads(text, region)]


def ids(text: str, region: str = "BD") -> set[str]:
    return {lead.id for lead in extract_leads(text, region)}


# -- the contract -----------------------------------------------------------------------------


def test_lead_is_a_frozen_dataclass_with_the_agreed_fields() -> None:
    lead = extract_leads("WhatsApp 01712-345678")[0]
    assert isinstance(lead, Lead)
    with pytest.raises(dataclasses.FrozenInstanceError):
        lead.value = "x"  # type: ignore[misc]
    assert (lead.kind, lead.value, lead.raw, lead.span, lead.id) == (
        "whatsapp", "+8801712345678", "01712-345678", (9, 21), "phone:+8801712345678")
    assert lead.as_json() == {"kind": "whatsapp", "value": "+8801712345678",
                              "raw": "01712-345678", "span": [9, 21],
                              "id": "phone:+8801712345678"}


def test_money_json_has_a_number_and_the_record_has_text() -> None:
    lead = extract_leads("খরচ ৪.৫ লাখ টাকা")[0]
    assert lead.as_json() | {} == {"kind": "money", "value": "BDT 450000", "raw": "৪.৫ লাখ টাকা",
                                   "span": [4, 16], "id": "money:BDT:450000", "amount": 450000,
                                   "currency": "BDT"}
    assert lead.record()["amount"] == "450000"
    assert lead.amount == Decimal(450000)


def test_one_number_written_three_ways_is_one_identity() -> None:
    local = ids("Call 01712-345678")
    spaced = ids("WhatsApp +880 1712 345 678")
    bengali = ids("ইমু ০১৭১২৩৪৫৬৭৮")
    assert local == spaced == bengali == {"phone:+8801712345678"}


def test_unknown_region_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown region 'XX'"):
        extract_leads("01712345678", "XX")
    assert pairs("01712345678", "bd") == [("phone", "+8801712345678")]


def test_empty_and_letterless_texts_have_no_leads() -> None:
    assert extract_leads("") == []
    assert extract_leads("কোন নম্বর নেই, no number at all.") == []


# -- digits -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "ascii_form"), [
    ("০১৭১২", "01712"), ("٠١٧١٢", "01712"), ("۰۱۷۱۲", "01712"), ("०१७१२", "01712"),
    ("１２", "12"), ("٤٫٥", "4.5"), ("abc", "abc"),
])
def test_digits_map_one_for_one(written: str, ascii_form: str) -> None:
    assert ascii_digits(written) == ascii_form
    assert len(ascii_digits(written)) == len(written)


# -- phones -----------------------------------------------------------------------------------


@pytest.mark.parametrize("written", [
    "01712-345678", "+880 1712 345 678", "(01712) 345678", "01712.345.678", "8801712345678",
    "+88 01712-345678", "0088 01712 345678", "৮৮০১৭১২৩৪৫৬৭৮", "+৮৮০-১৭১২-৩৪৫৬৭৮",
    "٠١٧١٢٣٤٥٦٧٨", "۰۱۷۱۲۳۴۵۶۷۸", "017 12 34 56 78", "01712–345678",
])
def test_the_ways_a_bangladeshi_mobile_is_written(written: str) -> None:
    assert pairs(f"call {written} now") == [("phone", "+8801712345678")]


@pytest.mark.parametrize("text", [
    "Passport No: 0712345678", "Invoice: 01712345678", "Receipt #01712345678",
    "Reg. No. 1712345678", "Order ID 01712345678", "trade licence 0171234/2024",
    "roll 01712345678", "Lot 0171-2345-678", "12-05-2024", "Dhaka 1207", "BG 0147 at 10:30",
    "NID 19901234567890123", "17/12/2345678",
])
def test_labelled_and_glued_numbers_are_not_phones(text: str) -> None:
    assert [kind for kind, _ in pairs(text)] in ([], ["money"])
    assert not any(kind == "phone" for kind, _ in pairs(text))


def test_a_mobile_money_account_is_a_phone_whatever_its_label() -> None:
    assert pairs("Account no 01712345678 (bKash)") == [("phone", "+8801712345678")]


def test_two_numbers_joined_by_a_slash_are_two_phones() -> None:
    assert pairs("Call 01712345678/01812345678") == [
        ("phone", "+8801712345678"), ("phone", "+8801812345678")]


@pytest.mark.parametrize(("text", "kinds"), [
    ("WA: 01819-998877, IMO: 01719-887766", ["whatsapp", "imo"]),
    ("01798-123456 (হোয়াটসঅ্যাপ), 01876-543210 (ইমু)", ["whatsapp", "imo"]),
    ("Viber/WhatsApp 01811-234567", ["whatsapp"]),
    ("ভাইবার নম্বর 01811-234567", ["viber"]),
    ("واتساب ٠١٧١٢٣٤٥٦٧٨", ["whatsapp"]),
    ("व्हाट्सएप करें 01712345678", ["whatsapp"]),
    ("WhatsApp group below.\nOffice: 01712345678", ["phone"]),
    ("WhatsApp: 01712345678, Telegram: 01812345678", ["whatsapp", "phone"]),
    ("Signal +8801712345678", ["signal"]),
])
def test_a_messenger_word_gives_the_number_its_kind(text: str, kinds: list[str]) -> None:
    assert [lead.kind for lead in extract_leads(text)] == kinds


def test_the_region_reads_numbers_without_a_country_code() -> None:
    assert pairs("WhatsApp 012-345 6789", "MY") == [("whatsapp", "+60123456789")]
    assert pairs("WhatsApp 012-345 6789", "BD") == []
    assert pairs("WhatsApp +60 12-345 6789", "BD") == [("whatsapp", "+60123456789")]


# -- links ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("wa.me/8801712345678", [("whatsapp", "+8801712345678")]),
    ("https://wa.me/+8801712345678?text=hi", [("whatsapp", "+8801712345678")]),
    ("https://api.whatsapp.com/send?phone=8801712345678&text=job",
     [("whatsapp", "+8801712345678")]),
    ("whatsapp://send?phone=8801712345678", [("whatsapp", "+8801712345678")]),
    ("tel:+8801712345678", [("phone", "+8801712345678")]),
    ("tel:01712345678", [("phone", "+8801712345678")]),
    ("viber://chat?number=%2B8801712345678", [("viber", "+8801712345678")]),
    ("wa.me/12345", [("url", "http://wa.me/12345")]),  # no valid number: only the link
    ("t.me/Abu_Salim_Travel", [("telegram", "abu_salim_travel")]),
    ("https://t.me/s/abu_salim_travel", [("telegram", "abu_salim_travel")]),
    ("https://t.me/abu_salim_travel/123", [("telegram", "abu_salim_travel")]),
    ("telegram.me/abu_salim_travel", [("telegram", "abu_salim_travel")]),
    ("tg://resolve?domain=abu_salim_travel", [("telegram", "abu_salim_travel")]),
    ("https://t.me/+AbCdEf12345XyZ", [("telegram", "+AbCdEf12345XyZ")]),
    ("https://t.me/joinchat/AbCdEf12345XyZ", [("telegram", "+AbCdEf12345XyZ")]),
    ("https://t.me/c/123456/78", []),
    ("https://t.me/share/url?url=x", []),
])
def test_messenger_links_are_their_selector(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected


def test_an_invite_keeps_its_code_as_written_whichever_link_form() -> None:
    assert ids("t.me/+AbCdEf12345XyZ") == ids("t.me/joinchat/AbCdEf12345XyZ") == {
        "telegram:+AbCdEf12345XyZ"}


@pytest.mark.parametrize(("link", "platform", "name"), [
    ("https://www.facebook.com/profile.php?id=100087654321098", "facebook", "100087654321098"),
    ("https://m.facebook.com/Oman.Kaj.BD/", "facebook", "oman.kaj.bd"),
    ("https://www.facebook.com/people/Abu-Salim/100012345678901/", "facebook",
     "100012345678901"),
    ("fb.com/groups/malaysiavisa.bd", "facebook-group", "malaysiavisa.bd"),
    ("https://www.tiktok.com/@Europe.Jobs", "tiktok", "europe.jobs"),
    ("instagram.com/shahjalal.overseas", "instagram", "shahjalal.overseas"),
    ("https://youtube.com/@ShahjalalOverseas", "youtube", "shahjalaloverseas"),
    ("https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv", "youtube",
     "UCabcdefghijklmnopqrstuv"),
    ("https://x.com/greecefarmjobs", "x", "greecefarmjobs"),
])
def test_profile_links_name_a_handle_and_stay_a_url(link: str, platform: str, name: str) -> None:
    leads = extract_leads(f"see {link} today")
    handles = [(lead.platform, lead.value) for lead in leads if lead.kind == "handle"]
    assert handles == [(platform, name)]
    assert [lead.kind for lead in leads if lead.kind != "handle"] == ["url"]


@pytest.mark.parametrize("link", [
    "https://www.facebook.com/share/p/1AbCdEf/", "https://www.facebook.com/watch?v=1",
    "https://www.instagram.com/p/Cx1/", "https://www.youtube.com/watch?v=abc",
    "https://x.com/intent/tweet",
])
def test_posts_and_share_links_are_urls_without_a_handle(link: str) -> None:
    assert [kind for kind, _ in pairs(link)] == ["url"]


def test_a_web_link_gives_its_url_without_trackers_and_its_registered_domain() -> None:
    assert pairs("apply: https://jobs.dubai-guard.co.uk/apply?utm_source=fb&ref=x.") == [
        ("url", "https://jobs.dubai-guard.co.uk/apply?ref=x"), ("domain", "dubai-guard.co.uk")]


def test_platform_and_mail_domains_are_never_domain_leads() -> None:
    found = pairs("https://www.facebook.com/share/x and https://bit.ly/abc write a@gmail.com")
    assert not [value for kind, value in found if kind == "domain"]


@pytest.mark.parametrize(("text", "expected"), [
    ("visit abc-travels.com", [("domain", "abc-travels.com")]),
    ("visit www.abc-travels.com", [("url", "http://www.abc-travels.com/"),
                                   ("domain", "abc-travels.com")]),
    ("Salary is good.It is great", []),
    ("hiring.in Dubai", []),
    ("send cv.pdf or cv.zip", []),
    ("e.g. a.m. p.m. U.S.A", []),
    ("http://192.168.1.1/admin", [("url", "http://192.168.1.1/admin")]),
])
def test_bare_names_are_domains_only_when_plainly_so(text: str,
                                                      expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected


def test_emails_plain_and_hidden() -> None:
    assert pairs("mail Visa.Desk@Yahoo.com or visa.desk [at] gmail [dot] com.") == [
        ("email", "visa.desk@yahoo.com"), ("email", "visa.desk@gmail.com")]
    assert pairs("write abc@gmail or abc@localhost") == []


# -- handles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("টেলিগ্রাম @italy_jabo_bd", [("telegram", "italy_jabo_bd", None)]),
    ("Telegram e inbox korun @Libya_Route_BD", [("telegram", "libya_route_bd", None)]),
    ("@abu_salim_travel (Telegram)", [("telegram", "abu_salim_travel", None)]),
    ("Telegram @abc", []),
    ("Instagram @japan_titp_bd", [("handle", "japan_titp_bd", "instagram")]),
    ("Telegram @tele_chan_one or TikTok @tok_name", [("telegram", "tele_chan_one", None),
                                                    ("handle", "tok_name", "tiktok")]),
    ("contact @abu_salim_travel", [("handle", "abu_salim_travel", None)]),
    ("@everyone new circular", []),
    ("mail x@abc.com", [("email", "x@abc.com", None)]),
    ("at @gmail.com", []),
])
def test_at_names(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert [(lead.kind, lead.value, lead.platform) for lead in extract_leads(text)] == expected


# -- money ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "region", "expected"), [
    ("খরচ ৩ লাখ ৫০ হাজার টাকা", "BD", ["BDT 350000"]),
    ("Khoroch 2 lakh 80 hajar", "BD", ["BDT 280000"]),
    ("Tk 4.5 lakh", "BD", ["BDT 450000"]),
    ("Tk.4.2 lakh", "BD", ["BDT 420000"]),
    ("3,50,000 tk", "BD", ["BDT 350000"]),
    ("৳৬,৫০,০০০", "BD", ["BDT 650000"]),
    ("5 crore taka", "BD", ["BDT 50000000"]),
    ("salary 50k tk", "BD", ["BDT 50000"]),
    ("1500 riyal", "BD", ["SAR 1500"]),
    ("Qatar job, 1500 riyal", "BD", ["QAR 1500"]),
    ("Oman e kaj, beton 150 rial", "BD", ["OMR 150"]),
    ("١٢٠٠ ريال قطري", "SA", ["QAR 1200"]),
    ("1500 قطری ریال", "PK", ["QAR 1500"]),
    ("১০০ দিনার", "BD", ["KWD 100"]),
    ("২৫০ দিনার জর্ডান", "BD", ["JOD 250"]),
    ("KD 1.500", "BD", ["KWD 1.5"]),
    ("price 15.000 euro", "BD", ["EUR 15000"]),
    ("RM1,800", "MY", ["MYR 1800"]),
    ("Rs 15 lakh", "IN", ["INR 1500000"]),
    ("Rs 15 lakh", "PK", ["PKR 1500000"]),
    ("15 لاکھ روپے", "PK", ["PKR 1500000"]),
    ("1.5 लाख रुपये", "IN", ["INR 150000"]),
    ("रु ३ लाख", "NP", ["NPR 300000"]),
    ("$4,000 per person", "BD", ["USD 4000"]),
    ("¥180,000 monthly", "BD", ["JPY 180000"]),
])
def test_amounts_and_currencies(text: str, region: str, expected: list[str]) -> None:
    assert [value for kind, value in pairs(text, region) if kind == "money"] == expected


@pytest.mark.parametrize(("text", "low", "high"), [
    ("৪ থেকে ৫ লাখ টাকা", 400000, 500000),
    ("4-5 lakh", 400000, 500000),
    ("4 to 4.5 lakh taka", 400000, 450000),
    ("€7,000-€9,000", 7000, 9000),
    ("80,000 - 1 lakh taka", 80000, 100000),
    ("1500-2000 riyal", 1500, 2000),
])
def test_a_range_gives_both_ends(text: str, low: int, high: int) -> None:
    leads = [lead for lead in extract_leads(text) if lead.kind == "money"]
    assert [lead.amount for lead in leads] == [low, high]
    assert all(lead.as_json()["range"] == [low, high] for lead in leads)


@pytest.mark.parametrize("text", [
    "Over 10 lakh Bangladeshis work in Malaysia", "২০ হাজার শ্রমিক নেওয়া হবে",
    "১০ লাখ প্রবাসী", "Salary 50k", "total 56,250.00", "Since 2015, 5000+ workers",
    "age 21-35", "4.5 lakh", "Population 171,234,567",
])
def test_counts_and_bare_numbers_are_not_money(text: str) -> None:
    region = "MY" if text == "4.5 lakh" else "BD"  # a lakh means money only where lakhs are
    assert pairs(text, region) == []


def test_a_phone_is_never_read_as_money() -> None:
    assert pairs("bKash 01712345678 taka pathan") == [("phone", "+8801712345678")]


# -- licences ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [
    ("RL-1234", "RL-1234"), ("RL 0452", "RL-452"), ("R/L-2301", "RL-2301"),
    ("Govt. Lic. RL No. 0452", "RL-452"), ("আরএল-১২৩৪", "RL-1234"), ("R.L. 99", "RL-99"),
])
def test_licence_numbers(text: str, value: str) -> None:
    assert pairs(text) == [("licence", value)]


def test_licence_number_too_long_or_zero_is_not_one() -> None:
    assert pairs("RL-12345 and RL-0000") == []


# -- long and hostile texts --------------------------------------------------------------------


def test_a_long_text_is_read_in_pieces_with_spans_in_the_whole() -> None:
    filler = ("no numbers on this line, only words\n" * ((CHUNK // 36) + 50))
    text = filler + "WhatsApp 01712-345678\n" + filler + "t.me/abu_salim_travel\n"
    leads = extract_leads(text)
    assert [(lead.kind, text[lead.span[0]:lead.span[1]]) for lead in leads] == [
        ("whatsapp", "01712-345678"), ("telegram", "t.me/abu_salim_travel")]


def test_control_characters_and_direction_marks_are_only_text() -> None:
    text = "\x1b[31m WhatsApp \x1b[0m \u202e01712-345678\u202c \x00 t.me/abu_salim_travel"
    assert pairs(text) == [("whatsapp", "+8801712345678"), ("telegram", "abu_salim_travel")]
