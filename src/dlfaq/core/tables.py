"""Plain-text tables of results: the one formatter every module that prints rows uses.

A table is a list of rows (dicts) and a list of *columns*; each column says which value of a
row it shows, under which heading and how. :func:`format_table` lines the columns up (text to
the left, numbers to the right), draws a rule under the headings and returns the text. No
computing here beyond turning a value into text: a column shows what a row holds, or what its
``value`` function reads from the row (e.g. a mean over seeds computed elsewhere).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["Column", "format_table"]


@dataclass(frozen=True)
class Column:
    """One column of :func:`format_table`.

    Parameters
    ----------
    key : str
        The row's key shown in this column (and the heading when ``title`` is None).
    title : str, optional
        Heading of the column; default ``key``.
    fmt : str or callable, default ""
        A format spec (``".0%"``, ``".2f"``, ``",d"``...) or a function value -> text.
    value : callable(row) -> value, optional
        What to show, read from the whole row; default ``row[key]``.
    align : {"<", ">"}, optional
        Left or right; default: right for numbers, left for text.
    missing : str, default ""
        Shown when the row lacks ``key`` (or ``value`` returns None).
    """

    key: str
    title: str | None = None
    fmt: str | Callable = ""
    value: Callable | None = None
    align: str | None = None
    missing: str = ""

    def text(self, row: Mapping) -> tuple[str, bool]:
        """(the cell's text, whether it holds a number)."""
        value = self.value(row) if self.value is not None else row.get(self.key)
        if value is None:
            return self.missing, False
        text = self.fmt(value) if callable(self.fmt) else format(value, self.fmt)
        return text, not isinstance(value, str)


def format_table(rows: Sequence[Mapping], columns: Sequence, *, gap: int = 2,
                 rule: bool = True) -> str:
    """``rows`` as a plain-text table, one line per row under a heading line.

    Parameters
    ----------
    rows : list of dicts
    columns : list of :class:`Column`, str (a key shown as is) or tuples
        ``(key, title)``, ``(key, title, fmt)`` or ``(key, title, fmt, value)``: the
        arguments of :class:`Column` in order.
    gap : int, default 2
        Spaces between columns.
    rule : bool, default True
        A line of dashes under the headings.

    Returns
    -------
    str, without a trailing newline.
    """
    columns = [_column(c) for c in columns]
    if not columns:
        raise ValueError("columns must name at least one column")
    titles = [c.title if c.title is not None else c.key for c in columns]
    cells = [[c.text(row) for c in columns] for row in rows]
    widths = [max([len(title), *(len(line[i][0]) for line in cells)])
              for i, title in enumerate(titles)]
    aligns = []
    for i, column in enumerate(columns):
        numeric = any(line[i][1] for line in cells)
        aligns.append(column.align or (">" if numeric else "<"))
    space = " " * gap

    def line(texts):
        return space.join(f"{t:{a}{w}}" for t, a, w in zip(texts, aligns, widths,
                                                            strict=True)).rstrip()

    lines = [line(titles)]
    if rule:
        lines.append("-" * len(space.join(" " * w for w in widths)))
    lines += [line([text for text, _ in row_cells]) for row_cells in cells]
    return "\n".join(lines)


def _column(spec) -> Column:
    if isinstance(spec, Column):
        return spec
    if isinstance(spec, str):
        return Column(spec)
    if isinstance(spec, tuple) and 1 <= len(spec) <= 4:
        return Column(*spec)
    raise TypeError(f"a column is a Column, a key or a tuple (key, title, fmt, value), "
                    f"got {spec!r}")
