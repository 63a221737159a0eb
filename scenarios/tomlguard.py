"""A cheap look at TOML text before the real parser sees it, so that parsing stays bounded.

Why. The standard library's parser (``tomllib``) spends time and memory that grow with the square
of a dotted key's depth: ``a.a.a.…= 1`` of 40 KB took 2.4 GB and 10 s to parse. A scenario file
never needs that shape - its keys are ``name = …`` at the top and ``parameter = value`` under
``[parameters]`` - so the guard refuses, before parsing, anything well outside that shape:

* a key (in a ``key = value`` line, a ``[table]`` header or an inline table) deeper than
  ``MAX_KEY_DEPTH`` parts;
* arrays or inline tables nested deeper than ``MAX_NESTING``;
* more than ``MAX_KEYS`` keys in the file (the registry has under a hundred parameters), or
  more than ``MAX_ITEMS`` array items (the parser takes ~20 microseconds an item, so a 256 KB
  list of numbers would cost seconds);

Line length is not limited: the parser's cost grows in proportion to it, the size cap bounds
it, and a long name or value gets the schema's own message naming its field.

With these caps each key costs a bounded amount, so the parse of a file under the size cap costs
time and memory proportional to its length (figures in docs/PERFORMANCE.md).

The scan is a tokenizer of TOML's punctuation only: it skips strings (all four kinds) and
comments, and tells keys from values by the ``=`` sign. It may accept text that is not valid
TOML (the parser then says why); it never refuses a file that ``dumps`` wrote.
"""
from __future__ import annotations

import re

MAX_KEY_DEPTH = 4  # parts of one key: 'parameters.trust_erosion' has 2
MAX_NESTING = 4  # arrays / inline tables inside each other: 'tags = [...]' has 1
MAX_KEYS = 1000  # keys and table headers in the whole file
MAX_ITEMS = 1000  # array items in the whole file (a scenario has one short list: its tags)

# What matters in each context (fewer kinds of token, fewer steps through the loop):
_IN_KEY = re.compile(r'"""|\'\'\'|["\'#\n=\[\]{},.]')  # a key: its dots count
_IN_VALUE = re.compile(r'"""|\'\'\'|["\'#\n\[{]')  # a value at the top: it ends with the line
_IN_ARRAY = re.compile(r'"""|\'\'\'|["\'#\[\]{},]')  # inside [ ]: lines do not matter
_IN_TABLE = re.compile(r'"""|\'\'\'|["\'#\[\]{},]')  # a value inside { }: ',' starts a key


class GuardError(ValueError):
    """The text is outside the guard's limits: ``what`` says how, ``allowed`` what is allowed."""

    def __init__(self, line: int, what: str, allowed: str, field: str = "syntax"):
        self.line, self.what, self.allowed, self.field = line, what, allowed, field
        super().__init__(f"line {line}: {what}; expected {allowed}")


def check(text: str) -> None:
    """Raise GuardError if ``text`` has a shape no scenario file has (see the module notes)."""
    keys = items = 0
    depth = 1  # parts of the key being read
    # open brackets in values, '[' (array) or '{' (inline table); whether a key is being read
    # (start of a line, after '{' or ',' in an inline table) or a value (after '=')
    stack: list[str] = []
    in_key = True
    header = 0  # 1 while inside a '[table]' header, 2 inside '[[array of tables]]'
    pos, n = 0, len(text)
    key_start = 0  # where the key being read starts
    table = "syntax"  # the last [table] header, which names a file with too many keys

    def fail(what: str, allowed: str, field: str = "syntax") -> GuardError:
        return GuardError(text.count("\n", 0, pos) + 1, what, allowed, field)

    def nest(bracket: str) -> None:
        stack.append(bracket)
        if len(stack) > MAX_NESTING:
            raise fail(f"arrays or tables nested more than {MAX_NESTING} deep",
                       f"at most {MAX_NESTING} levels of [ ] and {{ }}")

    while True:
        if in_key or header:
            pattern = _IN_KEY
        elif not stack:
            pattern = _IN_VALUE
        else:
            pattern = _IN_ARRAY if stack[-1] == "[" else _IN_TABLE
        m = pattern.search(text, pos)
        if m is None:
            return
        tok, pos = m.group(), m.end()
        if tok in ('"""', "'''"):  # a multi-line string: skip to its end
            pos = _find_close(text, pos, tok) + 3
        elif tok == '"' or tok == "'":
            pos = _find_close(text, pos, tok) + 1
        elif tok == "#":
            nl = text.find("\n", pos)
            pos = n if nl < 0 else nl
        elif tok == "\n":  # only seen outside brackets: a new line starts with a key
            in_key, header, depth, key_start = True, 0, 1, pos
        elif tok == ".":  # only seen in a key or a header
            depth += 1
            if depth > MAX_KEY_DEPTH:  # named by its first two parts: the table and the name
                parts = text[key_start:pos].lstrip(" \t[").split(".")[:2]
                field = ".".join(x.strip(" \t\"'") for x in parts)
                raise fail(f"a key more than {MAX_KEY_DEPTH} levels deep",
                           f"keys of at most {MAX_KEY_DEPTH} parts (name = value lines under [parameters])",
                           field)
        elif tok == "=":
            if in_key and not header:
                keys, depth, in_key = keys + 1, 1, False
                if keys > MAX_KEYS:
                    raise fail(f"more than {MAX_KEYS:,} keys", f"at most {MAX_KEYS:,} keys in a file", table)
        elif tok == "[":
            if in_key and not stack and not header:  # a table header
                header = 2 if text.startswith("[", pos) else 1
                pos += header - 1
                keys, depth = keys + 1, 1
                if keys > MAX_KEYS:
                    raise fail(f"more than {MAX_KEYS:,} keys", f"at most {MAX_KEYS:,} keys in a file", table)
            elif not in_key:
                nest("[")
        elif tok == "{":
            if not in_key:
                nest("{")
                in_key, depth, key_start = True, 1, pos
        elif tok in "]}":
            if header and tok == "]":
                header = 0
                table = text[key_start:pos - 1].strip(" \t[")[:200] or table
                if text.startswith("]", pos):
                    pos += 1
            elif stack:
                stack.pop()
                in_key = False
        elif tok == ",":
            if stack and stack[-1] == "{":
                in_key, depth, key_start = True, 1, pos
            elif stack:
                items += 1
                if items > MAX_ITEMS:
                    raise fail(f"more than {MAX_ITEMS:,} array items",
                               f"at most {MAX_ITEMS:,} items in the file's lists")


def _find_close(text: str, pos: int, quote: str) -> int:
    """Index of the quote that ends a string opened just before ``pos`` (or the end of text).

    A one-line string that meets a newline first ends there (the parser refuses it anyway).
    """
    while True:
        close = text.find(quote, pos)
        if close < 0:
            close = len(text)
        if len(quote) == 1:
            nl = text.find("\n", pos, close)
            if nl >= 0:
                return nl - 1
        if close == len(text):
            return close
        if quote[0] == '"':
            backslashes, i = 0, close - 1
            while i >= pos and text[i] == "\\":
                backslashes, i = backslashes + 1, i - 1
            if backslashes % 2:
                pos = close + 1
                continue
        if len(quote) == 3:  # up to two more quotes may end the content: '"""a""""'
            extra = 0
            while extra < 2 and text.startswith(quote[0], close + 3):
                close, extra = close + 1, extra + 1
        return close
