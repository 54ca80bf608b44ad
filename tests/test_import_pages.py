"""No text lost silently: text that continues after a page break, a page number or a running
header stays in its chapter; text placed nowhere is listed; page chrome after the report is
dropped and listed; a signature without a date is still the signature."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from importers.published import import_bytes
from importers.review import review_html
from tests.paged_pdf import paged_pdf, wrap

UNIT = "某县文化广电和旅游局"
TITLE = f"{UNIT}2023年政府信息公开工作年度报告"
PREAMBLE = (
    "本报告依据《中华人民共和国政府信息公开条例》编制，统计期限为2023年1月1日至2023年12月31日，"
    "所列数据均来源于本单位工作台账。"
)
OVERVIEW = [
    "（一）主动公开情况。本单位全年主动公开政府信息一百二十条，内容涵盖机构职能、政策文件、"
    "规划计划、财政预决算和重点工作进展，及时回应社会关切。",
    "（二）依申请公开情况。全年收到政府信息公开申请十二件，均在法定期限内答复，"
    "未发生因依申请公开引起的行政复议和行政诉讼。",
    "（三）政府信息管理。严格落实公开属性源头认定机制，公文拟制时同步明确公开属性，"
    "定期对已公开的政府信息进行评估清理，确保信息准确有效。",
    "（四）平台建设。持续优化门户网站政府信息公开专栏，规范栏目设置，加强内容保障，"
    "确保网站安全平稳运行，提升平台服务能力。",
    "（五）监督保障。将政府信息公开工作纳入年度绩效考核，加强业务培训，全年组织专题培训两次，"
    "进一步提升工作人员业务水平。",
]
NOTE = "注：本表所列规范性文件均已在县政府门户网站公开。"
PROBLEMS = "存在的问题是公开的主动性还不够强，改进措施是加强培训和督查，提高公开质量。"
OTHER = "本年度未收取信息处理费。"

PAGE_NUMBERS: dict[str, Callable[[int], str]] = {
    "-1-": lambda n: f"-{n}-",
    "— 1 —": lambda n: f"— {n} —",
    "第1页": lambda n: f"第{n}页",
    "第1页 共2页": lambda n: f"第{n}页 共3页",
}


def _lines(note: bool = False) -> list[tuple[str, bool]]:
    lines = [(TITLE, False), *wrap(PREAMBLE), ("一、总体情况", False)]
    for paragraph in OVERVIEW:
        lines += wrap(paragraph)
    lines += [
        ("二、主动公开政府信息情况", False),
        ("规章 0 0 0", False),
        ("规范性文件 3 0 12", False),
    ]
    if note:
        lines += wrap(NOTE, indent=False)
    lines += [("行政许可 5", False)]
    lines += [
        ("三、收到和处理政府信息公开申请情况", False),
        ("四、政府信息公开行政复议、行政诉讼情况", False),
        ("五、存在的主要问题及改进情况", False),
        *wrap(PROBLEMS),
        ("六、其他需要报告的事项", False),
        *wrap(OTHER),
        (UNIT, False),
        ("2024年1月20日", False),
    ]
    return lines


def _pdf(lines: list[tuple[str, bool]], numbers: Callable[[int], str], header: str = "") -> bytes:
    data = paged_pdf(lines, numbers, header)
    if data is None:
        pytest.skip("本机没有 AR PL UKai 字体（apt 包 fonts-arphic-ukai）")
    return data


@pytest.mark.parametrize("style", list(PAGE_NUMBERS))
@pytest.mark.parametrize("header", ["", f"{UNIT}政务公开", TITLE])
def test_chapter_continues_after_page_number_and_header(style: str, header: str) -> None:
    lines = _lines()
    # The page break falls inside chapter 一, as in the WPS file of the issue.
    at = next(i for i, (text, _) in enumerate(lines) if text.startswith("（三）"))
    assert at < 16 < at + 8
    got = import_bytes(_pdf(lines, PAGE_NUMBERS[style], header), ".pdf")
    report = got.report
    assert report.chapters["overview"] == "\n".join(OVERVIEW)
    assert report.title == TITLE
    assert report.preamble == PREAMBLE
    assert report.chapters["problems"] == PROBLEMS
    assert report.chapters["other"] == OTHER
    assert report.signature_unit == UNIT
    assert got.unplaced == []
    shown = PAGE_NUMBERS[style](1).replace("页 共", "页共")
    dropped = next(p for p in got.problems if p.startswith("已略去页码"))
    assert shown in dropped
    if header:
        assert header in dropped
    everything = "".join([report.title, report.preamble, *report.chapters.values()])
    assert shown not in everything and (not header or everything.count(header) <= 1)


def test_text_among_table_rows_is_listed_not_lost() -> None:
    got = import_bytes(_pdf(_lines(note=True), PAGE_NUMBERS["-1-"]), ".pdf")
    assert got.report.values["t2.normative_docs.issued"] == 3
    assert got.unplaced == [f"（二、主动公开政府信息情况）{NOTE}"]
    assert any("1 段文字未放入任何章节" in p for p in got.problems)
    assert NOTE in review_html(got)


def _text_report(tail: list[str], dated: bool = True) -> bytes:
    lines = [TITLE, PREAMBLE, "一、总体情况", *OVERVIEW, "五、存在的主要问题及改进情况", PROBLEMS]
    lines += ["六、其他需要报告的事项", OTHER, UNIT]
    if dated:
        lines.append("2024年1月20日")
    return "\n".join([*lines, *tail]).encode()


CHROME = ["附件下载", "扫一扫在手机上查看当前页面", "相关链接", "国务院办公厅", "江苏省人民政府"]


@pytest.mark.parametrize("dated", [True, False])
def test_page_chrome_after_the_signature_is_dropped_and_listed(dated: bool) -> None:
    got = import_bytes(_text_report(CHROME, dated), ".txt")
    assert got.report.chapters["other"] == OTHER
    assert got.report.signature_unit == UNIT
    for line in CHROME:
        assert any(line in p and p.startswith("已略去") for p in got.problems), line


def test_page_chrome_after_the_last_chapter_without_signature() -> None:
    text = "\n".join([TITLE, PREAMBLE, "一、总体情况", *OVERVIEW, "六、其他需要报告的事项", OTHER])
    got = import_bytes((text + "\n" + "\n".join(CHROME)).encode(), ".txt")
    assert got.report.chapters["other"] == OTHER
    assert got.report.signature_unit == ""
    assert all(any(line in p for p in got.problems) for line in CHROME)


def test_signature_without_date_is_the_signature() -> None:
    got = import_bytes(_text_report([], dated=False), ".txt")
    assert got.report.chapters["other"] == OTHER
    assert got.report.signature_unit == UNIT
    assert got.report.signature_date is None
    assert "未找到落款日期" in got.problems
