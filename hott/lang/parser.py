"""Read ``.hott`` text into :mod:`hott.lang.presyntax`, keeping a ``SourceSpan`` on every node.

The grammar is ``grammar.lark`` (lark: an LALR parser and a basic lexer, so linear time; keywords
are reserved everywhere). Layout is decided here, between lexer and parser: a declaration starts
in column 1 and continues on indented lines; inside a ``where`` block every line indented like the first constructor starts a
new constructor (``;`` separates constructors on one line). Notation is desugared on the way:
``p · q`` is ``concat p q``, ``p⁻¹`` is ``inv p``, ``g ∘ f`` is ``compose g f``, ``(x y : A) -> B``
is two ``Pi`` nodes. Every failure is a :class:`~hott.lang.errors.LangError`.
"""

from __future__ import annotations

import bisect
import dataclasses
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from hott.lang import presyntax as ps
from hott.lang.errors import ErrorKind, LangError
from hottbridge.errors import SourceSpan

#: Longest numeral read (digits); longer ones are a LIMIT error rather than a slow conversion.
MAX_NUMERAL_DIGITS = 10_000
#: Deepest nesting of terms read (presyntax nodes; lark's tree may be twice as deep, a ``(``
#: adding two levels); deeper text is a LIMIT error, so that the parser, the printer and the
#: checker, which recurse on terms, stay well inside Python's default recursion limit.
MAX_DEPTH = 128

_DIGIT_CHUNK = 1_000  # below Python's int/str conversion limit (sys.get_int_max_str_digits)


class _Layout:
    """Post-lexer: turns newlines into declaration and constructor separators (or nothing)."""

    always_accept = ("_NL",)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        newline = first = True
        in_block, block_column, last = False, 0, ""
        for token in stream:
            if token.type == "_NL":
                newline = True
                continue
            if first:
                if token.column != 1:
                    raise _LayoutError("a declaration starts in column 1", token)
                first = newline = False
            elif newline:
                newline = False
                indent = token.column - 1
                if indent == 0:
                    in_block = False
                    yield Token.new_borrow_pos("_DECL", "", token)
                elif in_block and (block_column == 0 or indent == block_column):
                    if block_column == 0:
                        block_column = indent
                    if last != "_WHERE":
                        yield Token.new_borrow_pos("_CSEP", "", token)
                elif in_block and indent < block_column:
                    raise _LayoutError(f"this line is indented less than the constructors "
                                       f"above it (column {block_column + 1})", token)
            if token.type == "_WHERE":
                in_block, block_column = True, 0
            last = token.type
            yield token


class _LayoutError(Exception):
    """Raised inside lark by the post-lexer; turned into a LangError by :func:`parse`."""

    def __init__(self, message: str, token: Token) -> None:
        super().__init__(message)
        self.message, self.token = message, token


_GRAMMAR = (Path(__file__).with_name("grammar.lark")).read_text(encoding="utf-8")
_PARSER = Lark(_GRAMMAR, parser="lalr", lexer="basic", postlex=_Layout(),
               propagate_positions=True, maybe_placeholders=False)

#: How the parser's error messages name terminals that are not literal strings.
_TERMINAL_NAMES = {
    "NAME": "a name", "NUM": "a numeral", "PROJ": "'.1' or '.2'", "_DECL": "a new declaration",
    "_CSEP": "a new constructor", "$END": "the end of the text", "_ARROW": "'->'",
    "_STAR": "'*'", "CONCAT": "'·'", "INV": "'⁻¹'",
}
_TERM_STARTS = {"NAME", "NUM", "HOLE", "TYPE", "_LPAR", "_FUN", "_LAMBDA", "_LET", "_LBRACE"}
_NOT_SHOWN = {"_NL", "WS", "COMMENT"}


