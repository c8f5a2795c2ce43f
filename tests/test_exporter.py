"""A real Statuspage client, statuspage-prometheus-exporter 2.6.0, reads our summary.json.

The exporter runs from its own virtual environment (it pins its own
dependencies; ``.ci/run`` installs it) against the sample site on a local
server, in a fresh working folder with its cache cleared, and writes Prometheus
text. It exits 0 even when the fetch fails, so the test reads the metrics file.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

from .checks.server import Site
from .checks.tools import EXPORTER, EXPORTER_HINT, need_file

SERVICE = "Harbor Pay"
METRIC = re.compile(r"^(?P<name>[a-z_]+)(?:\{(?P<labels>.*)\})? (?P<value>\S+)$")
LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def read_metrics(text: str) -> list[tuple[str, dict[str, str], float]]:
    """Prometheus text format: (name, labels, value) per sample line."""
    samples = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = METRIC.match(line)
        assert match, f"not a Prometheus sample: {line!r}"
        labels = dict(LABEL.findall(match["labels"] or ""))
        samples.append((match["name"], labels, float(match["value"])))
    return samples


def run_exporter(url: str, work: Path) -> list[tuple[str, dict[str, str], float]]:
    services = work / "services.json"
    services.write_text(json.dumps({"harborpay": {"url": url, "name": SERVICE}}))
    env = {k: v for k, v in os.environ.items() if k != "SLACK_WEBHOOK_URL"}
    env |= {
        "SERVICES_JSON_PATH": str(services),  # without it, it reads an example for another host
        "CLEAR_CACHE": "true",  # with a cache it replays old values when the fetch fails
        "RUN_MODE": "once",
        "METRICS_TEXTFILE_PATH": str(work / "out.prom"),
    }
    result = subprocess.run(
        [str(EXPORTER)], cwd=work, env=env, capture_output=True, text=True, timeout=120
    )
    out = work / "out.prom"
    assert out.is_file(), f"exit {result.returncode}\n{result.stderr[-3000:]}"
    return read_metrics(out.read_text(encoding="utf-8"))


def seconds(timestamp: str) -> str:
    """The exporter drops milliseconds from timestamps (``.000Z`` becomes ``Z``)."""
    return re.sub(r"\.\d+(?=Z|[+-]\d\d:\d\d$)", "", timestamp)


def values(samples: list[tuple[str, dict[str, str], float]], name: str) -> list[dict[str, str]]:
    return [{**labels, "value": str(value)} for metric, labels, value in samples if metric == name]


def test_exporter_reads_summary_json(served_site: Site, sample_site: Path, tmp_path: Path) -> None:
    need_file(EXPORTER, EXPORTER_HINT)
    summary = json.loads((sample_site / "api/v2/summary.json").read_text(encoding="utf-8"))
    samples = run_exporter(f"{served_site.url}api/v2/summary.json", tmp_path)

    assert values(samples, "statuspage_probe_check") == [{"service_name": SERVICE, "value": "1.0"}]
    # Overall status: 1 only when the indicator is "none"; the sample has an open incident.
    assert summary["status"]["indicator"] == "minor"
    assert values(samples, "statuspage_service_status") == [
        {"service_name": SERVICE, "value": "0.0"}
    ]
    components = {
        c["component_name"]: c["value"] for c in values(samples, "statuspage_component_status")
    }
    assert components == {
        c["name"]: "1.0" if c["status"] == "operational" else "0.0" for c in summary["components"]
    }
    assert components["Payouts"] == "0.0" and components["Payments API"] == "1.0"

    incidents = values(samples, "statuspage_incident_info")
    assert incidents == [
        {
            "service_name": SERVICE,
            "incident_id": i["id"],
            "incident_name": i["name"],
            "impact": i["impact"],
            "shortlink": i["shortlink"],
            "started_at": seconds(i["started_at"]),
            "affected_components": ", ".join(c["name"] for c in i["components"]),
            "value": "1.0",
        }
        for i in summary["incidents"]
    ]
    assert [i["incident_name"] for i in incidents] == [
        "Payouts to some European bank accounts are delayed"
    ]

    maintenances = values(samples, "statuspage_maintenance_info")
    assert maintenances == [
        {
            "service_name": SERVICE,
            "maintenance_id": m["id"],
            "maintenance_name": m["name"],
            "scheduled_start": seconds(m["scheduled_for"]),
            "scheduled_end": seconds(m["scheduled_until"]),
            "shortlink": m["shortlink"],
            "affected_components": ", ".join(c["name"] for c in m["components"]),
            "value": "1.0",
        }
        for m in summary["scheduled_maintenances"]
    ]
    assert [m["maintenance_name"] for m in maintenances] == ["Payments API network upgrade"]


def test_exporter_reports_a_failed_probe(served_site: Site, tmp_path: Path) -> None:
    """The check above can fail: a URL that is not there gives probe 0 and no components."""
    need_file(EXPORTER, EXPORTER_HINT)
    samples = run_exporter(f"{served_site.url}api/v2/missing.json", tmp_path)
    assert values(samples, "statuspage_probe_check") == [{"service_name": SERVICE, "value": "0.0"}]
    assert values(samples, "statuspage_component_status") == []
