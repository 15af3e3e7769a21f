"""The evaluation page, the monitoring report and the clinic settings ask the database a fixed
number of questions, whether the clinic has 10 patients or 1,000 (issue 12's quality bar)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.workspace.test_query_bounds import populate

pytestmark = pytest.mark.django_db

BOUNDS = {"evaluation": 12, "monitoring": 9}


@pytest.mark.parametrize("n", [10, 1000])
def test_the_evaluation_page_and_the_monitoring_report_do_not_grow(
    client, people, alex, n, django_assert_max_num_queries
):
    patient = populate(people, alex, n)
    client.force_login(people.me.user)
    with django_assert_max_num_queries(BOUNDS["evaluation"]):
        page = client.get(reverse("evaluation-latest", kwargs={"patient_id": patient.pk}))
    assert page.status_code == 200
    with django_assert_max_num_queries(BOUNDS["monitoring"]):
        report = client.get(reverse("monitoring-report"))
    assert report.status_code == 200 and len(report.context["rows"]) == n + 1
