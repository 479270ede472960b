"""Control-flow graph of a Go function body, built from the tree-sitter tree.

The graph has the same shape as the one go vet's analyzers use (golang.org/x/tools/go/cfg),
so that ``lost-cancel`` reaches go vet's verdicts: blocks hold simple statements and the
expressions evaluated in them (conditions, switch tags, case values, range operands); a
``select`` without ``default`` runs one of its cases; ``for {}`` without ``break`` and
``select {}`` never reach what follows; a call that never returns ends its block; the
implicit return at the closing brace is materialised as the block's return node.

The block types live in ``cfg_graph`` and the ``switch``/``select`` builders in
``cfg_switch``; this module holds the other statements and ``build``, and re-exports
``Block`` and ``CFG`` so that callers need only ``cfg``.
"""

from __future__ import annotations

from collections.abc import Callable

from tree_sitter import Node

from ctx_ls.analysis.cfg_graph import CFG, Block, Label, Targets
from ctx_ls.analysis.cfg_switch import SwitchBuilder
from ctx_ls.analysis.source import text

__all__ = ["CFG", "Block", "build"]

_SIMPLE = frozenset({
    "send_statement", "inc_statement", "dec_statement", "go_statement", "empty_statement",
    "assignment_statement", "short_var_declaration",
})


