"""Editing maps without losing a byte: round-trip documents, comment-keeping changes, atomic writes.

Reading and linting stay on the fast loader; ruamel.yaml is used only here, to write.
"""
