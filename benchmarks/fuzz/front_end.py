"""Seeded fuzz run of the front end: parse → check → unparse → parse again.

    python benchmarks/fuzz/front_end.py --count 100000 --seed 1 [--hang-seconds 5] [--report N]
        [--save DIR]

Inputs are the repository's own `.ind` statements (catalog/, examples/, tests/fixtures/),
recombined and mutated with the characters people and extractors get wrong (keywords, quotes of
every kind, #, colons, 、, no-break spaces, control characters, long digit and prefix runs,
broken brackets, lines swapped or cut).  For each input:
- crash: any exception escaping parse_document, Catalog.check or unparse;
- hang: one input taking longer than --hang-seconds (SIGALRM, so the run goes on);
- round-trip failure: the input parsed clean, but its printed text does not parse clean to the
  same AST (spans aside).
Prints inputs tried, crashes, hangs and round-trip failures (with the first few inputs of each
kind, repr'd) and exits 1 if any were found.  Every failing input is saved to --save DIR (default
fuzz-failures/front_end-seed<N>/ in the current directory) as `<kind>-<n>.ind`, byte for byte,
with the outcome in `<kind>-<n>.txt`, so a reproducer test can read it back.  Only the
repository's files are read.
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from indicator_dsl.ast import to_data  # noqa: E402
from indicator_dsl.catalog import Catalog  # noqa: E402
from indicator_dsl.parser import parse_document  # noqa: E402
from indicator_dsl.unparse import document_text  # noqa: E402

SPICE = [
    "指标 ",
    "评分表 ",
    "定义 ",
    "目标",
    "目标 = ",
    "公式 ",
    "等级 ",
    "来源 ",
    "说明",
    "权重 ",
    "别名 ",
    "方向 反向",
    "类型 定性",
    "定义域 [0, )",
    "分组 产出 权重 40",
    "单位 万元",
    "方案 national-2020",
    "核对 ",
    "输入 a: 万元",
    "≥",
    "≤",
    ">",
    "<",
    "=",
    "≠",
    "不低于",
    "以上",
    "以下",
    "以内",
    "每亩",
    "±",
    "~",
    "-",
    "—",
    "+",
    "*",
    "/",
    "×",
    "%",
    "％",
    "百分比",
    "万元",
    "万万万万万万万万元",
    "个",
    "天",
    "、",
    "，",
    ",",
    "；",
    ";",
    ":",
    "：",
    "(",
    ")",
    "（",
    "）",
    "[",
    "]",
    "【",
    "】",
    '"',
    "“",
    "”",
    "「",
    "」",
    '"""',
    "#",
    " # 注",
    "\n",
    "\n  ",
    "  ",
    "\t",
    "\u3000",
    "\u00a0",
    "\x1c",
    "\x1f",
    "\x1b[2J",
    "\r",
    "\u202e",
    "0",
    "95",
    "100%",
    "6,797.78",
    "1e5",
    "9" * 70,
    "优",
    "良",
    "中",
    "差",
    "≥95优、≥70良",
    "2024年年底前",
    "是",
    "否",
    "x",
    "完成率",
    "a / b * 100%",
]


def corpus() -> list[str]:
    """Statements of the repository's .ind files (blocks split at blank lines)."""
    pieces: list[str] = []
    for folder in ("catalog", "examples", "tests/fixtures"):
        for path in sorted((ROOT / folder).rglob("*.ind")):
            text = path.read_text(encoding="utf-8", errors="replace")
            pieces += [p.strip("\n") + "\n" for p in text.split("\n\n") if p.strip()]
    return pieces


def mutate(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(0, 4)):
        op = rng.random()
        i = rng.randint(0, len(text))
        if op < 0.45:
            text = text[:i] + rng.choice(SPICE) + text[i:]
        elif op < 0.65:
            j = min(len(text), i + rng.randint(1, 8))
            text = text[:i] + text[j:]
        elif op < 0.8:
            j = min(len(text), i + rng.randint(1, 12))
            text = text[:j] + text[i:j] + text[j:]
        else:
            lines = text.split("\n")
            a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
    return text


