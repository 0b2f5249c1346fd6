from __future__ import annotations

import pytest

from mtreview.corpus.model import Segment
from mtreview.scoring.checks import SegmentContext
from mtreview.scoring.checks.fullwidth import check_fullwidth
from mtreview.scoring.checks.placeholders import check_placeholders, tokens
from mtreview.scoring.issues import Fix


def apply_all(target: str, fixes: list[Fix]) -> str:
    for fix in sorted(fixes, key=lambda f: f.target_span, reverse=True):
        target = fix.apply(target)
    return target


@pytest.mark.parametrize(
    ("target", "fixed"),
    [
        ("He said，“We must act.”", "He said, “We must act.”"),
        ("the capital（Beijing）is big。", "the capital (Beijing) is big."),
        ("land、sea、air", "land, sea, air"),
        ("1，000 people at 16：56", "1,000 people at 16:56"),
        ("in 2022，89,500 hectares", "in 2022, 89,500 hectares"),
        ("items 1，2，3 and 3．5", "items 1, 2, 3 and 3.5"),
        ("It ends。 Then（see above）。", "It ends. Then (see above)."),
        ("wait ！ really ？yes", "wait! really? yes"),
        ("the book《Green Dialectics》 says", "the book “Green Dialectics” says"),
        ('a "b" and 《C》', 'a "b" and "C"'),
        ("one\u3000two\u3000", "one two"),
        ("【Note】read it；then go：now", "[Note] read it; then go: now"),
        ("ＧＤＰ grew ５％", "GDP grew 5%"),
    ],
)
def test_fullwidth_fix_converts_and_respaces(target: str, fixed: str) -> None:
    issues = list(check_fullwidth(SegmentContext(Segment("s", "源", target))))
    assert issues and {i.check for i in issues} == {"fullwidth-punctuation"}
    assert all(i.found == target[slice(*i.target_span)] for i in issues if i.target_span)
    assert apply_all(target, [i.fix for i in issues if i.fix]) == fixed


@pytest.mark.parametrize(
    ("target", "lang"),
    [
        ("He said, “We must act.” And ‘so’ it went…", "en"),  # English curly quotes, ellipsis
        ("the slogan “绿水青山，就是金山银山” was", "en"),  # inside Chinese left in the target
        ("Xuzhou（徐州）", "en"),  # brackets around Chinese: untranslated reports it
        ("这是中文，没问题。", "zh"),  # a Chinese target
        ("C'est ça : oui !", "fr"),  # only English targets are checked
    ],
)
def test_fullwidth_near_misses(target: str, lang: str) -> None:
    assert list(check_fullwidth(SegmentContext(Segment("s", "源", target), target_lang=lang))) == []


def placeholder_issues(source: str, target: str) -> list[tuple[str, str | None, str | None]]:
    ctx = SegmentContext(Segment("s", source, target))
    return [(i.check, i.found, i.expected) for i in check_placeholders(ctx)]


URL, CODE = "url-mismatch", "placeholder-mismatch"


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        (
            "详见http://www.mnr.gov.cn/a/b。",
            "See http: //www.mnr.gov.cn/a/b.",
            [(URL, "http: //www.mnr.gov.cn/a/b", "http://www.mnr.gov.cn/a/b")],
        ),
        ("见www.mnr.gov.cn", "see www.mnr.gov.com", [(URL, "www.mnr.gov.com", "www.mnr.gov.cn")]),
        (
            "联系abc@mnr.gov.cn",
            "Contact abd@mnr.gov.cn",
            [(URL, "abd@mnr.gov.cn", "abc@mnr.gov.cn")],
        ),
        ("联系abc@mnr.gov.cn", "Contact us", [(URL, None, "abc@mnr.gov.cn")]),
        ("图片18.jpg", "Figure 18.jpeg", [(URL, "18.jpeg", "18.jpg")]),
        (
            "配置见/etc/mtreview/config.toml",
            "See /etc/mtreview/conf.toml",
            [(URL, "/etc/mtreview/conf.toml", "/etc/mtreview/config.toml")],
        ),
        (
            "打开C:\\Program Files\\app.exe",
            "Open C:\\Programs\\app.exe",
            [(URL, "C:\\Programs\\app.exe", "C:\\Program Files\\app.exe")],
        ),
        ("共{0}个文件，已删除%s", "{0} files, %d deleted", [(CODE, "%d", "%s")]),
        ("共{0}个文件", "{1} files", [(CODE, "{1}", "{0}")]),
        ("你好，${name}！", "Hello, $ {name}!", [(CODE, "{name}", "${name}")]),
        ("{{ user }}你好", "Hello", [(CODE, None, "{{ user }}")]),
        ("%1 个项目", "items", [(CODE, None, "%1")]),
        ("%(count)d 个", "%(cnt)d items", [(CODE, "%(cnt)d", "%(count)d")]),
        (
            "请点击<b>确定</b>",
            "Click <strong>OK</strong>",
            [(CODE, "<strong>", "<b>"), (CODE, "</strong>", "</b>")],
        ),
        ("请点击确定", "Click {0}", [(CODE, "{0}", None)]),
    ],
)
def test_placeholder_and_url_mismatches(
    source: str, target: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    assert placeholder_issues(source, target) == expected


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("详见http://www.mnr.gov.cn。", "See http://www.mnr.gov.cn."),
        ("详见HTTP://WWW.mnr.gov.cn/a/b/。", "See http://www.mnr.gov.cn/a/b."),  # case, final /
        ("ｈｔｔｐ：／／ｗｗｗ．ａ．ｃｏｍ", "http://www.a.com"),  # full-width in the source
        ("联系abc@mnr.gov.cn", "Contact ABC@mnr.gov.cn"),
        ("见（https://zh.wikipedia.org/wiki/A_(B)）", "see (https://zh.wikipedia.org/wiki/A_(B))."),
        ("图片18.jpg", "图片18.jpg"),
        ("增长50%，达到20%-30%", "up 50%, reaching 20%-30% of"),  # percentages are no printf
        ("增长50％", "50% of them"),
        ("{{ user }}你好", "Hello {{user}}"),
        ("请点击<b>确定</b>", "Click <b>OK</b>"),
        ("《白鹤滩》号", "the <Baihetan> vessel"),  # not a tag: a capitalised word
        ("It is 3.5 km/h, e.g. U.S. roads and/or lanes", "3.5 km/h on U.S. roads and/or lanes"),
        ("Node.js 和 config.yaml", "Node.js and config.yaml"),
    ],
)
def test_placeholder_near_misses(source: str, target: str) -> None:
    assert placeholder_issues(source, target) == []


def test_changed_token_has_a_fix_back_to_the_source() -> None:
    target = "See http: //www.mnr.gov.cn/a/b."
    (issue,) = check_placeholders(
        SegmentContext(Segment("s", "详见http://www.mnr.gov.cn/a/b。", target))
    )
    assert issue.fix is not None
    assert issue.fix.apply(target) == "See http://www.mnr.gov.cn/a/b."


def test_tokens_do_not_overlap() -> None:
    found = tokens("mail a@b.com or see https://x.org/{id}/a.pdf and /usr/local/bin, %s")
    assert [(t.label, t.text) for t in found] == [
        ("e-mail address", "a@b.com"),
        ("URL", "https://x.org/{id}/a.pdf"),
        ("file path", "/usr/local/bin"),
        ("placeholder", "%s"),
    ]
