"""State changes made from the clinician workspace, one function per action (`do_*`).

Each action is atomic and writes its own audit event in the same transaction: `accounts` (staff,
reassigning patients, password links) and `invitations` (inviting patients). E-mails go out after
the change is committed, so a slow or failing mail server never holds or undoes it; the action
says whether the e-mail was sent.
"""
