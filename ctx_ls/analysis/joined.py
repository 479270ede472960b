"""Whether a function waits for a goroutine it starts, from syntax: the goroutine's literal
ends by signalling and a later statement of the function waits for that signal. Used by
``goroutine-no-context``: a goroutine the function joins cannot outlive it.
"""

from __future__ import annotations

from tree_sitter import Node

from ctx_ls.analysis.scopes import enclosing_function, statements
from ctx_ls.analysis.source import text

_EXITS = ("return_statement", "goto_statement", "break_statement", "continue_statement")


def joined(stmt: Node, body: Node) -> bool:
    """The function waits for the goroutine before it can go on: the literal ends by
    signalling (``defer wg.Done()`` or ``wg.Done()`` last; ``defer close(ch)``, or
    ``close(ch)`` / ``ch <- v`` last) and a statement that follows the ``go`` statement —
    in its block or, out of the ``if``/``for``/``switch`` blocks around it, in an
    enclosing block of the same function — waits for that signal (``wg.Wait()``; ``<-ch``,
    ``v := <-ch``, ``v = <-ch``), with no ``return``, ``break``, ``continue`` or ``goto``
    in between. A channel joins only a goroutine started once (not in a loop) and the only
    one of the function that mentions it. Such a goroutine cannot outlive the function."""
    done, closed, sent = _signals(body)
    channels = closed | sent
    if not (done or channels):
        return False
    function = enclosing_function(stmt)
    if function is None:
        return False
    node = stmt
    while node is not None:
        for sibling in node.parent.named_children:
            if sibling.start_byte < node.end_byte or sibling.type == "comment":
                continue
            waited = _waits_on(sibling)
            if waited is not None:
                kind, name = waited
                if kind == "wait" and name in done:
                    return True
                if kind == "recv" and name in channels:
                    return not any(
                        g != stmt and _mentions_name(g, name) for g in _go_statements(function)
                    )
            if _exits(sibling):
                return False
        node = _enclosing_statement(node, function)
        if node is not None and node.type == "for_statement":
            channels = set()  # one goroutine per iteration: a receive joins only one
    return False


def _enclosing_statement(node: Node, function: Node) -> Node | None:
    """The statement (in a statement list) around ``node``'s block, inside ``function``."""
    cur = node.parent.parent if node.parent is not None else None
    while cur is not None and cur != function:
        if cur.parent is not None and cur.parent.type in ("statement_list", "block") and cur.type != "statement_list":
            return cur
        cur = cur.parent
    return None


def _go_statements(function: Node) -> list[Node]:
    found, stack = [], [function]
    while stack:
        n = stack.pop()
        if n.type == "go_statement":
            found.append(n)
        stack.extend(n.named_children)
    return found


def _signals(body: Node) -> tuple[set[str], set[str], set[str]]:
    """What the literal's body does when it ends: ``wg.Done()`` (deferred or last),
    ``close(ch)`` (deferred or last), ``ch <- v`` (last)."""
    stmts = statements(body)
    done: set[str] = set()
    closed: set[str] = set()
    sent: set[str] = set()
    for i, st in enumerate(stmts):
        last = i == len(stmts) - 1
        if st.type == "send_statement" and last:
            sent.add(text(st.child_by_field_name("channel")))
            continue
        if st.type not in ("defer_statement", "expression_statement") or (st.type == "expression_statement" and not last):
            continue
        call = next((c for c in st.named_children if c.type == "call_expression"), None)
        fn = call.child_by_field_name("function") if call is not None else None
        args = call.child_by_field_name("arguments") if call is not None else None
        values = [a for a in args.named_children if a.type != "comment"] if args is not None else []
        if fn is None:
            continue
        if fn.type == "selector_expression" and text(fn.child_by_field_name("field")) == "Done" and not values:
            done.add(text(fn.child_by_field_name("operand")))
        elif fn.type == "identifier" and text(fn) == "close" and len(values) == 1:
            closed.add(text(values[0]))
    return done, closed, sent


def _waits_on(node: Node) -> tuple[str, str] | None:
    """``wg.Wait()`` → ("wait", "wg"); ``<-ch`` / ``v := <-ch`` / ``v = <-ch`` → ("recv", "ch")."""
    if node.type == "expression_statement":
        expr = next((c for c in node.named_children if c.type != "comment"), None)
    elif node.type in ("short_var_declaration", "assignment_statement"):
        right = node.child_by_field_name("right")
        values = [c for c in right.named_children if c.type != "comment"] if right is not None else []
        expr = values[0] if len(values) == 1 else None
    else:
        return None
    if expr is None:
        return None
    if expr.type == "call_expression":
        fn = expr.child_by_field_name("function")
        args = expr.child_by_field_name("arguments")
        if (
            fn is not None and fn.type == "selector_expression" and text(fn.child_by_field_name("field")) == "Wait"
            and args is not None and not [a for a in args.named_children if a.type != "comment"]
        ):
            return "wait", text(fn.child_by_field_name("operand"))
        return None
    if expr.type == "unary_expression" and text(expr.child_by_field_name("operator")) == "<-":
        operand = expr.child_by_field_name("operand")
        return ("recv", text(operand)) if operand is not None else None
    return None


def _exits(node: Node) -> bool:
    """A ``return``/``break``/``continue``/``goto`` in the statement (outside func
    literals): the function may leave before it waits."""
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type in _EXITS:
            return True
        if n.type != "func_literal":
            stack.extend(n.named_children)
    return False


def _mentions_name(node: Node, name: str) -> bool:
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type in ("identifier", "selector_expression") and text(n) == name:
            return True
        stack.extend(n.named_children)
    return False
