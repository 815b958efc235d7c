"""Decode the bytes of a source into text: UTF-8, UTF-16/32 with a BOM, else a detected encoding."""

from __future__ import annotations

import codecs
import os
import re

from ..errors import InputError

# How much of a file's head is inspected for signs of binary content. 8 KB covers the header of
# every binary format we met (PNG, JPEG, PDF, ZIP, gzip) several times over.
SNIFF_BYTES = 8192

# Share of C0 control bytes (other than tab, newlines, form feed, escape) above which the data is
# binary. Calibrated: compressed or random data shows ~10% such bytes, scraped news text 0%,
# legacy text with stray form feeds or bells well under 0.1%; 1% sits far from both.
BINARY_CONTROL_SHARE = 0.01

# Share of zero bytes in the odd (or even) positions from which BOM-less text is read as UTF-16:
# ASCII-range text in UTF-16 has a zero in every other byte (share ~1.0); binary data that slips
# past the control-byte test has zeros scattered evenly (share well under 0.5).
UTF16_ZERO_SHARE = 0.9

# charset_normalizer "chaos" (share of odd characters) within which two encodings tie. Set on
# English, French and German sentences in cp1252: the web code pages that tie with cp1252 came
# out exactly equal (difference 0.000); a wrong script family scores 0.1 or more worse.
CHAOS_TIE = 0.02

# Largest share of a text's letters that may be non-ASCII for its cp1252 reading to count as
# Western European text. French, German, Spanish and Portuguese news run 2-10% accented letters
# (a short title such as "Élu à Noël" 38%); Greek, Cyrillic, Hebrew or Arabic bytes read as cp1252
# turn 80-100% of the letters into accented Latin ones. 0.4 sits between the two.
WESTERN_ACCENT_SHARE = 0.4

