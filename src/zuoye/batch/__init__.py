"""`zuoye batch`: a whole worksheet answered at the speed the quota allows, never losing an answer."""

from zuoye.batch.inputs import BadLine, InputError, Item, read_items, stable_id
from zuoye.batch.journal import Journal, JournalError, journal_path, output_of, sibling_journals
from zuoye.batch.pacing import AdaptivePacer
from zuoye.batch.runner import PacedModel, Summary, answer_bases, run_batch

__all__ = [
    "AdaptivePacer",
    "BadLine",
    "InputError",
    "Item",
    "Journal",
    "JournalError",
    "PacedModel",
    "Summary",
    "answer_bases",
    "journal_path",
    "output_of",
    "read_items",
    "run_batch",
    "sibling_journals",
    "stable_id",
]
