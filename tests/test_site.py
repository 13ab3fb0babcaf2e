"""Build the real site in strict mode and check what a reader would find in it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config

from codemark.content import load_content

from .conftest import ROOT, copy_site_sources
from .sitecheck import broken_links, certificate, page_file, read_page


@pytest.fixture(scope="module")
def content():  # type: ignore[no-untyped-def]
    return load_content(ROOT / "code", ROOT / "docs" / "case-studies", ROOT / "docs")


def test_the_real_site_builds_with_no_warnings(built_site: tuple[Path, list[str]]) -> None:
    site, warnings = built_site
    assert warnings == []
    assert (site / "index.html").exists()


def test_every_principle_page_and_criterion_anchor_exists(site: Path, content) -> None:  # type: ignore[no-untyped-def]
    for principle in content.code.principles:
        page = read_page(page_file(site, f"code/{principle.slug}/"))
        for criterion in principle.criteria:
            assert f"criterion-{criterion.id.replace('.', '-')}" in page.ids, criterion.id
        text = " ".join(page.text)
        assert principle.title in text
        assert "For procurement officers" in text


def test_principle_pages_list_their_case_studies(site: Path, content) -> None:  # type: ignore[no-untyped-def]
    for principle in content.code.principles:
        links = read_page(page_file(site, f"code/{principle.slug}/")).links
        for study in content.case_studies_for(principle):
            assert f"../../case-studies/{study.slug}/" in links, (principle.id, study.slug)


def test_every_case_study_links_to_its_principles(site: Path, content) -> None:  # type: ignore[no-untyped-def]
    assert len(content.case_studies) >= 8
    for study in content.case_studies:
        page = read_page(page_file(site, f"case-studies/{study.slug}/"))
        for principle in study.principles:
            assert f"../../code/{principle.slug}/" in page.links, (study.slug, principle.id)
        assert study.title in " ".join(page.text)


def test_the_case_study_index_lists_them_all(site: Path, content) -> None:  # type: ignore[no-untyped-def]
    links = read_page(page_file(site, "case-studies/")).links
    for study in content.case_studies:
        assert f"{study.slug}/" in links, study.slug


def test_case_study_filters_narrow_the_list(site: Path, content) -> None:  # type: ignore[no-untyped-def]
    index_links = read_page(page_file(site, "case-studies/")).links
    for facet in ("principle/4/", "area/islington/", "service/health-and-care/"):
        assert facet in index_links
    islington = read_page(page_file(site, "case-studies/area/islington/")).links
    expected = {s.slug for s in content.case_studies if "Islington" in s.areas}
    listed = {s.slug for s in content.case_studies if f"../../{s.slug}/" in islington}
    assert listed == expected and len(expected) == 2


def test_the_code_overview_shows_every_principle_and_level(site: Path, content) -> None:  # type: ignore[no-untyped-def]
    page = read_page(page_file(site, "code/"))
    text = " ".join(page.text)
    for principle in content.code.principles:
        assert f"{principle.slug}/" in page.links
    for level in content.code.levels:
        assert level.name in text
    for criterion in content.code.criteria:
        principle = content.code.principle(criterion.principle_id)
        assert f"../code/{principle.slug}/#{criterion.anchor}" in page.links or (
            f"{principle.slug}/#{criterion.anchor}" in page.links
        )


def test_the_printable_code_has_every_criterion_and_a_checklist(site: Path, content) -> None:  # type: ignore[no-untyped-def]
    page = read_page(page_file(site, "code/print/"))
    for criterion in content.code.criteria:
        assert criterion.anchor in page.ids
    assert "Self-assessment checklist" in " ".join(page.text)


def test_hand_written_pages_exist(site: Path) -> None:
    for url in ("", "about/", "how-to-sign/", "accessibility/", "404.html"):
        assert page_file(site, url).exists(), url


def test_no_internal_link_is_broken(site: Path) -> None:
    assert broken_links(site) == []


@pytest.mark.allow_log
def test_bad_content_fails_the_build_before_anything_is_written(tmp_path: Path) -> None:
    config = copy_site_sources(tmp_path)
    principle = next((tmp_path / "code").glob("04-*.md"))
    text = principle.read_text(encoding="utf-8")
    principle.write_text(text.replace("level: established", "level: advanced", 1), encoding="utf-8")
    study = tmp_path / "docs" / "case-studies" / "well-london.md"
    study.write_text(
        study.read_text(encoding="utf-8").replace("[1, 2, 5, 9]", "[1, 99]"), encoding="utf-8"
    )
    site_dir = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(config),
            "-d",
            str(site_dir),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert f"ERROR   -  code/{principle.name}:" in result.stderr
    assert "level: 'advanced' is not a level." in result.stderr
    assert not site_dir.exists()


def test_the_link_checker_finds_broken_links_and_anchors(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">A</h2>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/#here">ok</a><a href="a/#gone">bad anchor</a><a href="b/">bad page</a>'
        '<a href="https://example.org/">external</a>',
        encoding="utf-8",
    )
    assert broken_links(tmp_path) == [
        "index.html: a/#gone (no #gone in a/index.html)",
        "index.html: b/ (no file b/index.html)",
    ]


def test_the_signatory_schema_is_published(site: Path) -> None:
    published = json.loads((site / "schema" / "signatory.schema.json").read_text("utf-8"))
    committed = json.loads((ROOT / "signatories" / "signatory.schema.json").read_text("utf-8"))
    assert published.pop("$id").endswith("/schema/signatory.schema.json")
    assert published == committed


@pytest.fixture(scope="module")
def register_json(site: Path) -> dict:  # type: ignore[type-arg]
    return dict(json.loads((site / "data" / "register.json").read_text("utf-8")))


def test_every_signatory_appears_once_everywhere(site: Path, register_json: dict) -> None:  # type: ignore[type-arg]
    import csv
    import xml.etree.ElementTree as ET

    import feedparser

    slugs = sorted(p.stem for p in (ROOT / "signatories").glob("*.yml"))
    assert sorted(s["slug"] for s in register_json["signatories"]) == slugs
    with (site / "data" / "register.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["page"].rsplit("/", 1)[1].removesuffix(".html") for r in rows) == slugs
    feed = feedparser.parse((site / "data" / "feed.xml").read_bytes())
    assert feed.bozo == 0
    assert sorted(e.link.rsplit("/", 1)[1].removesuffix(".html") for e in feed.entries) == slugs
    register_links = read_page(page_file(site, "register/")).links
    for slug in slugs:
        assert register_links.count(f"{slug}.html") == 1, slug
        page = read_page(site / "register" / f"{slug}.html")
        record = json.loads((site / "register" / f"{slug}.json").read_text("utf-8"))
        assert record["slug"] == slug
        ET.parse(site / "register" / f"{slug}.svg")
        assert f"{slug}.svg" in page.images, slug  # the page shows its own badge
        assert "Demonstration entry." in " ".join(page.text)
    for level in ("foundation", "established", "leading"):
        ET.parse(site / "badges" / f"{level}.svg")


def test_signatory_page_shows_the_mark_and_its_evidence(site: Path, register_json: dict) -> None:  # type: ignore[type-arg]
    html = (site / "register" / "sample-integrated-care-board.html").read_text("utf-8")
    page = read_page(site / "register" / "sample-integrated-care-board.html")
    text = " ".join(" ".join(page.text).split())
    assert "Established" in text and "53% of the 15 Leading criteria" in text
    assert "https://www.sample-icb.example/commissioning/code/1-1" in page.links
    # One challenge for the entry, by issue and by email, naming the body.
    assert any(
        "/issues/new?" in link and "Sample+Integrated+Care+Board" in link for link in page.links
    )
    assert any(link.startswith("mailto:") and "Challenge" in link for link in page.links)
    assert any(
        link.endswith("/blob/main/signatories/sample-integrated-care-board.yml")
        for link in page.links
    )
    assert "&lt;img src=&#34;" in html or "&lt;img src=&quot;" in html  # the embed snippet, escaped
    assert "criterion-4-2" in page.ids
    assert "<title>Sample Integrated Care Board - Register" in html


def test_levels_and_states_are_shown_in_words(site: Path, register_json: dict) -> None:  # type: ignore[type-arg]
    states = {s["slug"]: (s["level"], s["status"]) for s in register_json["signatories"]}
    assert states["example-borough-council"] == ("leading", "current")
    assert states["old-town-borough-council"][1] == "lapsed"
    assert states["example-regional-partnership"][1] == "withdrawn"
    assert {level for level, _ in states.values()} >= {None, "foundation", "established", "leading"}
    lapsed = " ".join(read_page(site / "register" / "old-town-borough-council.html").text)
    assert "Lapsed." in lapsed
    former = " ".join(read_page(site / "register" / "example-regional-partnership.html").text)
    assert "Former signatory." in former


def test_register_filters_work_without_javascript(site: Path) -> None:
    links = read_page(page_file(site, "register/")).links
    for facet in ("kind--local-authority", "level--leading", "status--lapsed", "area--sampleton"):
        assert f"{facet}.html" in links
        assert (site / "register" / f"{facet}.html").exists()
    lapsed = read_page(site / "register" / "status--lapsed.html")
    assert [
        link
        for link in lapsed.links
        if link.endswith(".html") and "--" not in link and "/" not in link
    ] == ["old-town-borough-council.html"]


def words(site: Path, url: str) -> str:
    return " ".join(" ".join(read_page(page_file(site, url)).text).split())


def test_every_published_count_agrees_with_the_open_data(site: Path, register_json: dict) -> None:  # type: ignore[type-arg]
    """Each count on the home page, the register, its filters and the principle pages, worked
    out again from register.json and the per-signatory records."""
    rows = register_json["signatories"]
    current = [r for r in rows if r["status"] in ("current", "renewal-due")]
    counts = {
        "entries": len(rows),
        "current": len(current),
        "renewal_due": sum(r["status"] == "renewal-due" for r in rows),
        "lapsed": sum(r["status"] == "lapsed" for r in rows),
        "former": sum(r["status"] in ("withdrawn", "suspended") for r in rows),
    }
    assert {k: register_json["counts"][k] for k in counts} == counts
    day = "25 November 2026"
    home = words(site, "")
    assert (
        f"On {day}, the register holds {counts['entries']} entries, former signatories "
        f"included: {counts['current']} current signatories ({counts['renewal_due']} of them "
        f"due for renewal), {counts['lapsed']} lapsed and {counts['former']} former "
        "signatories." in home
    )
    levels = {
        level: sum(r["level"] == level for r in current)
        for level in register_json["counts"]["levels"]
    }
    levels["none"] = sum(r["level"] is None for r in current)
    assert levels == register_json["counts"]["levels"]
    names = {
        "foundation": "at Foundation",
        "established": "at Established",
        "leading": "at Leading",
        "none": "No level yet",
    }
    for level, count in levels.items():
        assert f"{count} {names[level]}" in home, level

    register = read_page(page_file(site, "register/"))
    text = " ".join(" ".join(register.text).split())
    assert f"{counts['entries']} entries, former signatories included" in text
    facets = {
        "status--current": counts["current"],
        "status--renewal-due": counts["renewal_due"],
        "status--lapsed": counts["lapsed"],
        "status--former": counts["former"],
        **{f"level--{level}": count for level, count in levels.items()},
        **{
            f"kind--{kind}": sum(r["kind"] == kind for r in rows)
            for kind in {r["kind"] for r in rows}
        },
    }
    html = page_file(site, "register/").read_text("utf-8")
    for facet, count in facets.items():
        shown = re.search(
            rf'href="{facet}\.html"[^>]*>(?:<strong>)?[^<(]+(?:</strong>)? \((\d+)\)', html
        )
        assert shown and int(shown.group(1)) == count, facet
        listing = " ".join(" ".join(read_page(site / "register" / f"{facet}.html").text).split())
        assert (
            f"{count} of the {counts['entries']} entries (former signatories included)" in listing
            or (
                count == 1
                and f"1 of the {counts['entries']} entries (former signatories included) matches"
                in listing
            )
        ), facet

    records = [
        json.loads((site / "register" / f"{r['slug']}.json").read_text("utf-8")) for r in current
    ]
    demo = sum(r["demonstration"] for r in current)
    assert demo == register_json["counts"]["current_demonstration"]
    principle = read_page(page_file(site, "code/01-needs-and-assets/"))
    for criterion in ("1.1", "1.2", "1.3", "1.4"):
        met = sum(
            any(a["criterion"] == criterion and a["satisfied"] for a in record["answers"])
            for record in records
        )
        share = round(met * 100 / counts["current"])
        said = (
            f"Met by {met} of the {counts['current']} current signatories it applies to "
            f"({share}%) on {day}"
        )
        if demo:
            said += " (all fictional demonstration entries)" if demo == len(current) else ""
        assert said in " ".join(" ".join(principle.text).split()), criterion


def test_the_demonstration_is_unmistakable(site: Path) -> None:
    for url in ("", "register/", "register/status--lapsed.html"):
        text = words(site, url)
        assert "Every entry in this register is a fictional example" in text, url
    assert "A public body that is not listed here has not signed the code." in words(
        site, "register/"
    )
    case_study = words(site, "case-studies/islington-council/")
    assert "does not mean that a body has signed the code" in case_study


def test_every_page_is_dated_and_names_the_secretariat(site: Path, register_json: dict) -> None:  # type: ignore[type-arg]
    contact = "secretariat@commissioning-code.example.org"
    for url in ("about/", "how-to-sign/"):
        assert f"mailto:{contact}" in read_page(page_file(site, url)).links, url
    assert (
        "https://github.com/commissioning-code/commissioning-code"
        in read_page(page_file(site, "about/")).links
    )
    for row in register_json["signatories"]:
        page = read_page(site / "register" / f"{row['slug']}.html")
        text = " ".join(" ".join(page.text).split())
        assert "(as of 25 November 2026)" in text, row["slug"]
        assert f"mailto:{contact}" in page.links
        printed = certificate((site / "register" / f"{row['slug']}.html").read_text("utf-8"))
        assert "Status as of" in printed and "25 November 2026" in printed
        assert ("NOT VALID" in printed) == (row["status"] not in ("current", "renewal-due"))
    for path in (site / "register").glob("*--*.html"):
        assert "Status as of 25 November 2026." in " ".join(" ".join(read_page(path).text).split())


def test_former_and_lapsed_bodies_look_neither_current_nor_certified(
    site: Path,
    register_json: dict,  # type: ignore[type-arg]
) -> None:
    for row in register_json["signatories"]:
        if row["status"] in ("current", "renewal-due"):
            continue
        assert row["level"] is None and row["current_to"] is None and row["progress"] is None
        html = (site / "register" / f"{row['slug']}.html").read_text("utf-8")
        assert "cm-level--" not in html and "<progress" not in html, row["slug"]
        text = words(site, f"register/{row['slug']}.html")
        assert "Current From" not in text and row["status_text"] in text
        assert "line-through" not in (site / "assets" / "stylesheets" / "codemark.css").read_text()
        row_html = re.search(
            rf'href="{row["slug"]}\.html".*?</tr>',
            page_file(site, "register/").read_text("utf-8"),
            re.S,
        )
        assert row_html and row["status_text"].split(";")[0] in re.sub(
            r"<[^>]+>", "", row_html.group(0)
        ).replace("\u00a0", " ")  # dates are kept whole with no-break spaces
    suspended = words(site, "register/example-care-partnership.html")
    assert (
        "Held Foundation until 14 September 2026; suspended by the secretariat after an upheld "
        "challenge" in suspended
    )


def test_no_page_loads_anything_from_another_origin_or_runs_inline_script(site: Path) -> None:
    """A static look at every page; test_accessibility loads each page type in Chromium too."""
    resource = re.compile(r"<(?:script|img|link|iframe|source)\b[^>]*\b(?:src|href)=\"([^\"]+)\"")
    for path in site.rglob("*.html"):
        html = path.read_text("utf-8")
        name = path.relative_to(site).as_posix()
        assert (
            '<meta http-equiv="Content-Security-Policy" content="default-src \'self\';' in html
        ), name
        for script in re.findall(r"<script\b([^>]*)>", html):
            assert "src=" in script or 'type="application/json"' in script, (name, script)
        for url in resource.findall(html):
            if url.startswith(("http:", "https:", "//")):
                # Only the canonical link names the site's own address.
                assert url.startswith("https://commissioning-code.example.org/"), (name, url)
        assert "md-source" not in html and "api.github.com" not in html, name


def test_register_json_matches_its_schema(site: Path, register_json: dict) -> None:  # type: ignore[type-arg]
    import jsonschema

    schema = json.loads((site / "data" / "register.schema.json").read_text("utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft7Validator(schema).validate(register_json)
    broken = {
        **register_json,
        "signatories": [{**register_json["signatories"][0], "status": "great"}],
    }
    assert list(jsonschema.Draft7Validator(schema).iter_errors(broken))


@pytest.mark.allow_log
def test_the_config_refuses_what_would_leak_or_mislead(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """mkdocs' own repo_url would bring back the theme's widget that calls api.github.com; the
    secretariat's address must be an address."""
    from mkdocs.exceptions import Abort, PluginError

    config = load_config(str(ROOT / "mkdocs.yml"), repo_url="https://github.com/o/r")
    with pytest.raises(PluginError, match="Move repo_url in mkdocs\\.yml"):
        config.plugins["codemark"].on_config(config)
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    bad = tmp_path / "mkdocs.yml"
    text = text.replace("contact: secretariat@", "contact: secretariat at ")
    text = text.replace("custom_dir: theme", f"custom_dir: {ROOT / 'theme'}")
    bad.write_text(f"docs_dir: {ROOT / 'docs'}\n{text}", "utf-8")
    with pytest.raises(Abort):
        load_config(str(bad))
    assert "option 'contact': Expected an email address" in caplog.text


def test_the_reference_lists_every_option_and_index_field(site: Path) -> None:
    """The reference is made from the declarations, so every option and field is in it,
    with what it is for; a new option without a docstring or field without a description
    fails here."""
    from codemark import schema as s
    from codemark.content import IndexFields
    from codemark.mkdocs.config import CodemarkConfig, option_rows
    from codemark.reference import field_rows

    html = page_file(site, "reference/").read_text(encoding="utf-8")
    options = option_rows()
    assert [o.name for o in options] == [name for name, _ in CodemarkConfig._schema]
    for option in options:
        assert option.description and f'id="option-{option.name}"' in html, option.name
        assert f"<code>{option.name}</code>" in html
    for row in field_rows(s.Record(IndexFields)):
        assert row.description, row.path
        assert f"<td><code>{row.path.replace('<', '&lt;').replace('>', '&gt;')}</code></td>" in html
    assert "organisation.identifier" in html
    guide = page_file(site, "start-a-new-code/").read_text(encoding="utf-8")
    assert "What it writes" in guide and 'href="../reference/"' in guide
