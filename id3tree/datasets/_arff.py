"""Read Weka ARFF files into pandas DataFrames (nominal columns become Categoricals)."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import IO

import numpy as np
import pandas as pd

__all__ = ["load_arff"]

# One lexical token of an ARFF line. Commas and whitespace both separate values
# (as in Weka's reader), ``%`` outside quotes starts a comment, braces delimit
# nominal value lists (and sparse rows, which are not supported).
_TOKEN_RE = re.compile(
    r"""
      (?P<sep>[\s,]+)
    | (?P<quoted>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
    | (?P<brace>[{}])
    | (?P<comment>%.*)
    | (?P<word>[^\s,'"{}%]+)
    | (?P<bad>['"\\])
    """,
    re.VERBOSE | re.DOTALL,
)

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "0": "\0"}
_ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)

# Characters that force the slow (quote-aware) tokenizer on a data line.
_SPECIAL_CHARS = frozenset("'\"%{}\\")
_FAST_SPLIT_RE = re.compile(r"[\s,]+")

_NUMERIC_TYPES = ("numeric", "real", "integer")

# Java SimpleDateFormat letters we can translate to ``strptime`` directives.
_JAVA_DATE_FIELDS = {
    "yyyy": "%Y",
    "yy": "%y",
    "MM": "%m",
    "dd": "%d",
    "HH": "%H",
    "mm": "%M",
    "ss": "%S",
}
_JAVA_DEFAULT_DATE = "yyyy-MM-dd'T'HH:mm:ss"


class _Token:
    """A lexical token: ``kind`` is "value", "open" or "close"."""

    __slots__ = ("kind", "text", "quoted")

    def __init__(self, kind: str, text: str, quoted: bool = False) -> None:
        self.kind = kind
        self.text = text
        self.quoted = quoted

    @property
    def is_missing(self) -> bool:
        return self.kind == "value" and not self.quoted and self.text == "?"


class _Attribute:
    """Declaration of one ARFF attribute."""

    __slots__ = ("name", "kind", "values", "date_format", "line")

    def __init__(
        self,
        name: str,
        kind: str,
        line: int,
        values: list[str] | None = None,
        date_format: str | None = None,
    ) -> None:
        self.name = name
        self.kind = kind  # "nominal", "numeric", "string" or "date"
        self.values = values
        self.date_format = date_format
        self.line = line


def _error(message: str, line: int, source: str) -> ValueError:
    return ValueError(f"{source}, line {line}: {message}")


def _unescape(body: str) -> str:
    return _ESCAPE_RE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def _tokenize(text: str, line: int, source: str) -> list[_Token]:
    """Split one line into tokens (quotes removed, escapes resolved)."""
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        kind = match.lastgroup
        pos = match.end()
        if kind == "word":
            tokens.append(_Token("value", match.group()))
        elif kind == "quoted":
            tokens.append(_Token("value", _unescape(match.group()[1:-1]), True))
        elif kind == "brace":
            tokens.append(_Token("open" if match.group() == "{" else "close", ""))
        elif kind == "comment":
            break
        elif kind == "bad":
            if match.group() == "\\":
                raise _error("stray backslash outside quotes", line, source)
            raise _error(
                f"unterminated quoted value starting at column {match.start() + 1}",
                line,
                source,
            )
    return tokens


def _parse_attribute(tokens: list[_Token], line: int, source: str) -> _Attribute:
    """Interpret the tokens of an ``@attribute`` line (after the keyword)."""
    if not tokens or tokens[0].kind != "value":
        raise _error("@attribute needs a name", line, source)
    name = tokens[0].text
    rest = tokens[1:]
    if not rest:
        raise _error(f"attribute {name!r} has no type", line, source)
    if rest[0].kind == "open":
        values: list[str] = []
        closed = False
        for token in rest[1:]:
            if closed:
                raise _error(
                    f"unexpected text after the value list of {name!r}", line, source
                )
            if token.kind == "close":
                closed = True
            elif token.kind == "open":
                raise _error(f"nested '{{' in attribute {name!r}", line, source)
            else:
                values.append(token.text)
        if not closed:
            raise _error(
                f"missing '}}' in the value list of attribute {name!r}", line, source
            )
        if not values:
            raise _error(f"nominal attribute {name!r} has no values", line, source)
        seen: set[str] = set()
        for value in values:
            if value in seen:
                raise _error(
                    f"duplicate value {value!r} in nominal attribute {name!r}",
                    line,
                    source,
                )
            seen.add(value)
        return _Attribute(name, "nominal", line, values=values)
    if rest[0].kind != "value" or rest[0].quoted:
        raise _error(f"cannot read the type of attribute {name!r}", line, source)
    type_name = rest[0].text.lower()
    if type_name in _NUMERIC_TYPES or type_name == "string":
        if len(rest) > 1:
            raise _error(
                f"unexpected text after the type of attribute {name!r}", line, source
            )
        kind = "string" if type_name == "string" else "numeric"
        return _Attribute(name, kind, line)
    if type_name == "date":
        if len(rest) > 2 or (len(rest) == 2 and rest[1].kind != "value"):
            raise _error(f"bad date format for attribute {name!r}", line, source)
        date_format = rest[1].text if len(rest) == 2 else _JAVA_DEFAULT_DATE
        return _Attribute(name, "date", line, date_format=date_format)
    if type_name == "relational":
        raise NotImplementedError(
            f"{source}, line {line}: relational attribute {name!r} is not supported"
        )
    raise _error(
        f"unknown type {rest[0].text!r} for attribute {name!r} (expected numeric, "
        "real, integer, string, date or a {...} list of nominal values)",
        line,
        source,
    )


def _java_to_strptime(pattern: str) -> str | None:
    """Translate a simple Java date pattern to ``strptime``; None if unsupported."""
    out = []
    pos = 0
    while pos < len(pattern):
        char = pattern[pos]
        if char == "'":
            end = pattern.find("'", pos + 1)
            if end < 0:
                return None
            literal = pattern[pos + 1 : end] or "'"
            out.append(literal.replace("%", "%%"))
            pos = end + 1
        elif char.isalpha():
            run = pos
            while run < len(pattern) and pattern[run] == char:
                run += 1
            field = _JAVA_DATE_FIELDS.get(pattern[pos:run])
            if field is None:
                return None
            out.append(field)
            pos = run
        else:
            out.append("%%" if char == "%" else char)
            pos += 1
    return "".join(out)


def _convert_dates(
    raw: list[str | None], attribute: _Attribute, lines: list[int], source: str
) -> np.ndarray | pd.Series:
    """Dates as float64 milliseconds since 1970-01-01 UTC, or strings if unparsable."""
    fmt = _java_to_strptime(attribute.date_format)
    if fmt is None:
        return pd.Series(raw, dtype=object)
    out = np.full(len(raw), np.nan)
    for i, value in enumerate(raw):
        if value is None:
            continue
        try:
            moment = datetime.strptime(value, fmt).replace(tzinfo=timezone.utc)
        except ValueError:
            raise _error(
                f"value {value!r} of date attribute {attribute.name!r} does not match "
                f"the format {attribute.date_format!r}",
                lines[i],
                source,
            ) from None
        out[i] = moment.timestamp() * 1000.0
    return out


def _convert_numeric(
    raw: list[str | None], attribute: _Attribute, lines: list[int], source: str
) -> np.ndarray:
    out = np.empty(len(raw), dtype=np.float64)
    for i, value in enumerate(raw):
        if value is None:
            out[i] = np.nan
            continue
        try:
            if "_" in value:
                raise ValueError
            out[i] = float(value)
        except ValueError:
            raise _error(
                f"value {value!r} of numeric attribute {attribute.name!r} "
                "is not a number",
                lines[i],
                source,
            ) from None
    return out


def _convert_nominal(
    raw: list[str | None], attribute: _Attribute, lines: list[int], source: str
) -> pd.Categorical:
    index = {value: code for code, value in enumerate(attribute.values)}
    codes = np.empty(len(raw), dtype=np.int64)
    for i, value in enumerate(raw):
        if value is None:
            codes[i] = -1
            continue
        code = index.get(value)
        if code is None:
            raise _error(
                f"value {value!r} is not declared for nominal attribute "
                f"{attribute.name!r} (declared: {attribute.values})",
                lines[i],
                source,
            )
        codes[i] = code
    return pd.Categorical.from_codes(codes, categories=attribute.values)


def _read_lines(source: str | os.PathLike | IO) -> tuple[Iterable[str], str, bool]:
    """Return an iterable of text lines, a name for messages, and whether to close."""
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        handle = open(path, encoding="utf-8", newline=None)  # noqa: SIM115
        return handle, path, True
    if hasattr(source, "read"):
        name = getattr(source, "name", "<ARFF stream>")
        if not isinstance(name, str):
            name = "<ARFF stream>"
        sample = source.read()
        if isinstance(sample, bytes):
            sample = sample.decode("utf-8")
        return io.StringIO(sample, newline=None), name, False
    raise TypeError(
        f"load_arff expects a path or an open file object, got {type(source).__name__}"
    )


def load_arff(source: str | os.PathLike | IO) -> pd.DataFrame:
    r"""Read a dense ARFF file into a DataFrame.

    Parameters
    ----------
    source : str, path-like or file object
        Path of the ARFF file (read as UTF-8), or an open text or binary file.

    Returns
    -------
    frame : pandas.DataFrame
        One column per attribute, in declaration order. Nominal attributes
        become ``category`` columns whose categories are *all* declared values in
        declared order (also those that never occur). ``numeric``, ``real`` and
        ``integer`` attributes become float64. ``string`` attributes become object
        columns. ``date`` attributes become float64 milliseconds since
        1970-01-01 UTC when their pattern only uses ``yyyy yy MM dd HH mm ss``
        and quoted literals (Weka's default pattern qualifies), and object
        columns of the raw strings otherwise. An unquoted ``?`` is a missing
        value (NaN); a quoted ``'?'`` is the literal text. ``frame.attrs`` holds
        ``"relation"`` (the relation name), ``"description"`` (the comment
        lines before ``@relation``, without the ``%``) and ``"attribute_types"``
        (attribute name to ``"nominal"``, ``"numeric"``, ``"string"`` or
        ``"date"``).

    Raises
    ------
    ValueError
        If the file is malformed; the message gives the line number.
    NotImplementedError
        For sparse rows (``{index value, ...}``), instance weights and
        relational attributes.

    Notes
    -----
    The syntax follows Weka's reader: values are separated by commas and/or
    white space, values with spaces or separators are quoted with ``'`` or
    ``"`` (backslash escapes ``\'``, ``\"``, ``\\``, ``\n``, ``\t``, ...),
    ``%`` starts a comment outside quotes, and keywords are case-insensitive.

    Examples
    --------
    >>> import io
    >>> from id3tree.datasets import load_arff
    >>> text = '''@relation toy
    ... @attribute colour {red, 'light blue', green}
    ... @attribute size numeric
    ... @data
    ... red, 1.5
    ... 'light blue', ?
    ... '''
    >>> frame = load_arff(io.StringIO(text))
    >>> frame["colour"].cat.categories.tolist()
    ['red', 'light blue', 'green']
    >>> frame["size"].tolist()
    [1.5, nan]
    >>> frame.attrs["relation"]
    'toy'
    """
    lines, name, must_close = _read_lines(source)
    try:
        return _parse(lines, name)
    finally:
        if must_close:
            lines.close()


def _parse(lines: Iterable[str], source: str) -> pd.DataFrame:
    relation: str | None = None
    description: list[str] = []
    attributes: list[_Attribute] = []
    in_data = False
    columns: list[list[str | None]] = []
    row_lines: list[int] = []
    n_attributes = 0

    for number, text in enumerate(lines, start=1):
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        stripped = text.strip()
        if in_data:
            if not stripped or stripped[0] == "%":
                continue
            if _SPECIAL_CHARS.isdisjoint(stripped):
                values: list[str | None] = [
                    None if v == "?" else v for v in _FAST_SPLIT_RE.split(stripped) if v
                ]
            else:
                tokens = _tokenize(stripped, number, source)
                if not tokens:
                    continue
                if tokens[0].kind == "open":
                    raise NotImplementedError(
                        f"{source}, line {number}: sparse ARFF rows "
                        "('{index value, ...}') are not supported"
                    )
                if any(token.kind == "open" for token in tokens):
                    raise NotImplementedError(
                        f"{source}, line {number}: instance weights "
                        "('{weight}' after the values) are not supported"
                    )
                if any(token.kind == "close" for token in tokens):
                    raise _error("unexpected '}'", number, source)
                values = [None if t.is_missing else t.text for t in tokens]
            if len(values) != n_attributes:
                raise _error(
                    f"expected {n_attributes} values, found {len(values)}",
                    number,
                    source,
                )
            for column, value in zip(columns, values, strict=True):
                column.append(value)
            row_lines.append(number)
            continue

        if not stripped:
            continue
        if stripped[0] == "%":
            if relation is None:
                comment = stripped[1:]
                description.append(comment[1:] if comment[:1] == " " else comment)
            continue
        tokens = _tokenize(stripped, number, source)
        if not tokens:
            continue
        first = tokens[0]
        keyword = (
            first.text.lower() if first.kind == "value" and not first.quoted else ""
        )
        if relation is None:
            if keyword != "@relation":
                raise _error(
                    "expected '@relation' before any other declaration", number, source
                )
            if len(tokens) != 2 or tokens[1].kind != "value":
                raise _error("@relation needs exactly one name", number, source)
            relation = tokens[1].text
        elif keyword == "@attribute":
            attribute = _parse_attribute(tokens[1:], number, source)
            if any(a.name == attribute.name for a in attributes):
                raise _error(
                    f"duplicate attribute name {attribute.name!r}", number, source
                )
            attributes.append(attribute)
        elif keyword == "@data":
            if len(tokens) > 1:
                raise _error("unexpected text after @data", number, source)
            if not attributes:
                raise _error("@data before any @attribute", number, source)
            in_data = True
            n_attributes = len(attributes)
            columns = [[] for _ in attributes]
        elif keyword == "@relation":
            raise _error("second @relation declaration", number, source)
        else:
            shown = stripped if len(stripped) <= 40 else stripped[:37] + "..."
            raise _error(
                f"expected '@attribute' or '@data', found {shown!r}", number, source
            )

    if not in_data:
        if relation is None:
            raise ValueError(f"{source}: not an ARFF file (no '@relation' found)")
        raise ValueError(f"{source}: no '@data' section found")

    # Trim leading/trailing blank lines of the description.
    while description and not description[0].strip():
        description.pop(0)
    while description and not description[-1].strip():
        description.pop()

    data = {}
    types = {}
    for attribute, raw in zip(attributes, columns, strict=True):
        if attribute.kind == "nominal":
            data[attribute.name] = _convert_nominal(raw, attribute, row_lines, source)
        elif attribute.kind == "numeric":
            data[attribute.name] = _convert_numeric(raw, attribute, row_lines, source)
        elif attribute.kind == "date":
            data[attribute.name] = _convert_dates(raw, attribute, row_lines, source)
        else:
            data[attribute.name] = pd.Series(raw, dtype=object)
        types[attribute.name] = attribute.kind
    frame = pd.DataFrame(data, index=pd.RangeIndex(len(row_lines)))
    frame.attrs["relation"] = relation
    frame.attrs["description"] = "\n".join(description)
    frame.attrs["attribute_types"] = types
    return frame