# Encodings that web pages declare (WHATWG Encoding Standard), in Python's codec names.
WEB_ENCODINGS = frozenset(
    [f"cp{n}" for n in range(1250, 1259)]
    + [f"iso8859_{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)]
    + ["koi8_r", "koi8_u", "cp866", "cp874", "big5", "euc_jp", "iso2022_jp", "shift_jis", "euc_kr",
       "cp949", "gb18030", "gbk", "gb2312"]
)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0b\x0c\x1b")
# Lone UTF-16 surrogates: a JSON ``"\\udcff"`` escape or a file name that is not UTF-8 puts them
# in a Python string, and they cannot be written as UTF-8 (report, database, terminal).
_SURROGATES = re.compile("[\ud800-\udfff]")
# A cp1252 symbol (not a letter) between two letters: what Central European text looks like when
# read as cp1252 ("mo¿e", "³ód" for "może", "łód"). The apostrophe, middle dot and soft hyphen
# do sit inside Western words.
_CP1252_SYMBOLS = "".join(c for c in bytes(range(0x80, 0x100)).decode("cp1252", "ignore")
                          if not c.isalpha() and c not in "\u2019\u00b7\u00ad")
_WEDGED = re.compile(f"(?<=[^\\W\\d_])[{re.escape(_CP1252_SYMBOLS)}](?=[^\\W\\d_])")


def decode(source: str, data: bytes, declared: str | None = None) -> str:
    """Decode ``data`` to text, or raise InputError naming ``source`` when it is empty or not text.

    Order: a byte-order mark decides; BOM-less UTF-16 is recognised by its zero bytes, other
    data with zero or control bytes is refused as binary; then the ``declared`` charset (an
    HTTP header) if it decodes cleanly; then UTF-8 (also when a few bytes are damaged but the rest is valid
    UTF-8); then UTF-16 without a BOM; finally charset_normalizer's guess (cp1252, latin-1...).
    """
    if not data.strip():
        raise InputError(source, "file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(source, data, encoding)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _strict(source, data, utf16)
    if is_binary(data):
        raise InputError(source, "binary file, not text")
    if declared and (text := _try(data, declared)) is not None:
        return text
    if (text := _try(data, "utf-8")) is not None:
        return text
    return _mostly_utf8(data) or _western(data) or _detected(source, data)


def is_binary(data: bytes) -> bool:
    """True when the head of ``data`` holds zero bytes or too many control bytes for text."""
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 0x20 and byte not in _TEXT_CONTROLS)
    return controls > BINARY_CONTROL_SHARE * len(head)


def _try(data: bytes, encoding: str) -> str | None:
    """Decode strictly; None when the bytes do not fit the encoding (or it is unknown)."""
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _strict(source: str, data: bytes, encoding: str) -> str:
    """Decode with an encoding the data announced; a mismatch is the source's problem."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(source, f"invalid {encoding.upper()} text at byte {error.start}") from None
    if not text.strip():
        raise InputError(source, "file is empty")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when zero bytes alternate like ASCII text in UTF-16."""
    head = data[:SNIFF_BYTES]
    if len(head) < 4 or b"\x00" not in head:
        return None
    odd, even = head[1::2], head[0::2]
    if odd.count(0) >= UTF16_ZERO_SHARE * len(odd) and not even.count(0):
        return "utf-16-le"
    if even.count(0) >= UTF16_ZERO_SHARE * len(even) and not odd.count(0):
        return "utf-16-be"
    return None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few damaged bytes (each becomes U+FFFD) when valid multi-byte characters outnumber them.

    Text in a legacy 8-bit encoding has (almost) no valid UTF-8 sequences, so it falls through
    to detection instead of turning into replacement characters.
    """
    text = data.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd")
    valid = sum(1 for char in text if ord(char) > 0x7F) - damaged
    return text if valid > damaged else None


def _western(data: bytes) -> str | None:
    """The cp1252 reading of ``data`` when it looks like Western European text, else None.

    charset_normalizer alone reads short French text in cp1252 as cp1257 ("Ą Noėl" for
    "À Noël") or even as Shift JIS: its measure of oddness sees nothing wrong with Baltic or CJK
    letters. cp1252, the commonest legacy encoding of web news, is taken first unless its reading
    shows the marks of another script: mostly accented letters (Greek, Cyrillic...) or symbols
    inside words (Central European letters read as cp1252).
    """
    text = _try(data, "cp1252")
    if text is None:
        return None
    letters = [char for char in text if char.isalpha()]
    accented = sum(1 for char in letters if ord(char) > 0x7F)
    if not letters or accented > WESTERN_ACCENT_SHARE * len(letters) or _WEDGED.search(text):
        return None
    return text


def _detected(source: str, data: bytes) -> str:
    """Decode with the web encoding charset_normalizer finds most likely, cp1252 winning a tie.

    On short text several code pages decode about equally cleanly (cp1250, cp1257, cp775 and
    mac_latin2 tie with cp1252 on English or French text with a few accents). Candidates are
    kept to the encodings web pages use (the WHATWG list; DOS and Mac code pages out), and
    cp1252, the commonest legacy encoding of web news, wins a tie.
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise InputError(source, "cannot decode text (not UTF-8, UTF-16 or a known 8-bit encoding)")
    web = [m for m in matches if m.encoding in WEB_ENCODINGS] or matches
    best = min(web, key=lambda m: m.chaos)
    western = next((m for m in web if m.encoding == "cp1252"), None)
    if western is not None and western.chaos <= best.chaos + CHAOS_TIE:
        return str(western)
    return str(best)


def scrub(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD, so that it can be written as UTF-8."""
    return _SURROGATES.sub("\ufffd", text) if _SURROGATES.search(text) else text


def has_surrogates(text: str) -> bool:
    """True when ``text`` holds a lone surrogate (a JSON escape, or a file name that is not UTF-8)."""
    return _SURROGATES.search(text) is not None


def file_name_text(name: str) -> str:
    """A file name as printable text: bytes that are not UTF-8 written as ``\\xff`` escapes."""
    if not has_surrogates(name):
        return name
    try:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no file system decoding makes (typed in by hand)
        return scrub(name)
