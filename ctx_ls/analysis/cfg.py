"""Control-flow graph of a Go function body, built from the tree-sitter tree.

The graph has the same shape as the one go vet's analyzers use (golang.org/x/tools/go/cfg),
so that ``lost-cancel`` reaches go vet's verdicts: blocks hold simple statements and the
expressions evaluated in them (conditions, switch tags, case values, range operands); a
``select`` without ``default`` runs one of its cases; ``for {}`` without ``break`` and
``select {}`` never reach what follows; a call that never returns ends its block; the
implicit return at the closing brace is materialised as the block's return node.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tree_sitter import Node

from ctx_ls.analysis.source import text


@dataclass(eq=False)
class Block:
    index: int
    kind: str
    nodes: list[Node] = field(default_factory=list)
    succs: list[Block] = field(default_factory=list)
    # The return statement that ends this block, or the function's closing brace for the
    # implicit return (a node whose type is "}").
    ret: Node | None = None
    live: bool = False

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Block({self.index} {self.kind} nodes={[n.type for n in self.nodes]} succs={[s.index for s in self.succs]})"


@dataclass
class CFG:
    blocks: list[Block]

    @property
    def entry(self) -> Block:
        return self.blocks[0]

    def block_of(self, node: Node) -> tuple[Block, int] | None:
        """The block holding ``node`` (by identity of its byte range) and its index there."""
        for block in self.blocks:
            for i, n in enumerate(block.nodes):
                if n.start_byte == node.start_byte and n.end_byte == node.end_byte and n.type == node.type:
                    return block, i
        return None

    def no_return(self) -> bool:
        """Whether no return (explicit or implicit) is reachable."""
        return not any(b.live and b.ret is not None for b in self.blocks)


@dataclass
class _Targets:
    tail: _Targets | None
    brk: Block | None = None
    cont: Block | None = None
    fall: Block | None = None


@dataclass
class _Label:
    goto: Block
    brk: Block | None = None
    cont: Block | None = None


_SIMPLE = frozenset({
    "send_statement", "inc_statement", "dec_statement", "go_statement", "empty_statement",
    "assignment_statement", "short_var_declaration",
})


class _Builder:
    def __init__(self, may_return: Callable[[Node], bool]) -> None:
        self.may_return = may_return
        self.blocks: list[Block] = []
        self.current: Block | None = None
        self.labels: dict[str, _Label] = {}
        self.targets: _Targets | None = None

    def new_block(self, kind: str) -> Block:
        b = Block(len(self.blocks), kind)
        self.blocks.append(b)
        return b

    def add(self, node: Node | None) -> None:
        if node is None:
            return
        if self.current is None:  # after a jump: code nobody reaches
            self.current = self.new_block("unreachable")
        self.current.nodes.append(node)

    def jump(self, target: Block) -> None:
        if self.current is not None:
            self.current.succs.append(target)
        self.current = None

    def ifelse(self, t: Block, f: Block) -> None:
        if self.current is not None:
            self.current.succs.extend((t, f))
        self.current = None

    def label(self, name: str) -> _Label:
        lb = self.labels.get(name)
        if lb is None:
            lb = self.labels[name] = _Label(self.new_block("label"))
        return lb

    # ----- statements
    def stmt_list(self, node: Node | None) -> None:
        if node is None:
            return
        for child in node.named_children:
            if child.type == "statement_list":
                self.stmt_list(child)
            else:
                self.stmt(child)

    def stmt(self, s: Node, label: _Label | None = None) -> None:
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

    def switch_stmt(self, s: Node, label: _Label | None) -> None:
        init = s.child_by_field_name("initializer")
        if init is not None:
            self.stmt(init)
        self.add(s.child_by_field_name("value"))
        done = self.new_block("switch.done")
        if label is not None:
            label.brk = done
        clauses = [c for c in s.named_children if c.type in ("expression_case", "default_case")]
        default_clause = default_fall = default_block = None
        fallthru: Block | None = None
        next_cond: Block | None = None
        for i, clause in enumerate(clauses):
            body = fallthru if fallthru is not None else self.new_block("switch.body")
            fallthru = self.new_block("switch.body") if i + 1 < len(clauses) else done
            if clause.type == "default_case":
                default_clause, default_fall, default_block = clause, fallthru, body
                continue
            values = clause.child_by_field_name("value")
            for cond in values.named_children if values is not None else []:
                next_cond = self.new_block("switch.next")
                self.add(cond)
                self.ifelse(body, next_cond)
                self.current = next_cond
            self.current = body
            self.targets = _Targets(self.targets, brk=done, fall=fallthru)
            self._clause_body(clause)
            self.targets = self.targets.tail
            self.jump(done)
            self.current = next_cond
        if default_block is not None:
            self.jump(default_block)
            self.current = default_block
            self.targets = _Targets(self.targets, brk=done, fall=default_fall)
            self._clause_body(default_clause)
            self.targets = self.targets.tail
        self.jump(done)
        self.current = done

    def _clause_body(self, clause: Node) -> None:
        for c in clause.named_children:
            if c.type == "statement_list":
                self.stmt_list(c)

    def type_switch_stmt(self, s: Node, label: _Label | None) -> None:
        init = s.child_by_field_name("initializer")
        if init is not None:
            self.stmt(init)
        # The "x := y.(type)" part: go/cfg adds the assignment as one node.
        alias = s.child_by_field_name("alias")
        value = s.child_by_field_name("value")
        if alias is not None:
            self.add(alias)
        self.add(value)
        done = self.new_block("typeswitch.done")
        if label is not None:
            label.brk = done
        default_clause = None
        for clause in s.named_children:
            if clause.type == "default_case":
                default_clause = clause
                continue
            if clause.type != "type_case":
                continue
            body = self.new_block("typeswitch.body")
            nxt: Block | None = None
            for _ in [c for c in clause.named_children if c.type != "statement_list"]:
                nxt = self.new_block("typeswitch.next")
                self.ifelse(body, nxt)
                self.current = nxt
            self.current = body
            self._type_case_body(clause, done)
            self.current = nxt
        if default_clause is not None:
            self._type_case_body(default_clause, done)
        else:
            self.jump(done)
        self.current = done

    def _type_case_body(self, clause: Node, done: Block) -> None:
        self.targets = _Targets(self.targets, brk=done)
        self._clause_body(clause)
        self.targets = self.targets.tail
        self.jump(done)

    def select_stmt(self, s: Node, label: _Label | None) -> None:
        cases = [c for c in s.named_children if c.type in ("communication_case", "default_case")]
        for clause in cases:
            comm = clause.child_by_field_name("communication")
            if comm is not None:
                self.stmt(comm if comm.type != "receive_statement" else comm)
        done = self.new_block("select.done")
        if label is not None:
            label.brk = done
        default_clause = None
        for clause in cases:
            comm = clause.child_by_field_name("communication")
            if comm is None:
                default_clause = clause
                continue
            body = self.new_block("select.body")
            nxt = self.new_block("select.next")
            self.ifelse(body, nxt)
            self.current = body
            self.targets = _Targets(self.targets, brk=done)
            if comm.type == "receive_statement":
                left = comm.child_by_field_name("left")
                if left is not None and left.named_children:
                    self.add(left.named_children[0])
            self._clause_body(clause)
            self.targets = self.targets.tail
            self.jump(done)
            self.current = nxt
        if default_clause is not None:
            self.targets = _Targets(self.targets, brk=done)
            self._clause_body(default_clause)
            self.targets = self.targets.tail
            self.jump(done)
        self.current = done

    def for_stmt(self, s: Node, label: _Label | None) -> None:
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
        self.targets = _Targets(self.targets, brk=done, cont=cont)
        self.stmt_list(body_node)
        self.targets = self.targets.tail
        self.jump(cont)
        if post is not None:
            self.current = cont
            self.stmt(post)
            self.jump(loop)
        self.current = done

    def range_stmt(self, s: Node, clause: Node, label: _Label | None) -> None:
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
        self.targets = _Targets(self.targets, brk=done, cont=loop)
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
