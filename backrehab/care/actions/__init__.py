"""State changes of the care record, one function per action (Zulip's `do_*` style).

Each action is atomic and writes its own audit event in the same transaction; pages, the API and
commands call the same function. One module per family: `sessions`, `evaluations`, `programs`,
`alerts`, `notes`, `prescribing`.
"""
