"""Benchmark databases: 50 units × 20 years of complete reports, a 汇总 tree, one long report.

Every report has all its input cells filled and full-length text chapters (sentences drawn
from the two published sample reports, with the unit and year put in), so the database is the
size a real district office reaches after twenty years. Reports are stored through
:func:`models.storage.repository.save_report`, the same path the importers use.

Run ``uv run python -m bench.generate --out DIR`` to make the files by hand; the benchmark
runner calls :func:`ensure_databases`, which reuses files made by the same generator version.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from models.domain.editions import edition_for_year, load_edition
from models.domain.exchange import parse_exchange
from models.domain.report import ReportData
from models.domain.values import CellValue
from models.storage.database import open_database
from models.storage.repository import save_report
from models.storage.unit_tree import set_parent

#: Bump when the generated content changes, so cached files are remade.
GENERATOR_VERSION = 4  # 4: schema 0004 (cell_values WITHOUT ROWID) needs fresh files
REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "tests" / "fixtures" / "samples"
SCALE_UNITS = 50
SCALE_YEARS = 20
FIRST_YEAR = 2005
SUMMARY_CHILDREN = 60
SUMMARY_PARENT = "临江市人民政府办公室"
SUMMARY_YEAR = 2024
TYPING_UNIT = "临江市发展和改革委员会"
TYPING_YEAR = 2024

_DISTRICTS = ("临江", "沭水", "青川", "东湖", "南岭", "西塘", "北原", "云溪", "石门", "柳城")
_TOPICS = ("主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障")
_OFFICES = (
    "发展和改革委员会",
    "教育局",
    "科学技术局",
    "工业和信息化局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水务局",
    "农业农村局",
    "商务局",
    "文化广电和旅游局",
    "卫生健康委员会",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "城市管理局",
    "数据局",
)


def unit_names(count: int, prefix_index: int = 0) -> list[str]:
    """``count`` distinct, plausible unit names (e.g. ``沭水县教育局``)."""
    names: list[str] = []
    i = 0
    while len(names) < count:
        district = _DISTRICTS[(i // len(_OFFICES) + prefix_index) % len(_DISTRICTS)]
        kind = "市" if (i // len(_OFFICES)) % 2 == 0 else "县"
        names.append(f"{district}{kind}{_OFFICES[i % len(_OFFICES)]}")
        i += 1
    return names


def _sentences() -> list[str]:
    pool: list[str] = []
    for name in ("shanghai-stcsm-2024.json", "shuyang-fgj-2023.json"):
        report = parse_exchange((SAMPLES / name).read_bytes()).report
        for text in (report.preamble, *report.chapters.values()):
            for line in text.splitlines():
                for piece in line.split("。"):
                    piece = piece.strip()
                    if len(piece) >= 12 and not piece.startswith(("（", "一", "二", "三")):
                        pool.append(piece + "。")
    return pool


_POOL: list[str] | None = None


def _pool() -> list[str]:
    global _POOL  # a cache of parsed sample text, not state of the app
    if _POOL is None:
        _POOL = _sentences()
    return _POOL


def _paragraphs(rng: random.Random, unit: str, year: int, chars: int, headings: bool) -> str:
    """About ``chars`` characters of paragraphs, with （一）… sub-headings when asked."""
    pool = _pool()
    out: list[str] = []
    total = 0
    section = 0
    numerals = "一二三四五六七八九十"
    while total < chars:
        if headings and (not out or rng.random() < 0.25):
            topic = rng.choice(_TOPICS)
            out.append(f"（{numerals[section % 10]}）{topic}")
            section += 1
        paragraph = "".join(rng.choice(pool) for _ in range(rng.randint(2, 4)))
        paragraph = paragraph.replace("市科委", unit).replace("2024", str(year))
        paragraph = paragraph.replace("2023", str(year)).replace("沭阳县发展和改革局", unit)
        out.append(paragraph)
        total += len(paragraph)
    return "\n".join(out)


def _value(rng: random.Random, kind: str) -> CellValue:
    if kind == "decimal":
        return Decimal(rng.randint(0, 500)) / 100
    if kind == "signed_int":
        return rng.randint(-3, 40)
    if kind == "money_text":
        return f"{rng.randint(0, 20)}元"
    return rng.choice((0, 0, 1, 2, 3, rng.randint(0, 60), rng.randint(0, 900)))


def make_report(
    unit: str, year: int, seed: int, overview_chars: int = 1600, edition: str | None = None
) -> ReportData:
    """One complete report: every input cell filled, full-length chapters, signed and dated."""
    rng = random.Random(seed)
    edition_id = edition or edition_for_year(year)
    spec = load_edition(edition_id)
    values = {key: _value(rng, cell.type) for key, cell in spec.inputs.items()}
    return ReportData(
        unit=unit,
        year=year,
        edition=edition_id,
        title=spec.default_title(unit, year),
        preamble=_paragraphs(rng, unit, year, 220, headings=False),
        chapters={
            "overview": _paragraphs(rng, unit, year, overview_chars, headings=True),
            "problems": _paragraphs(rng, unit, year, 600, headings=True),
            "other": _paragraphs(rng, unit, year, 200, headings=False),
        },
        values=values,
        signature_unit=unit,
        signature_date=date(year + 1, 1, 20),
    )


@dataclass(frozen=True)
class Databases:
    """Paths of the generated databases and what is in them."""

    scale: Path
    summary: Path
    typing: Path
    scale_units: tuple[str, ...]
    summary_children: tuple[str, ...]
    generation_s: float


def _store(path: Path, reports: list[ReportData], parents: dict[str, str] | None = None) -> None:
    if path.exists():
        path.unlink()
    db = open_database(str(path))
    try:
        batch: list[ReportData] = []
        for report in reports:
            batch.append(report)
            if len(batch) == 50:
                with db.sessions.begin() as session:
                    for item in batch:
                        save_report(session, item)
                batch = []
        if batch:
            with db.sessions.begin() as session:
                for item in batch:
                    save_report(session, item)
        if parents:
            with db.sessions.begin() as session:
                for child, parent in parents.items():
                    set_parent(session, child, parent)
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


def generate(
    folder: Path,
    units: int = SCALE_UNITS,
    years: int = SCALE_YEARS,
    summary_children: int = SUMMARY_CHILDREN,
) -> Databases:
    """Make the three benchmark databases in ``folder`` (replacing old ones)."""
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    names = unit_names(units)
    scale = [
        make_report(name, FIRST_YEAR + y, seed=u * 1000 + y)
        for u, name in enumerate(names)
        for y in range(years)
    ]
    _store(folder / "scale.sqlite3", scale)
    children = unit_names(summary_children, prefix_index=3)
    summary = [
        make_report(child, year, seed=50_000 + i * 10 + year, overview_chars=1200)
        for i, child in enumerate(children)
        for year in (SUMMARY_YEAR - 1, SUMMARY_YEAR)
    ]
    summary.append(make_report(SUMMARY_PARENT, SUMMARY_YEAR, seed=99, overview_chars=1200))
    _store(folder / "summary.sqlite3", summary, dict.fromkeys(children, SUMMARY_PARENT))
    typing = [
        make_report(TYPING_UNIT, TYPING_YEAR - 1, seed=7, edition="2021"),
        make_report(TYPING_UNIT, TYPING_YEAR, seed=8, edition="2021"),
    ]
    _store(folder / "typing.sqlite3", typing)
    result = Databases(
        folder / "scale.sqlite3",
        folder / "summary.sqlite3",
        folder / "typing.sqlite3",
        tuple(names),
        tuple(children),
        time.perf_counter() - started,
    )
    stamp = {
        "version": GENERATOR_VERSION,
        "units": units,
        "years": years,
        "children": summary_children,
    }
    stamp["generation_s"] = round(result.generation_s, 1)  # type: ignore[assignment]
    (folder / "stamp.json").write_text(json.dumps(stamp), encoding="utf-8")
    return result


def ensure_databases(
    folder: Path,
    units: int = SCALE_UNITS,
    years: int = SCALE_YEARS,
    summary_children: int = SUMMARY_CHILDREN,
) -> Databases:
    """The benchmark databases in ``folder``, generated only if missing or out of date."""
    stamp_file = folder / "stamp.json"
    try:
        stamp = json.loads(stamp_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamp = {}
    wanted = (GENERATOR_VERSION, units, years, summary_children)
    made = (stamp.get("version"), stamp.get("units"), stamp.get("years"), stamp.get("children"))
    names = ("scale.sqlite3", "summary.sqlite3", "typing.sqlite3")
    if made != wanted or not all((folder / n).exists() for n in names):
        return generate(folder, units, years, summary_children)
    return Databases(
        folder / "scale.sqlite3",
        folder / "summary.sqlite3",
        folder / "typing.sqlite3",
        tuple(unit_names(units)),
        tuple(unit_names(summary_children, prefix_index=3)),
        float(stamp.get("generation_s", 0.0)),
    )


def main() -> None:
    """Command line: make the databases in a folder."""
    parser = argparse.ArgumentParser(description="生成性能测试用数据库")
    parser.add_argument("--out", default=str(REPO / "bench" / "_data"))
    parser.add_argument("--units", type=int, default=SCALE_UNITS)
    parser.add_argument("--years", type=int, default=SCALE_YEARS)
    args = parser.parse_args()
    made = generate(Path(args.out), args.units, args.years)
    size = made.scale.stat().st_size / 1e6
    print(
        f"已生成 {args.units}×{args.years} 份报告：{made.scale}"
        f"（{size:.1f} MB，{made.generation_s:.1f} s）"
    )


if __name__ == "__main__":
    main()