class _Builder(SwitchBuilder):
    """Every statement but the multiway branches, which ``SwitchBuilder`` adds."""

    # ----- statements
    def stmt_list(self, node: Node | None) -> None:
        if node is None:
            return
        for child in node.named_children:
            if child.type == "statement_list":
                self.stmt_list(child)
            else:
                self.stmt(child)

    def stmt(self, s: Node, label: Label | None = None) -> None:
        t = s.type
        if t in _SIMPLE:
            self.add(s)
        elif t == "defer_statement":
            self.add(s)
        elif t == "expression_statement":
            self.add(s)
            call = s.named_children[0] if s.named_children else None
            if call is not None and call.type == "call_expression" and not self.may_return(call):
                self.current = self.new_block("unreachable")
        elif t == "var_declaration":
            for spec in _var_specs(s):
                self.add(spec)
        elif t in ("const_declaration", "type_declaration", "comment"):
            pass
        elif t == "labeled_statement":
            name = text(s.child_by_field_name("label"))
            lb = self.label(name)
            self.jump(lb.goto)
            self.current = lb.goto
            body = [c for c in s.named_children if c.type != "label_name"]
            if body:
                self.stmt(body[0], lb)
        elif t == "return_statement":
            self.add(s)
            if self.current is not None:
                self.current.ret = s
            self.current = self.new_block("unreachable")
        elif t in ("break_statement", "continue_statement", "goto_statement", "fallthrough_statement"):
            self.branch(s)
        elif t == "block":
            self.stmt_list(s)
        elif t == "statement_list":
            self.stmt_list(s)
        elif t == "if_statement":
            self.if_stmt(s)
        elif t == "expression_switch_statement":
            self.switch_stmt(s, label)
        elif t == "type_switch_statement":
            self.type_switch_stmt(s, label)
        elif t == "select_statement":
            self.select_stmt(s, label)
        elif t == "for_statement":
            self.for_stmt(s, label)
        else:
            # ERROR nodes and anything unknown: keep the node so its names count as uses.
            self.add(s)

    def branch(self, s: Node) -> None:
        t = s.type
        lname = None
        for c in s.named_children:
            if c.type == "label_name":
                lname = text(c)
        block: Block | None = None
        if t == "break_statement":
            if lname is not None:
                block = self.labels[lname].brk if lname in self.labels else None
            else:
                tg = self.targets
                while tg is not None and block is None:
                    block, tg = tg.brk, tg.tail
        elif t == "continue_statement":
            if lname is not None:
                block = self.labels[lname].cont if lname in self.labels else None
            else:
                tg = self.targets
                while tg is not None and block is None:
                    block, tg = tg.cont, tg.tail
        elif t == "fallthrough_statement":
            tg = self.targets
            while tg is not None and block is None:
                block, tg = tg.fall, tg.tail
        elif t == "goto_statement" and lname is not None:
            block = self.label(lname).goto
        if block is None:  # ill-formed (e.g. unknown label)
            block = self.new_block("unreachable")
        self.jump(block)
        self.current = self.new_block("unreachable")

    def if_stmt(self, s: Node) -> None:
        init = s.child_by_field_name("initializer")
        if init is not None:
            self.stmt(init)
        then = self.new_block("if.then")
        done = self.new_block("if.done")
        alt = s.child_by_field_name("alternative")
        els = self.new_block("if.else") if alt is not None else done
        self.add(s.child_by_field_name("condition"))
        self.ifelse(then, els)
        self.current = then
        self.stmt_list(s.child_by_field_name("consequence"))
        self.jump(done)
        if alt is not None:
            self.current = els
            self.stmt(alt)
            self.jump(done)
        self.current = done

    def for_stmt(self, s: Node, label: Label | None) -> None:
        clause = next((c for c in s.named_children if c.type in ("for_clause", "range_clause")), None)
        if clause is not None and clause.type == "range_clause":
            self.range_stmt(s, clause, label)
            return
        init = cond = post = None
        if clause is not None:
            init = clause.child_by_field_name("initializer")
            cond = clause.child_by_field_name("condition")
            post = clause.child_by_field_name("update")
        else:
            cond = next((c for c in s.named_children if c.type not in ("block", "comment")), None)
        body_node = s.child_by_field_name("body")
        if init is not None:
            self.stmt(init)
        body = self.new_block("for.body")
        done = self.new_block("for.done")
        loop = body
        if cond is not None:
            loop = self.new_block("for.loop")
        cont = loop
        if post is not None:
            cont = self.new_block("for.post")
        if label is not None:
            label.brk, label.cont = done, cont
        self.jump(loop)
        self.current = loop
        if loop is not body:
            self.add(cond)
            self.ifelse(body, done)
            self.current = body
        self.targets = Targets(self.targets, brk=done, cont=cont)
        self.stmt_list(body_node)
        self.targets = self.targets.tail
        self.jump(cont)
        if post is not None:
            self.current = cont
            self.stmt(post)
            self.jump(loop)
        self.current = done

    def range_stmt(self, s: Node, clause: Node, label: Label | None) -> None:
        self.add(clause.child_by_field_name("right"))
        left = clause.child_by_field_name("left")
        for key in left.named_children if left is not None else []:
            self.add(key)
        loop = self.new_block("range.loop")
        self.jump(loop)
        self.current = loop
        body = self.new_block("range.body")
        done = self.new_block("range.done")
        self.ifelse(body, done)
        self.current = body
        if label is not None:
            label.brk, label.cont = done, loop
        self.targets = Targets(self.targets, brk=done, cont=loop)
        self.stmt_list(s.child_by_field_name("body"))
        self.targets = self.targets.tail
        self.jump(loop)
        self.current = done


def _var_specs(decl: Node):
    for c in decl.named_children:
        if c.type == "var_spec":
            yield c
        elif c.type == "var_spec_list":
            yield from (x for x in c.named_children if x.type == "var_spec")


def build(fn: Node, may_return: Callable[[Node], bool]) -> CFG | None:
    """The CFG of a function declaration or literal, or None when it has no body."""
    body = fn.child_by_field_name("body")
    if body is None:
        return None
    b = _Builder(may_return)
    b.current = b.new_block("body")
    b.stmt_list(body)
    # Reachability from the entry.
    stack = [b.blocks[0]]
    while stack:
        blk = stack.pop()
        if not blk.live:
            blk.live = True
            stack.extend(blk.succs)
    if b.current is not None and b.current.live:
        closing = body.children[-1] if body.children and body.children[-1].type == "}" else body
        b.current.ret = closing
    return CFG(b.blocks)