def parse(text: str, path: str | None = None) -> ps.Program:
    """The program ``text`` declares; a :class:`LangError` (kind ``PARSE`` or ``LIMIT``) if none.

    ``path`` is only recorded (in the program and in errors); nothing is read from it.
    """
    try:
        tree = _PARSER.parse(text)
    except _LayoutError as error:
        span = _Spans(text).of_token(error.token)
        raise LangError(ErrorKind.PARSE, error.message, span, path=path) from None
    except UnexpectedInput as error:
        raise _parse_error(error, text, path) from None
    builder = _Builder(text, path)
    builder.check_depth(tree)
    decls = tuple(builder.decl(child) for child in tree.children)
    program = ps.Program(decls, source=text, path=path, span=builder.spans.at(0, len(text)))
    builder.check_term_depth(program)
    return program


def parse_term(text: str, path: str | None = None) -> ps.Term:
    """One term on its own, as after ``:=`` (any layout): for tests and for showing terms.

    Spans point into ``text``. Errors are those of :func:`parse`.
    """
    shifted = "\n".join(" " + line for line in text.split("\n"))
    try:
        program = parse(f"def _t : _ :=\n{shifted}", path)
    except LangError as error:
        span = None if error.span is None else _unshift(error.span, text)
        raise LangError(error.kind, error.detail, span, path=path) from None
    return _map_spans(program.decls[0].body, lambda span: _unshift(span, text))


def _unshift(span: SourceSpan, text: str) -> SourceSpan:
    """A span in ``parse_term``'s wrapper moved back to ``text`` (one line up, one column left)."""
    line, column = max(1, span.line - 1), max(1, span.column - 1)
    return SourceSpan(line, column, span.length, source=text)


def _map_spans(node: ps.Node, change) -> ps.Node:
    """A copy of ``node`` with ``change`` applied to every span in it."""
    values = {}
    for field in dataclasses.fields(node):
        value = getattr(node, field.name)
        if isinstance(value, ps.Node):
            value = _map_spans(value, change)
        elif field.name == "span" and value is not None:
            value = change(value)
        values[field.name] = value
    return type(node)(**values)


# --- errors ----------------------------------------------------------------------------------


def _parse_error(error: UnexpectedInput, text: str, path: str | None) -> LangError:
    spans = _Spans(text)
    if isinstance(error, UnexpectedToken):
        token = error.token
        if token.type == "$END":
            span, found = spans.end(), "end of the text"
        else:
            span, found = spans.of_token(token), _describe_token(token)
        message = f"unexpected {found}"
        expected = _expected(error.expected)
        if expected:
            message += f"; expected {expected}"
        return LangError(ErrorKind.PARSE, message, span, path=path)
    if isinstance(error, UnexpectedCharacters):
        char = text[error.pos_in_stream]
        shown = char if char.isprintable() and not char.isspace() else ""
        message = f"unexpected character {shown!r} (U+{ord(char):04X})" if shown != char else \
            f"unexpected character {char!r}"
        if char.isdigit():
            message += ": only the ASCII digits 0-9 make numerals"
        return LangError(ErrorKind.PARSE, message,
                         spans.at(error.pos_in_stream, error.pos_in_stream + 1), path=path)
    # lark's other UnexpectedInput: the text stopped too early
    return LangError(ErrorKind.PARSE, "unexpected end of the text", spans.end(), path=path)


def _describe_token(token: Token) -> str:
    if token.type == "NAME":
        return f"name {token.value!r}"
    if token.type == "NUM":
        digits = token.value if len(token.value) <= 20 else token.value[:20] + "…"
        return f"numeral {digits}"
    if token.type == "_DECL":
        return "line start in column 1 (a new declaration; indent lines that continue one)"
    if token.type == "_CSEP":
        return f"new constructor (a line indented to column {token.column})"
    return repr(token.value)


def _expected(names: set[str]) -> str:
    names = set(names) - _NOT_SHOWN
    shown = []
    if {"NAME", "NUM", "_LPAR"} <= names:
        names -= _TERM_STARTS
        shown.append("a term")
    for name in sorted(names):
        if name in _TERMINAL_NAMES:
            shown.append(_TERMINAL_NAMES[name])
        else:
            shown.append(repr(_PARSER.get_terminal(name).pattern.value))
    if len(shown) > 1:
        return ", ".join(shown[:-1]) + " or " + shown[-1]
    return shown[0] if shown else ""


# --- building presyntax ----------------------------------------------------------------------


_TERMS = typing.get_args(ps.Term)