def one_input(rng: random.Random, pieces: list[str]) -> str:
    return mutate(rng, "\n".join(rng.choice(pieces) for _ in range(rng.randint(1, 3))))


def shape(doc: Any) -> Any:
    def strip(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if not k.endswith(("span", "spans")) and k != "text"}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x

    return strip(to_data(doc.statements))


LABELS = {"crash": "crashes", "hang": "hangs", "roundtrip": "round-trip failures"}


class Hang(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Hang


def run_one(text: str) -> str | None:
    """None when all is well, else 'crash: …' or 'roundtrip: …'."""
    try:
        doc, diags = parse_document(text, "<fuzz>")
        Catalog([doc], diags).check()
    except Hang:
        raise
    except Exception as exc:  # noqa: BLE001 - counting crashes is the point
        return f"crash: {type(exc).__name__}: {exc}"
    if diags:
        return None
    try:
        printed = document_text(doc) if doc.statements else ""
    except Exception as exc:  # noqa: BLE001
        return f"roundtrip: unparse raised {type(exc).__name__}: {exc}"
    again, diags2 = parse_document(printed, "<printed>")
    if diags2:
        return f"roundtrip: printed text has {diags2[0].code}: {printed!r}"
    if shape(again) != shape(doc):
        return f"roundtrip: printed text reads back differently: {printed!r}"
    return None


def save_failure(folder: Path, kind: str, n: int, text: str, outcome: str) -> None:
    """Write the failing input exactly as tried (newline='' keeps \\r), and what went wrong."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{kind}-{n}.ind", "w", encoding="utf-8", errors="surrogatepass", newline="") as out:
        out.write(text)
    (folder / f"{kind}-{n}.txt").write_text(outcome + "\n", encoding="utf-8", errors="replace")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hang-seconds", type=float, default=5.0)
    ap.add_argument("--report", type=int, default=0, help="print progress every N inputs")
    ap.add_argument("--show", type=int, default=3, help="inputs shown per kind of failure")
    ap.add_argument("--save", type=Path, default=None, help="folder for failing inputs")
    args = ap.parse_args()
    save_dir = args.save or Path("fuzz-failures") / f"front_end-seed{args.seed}"
    rng = random.Random(args.seed)
    pieces = corpus()
    signal.signal(signal.SIGALRM, _alarm)
    found: dict[str, list[tuple[str, str]]] = {"crash": [], "hang": [], "roundtrip": []}
    start = time.perf_counter()
    slowest = 0.0
    for n in range(1, args.count + 1):
        text = one_input(rng, pieces)
        t0 = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, args.hang_seconds)
        try:
            outcome = run_one(text)
        except Hang:
            outcome = "hang: over the time limit"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        slowest = max(slowest, time.perf_counter() - t0)
        if outcome:
            kind = outcome.split(":", 1)[0]
            found[kind].append((text, outcome))
            save_failure(save_dir, kind, n, text, outcome)
        if args.report and n % args.report == 0:
            print(
                f"{n} inputs, {sum(map(len, found.values()))} failures, {time.perf_counter() - start:.0f} s", flush=True
            )
    elapsed = time.perf_counter() - start
    print(
        f"seed {args.seed}: {args.count} inputs tried in {elapsed:.0f} s "
        f"({args.count / elapsed:.0f}/s), slowest {slowest:.2f} s"
    )
    for kind in ("crash", "hang", "roundtrip"):
        print(f"{LABELS[kind]}: {len(found[kind])}")
        for text, outcome in found[kind][: args.show]:
            print(f"  {outcome[:300]}\n    input: {text[:300]!r}")
    if any(found.values()):
        print(f"failing inputs saved in {save_dir}/")
    return 1 if any(found.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
