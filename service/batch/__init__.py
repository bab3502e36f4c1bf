"""Batch screening of profile files on one machine: ``zhenwei batch screen IN OUT``.

:mod:`service.batch.formats` reads and writes JSONL, CSV and Parquet; :mod:`service.batch.job`
runs a resumable job over a process pool (one engine per worker) and writes the summary;
:mod:`service.batch.changes` decides which rows ``--only-changed PREV`` may copy from an earlier
run; :mod:`service.batch.whatif` compares the live lexicon with a lexicon draft over a file
(``zhenwei batch whatif``); :mod:`service.batch.cli` registers the commands. Transport-free, like
the rest of the core.
"""
