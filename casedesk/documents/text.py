"""Free text (reasons, descriptions, positions) as the documents embed it: the template writes the
sentence around it, so the text's own closing punctuation goes ("…调解不成。）。" becomes "…调解不成）。")."""

import re

# Sentence and clause endings in both widths, and the spaces around them.
TRAILING = re.compile(r"[\s。．.！!？?；;，,、：:…]+$")


def clause(value) -> str:
    """The text without surrounding spaces and without the punctuation that ends it."""
    return TRAILING.sub("", str(value or "").strip())