class _Spans:
    """Offsets in the text to ``SourceSpan`` (line and column 1-based, length on the first line)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def at(self, start: int, end: int) -> SourceSpan:
        row = bisect.bisect_right(self.starts, start) - 1
        line_end = self.text.find("\n", start)
        line_end = len(self.text) if line_end < 0 else line_end
        length = max(1, min(end, line_end) - start)
        return SourceSpan(row + 1, start - self.starts[row] + 1, length, source=self.text)

    def end(self) -> SourceSpan:
        """Just after the last character that is not white space."""
        end = len(self.text.rstrip())
        return self.at(end, end + 1)

    def of_token(self, token: Token) -> SourceSpan:
        return self.at(token.start_pos, max(token.end_pos, token.start_pos + 1))


@dataclass(frozen=True)
class _Telescope:
    """``(x : A) {y : B}`` seen before ``->`` or ``*``: binders, or (otherwise) a term."""

    binders: tuple[tuple[str, ps.Icit, ps.Term, int], ...]  # name, icit, type, start offset
    term: ps.Term | None  # the same text read as an application of annotations (None for {..})
    brace: Tree | None  # the first {x : A} group, for the error when it is not before '->'


class _Builder:
    """From lark's tree to presyntax; recursive on a tree whose depth is checked first."""

    def __init__(self, text: str, path: str | None) -> None:
        self.spans, self.path = _Spans(text), path

    def error(self, kind: ErrorKind, message: str, span: SourceSpan) -> LangError:
        return LangError(kind, message, span, path=self.path)

    def span(self, node: Tree | Token, end: Tree | Token | None = None) -> SourceSpan:
        return self.spans.at(_start(node), _end(end if end is not None else node))

    # depth limits (iterative, so that they cannot themselves overflow the stack)

    def check_depth(self, tree: Tree) -> None:
        stack = [(tree, 1)]
        while stack:
            node, depth = stack.pop()
            if depth > 2 * MAX_DEPTH + 4:  # 4: start, declaration, binder, constructor
                raise self.error(ErrorKind.LIMIT, f"terms nested more than {MAX_DEPTH} deep",
                                 self.span(node))
            stack.extend((c, depth + 1) for c in node.children if isinstance(c, Tree))

    def check_term_depth(self, program: ps.Program) -> None:
        stack: list[tuple[ps.Node, int]] = [(program, 0)]
        while stack:
            node, depth = stack.pop()
            if depth > MAX_DEPTH:
                raise self.error(ErrorKind.LIMIT, f"terms nested more than {MAX_DEPTH} deep",
                                 node.span)
            below = depth + 1 if isinstance(node, _TERMS) else 1  # a declaration's terms: 1
            for value in vars(node).values():
                children = value if isinstance(value, tuple) else (value,)
                stack.extend((c, below) for c in children if isinstance(c, ps.Node))

    # declarations

    def decl(self, tree: Tree) -> ps.Decl:
        name, *rest = tree.children
        span = self.span(tree)
        if tree.data == "def":
            *binders, type_, body = rest
            return ps.Def(name.value, self.binders(binders), self.term(type_), self.term(body),
                          span=span)
        if tree.data == "axiom":
            *binders, type_ = rest
            return ps.Axiom(name.value, self.binders(binders), self.term(type_), span=span)
        *binders, block = rest
        constructors = tuple(
            ps.Constructor(c.children[0].value, self.term(c.children[1]), span=self.span(c))
            for c in block.children)
        kind = ps.Data if tree.data == "data" else ps.Hit
        return kind(name.value, self.binders(binders), constructors, span=span)

    def binders(self, groups: list[Tree]) -> tuple[ps.Binder, ...]:
        return tuple(ps.Binder(name, icit, type_, span=self.spans.at(start, start + len(name)))
                     for group in groups for name, icit, type_, start in self.group(group))

    def group(self, tree: Tree) -> list[tuple[str, ps.Icit, ps.Term | None, int]]:
        """``(x y : A)``, ``{x : A}``, ``{x}``, ``x``: (name, icit, type, start) per name."""
        icit = ps.Icit.EXPL if tree.data in {"explicit_binder", "lam_name"} else ps.Icit.IMPL
        names = [c for c in tree.children if isinstance(c, Token)]
        trees = [c for c in tree.children if isinstance(c, Tree)]
        type_ = self.term(trees[0]) if trees else None
        return [(n.value, icit, type_, n.start_pos) for n in names]

    # terms

    def term(self, tree: Tree) -> ps.Term:
        """The term a subtree denotes (a telescope not followed by ``->`` is an application)."""
        result = getattr(self, f"_{tree.data}")(tree)  # one frame per level, not two
        if isinstance(result, _Telescope):
            if result.term is None:
                raise self.error(ErrorKind.PARSE, "a binder {x : A} must be followed by '->'",
                                 self.span(result.brace))
            return result.term
        return result

    def build(self, tree: Tree) -> ps.Term | _Telescope:
        """A term, or the binders ``(x : A) {y : B}`` that only ``->`` and ``*`` may use."""
        return getattr(self, f"_{tree.data}")(tree)

    def _var(self, tree: Tree) -> ps.Term:
        return ps.Var(tree.children[0].value, span=self.span(tree))

    def _hole(self, tree: Tree) -> ps.Term:
        return ps.Hole(span=self.span(tree))

    def _num(self, tree: Tree) -> ps.Term:
        return ps.Num(self.numeral(tree.children[0]), span=self.span(tree))

    def numeral(self, token: Token) -> int:
        digits = token.value.lstrip("-")
        if len(digits) > MAX_NUMERAL_DIGITS:
            raise self.error(ErrorKind.LIMIT, f"a numeral of {len(digits)} digits; at most "
                             f"{MAX_NUMERAL_DIGITS} are read", self.span(token))
        value = 0
        for i in range(0, len(digits), _DIGIT_CHUNK):
            chunk = digits[i:i + _DIGIT_CHUNK]
            value = value * 10 ** len(chunk) + int(chunk)
        return -value if token.value.startswith("-") else value

    def _universe(self, tree: Tree) -> ps.Term:
        level = self.numeral(tree.children[1]) if len(tree.children) > 1 else 0
        if level < 0:
            raise self.error(ErrorKind.PARSE, "a universe level is a natural number (Type 0, "
                             "Type 1, ...)", self.span(tree.children[1]))
        return ps.Universe(level, span=self.span(tree))

    def _proj(self, tree: Tree) -> ps.Term:
        inner, token = tree.children
        if token.value not in {".1", ".2"}:
            raise self.error(ErrorKind.PARSE, f"unexpected projection {token.value!r}; a pair "
                             "has only .1 and .2", self.span(token))
        return ps.Proj(self.term(inner), int(token.value[1]), span=self.span(tree))

    def _paren(self, tree: Tree) -> ps.Term:
        return self.term(tree.children[0])

    def _group(self, tree: Tree) -> ps.Term:
        term, type_ = tree.children
        return ps.Ann(self.term(term), self.term(type_), span=self.span(tree))

    def _tuple(self, tree: Tree) -> ps.Term:
        items = tree.children
        result = self.term(items[-1])
        for i in range(len(items) - 2, -1, -1):
            start = tree if i == 0 else items[i]
            result = ps.Pair(self.term(items[i]), result, span=self.span(start, tree))
        return result

    def _spine(self, tree: Tree) -> ps.Term | _Telescope:
        items = tree.children
        binders = self.telescope(items)
        head = items[0]
        if head.data == "brace":
            if binders is not None:
                return _Telescope(binders, None, head)
            raise self.error(ErrorKind.PARSE, "an implicit argument {…} needs a function "
                             "before it", self.span(head))
        result = self.term(head)
        for item in items[1:]:
            icit = ps.Icit.EXPL
            if item.data == "brace":
                if len(item.children) > 1:
                    if binders is not None:
                        return _Telescope(binders, None, item)
                    raise self.error(ErrorKind.PARSE, "a binder {x : A} is allowed only "
                                     "before '->'", self.span(item))
                icit, item = ps.Icit.IMPL, item.children[0]
                argument = self.term(item)
            else:
                argument = self.term(item)
            result = ps.App(result, argument, icit, span=self.span(tree, item))
        return _Telescope(binders, result, None) if binders is not None else result

    def telescope(self, items: list[Tree]) -> tuple | None:
        """The binders, if every item is ``(x y : A)`` or ``{x y : A}`` with only names bound."""
        binders = []
        for item in items:
            if item.data not in {"group", "brace"} or len(item.children) != 2:
                return None
            lhs, type_ = item.children
            names = _spine_names(lhs)
            if names is None:
                return None
            icit = ps.Icit.EXPL if item.data == "group" else ps.Icit.IMPL
            type_term = self.term(type_)
            binders.extend((n.value, icit, type_term, n.start_pos) for n in names)
        return tuple(binders)

    def _brace(self, tree: Tree) -> ps.Term:  # pragma: no cover - spines handle braces
        raise AssertionError("a brace outside a spine")

    def _arrow(self, tree: Tree) -> ps.Term:
        left, right = tree.children
        domain = self.build(left)
        codomain = self.term(right)
        if isinstance(domain, _Telescope):
            return self.bind(ps.Pi, domain.binders, codomain, tree)
        return ps.Pi("_", ps.Icit.EXPL, domain, codomain, span=self.span(tree))

    def _sigma(self, tree: Tree) -> ps.Term:
        left, right = tree.children
        first = self.build(left)
        second = self.term(right)
        if isinstance(first, _Telescope):
            if first.term is None or any(b[1] is ps.Icit.IMPL for b in first.binders):
                raise self.error(ErrorKind.PARSE, "a Σ-type binds only explicit names: "
                                 "(x : A) * B", self.span(left))
            return self.bind(lambda n, i, a, b, span: ps.Sigma(n, a, b, span=span),
                             first.binders, second, tree)
        return ps.Sigma("_", first, second, span=self.span(tree))

    def bind(self, make, binders, body: ps.Term, tree: Tree) -> ps.Term:
        """Nest ``make`` over the binders, innermost last; each spans from its name to the end."""
        for index in range(len(binders) - 1, -1, -1):
            name, icit, type_, start = binders[index]
            start = _start(tree) if index == 0 else start
            body = make(name, icit, type_, body, span=self.spans.at(start, _end(tree)))
        return body

    def _lam(self, tree: Tree) -> ps.Term:
        *groups, body = tree.children
        binders = [b for group in groups for b in self.group(group)]
        return self.bind(lambda n, i, a, b, span: ps.Lam(n, i, a, b, span=span),
                         binders, self.term(body), tree)

    def _let(self, tree: Tree) -> ps.Term:
        name, *parts = tree.children
        type_ = self.term(parts[0]) if len(parts) == 3 else None
        value, body = parts[-2:]
        return ps.Let(name.value, type_, self.term(value), self.term(body), span=self.span(tree))

    def _eq(self, tree: Tree) -> ps.Term:
        left, right = tree.children
        return ps.Eq(self.term(left), self.term(right), span=self.span(tree))

    def _concat(self, tree: Tree) -> ps.Term:
        return self.infix("concat", tree)

    def _compose(self, tree: Tree) -> ps.Term:
        return self.infix("compose", tree)

    def infix(self, function: str, tree: Tree) -> ps.Term:
        left, operator, right = tree.children
        head = ps.Var(function, span=self.span(operator))
        span = self.span(tree)
        return ps.App(ps.App(head, self.term(left), span=span), self.term(right), span=span)

    def _inv(self, tree: Tree) -> ps.Term:
        inner, operator = tree.children
        return ps.App(ps.Var("inv", span=self.span(operator)), self.term(inner),
                      span=self.span(tree))


def _spine_names(tree: Tree) -> list[Token] | None:
    """The name tokens of ``x y _``, or None if the tree is anything else."""
    if tree.data != "spine" or any(c.data not in {"var", "hole"} for c in tree.children):
        return None
    return [c.children[0] for c in tree.children]


def _start(node: Tree | Token) -> int:
    return node.start_pos if isinstance(node, Token) else node.meta.start_pos


def _end(node: Tree | Token) -> int:
    return node.end_pos if isinstance(node, Token) else node.meta.end_pos
