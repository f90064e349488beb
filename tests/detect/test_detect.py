"""`detect`: every signature finds its fixture and only it, a page without services yields nothing, form
fields map to data categories, URL scans stay on one origin within their limits (127.0.0.1 only)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from kzpolicy_gen import catalogue as cat
from kzpolicy_gen.cli import main
from kzpolicy_gen.detect import Limits, detect, differences, profile_entries, scan_folder, signatures
from kzpolicy_gen.errors import UsageError
from kzpolicy_gen.validate import validate_text
from tests.conftest import EXAMPLE

FIXTURES = Path(__file__).parent / "fixtures"
SERVICES = list(signatures()["services"])


def _one(tmp_path: Path, *names: str) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    for name in names:
        (site / Path(name).name).write_bytes((FIXTURES / name).read_bytes())
    return site


def test_every_signature_is_a_catalogue_service_with_a_fixture() -> None:
    assert set(SERVICES) <= set(cat.keys("services"))
    assert sorted(p.stem for p in FIXTURES.glob("*.html") if p.stem != "none") == sorted(SERVICES)
    for key, sig in signatures()["services"].items():
        assert sig.get("urls") or sig.get("links"), key
        assert sig.get("purpose") is None or sig["purpose"] in cat.keys("purposes"), key


@pytest.mark.parametrize("service", SERVICES)
def test_each_fixture_finds_exactly_its_service(service: str, tmp_path: Path) -> None:
    report = detect(_one(tmp_path, f"{service}.html"))
    assert list(report.services) == [service]
    assert report.services[service][0].page == f"{service}.html"


def test_a_page_without_services_or_personal_fields_yields_nothing(tmp_path: Path) -> None:
    report = detect(_one(tmp_path, "none.html"))
    assert report.pages == ["none.html"] and report.services == {} and report.data == {}
    assert "no known services" in profile_entries(report)


def test_form_fields_become_data_categories(tmp_path: Path) -> None:
    report = detect(_one(tmp_path, "forms/order.html"))
    assert report.services == {}
    assert sorted(report.data) == sorted(["identity", "phone", "email", "iin", "delivery_address", "birth_date",
                                          "user_files", "correspondence"])
    assert [e.value for e in report.data["phone"]] == ["Phone"]


def test_the_whole_fixture_set_at_once(tmp_path: Path) -> None:
    report = detect(FIXTURES)
    assert sorted(report.services) == sorted(SERVICES)
    assert len(report.pages) == len(SERVICES) + 3  # none.html, forms/order.html, forms/account.html


def test_printed_entries_are_yaml_that_a_profile_accepts(tmp_path: Path) -> None:
    report = detect(_one(tmp_path, "yandex_metrica.html", "meta_pixel.html", "whatsapp.html", "tilda.html"))
    entries = yaml.safe_load(profile_entries(report))
    assert [tp["service"] for tp in entries["third_parties"]] == ["meta_pixel", "tilda", "whatsapp", "yandex_metrica"]
    assert entries["data_categories"] == ["identity"]
    # no page shows what strictly necessary cookies would do: the category is left out, with a comment
    assert entries["cookies"] == {"categories": ["analytics", "marketing"]}
    assert "# no strictly necessary cookies are visible on the pages" in profile_entries(report)
    profile = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    profile["third_parties"] += entries["third_parties"]
    profile["purposes"] += [{"purpose": key, "data": ["identity", "contacts"], "retention": {"years": 1}}
                            for key in ("advertising_statistics", "customer_support", "feedback")]
    profile["cookies"] = entries["cookies"]
    validate_text(yaml.safe_dump(profile, allow_unicode=True))


def test_what_the_pages_show_the_necessary_cookies_do(tmp_path: Path) -> None:
    report = detect(_one(tmp_path, "forms/account.html", "yandex_metrica.html"))
    assert {key: [e.value for e in seen] for key, seen in report.functions.items()} == {
        "sign_in": ["password"], "cart": ["https://static.tildacdn.com/js/tilda-cart-1.1.min.js"],
        "security": ["https://www.google.com/recaptcha/api.js"]}
    assert set(signatures()["cookie_functions"]) <= set(cat.keys("cookie_functions"))
    entries = yaml.safe_load(profile_entries(report))
    assert entries["cookies"] == {"categories": ["necessary", "analytics"],
                                  "functions": ["sign_in", "cart", "security"]}
    (tmp_path / "b").mkdir()
    assert detect(_one(tmp_path / "b", "none.html")).functions == {}
    assert detect(FIXTURES / "forms").services == {}  # the cart and captcha addresses are no service signatures


def _merge(profile: dict[str, Any], entries: dict[str, Any]) -> dict[str, Any]:
    """What a user does with `detect`'s output: append the new list items, take its cookies."""
    merged = dict(profile)
    have = {item if isinstance(item, str) else item.get("id") for item in merged["data_categories"]}
    merged["data_categories"] = [*merged["data_categories"], *[k for k in entries["data_categories"] if k not in have]]
    named = {tp.get("service") for tp in merged["third_parties"]}
    merged["third_parties"] = [*merged["third_parties"],
                               *[tp for tp in entries["third_parties"] if tp["service"] not in named]]
    merged["cookies"] = entries["cookies"]
    return merged


