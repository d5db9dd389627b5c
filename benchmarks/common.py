"""What every benchmark run reports: the machine, the versions, and peak memory."""

from __future__ import annotations

import os
import platform
import resource
import sys
from importlib.metadata import version

__all__ = ["machine_line", "peak_memory_mib"]


def peak_memory_mib() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 2**20


def machine_line() -> str:
    """One line naming the machine and the versions that decide the results."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"ortools {version('ortools')}, rosterkit {version('rosterkit')}"
    )
