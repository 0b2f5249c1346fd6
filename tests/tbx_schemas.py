"""Validate TBX output against the official schemas shipped in tests/data/tbx/schemas.

v2: the core structure DTD (TBXcoreStructV02.dtd) always; a file declaring itself TBX-Basic also
against TBXBasiccoreStructV02.dtd and the integrated TBXBasicRNGV02.rng (which holds the XCS's
picklists). v3: the core RelaxNG (TBXcoreStructV03.rng) and the TBX-Basic DCA Schematron,
whose XPath 2 tests run on elementpath (lxml's Schematron is XSLT 1 only).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import elementpath
from elementpath.xpath2 import XPath2Parser
from lxml import etree

SCHEMAS = Path(__file__).parent / "data" / "tbx" / "schemas"
SCH = "http://purl.oclc.org/dsdl/schematron"


@cache
def _dtd(name: str) -> etree.DTD:
    return etree.DTD(str(SCHEMAS / name))


@cache
def _rng(name: str) -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / name)))


def _parse(data: bytes) -> etree._ElementTree:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(data, parser).getroottree()


def schematron_errors(tree: etree._ElementTree, name: str) -> list[str]:
    """Failed asserts of an ISO Schematron file (first matching rule per pattern, per node)."""
    schema = etree.parse(str(SCHEMAS / name)).getroot()
    namespaces = {n.get("prefix"): n.get("uri") for n in schema.iter(f"{{{SCH}}}ns")}
    root = elementpath.get_node_tree(tree)
    errors: list[str] = []
    for pattern in schema.iter(f"{{{SCH}}}pattern"):
        fired: set[int] = set()
        for rule in pattern.iter(f"{{{SCH}}}rule"):
            context = rule.get("context")
            path = context if context.startswith("/") else f"//{context}"
            for node in elementpath.select(root, path, namespaces, parser=XPath2Parser):
                if id(node) in fired:
                    continue
                fired.add(id(node))
                for check in rule.iter(f"{{{SCH}}}assert"):
                    test = f"boolean({check.get('test')})"
                    if not elementpath.select(
                        root, test, namespaces, parser=XPath2Parser, item=node
                    ):
                        errors.append(f"{context}: {' '.join((check.text or '').split())}")
    return errors


def tbx_errors(data: bytes) -> list[str]:
    """Every schema error of a TBX document (v2 or v3, by its root element)."""
    tree = _parse(data)
    root = tree.getroot()
    errors: list[str] = []
    if etree.QName(root).localname == "martif":
        checks = [_dtd("TBXcoreStructV02.dtd")]
        if root.get("type") == "TBX-Basic":
            checks += [_dtd("TBXBasiccoreStructV02.dtd"), _rng("TBXBasicRNGV02.rng")]
        for schema in checks:
            if not schema.validate(tree):
                errors += [str(e) for e in schema.error_log.filter_from_errors()]
        return errors
    schema = _rng("TBXcoreStructV03.rng")
    if not schema.validate(tree):
        errors += [str(e) for e in schema.error_log.filter_from_errors()]
    if root.get("type") == "TBX-Basic":
        errors += schematron_errors(tree, "TBX-Basic_DCA.sch")
    return errors
