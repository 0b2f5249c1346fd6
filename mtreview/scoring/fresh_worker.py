"""What the fork server of a threaded caller's check workers loads once, for all of them.

See :class:`mtreview.scoring.parallel.Workers`: the checker's modules, jieba's dictionary and
pypinyin are loaded in that server, a process without threads, and every worker forked from it
shares them.
"""

from __future__ import annotations

from mtreview.glossary import segmenter
from mtreview.scoring import engine  # noqa: F401 - imported here once, not in every worker
from mtreview.scoring.checks import untranslated

segmenter.preload()
untranslated.preload()
