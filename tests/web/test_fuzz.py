"""Fuzz every API operation from the app's own OpenAPI schema: no input may produce a 5xx."""
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

pytestmark = pytest.mark.xdist_group("web")

EXAMPLES = int(os.environ.get("LATTICEWORK_FUZZ_EXAMPLES", "40"))


def test_no_server_errors(web_app):
    schema = schemathesis.openapi.from_asgi("/openapi.json", web_app)
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 5
    failures = []
    for op in operations:
        @given(case=op.as_strategy())
        # derandomized so CI is reproducible; raise LATTICEWORK_FUZZ_EXAMPLES to search wider
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None,
                  derandomize=True)
        def check(case):
            response = case.call()
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query} -> {response.status_code}")
            assert response.status_code < 500

        try:
            check()
        except AssertionError:
            pass
    assert not failures, failures[:10]
