"""Build small OLX course exports on disk for the tests, as Studio's export lays them out."""

from __future__ import annotations

import tarfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ORG, NUMBER, RUN = "VE-EDU", "TEST101", "2026"
COURSE_ID = f"course-v1:{ORG}+{NUMBER}+{RUN}"


def usage_key(block_type: str, url_name: str, *, org: str = ORG, number: str = NUMBER, run: str = RUN) -> str:
    return f"block-v1:{org}+{number}+{run}+type@{block_type}+block@{url_name}"


@dataclass
class Seq:
    url_name: str
    title: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass
class Chap:
    url_name: str
    title: str | None = None
    sequentials: Sequence[Seq] = ()
    attrs: dict[str, str] = field(default_factory=dict)
    inline: bool = False


def _attrs(title: str | None, extra: dict[str, str]) -> str:
    values = dict(extra)
    if title is not None:
        values["display_name"] = title
    return "".join(f' {name}="{value}"' for name, value in values.items())


def write_export(
    root: Path, chapters: Sequence[Chap], *, org: str = ORG, number: str = NUMBER, run: str = RUN, drafts: bool = True
) -> Path:
    """Write an export under ``root`` and return its directory."""
    for folder in ("course", "chapter", "sequential", "vertical", "drafts/vertical"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "course.xml").write_text(f'<course url_name="{run}" org="{org}" course="{number}"/>\n')
    children = []
    for chapter in chapters:
        seq_refs = []
        for seq in chapter.sequentials:
            unit = f'  <vertical url_name="{seq.url_name}_v"/>'
            (root / "sequential" / f"{seq.url_name}.xml").write_text(
                f"<sequential{_attrs(seq.title, seq.attrs)}>\n{unit}\n</sequential>\n"
            )
            (root / "vertical" / f"{seq.url_name}_v.xml").write_text('<vertical display_name="Unit"/>\n')
            seq_refs.append(f'    <sequential url_name="{seq.url_name}"/>')
        body = "\n".join(seq_refs)
        if chapter.inline:
            children.append(
                f'  <chapter url_name="{chapter.url_name}"{_attrs(chapter.title, chapter.attrs)}>\n{body}\n  </chapter>'
            )
        else:
            (root / "chapter" / f"{chapter.url_name}.xml").write_text(
                f"<chapter{_attrs(chapter.title, chapter.attrs)}>\n{body}\n</chapter>\n"
            )
            children.append(f'  <chapter url_name="{chapter.url_name}"/>')
    (root / "course" / f"{run}.xml").write_text(
        '<course display_name="Test course">\n' + "\n".join(children) + "\n</course>\n"
    )
    if drafts:
        (root / "drafts" / "vertical" / "unpublished.xml").write_text(
            '<vertical display_name="Draft" parent_url="block-v1:x+y+z+type@sequential+block@nowhere"/>\n'
        )
    return root


def write_tarball(export_dir: Path, target: Path) -> Path:
    """Pack an export as Studio does: one top-level folder inside a .tar.gz."""
    with tarfile.open(target, "w:gz") as tar:
        tar.add(export_dir, arcname="course")
    return target


def grid(sections: int, subsections: int, *, prefix: str = "") -> list[Chap]:
    """A regular outline: ``sections`` chapters of ``subsections`` sequentials each."""
    return [
        Chap(
            f"{prefix}ch{i}",
            f"Section {i}",
            [Seq(f"{prefix}ch{i}_s{j}", f"Subsection {i}.{j}") for j in range(subsections)],
        )
        for i in range(sections)
    ]
