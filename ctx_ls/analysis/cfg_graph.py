"""The graph that ``cfg.build`` produces, and the block plumbing its builders share.

Kept apart from the statement builders (``cfg`` and ``cfg_switch``) so that the data the
rules read — blocks, their successors, return nodes, liveness — is defined in one short
place, and so that each group of statement builders can extend the same primitives
(open a block, append a node, jump, branch two ways, resolve a label) without importing
the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tree_sitter import Node


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
class Targets:
    """Where an unlabelled break, continue or fallthrough goes, innermost first."""

    tail: Targets | None
    brk: Block | None = None
    cont: Block | None = None
    fall: Block | None = None


@dataclass
class Label:
    """The blocks a labelled statement gives to goto, break and continue."""

    goto: Block
    brk: Block | None = None
    cont: Block | None = None


class GraphBuilder:
    """Block plumbing: the current block (None after a jump) and the jump targets in scope.

    Subclasses supply the statement builders; ``stmt`` and ``stmt_list`` are declared here
    because the compound statements recurse into them.
    """

    def __init__(self, may_return: Callable[[Node], bool]) -> None:
        self.may_return = may_return
        self.blocks: list[Block] = []
        self.current: Block | None = None
        self.labels: dict[str, Label] = {}
        self.targets: Targets | None = None

    def stmt(self, s: Node, label: Label | None = None) -> None:
        raise NotImplementedError

    def stmt_list(self, node: Node | None) -> None:
        raise NotImplementedError

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

    def label(self, name: str) -> Label:
        lb = self.labels.get(name)
        if lb is None:
            lb = self.labels[name] = Label(self.new_block("label"))
        return lb
