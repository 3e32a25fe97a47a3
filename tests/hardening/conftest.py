"""The bad-input suite's summary line: inputs tried per kind and failures (issue 19)."""
import sys


def pytest_terminal_summary(terminalreporter):
    mod = sys.modules.get("test_hardening_properties")
    inputs = getattr(mod, "INPUTS", None)
    if inputs:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(inputs.items()))
        terminalreporter.write_line(f"bad inputs tried: {sum(inputs.values())} ({kinds}); "
                                    f"failures: {len(getattr(mod, 'FAILURES', []))}")
