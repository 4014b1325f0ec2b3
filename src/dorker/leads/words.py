"""The words that give a number or a name its meaning, in the languages of the ads.

Latin-script words match as whole words, ignoring case (short codes such as `RM` or `KD` only in
capitals); words in other scripts match as the start of a word, because Bengali, Hindi, Urdu and
Arabic add suffixes and Arabic adds prefixes (`হোয়াটসঅ্যাপে`, `بالواتساب`). Bengali letters with
a nukta (`য়`, `ড়`, `ঢ়`) match whether they were typed as one code point or two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

__all__ = [
    "CONTACT_PLATFORMS",
    "COUNTRY_WORDS",
    "CURRENCY_ADJECTIVES",
    "CURRENCY_AFTER",
    "CURRENCY_BEFORE",
    "MULTIPLIERS",
    "NOT_MONEY_AFTER",
    "NOT_PHONE_LABELS",
    "RANGE_JOINERS",
    "Gate",
    "alternation",
]

_NUKTA = {"য়": "(?:য়|য়)", "ড়": "(?:ড়|ড়)", "ঢ়": "(?:ঢ়|ঢ়)"}


def _escape(word: str) -> str:
    out = []
    for char in word:
        if char in _NUKTA:
            out.append(_NUKTA[char])
        elif char == " ":
            out.append(r"[\s\u200c\u200d-]?")  # "whats app", "হোয়াটস অ্যাপ", "واٹس ایپ"
        else:
            out.append(re.escape(char))
    return "".join(out)


def _pattern(word: str, *, exact_case: bool = False, touch_digits: bool = False) -> str:
    body = _escape(word)
    if word.isascii():
        edge = "A-Za-z_" if touch_digits else "A-Za-z0-9_"
        before = f"(?<![{edge}])" if word[0].isalnum() else ""
        after = f"(?![{edge}])" if word[-1].isalnum() else ""
        body = f"{before}{body}{after}"
        return f"(?-i:{body})" if exact_case else body
    return body


def alternation(words: Iterable[str], exact_case: Iterable[str] = (), *,
                touch_digits: bool = False) -> str:
    """One regex alternative per word, longest first (so `whatsapp` wins over `wa`).

    Latin words match whole; with `touch_digits` a digit may touch them (`RM1,800`, `50k`).
    """
    exact = set(exact_case)
    items = sorted({*words, *exact}, key=len, reverse=True)
    return "(?:" + "|".join(_pattern(w, exact_case=w in exact, touch_digits=touch_digits)
                            for w in items) + ")"


class Gate:
    """A compiled word pattern and the characters its words can start with: `match` at a
    position whose character cannot start a word costs one set lookup instead of a regex."""

    __slots__ = ("first", "pattern", "skip_space")

    def __init__(self, pattern: str, words: Iterable[str], *, skip_space: bool = False):
        self.pattern = re.compile(pattern, re.IGNORECASE)
        first: set[str] = set()
        for word in words:
            head = word[0]
            first |= {head, head.lower(), head.upper()}
            if head in _NUKTA:
                first.add(_NUKTA_BASE[head])
        self.first = frozenset(first)
        self.skip_space = skip_space

    def match(self, text: str, pos: int) -> re.Match[str] | None:
        """`pattern.match(text, pos)`, skipped when `text[pos]` cannot start a word."""
        at = pos
        if self.skip_space:
            while at < len(text) and text[at] in " \t\u200c\u00a0":
                at += 1
        if at >= len(text) or text[at] not in self.first:
            return None
        return self.pattern.match(text, pos)


_NUKTA_BASE = {"য়": "য", "ড়": "ড", "ঢ়": "ঢ"}


CONTACT_PLATFORMS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # kind: (words ignoring case, words in capitals only)
    "whatsapp": (
        ("whatsapp", "whats app", "whatsap", "watsapp", "watsap", "whatapp", "wathsapp",
         "whtsapp", "watsup", "whatsup", "w/app", "wapp", "wasap",
         "হোয়াটসঅ্যাপ", "হোয়াটস অ্যাপ", "হোয়াটসআপ", "হোয়াটস আপ", "হোয়াটসএপ", "হোয়াটস এপ",
         "হোয়াটসাপ", "হোটসঅ্যাপ", "হুয়াটসঅ্যাপ", "হোয়াটঅ্যাপ", "ওয়াটসঅ্যাপ", "ওয়াটস অ্যাপ",
         "واتساب", "واتس اب", "واتس آب", "واتسآب", "الواتس", "واتس",
         "واٹس ایپ", "واٹس اپ", "واٹساپ", "وٹس ایپ",
         "व्हाट्सएप", "व्हाट्सऐप", "व्हाट्सअप", "वॉट्सऐप", "वॉट्सएप", "वाट्सएप", "व्हाट्स एप"),
        ("WA", "W/A", "W.A"),
    ),
    "viber": (("viber", "ভাইবার", "ভাইভার", "فايبر", "فايبر", "وائبر", "وایبر", "वाइबर"), ()),
    "imo": (("imo", "ইমো", "ইমু", "ايمو", "إيمو", "ایمو", "آئی ایمو", "इमो"), ()),
    "signal": (("signal",), ()),
    "telegram": (
        ("telegram", "telegrm", "tg", "টেলিগ্রাম", "টেলিগ্রামে", "تيليجرام", "تليجرام", "تلغرام",
         "تيليغرام", "تلگرام", "ٹیلیگرام", "ٹیلی گرام", "ٹیلی‌گرام", "टेलीग्राम", "टेलिग्राम"),
        (),
    ),
    "instagram": (("instagram", "insta", "ig", "ইনস্টাগ্রাম", "انستقرام", "انستغرام",
                   "انسٹاگرام", "इंस्टाग्राम"), ()),
    "tiktok": (("tiktok", "tik tok", "টিকটক", "تيك توك", "ٹک ٹاک", "टिकटॉक"), ()),
    "facebook": (("facebook", "fb", "ফেসবুক", "فيسبوك", "فیس بک", "फेसबुक"), ()),
    "youtube": (("youtube", "yt", "ইউটিউব", "يوتيوب", "یوٹیوب", "यूट्यूब"), ()),
    "x": (("twitter",), ()),
}
"""Words naming a contact platform. A phone next to a messenger's word takes its kind; an
`@name` next to a platform's word is that platform's handle (Telegram: a `telegram` lead)."""

NOT_PHONE_LABELS: tuple[tuple[str, ...], tuple[str, ...]] = (
    ("invoice", "inv", "order", "ref", "reference", "serial", "s/n", "sl", "roll", "reg",
     "registration", "regn", "account", "a/c", "acc", "passport", "nid", "cnic", "aadhaar",
     "aadhar", "pan", "tin", "bin", "tracking", "awb", "imei", "bill", "receipt", "ticket",
     "pnr", "booking", "lot", "batch", "isbn", "model", "version", "build", "flight", "policy",
     "member", "employee", "student", "customer", "voucher", "challan", "memo", "sku",
     "barcode", "routing", "swift", "iban", "licence", "license", "certificate", "circular",
     "file", "case", "kad pengenalan", "ic",
     "রোল", "রেজিস্ট্রেশন", "নিবন্ধন", "পাসপোর্ট", "বিল", "চালান", "রশিদ", "অর্ডার",
     "অ্যাকাউন্ট", "হিসাব", "এনআইডি", "পরিচয়পত্র", "টিকেট", "টিকিট", "মেমো", "স্মারক",
     "সার্কুলার", "লাইসেন্স",
     "فاتورة", "الطلب", "طلب", "جواز", "الجواز", "حساب", "تذكرة", "الهوية", "مرجع", "رحلة",
     "खाता", "पासपोर्ट", "बिल", "आधार", "टिकट", "रसीद", "आर्डर",
     "اکاؤنٹ", "شناختی", "پاسپورٹ", "بل", "ٹکٹ"),
    (),
)
"""Labels that make the number after them something other than a phone (precision first:
a wrong number sends an officer after an innocent person). `bKash`/`Nagad` are *not* here:
mobile-money accounts are phone numbers."""

_NUMBER_WORDS = ("no", "nos", "number", "num", "nr", "নং", "নম্বর", "নাম্বার", "رقم", "نمبر",
                 "नंबर", "संख्या", "id")
LABEL_TAIL = r"[\s:#.\-/()]*(?:" + alternation(_NUMBER_WORDS) + r")?[\s:#.\-/()]*$"
"""What may stand between a label and the number it labels (`Passport No.: `)."""

MULTIPLIERS: Mapping[int, tuple[str, ...]] = {
    10_000_000: ("crore", "crores", "cr", "koti", "কোটি", "करोड़", "करोड", "کروڑ"),
    1_000_000: ("million", "mn", "মিলিয়ন", "مليون", "ملین", "juta"),
    100_000: ("lakh", "lakhs", "lac", "lacs", "laakh", "lak", "লাখ", "লক্ষ", "लाख", "لاکھ",
              "لاكھ", "لاکه"),
    1_000: ("thousand", "hazar", "hajar", "hazaar", "hajaar", "হাজার", "हज़ार", "हजार", "ہزار",
            "ألف", "الف", "ribu", "k"),
}
"""Number words and their value. Crore and lakh are money in these ads; thousands only with
a currency (twenty thousand *workers* is not a fee)."""

REGION_MONEY = {"BD": "BDT", "IN": "INR", "PK": "PKR", "NP": "NPR"}
"""The currency a lakh or crore means when the ad names none (by `--region`)."""

# Currency words. Special codes resolved from context: RIYAL, DINAR, RUPEE (Latin, by region),
# RUPEE_HI (Devanagari), RUPEE_UR (Urdu).
CURRENCY_AFTER: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "BDT": (("taka", "tk", "tk.", "টাকা", "৳", "bdt", "takah"), ()),
    "RIYAL": (("riyal", "riyals", "rial", "rials", "reyal", "ريال", "ریال", "রিয়াল", "রিয়েল",
               "रियाल"), ()),
    "SAR": (("sar",), ("SR",)),
    "QAR": (("qar",), ("QR",)),
    "OMR": (("omr",), ("RO",)),
    "AED": (("dirham", "dirhams", "dirhem", "aed", "dhs", "درهم", "دراهم", "درہم", "দিরহাম",
             "দেরহাম", "दिरहम"), ()),
    "MYR": (("ringgit", "myr", "রিংগিত", "রিঙ্গিত", "রিংগিট", "رنگٹ", "رينجت", "रिंगित"), ("RM",)),
    "DINAR": (("dinar", "dinars", "دينار", "دینار", "দিনার", "दीनार", "दिनार"), ()),
    "KWD": (("kwd",), ("KD",)),
    "BHD": (("bhd",), ()),
    "JOD": (("jod",), ()),
    "USD": (("dollar", "dollars", "usd", "ডলার", "डॉलर", "डालर", "ڈالر", "دولار"), ()),
    "EUR": (("euro", "euros", "eur", "ইউরো", "यूरो", "یورو", "يورو"), ()),
    "GBP": (("pound", "pounds", "gbp"), ()),
    "JPY": (("yen", "jpy", "ইয়েন"), ()),
    "RUPEE": (("rupees", "rupee", "rs", "rs."), ()),
    "RUPEE_HI": (("रुपये", "रुपए", "रुपया", "रूपये"), ()),
    "RUPEE_UR": (("روپے", "روپیہ", "روپیے", "روپئے"), ()),
    "INR": (("inr", "রুপি"), ()),
    "PKR": (("pkr",), ()),
    "NPR": (("npr",), ()),
}
"""Currency words written after the amount (`1500 riyal`, `৩ লাখ টাকা`)."""

CURRENCY_BEFORE: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "BDT": (("tk", "tk.", "taka", "৳", "bdt"), ()),
    "RUPEE": (("rs", "rs."), ()),
    "INR": (("inr", "₹"), ()),
    "PKR": (("pkr",), ()),
    "NPR": (("npr", "रु", "रु."), ()),
    "MYR": (("myr",), ("RM",)),
    "SAR": (("sar",), ("SR",)),
    "AED": (("aed", "dhs"), ()),
    "QAR": (("qar",), ("QR",)),
    "KWD": (("kwd",), ("KD",)),
    "OMR": (("omr",), ("RO",)),
    "BHD": (("bhd",), ()),
    "JOD": (("jod",), ()),
    "USD": (("usd", "us$", "$"), ()),
    "EUR": (("eur", "€"), ()),
    "GBP": (("gbp", "£"), ()),
    "JPY": (("jpy", "¥"), ()),
}
"""Currency words and signs written before the amount (`Tk 4.5 lakh`, `RM1,800`, `€7,000`)."""

CURRENCY_ADJECTIVES: Mapping[str, tuple[str, ...]] = {
    "SAR": ("saudi", "সৌদি", "سعودي", "سعودی", "सऊदी"),
    "QAR": ("qatari", "কাতারি", "কাতারী", "قطري", "قطری", "कतरी"),
    "OMR": ("omani", "ওমানি", "عماني", "عمانی"),
    "KWD": ("kuwaiti", "কুয়েতি", "كويتي", "کویتی", "कुवैती"),
    "BHD": ("bahraini", "বাহরাইনি", "بحريني"),
    "JOD": ("jordanian", "জর্ডান", "أردني", "اردنی", "जॉर्डन"),
    "LYD": ("libyan", "ليبي"),
}
"""Words that say which riyal or dinar (`ريال سعودي`, `কাতারি রিয়াল`, `دينار كويتي`)."""

COUNTRY_WORDS: Mapping[str, tuple[str, ...]] = {
    "SAR": ("saudi", "ksa", "riyadh", "jeddah", "সৌদি", "السعودية", "الرياض", "سعودی", "सऊदी"),
    "QAR": ("qatar", "doha", "কাতার", "قطر", "الدوحة", "कतर"),
    "OMR": ("oman", "muscat", "ওমান", "عمان", "مسقط", "ओमान"),
    "KWD": ("kuwait", "কুয়েত", "الكويت", "کویت", "कुवैत"),
    "BHD": ("bahrain", "বাহরাইন", "البحرين", "بحرین", "बहरीन"),
    "JOD": ("jordan", "amman", "জর্ডান", "الأردن", "اردن", "जॉर्डन"),
}
"""Countries an ad names: a plain riyal or dinar is that country's when only one is named."""

NOT_MONEY_AFTER: tuple[str, ...] = (
    "people", "persons", "person", "workers", "worker", "migrants", "bangladeshis", "views",
    "followers", "likes", "members", "km", "jobs", "visas", "pcs", "units",
    "জন", "মানুষ", "শ্রমিক", "লোক", "কর্মী", "প্রবাসী", "বাংলাদেশি", "ভিউ", "লাইক", "সদস্য",
    "পিস", "কিমি", "ভিসা",
    "लोग", "मजदूर", "श्रमिक", "व्यक्ति", "افراد", "لوگ", "مزدور", "شخص", "عامل", "orang", "pekerja",
)
"""Words after `10 lakh` that make it a count, not a fee (`১০ লাখ প্রবাসী`)."""

RANGE_JOINERS: tuple[str, ...] = (
    "-", "–", "—", "~", "to", "till", "থেকে", "হতে", "থেকে শুরু করে", "से", "सा", "سے", "تا",
    "إلى", "الى", "hingga", "sampai", "ke",
)
"""What joins the ends of a range (`4-5 lakh`, `৪ থেকে ৫ লাখ`, `4 سے 5 لاکھ`)."""
