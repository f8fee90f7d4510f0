"""Character offsets to 1-based lines and columns."""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from openlint.release import Span


class LineIndex:
    """Maps offsets of one text to file positions; `first_line` is the file line of the text's offset 0."""

    __slots__ = ("_starts", "first_line", "path")

    def __init__(self, text: str, path: str, first_line: int = 1) -> None:
        # Line starts from the line lengths, all in C: a card can have thousands of lines.
        self._starts = list(accumulate(map((1).__add__, map(len, text.split("\n"))), initial=0))
        self.path = path
        self.first_line = first_line

    def span(self, start: int, end: int) -> Span:
        starts = self._starts
        i = bisect_right(starts, start) - 1
        j = bisect_right(starts, max(end - 1, start)) - 1
        return Span(
            self.path, self.first_line + i, start - starts[i] + 1, self.first_line + j, end - starts[j] + 1
        )
