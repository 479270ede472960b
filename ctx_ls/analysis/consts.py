"""Constant folding of duration expressions, from syntax alone.

``2*time.Second``, ``500 * time.Millisecond``, ``time.Duration(n) * time.Minute`` and named
constants declared in the same file (top level or local, ``iota`` and implicit repetition in
``const (...)`` groups included) or in another file of the package (folded there, by the
package index) fold to a number of nanoseconds. The arithmetic follows Go's
constant rules: untyped constants are exact (``3 / 2`` is the integer ``1``, ``2.5e3 * 2`` is
exact), and when an untyped constant meets a typed one (``1.5 * time.Second``) it must be an
integer, else the program does not compile and nothing is folded.

Anything else is "not a constant we can see": a variable, a function call, a constant of
another package, or a constant of another file that refers to a constant of a third file.
Callers stay silent then.

Folded values depend on ``const`` declarations outside the declaration being analysed:
:func:`signature` summarises them for cache keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from tree_sitter import Node

from ctx_ls.analysis.facts import FileFacts
from ctx_ls.analysis.source import text

TIME = "time"

UNITS: dict[str, int] = {
    "Nanosecond": 1,
    "Microsecond": 1_000,
    "Millisecond": 1_000_000,
    "Second": 1_000_000_000,
    "Minute": 60_000_000_000,
    "Hour": 3_600_000_000_000,
}

_UNIT_NAMES = frozenset(UNITS)
_DURATION_NAME = frozenset({"Duration"})
_INTEGER_TYPES = frozenset(
    "int int8 int16 int32 int64 uint uint8 uint16 uint32 uint64 uintptr byte rune".split()
)
UNTYPED_INT = "untyped int"
UNTYPED_FLOAT = "untyped float"
DURATION = "time.Duration"
_MAX_DEPTH = 40
_INT64 = 1 << 63


@dataclass(frozen=True, slots=True)
class Value:
    """A constant: its exact value and its kind: ``UNTYPED_INT``, ``UNTYPED_FLOAT``, or the
    integer type it has (``"time.Duration"``, ``"int64"``)."""

    number: Fraction
    kind: str

    @property
    def typed(self) -> bool:
        return self.kind not in (UNTYPED_INT, UNTYPED_FLOAT)

    @property
    def integral(self) -> bool:
        return self.number.denominator == 1


class Folder:
    """Folds constant expressions of one file. Build one per rule run; it caches the table
    of the file's top-level constants."""

    def __init__(self, facts: FileFacts) -> None:
        self.facts = facts
        self._top: dict[str, tuple[Node, int] | None] | None = None

    # ----- public
    def duration(self, expr: Node | None) -> int | None:
        """The value in nanoseconds of a constant duration expression, or None."""
        if expr is None:
            return None
        v = self.value(expr)
        if v is None or not v.integral or abs(v.number) >= _INT64:
            return None
        if v.typed and v.kind != DURATION:
            return None  # an int64 where a Duration is expected does not compile
        return int(v.number)

    def value(self, expr: Node, iota: int | None = None, depth: int = 0) -> Value | None:
        if depth > _MAX_DEPTH:
            return None
        t = expr.type
        if t == "parenthesized_expression":
            inner = expr.named_children
            return self.value(inner[0], iota, depth + 1) if len(inner) == 1 else None
        if t == "int_literal":
            n = _int_literal(text(expr))
            return Value(Fraction(n), UNTYPED_INT) if n is not None else None
        if t == "float_literal":
            f = _float_literal(text(expr))
            return Value(f, UNTYPED_FLOAT) if f is not None else None
        if t == "iota":
            return Value(Fraction(iota), UNTYPED_INT) if iota is not None else None
        if t == "unary_expression":
            return self._unary(expr, iota, depth)
        if t == "binary_expression":
            return self._binary(expr, iota, depth)
        if t == "identifier":
            return self._identifier(expr, depth)
        if t == "selector_expression":
            unit = self.facts.refers_to(expr, TIME, _UNIT_NAMES)
            return Value(Fraction(UNITS[unit]), DURATION) if unit else None
        if t == "call_expression":
            return self._conversion(expr, iota, depth)
        return None

    # ----- expressions
    def _unary(self, expr: Node, iota: int | None, depth: int) -> Value | None:
        op = text(expr.child_by_field_name("operator"))
        operand = expr.child_by_field_name("operand")
        if operand is None or op not in ("-", "+"):
            return None
        v = self.value(operand, iota, depth + 1)
        if v is None:
            return None
        return Value(-v.number, v.kind) if op == "-" else v

    def _binary(self, expr: Node, iota: int | None, depth: int) -> Value | None:
        left, right = expr.child_by_field_name("left"), expr.child_by_field_name("right")
        op = text(expr.child_by_field_name("operator"))
        if left is None or right is None:
            return None
        a = self.value(left, iota, depth + 1)
        if a is None:
            return None
        b = self.value(right, iota, depth + 1)
        if b is None:
            return None
        return combine(op, a, b)

    def _identifier(self, ident: Node, depth: int) -> Value | None:
        facts = self.facts
        resolver = facts.resolver(ident)
        if resolver.is_local(ident):
            local = resolver.resolve(ident)
            if local is None or local.kind != "const" or local.statement is None:
                return None
            return self._spec_value(local.statement, local.index, depth)
        entry = self._top_level().get(text(ident))
        if entry is not None:
            return self._spec_value(entry[0], entry[1], depth)
        if text(ident) in self._top_level():
            return None  # declared at the top level, but not (only) as a constant
        package = self.facts.package
        if package.declares(text(ident)):
            return package.duration(text(ident))  # folded in the file that declares it
        unit = facts.refers_to(ident, TIME, _UNIT_NAMES)  # dot-imported time
        return Value(Fraction(UNITS[unit]), DURATION) if unit else None

    def _conversion(self, call: Node, iota: int | None, depth: int) -> Value | None:
        """``time.Duration(x)`` and conversions to the predeclared integer types."""
        fn = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if fn is None or args is None or args.named_child_count != 1:
            return None
        kind = self._integer_type(fn)
        if kind is None:
            return None
        v = self.value(args.named_children[0], iota, depth + 1)
        if v is None or not v.integral:
            return None  # a non-integral constant does not convert to an integer type
        return Value(v.number, kind)

    def _integer_type(self, node: Node) -> str | None:
        """The name of the integer type ``node`` denotes (time.Duration or a predeclared
        integer type), or None."""
        if node.type == "qualified_type":
            return DURATION if self.facts.is_qualified_type(node, TIME, "Duration", False) else None
        if node.type == "selector_expression":
            return DURATION if self.facts.refers_to(node, TIME, _DURATION_NAME) else None
        if node.type in ("identifier", "type_identifier"):
            name = text(node)
            if node.type == "identifier" and self.facts.resolver(node).is_local(node):
                return None
            if name in self._top_level():
                return None  # a type (or anything) of this file that shadows the builtin
            if name in _INTEGER_TYPES:
                return {"byte": "uint8", "rune": "int32"}.get(name, name)
            if name == "Duration" and TIME in self.facts.imports.dot:
                return DURATION
        return None

    # ----- constant declarations
    def _spec_value(self, spec: Node, index: int, depth: int) -> Value | None:
        """The value of the ``index``-th name of a ``const_spec``, with Go's implicit
        repetition of the previous expression list and the spec's own ``iota``."""
        if spec.type != "const_spec":
            return None
        names = [c for c in spec.children_by_field_name("name") if c.type == "identifier"]
        origin = spec
        while origin is not None and origin.child_by_field_name("value") is None:
            if origin.child_by_field_name("type") is not None:
                return None  # a typed spec without values does not compile
            origin = _previous_spec(origin)
        if origin is None:
            return None
        value = origin.child_by_field_name("value")
        values = value.named_children if value is not None and value.type == "expression_list" else [value]
        if len(values) != len(names) or index >= len(values) or values[index] is None:
            return None
        v = self.value(values[index], _iota(spec), depth + 1)
        if v is None:
            return None
        typ = origin.child_by_field_name("type")
        if typ is None:
            return v
        kind = self._integer_type(typ)
        if kind is None or not v.integral or (v.typed and v.kind != kind):
            return None  # floats, strings, named types we cannot see through
        return _checked(Value(v.number, kind))

    def _top_level(self) -> dict[str, tuple[Node, int] | None]:
        """Every name declared at the top level of the file: ``(const_spec, index)`` for
        constants, None for variables, functions and types."""
        if self._top is None:
            table: dict[str, tuple[Node, int] | None] = {}
            for decl in self.facts.source.root.named_children:
                if decl.type == "const_declaration":
                    for spec in decl.named_children:
                        if spec.type != "const_spec":
                            continue
                        names = [c for c in spec.children_by_field_name("name") if c.type == "identifier"]
                        for i, name in enumerate(names):
                            key = text(name)
                            if key != "_":
                                table[key] = None if key in table else (spec, i)
                else:
                    for name in _declared_names(decl):
                        table[name] = None
            self._top = table
        return self._top


