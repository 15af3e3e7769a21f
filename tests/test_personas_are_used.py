"""Tests build clinics and people with tests/personas.py, the way the app makes them (issue 10).

A test that makes a clinic, a staff member, a patient or an account by hand (a model's
`objects.create...`, `create_user`, `create_superuser`, `bulk_create` or constructor) skips what
the app gives them: staff access and exercise permissions, a patient record, a usable password.
Such a test can pass while the real people would fail, or fail for a reason the app never meets.

The check reads every test module's syntax tree, so comments, docstrings and strings do not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
PEOPLE = {"Clinic", "StaffMember", "Patient", "User"}
USER_MANAGERS = {"django_user_model", "get_user_model"}  # pytest-django's fixture, Django's getter
MAKING = {"create", "get_or_create", "update_or_create", "bulk_create"}
ACCOUNT_MAKING = {"create_user", "create_superuser"}

# Test modules allowed to build people by hand, relative to tests/. Keep the reason next to each.
ALLOWED = {
    # On purpose, to stay:
    # - they check how the password of a bare account is stored (no clinic, no patient record).
    "security/test_password_hashing.py",
    "security/test_fast_test_hasher.py",
    # - thousands of patients in bulk, to bound the queries of a page or an API list; personas
    #   makes people one at a time.
    "api/test_query_counts.py",
    "workspace/test_query_bounds.py",
    "workspace/test_accounts_query_bounds.py",
    "workspace/test_remote_monitoring.py",
    "messaging/test_query_bounds.py",
}


def _receiver(node: ast.expr) -> str:
    """`User` for `User.objects`, `get_user_model` for `get_user_model().objects`."""
    if isinstance(node, ast.Attribute) and node.attr == "objects":
        node = node.value
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):  # models.User, auth.models.User
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def people_made_by_hand(source: str) -> list[str]:
    """Each place in the source that makes a clinic, staff member, patient or account by hand."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        call = node.func
        by_hand = (
            isinstance(call, ast.Attribute)
            and (
                call.attr in ACCOUNT_MAKING
                or (
                    call.attr in MAKING
                    and isinstance(call.value, ast.Attribute)
                    and call.value.attr == "objects"
                    and _receiver(call.value) in PEOPLE | USER_MANAGERS
                )
            )
        ) or (isinstance(call, ast.Name) and call.id in PEOPLE)
        if by_hand:
            found.append(f"{node.lineno}: {ast.unparse(call)}")
    return found


def modules() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if p.name != "personas.py")


def test_tests_build_clinics_and_people_with_personas():
    found = [
        f"tests/{path.relative_to(TESTS).as_posix()}:{place}"
        for path in modules()
        if path.relative_to(TESTS).as_posix() not in ALLOWED
        for place in people_made_by_hand(path.read_text(encoding="utf-8"))
    ]
    advice = "build these with tests/personas.py (clinic, staff, patient, user, superuser):\n"
    assert found == [], advice + "\n".join(found)


def test_the_allow_list_holds_only_modules_that_still_build_people_by_hand():
    stale = [
        name
        for name in sorted(ALLOWED)
        if not (TESTS / name).exists()
        or not people_made_by_hand((TESTS / name).read_text(encoding="utf-8"))
    ]
    advice = "these no longer build people by hand; take them off ALLOWED: "
    assert stale == [], advice + ", ".join(stale)


def test_every_way_of_making_people_by_hand_is_found():
    by_hand = [
        'Clinic.objects.create(name="C", slug="c")',
        'Clinic.objects.get_or_create(slug="c")',
        "StaffMember.objects.create(user=u, clinic=c)",
        "Patient.objects.create(user=u, clinic=c, joined_on=d)",
        'User.objects.create_user("alex", password="p")',
        'User.objects.create_superuser("op", "op@example.org", "p")',
        'User.objects.create(username="alex")',
        'django_user_model.objects.create_user("jo")',
        'get_user_model().objects.create_user("jo")',
        'auth.models.User.objects.create(username="jo")',
        "User.objects.bulk_create([User(username='a')])",
        "Patient.objects.bulk_create(rows)",
        'Clinic(name="C", slug="c").save()',
    ]
    for source in by_hand:
        assert people_made_by_hand(source), source
    the_personas_way = [
        'personas.clinic("Home Clinic", "home")',
        "personas.staff(clinic, Role.ADMIN, 'ada')",
        "personas.patient(clinic, None, 'pat')",
        "personas.superuser('curator')",
        "Clinic.objects.get(slug='home')",
        "Patient.objects.filter(clinic=c).count()",
        "Alert.objects.create(patient=p, kind=k)",
        "# Clinic.objects.create(...) in a comment",
        "'Clinic.objects.create(...) in a string'",
    ]
    for source in the_personas_way:
        assert not people_made_by_hand(source), source
