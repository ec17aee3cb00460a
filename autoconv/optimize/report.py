"""What `optimize` did, pass by pass, in a form people read:

    optimized f: 12 -> 7 operations (2 rounds)
      prune: 12 -> 11 (dropped sin)
      fold_constants: 11 -> 9 (folded add x2)
      simplify_arithmetic: 9 -> 8 (x * 1 -> x)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PassResult:
    name: str
    round: int
    before: int  # operations, sub-graphs included
    after: int
    changes: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.changes) or self.before != self.after

    def __str__(self) -> str:
        what = ", ".join(k if c == 1 else f"{k} x{c}" for k, c in sorted(self.changes.items()))
        if not what and not self.changed:
            what = "no change"
        return f"{self.name}: {self.before} -> {self.after}" + (f" ({what})" if what else "")


@dataclass
class OptimizationReport:
    graph_name: str
    before: int
    after: int
    rounds: int = 0
    passes: list[PassResult] = field(default_factory=list)

    def changes(self, name: str) -> Counter:
        """Everything pass `name` changed, over all rounds."""
        total: Counter = Counter()
        for p in self.passes:
            if p.name == name:
                total.update(p.changes)
        return total

    def __str__(self) -> str:
        head = (f"optimized {self.graph_name}: {self.before} -> {self.after} operations "
                f"({self.rounds} round{'s' if self.rounds != 1 else ''})")
        lines = [head]
        for p in self.passes:
            if p.changed or p.round == 1:
                prefix = f"round {p.round} " if self.rounds > 1 and p.round > 1 else ""
                lines.append(f"  {prefix}{p}")
        return "\n".join(lines)