def combine(op: str, a: Value, b: Value) -> Value | None:
    """``a op b`` under Go's rules for constant expressions, or None when it is not a
    constant we fold (or would not compile)."""
    if op in ("<<", ">>"):
        if not a.integral or not b.integral or b.number < 0 or b.number > 128:
            return None
        kind = UNTYPED_INT if a.kind == UNTYPED_FLOAT else a.kind
        n, s = int(a.number), int(b.number)
        return _checked(Value(Fraction(n << s if op == "<<" else n >> s), kind))
    if a.typed or b.typed:
        if a.typed and b.typed and a.kind != b.kind:
            return None  # mismatched types (int64 * time.Duration) do not compile
        if not a.integral or not b.integral:
            return None  # an untyped float that does not fit the integer type
        kind = a.kind if a.typed else b.kind
    else:
        kind = UNTYPED_FLOAT if UNTYPED_FLOAT in (a.kind, b.kind) else UNTYPED_INT
    x, y = a.number, b.number
    if op == "+":
        return _checked(Value(x + y, kind))
    if op == "-":
        return _checked(Value(x - y, kind))
    if op == "*":
        return _checked(Value(x * y, kind))
    if op in ("/", "%"):
        if y == 0:
            return None
        if kind == UNTYPED_FLOAT:
            return Value(x / y, kind) if op == "/" else None
        q = abs(x.numerator) // abs(y.numerator)  # truncated toward zero, like Go
        if (x < 0) != (y < 0):
            q = -q
        return Value(Fraction(q), kind) if op == "/" else Value(x - q * y, kind)
    return None


