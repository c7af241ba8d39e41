"""What the findings modules share: the word limit of a bullet."""

from __future__ import annotations

# The most words a findings bullet may have (a run of Chinese between spaces counts as one word).
MAX_WORDS = 45


def word_count(sentence: str) -> int:
    """Words as the findings limit counts them: runs of characters between spaces."""
    return len(sentence.split())
