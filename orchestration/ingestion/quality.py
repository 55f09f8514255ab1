"""Text-quality gates an article must pass before it enters the warehouse."""

from __future__ import annotations

import unicodedata

MIN_LETTERS = 80
MIN_ARABIC_RATIO = 0.5


def arabic_ratio(text: str) -> float:
    """Share of letters that are Arabic script (0 when the text has no letters)."""
    letters = arabic = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufeff":
                arabic += 1
    return arabic / letters if letters else 0.0


def letter_count(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def clean_text(text: str) -> str:
    """Normalise line endings and strip the whole text; the content itself is kept as published."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = unicodedata.normalize("NFC", text)
    return text.strip()


def quality_problem(text: str) -> tuple[str, str] | None:
    """(reason, detail) when the text must be quarantined, else None."""
    if not text.strip():
        return "empty", "no text after decoding"
    letters = letter_count(text)
    if letters < MIN_LETTERS:
        return "too_short", f"{letters} letters (minimum {MIN_LETTERS})"
    ratio = arabic_ratio(text)
    if ratio < MIN_ARABIC_RATIO:
        return "not_arabic", f"Arabic-script share of letters {ratio:.2f} (minimum {MIN_ARABIC_RATIO})"
    return None