def _checked(v: Value) -> Value | None:
    if v.typed and abs(v.number) >= _INT64:
        return None  # overflows int64 (close enough for the narrower types): does not compile
    return v


def _int_literal(raw: str) -> int | None:
    s = raw.replace("_", "").lower()
    try:
        if len(s) > 1 and s[0] == "0" and s[1].isdigit():
            return int(s, 8)  # legacy octal: 0755
        return int(s, 0)
    except ValueError:
        return None


def _float_literal(raw: str) -> Fraction | None:
    s = raw.replace("_", "").lower()
    try:
        if s.startswith("0x"):
            return Fraction(float.fromhex(s))
        return Fraction(s)
    except (ValueError, ZeroDivisionError, OverflowError):
        return None


def _previous_spec(spec: Node) -> Node | None:
    cur = spec.prev_named_sibling
    while cur is not None and cur.type == "comment":
        cur = cur.prev_named_sibling
    return cur if cur is not None and cur.type == "const_spec" else None


def _iota(spec: Node) -> int:
    n = 0
    cur = _previous_spec(spec)
    while cur is not None:
        n += 1
        cur = _previous_spec(cur)
    return n


def _declared_names(decl: Node) -> list[str]:
    t = decl.type
    if t == "function_declaration":
        name = decl.child_by_field_name("name")
        return [text(name)] if name is not None else []
    if t == "var_declaration":
        specs = []
        for child in decl.named_children:
            if child.type == "var_spec":
                specs.append(child)
            elif child.type == "var_spec_list":
                specs.extend(c for c in child.named_children if c.type == "var_spec")
        return [text(c) for s in specs for c in s.children_by_field_name("name") if c.type == "identifier"]
    if t == "type_declaration":
        out = []
        for spec in decl.named_children:
            name = spec.child_by_field_name("name") if spec.type in ("type_spec", "type_alias") else None
            if name is not None:
                out.append(text(name))
        return out
    return []


def signature(root: Node, top: list[tuple[Node, str]] | None = None) -> tuple[bytes, ...]:
    """The file's top-level ``const`` declarations, as a cache-key part: the folded value of
    an expression in one declaration can change when these change. ``top``: the root's
    named children with their types (SourceFile.top)."""
    if top is None:
        top = [(n, n.type) for n in root.named_children]
    return tuple(d.text or b"" for d, t in top if t == "const_declaration")


def format_duration(ns: int) -> str:
    """A duration the way Go's ``time.Duration.String`` prints it: ``1.5s``, ``500ms``,
    ``2m0s``, ``1h30m0s``, ``1µs``, ``0s``."""
    if ns == 0:
        return "0s"
    sign = "-" if ns < 0 else ""
    u = abs(ns)
    if u < UNITS["Second"]:
        if u < UNITS["Microsecond"]:
            return f"{sign}{u}ns"
        if u < UNITS["Millisecond"]:
            return f"{sign}{_fraction(u, 3)}\u00b5s"
        return f"{sign}{_fraction(u, 6)}ms"
    seconds, frac = divmod(u, UNITS["Second"])
    out = f"{_fraction(seconds % 60 * UNITS['Second'] + frac, 9)}s"
    minutes = seconds // 60
    if minutes:
        out = f"{minutes % 60}m{out}"
        hours = minutes // 60
        if hours:
            out = f"{hours}h{out}"
    return sign + out


def _fraction(v: int, prec: int) -> str:
    """``v / 10**prec`` with the trailing zeros of the fraction (and a bare point) omitted."""
    whole, frac = divmod(v, 10**prec)
    digits = f"{frac:0{prec}d}".rstrip("0") if prec else ""
    return f"{whole}.{digits}" if digits else str(whole)