def test_detect_output_merged_into_a_profile_validates_and_builds(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["detect", str(FIXTURES), "--ui-lang", "en"]) == 0
    entries = yaml.safe_load(capsys.readouterr().out)
    assert entries["cookies"]["functions"] == ["sign_in", "cart", "security"]
    profile = _merge(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")), entries)
    declared = {p["purpose"] for p in profile["purposes"]}
    wanted = {key for tp in entries["third_parties"] for key in tp.get("purposes", [])} - declared
    assert wanted  # the business answers which data each new purpose uses and for how long
    profile["purposes"] += [{"purpose": key, "data": ["identity", "contacts"], "retention": {"years": 1},
                             **({"optional": True} if key in ("marketing", "advertising_statistics") else {})}
                            for key in sorted(wanted)]
    path = tmp_path / "merged.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert main(["validate", str(path), "--ui-lang", "en"]) == 0
    assert main(["build", str(path), "--format", "md,html", "-o", str(tmp_path / "out"), "--ui-lang", "en"]) == 0
    policy = (tmp_path / "out" / "en" / "policy.md").read_text(encoding="utf-8")
    assert "signing in to the personal account" in policy and "Meta Pixel" in policy


def test_differences_with_a_profile(tmp_path: Path) -> None:
    site = _one(tmp_path, "yandex_metrica.html", "meta_pixel.html", "forms/order.html")
    found = differences(detect(site), EXAMPLE)
    codes = sorted((i.code, i.severity) for i in found)
    assert ("detect-undisclosed-service", "error") in codes  # Meta Pixel: no advertising recipient at all
    meta = next(i for i in found if "Meta Pixel" in i.message)
    assert meta.message.startswith("the site loads Meta Pixel (meta_pixel.html: inline script loads https://connect.")
    assert "the profile declares no advertising services" in meta.message and meta.file == str(EXAMPLE)
    assert meta.line > 1 and meta.path == "third_parties"
    assert not any("Yandex" in i.message for i in found if i.code.endswith("service"))  # declared by name
    cookies = [i for i in found if i.code == "detect-undisclosed-cookies"]
    assert len(cookies) == 1 and "marketing" in cookies[0].message
    data = [i.hint.split()[1] for i in found if i.code == "detect-undisclosed-data"]
    # phone and e-mail (covered by contacts), identity and delivery address are declared in the example
    assert sorted(data) == ["birth_date", "correspondence", "iin", "user_files"]


def test_cli_detect_with_profile_exits_1_and_prints_the_summary(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    site = _one(tmp_path, "meta_pixel.html")
    assert main(["detect", str(site), "--profile", str(EXAMPLE), "--ui-lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "error[detect-undisclosed-service]: third_parties: the site loads Meta Pixel" in out
    assert out.strip().splitlines()[-1].endswith(f"differences from {EXAMPLE} (1 pages)")
    (tmp_path / "b").mkdir()
    clean = _one(tmp_path / "b", "yandex_metrica.html")
    assert main(["detect", str(clean), "--profile", str(EXAMPLE), "--ui-lang", "ru"]) == 0
    assert "всё найденное указано" in capsys.readouterr().out


def test_cli_detect_prints_entries_and_refuses_a_non_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["detect", str(_one(tmp_path, "jivo.html")), "--ui-lang", "en"]) == 0
    assert "  - service: jivo  # jivo.html: script //code.jivosite.com/widget/AbCdEf1234\n" in capsys.readouterr().out
    assert main(["detect", str(tmp_path / "missing")]) == 2
    assert main(["detect", "ftp://example.kz/"]) == 2


def test_folder_limits(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for i in range(5):
        (site / f"p{i}.html").write_bytes((FIXTURES / "jivo.html").read_bytes())
    (site / "huge.html").write_text("<p>" + "x" * 5000 + "</p>", encoding="utf-8")
    report = scan_folder(site, Limits(max_pages=3, max_page_bytes=4000))
    assert len(report.pages) == 3 and "huge.html" in report.skipped and len(report.skipped) == 3


class _Handler(http.server.SimpleHTTPRequestHandler):
    hits: list[str]
    redirect_to = ""

    def do_GET(self) -> None:
        self.hits.append(self.path)
        if self.path == "/away.html":
            self.send_response(302)
            self.send_header("Location", self.redirect_to)
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _serve(root: Path, hits: list[str]) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = type("H", (_Handler,), {"hits": hits})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture()
def two_sites(tmp_path: Path) -> Iterator[tuple[str, list[str], list[str], Path]]:
    own, other = tmp_path / "own", tmp_path / "other"
    own.mkdir()
    other.mkdir()
    (other / "index.html").write_bytes((FIXTURES / "meta_pixel.html").read_bytes())
    own_hits: list[str] = []
    other_hits: list[str] = []
    server_b, url_b = _serve(other, other_hits)
    server_a, url_a = _serve(own, own_hits)
    _Handler.redirect_to = url_b + "/index.html"
    (own / "index.html").write_text(
        '<html><body><a href="/jivo.html">chat</a> <a href="sub/forms.html#top">form</a> '
        f'<a href="{url_b}/index.html">partner</a> <a href="/away.html">away</a> <a href="/menu.pdf">menu</a>'
        '</body></html>', encoding="utf-8")
    (own / "jivo.html").write_bytes((FIXTURES / "jivo.html").read_bytes())
    (own / "sub").mkdir()
    (own / "sub" / "forms.html").write_bytes((FIXTURES / "forms" / "order.html").read_bytes())
    (own / "menu.pdf").write_bytes(b"%PDF-1.4")
    yield url_a, own_hits, other_hits, own
    server_a.shutdown()
    server_b.shutdown()


def test_url_scan_stays_on_its_origin(two_sites: tuple[str, list[str], list[str], Path]) -> None:
    url, own_hits, other_hits, _ = two_sites
    report = detect(url + "/index.html", Limits(timeout=5))
    assert list(report.services) == ["jivo"] and "phone" in report.data
    assert sorted(report.pages) == ["/index.html", "/jivo.html", "/sub/forms.html"]
    assert other_hits == []  # neither the cross-origin link nor the redirect to it was followed
    assert "/menu.pdf" not in own_hits and own_hits.count("/jivo.html") == 1


def test_url_scan_page_limit_and_unreachable_site(two_sites: tuple[str, list[str], list[str], Path]) -> None:
    url, own_hits, _, _ = two_sites
    report = detect(url + "/index.html", Limits(max_pages=1))
    assert report.pages == ["/index.html"] and own_hits == ["/index.html"]
    with pytest.raises(UsageError) as caught:
        detect("http://127.0.0.1:9/", Limits(timeout=1))
    assert caught.value.issues[0].code == "detect-fetch"


def test_url_scan_skips_pages_over_the_size_limit(two_sites: tuple[str, list[str], list[str], Path]) -> None:
    url, _, _, root = two_sites
    (root / "jivo.html").write_text("<p>" + "x" * 10_000 + "</p>", encoding="utf-8")
    report = detect(url + "/index.html", Limits(max_page_bytes=5000))
    assert "jivo" not in report.services and any(s.endswith("/jivo.html") for s in report.skipped)
