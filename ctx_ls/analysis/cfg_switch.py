"""Builders for Go's multiway branches: ``switch``, type ``switch`` and ``select``.

Split from ``cfg`` because these three share a clause-by-clause shape (a chain of
condition blocks, one body block per clause, ``default`` handled last) that the rest of
the statement builders do not; the shapes follow golang.org/x/tools/go/cfg, including
``fallthrough`` targets and a ``select`` without ``default`` running one of its cases.
"""

from __future__ import annotations

from tree_sitter import Node

from ctx_ls.analysis.cfg_graph import Block, GraphBuilder, Label, Targets


class SwitchBuilder(GraphBuilder):
    def switch_stmt(self, s: Node, label: Label | None) -> None:
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
            self.targets = Targets(self.targets, brk=done, fall=fallthru)
            self._clause_body(clause)
            self.targets = self.targets.tail
            self.jump(done)
            self.current = next_cond
        if default_block is not None:
            self.jump(default_block)
            self.current = default_block
            self.targets = Targets(self.targets, brk=done, fall=default_fall)
            self._clause_body(default_clause)
            self.targets = self.targets.tail
        self.jump(done)
        self.current = done

    def _clause_body(self, clause: Node) -> None:
        for c in clause.named_children:
            if c.type == "statement_list":
                self.stmt_list(c)

    def type_switch_stmt(self, s: Node, label: Label | None) -> None:
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
        self.targets = Targets(self.targets, brk=done)
        self._clause_body(clause)
        self.targets = self.targets.tail
        self.jump(done)

    def select_stmt(self, s: Node, label: Label | None) -> None:
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
            self.targets = Targets(self.targets, brk=done)
            if comm.type == "receive_statement":
                left = comm.child_by_field_name("left")
                if left is not None and left.named_children:
                    self.add(left.named_children[0])
            self._clause_body(clause)
            self.targets = self.targets.tail
            self.jump(done)
            self.current = nxt
        if default_clause is not None:
            self.targets = Targets(self.targets, brk=done)
            self._clause_body(default_clause)
            self.targets = self.targets.tail
            self.jump(done)
        self.current = done
