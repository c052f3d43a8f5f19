"""Benchmark jiading against Hugo and Pelican on one generated corpus, as whole processes.

    python benchmarks/run.py --sizes 1000,10000,100000 --runs 3
    python benchmarks/run.py --smoke            # N=50, one run, jiading only (what CI runs)

Every command runs as its own process; the wall time and the peak memory (the larger of the
process's own peak RSS and the sampled sum over its process tree) are taken per run and the
medians printed, with jiading/peer ratios and the targets of the performance issue. Runs are
interleaved: each round runs every jiading case, then Hugo, then Pelican, so a noisy machine
slows all of them alike. Hugo renders the same pages as jiading's default theme (``--hugo-theme same``,
see ``hugo_site.py``) or the bare ones first compared with (``--hugo-theme bare``); the tables name which.
Hugo (Debian package ``hugo``) and Pelican (PyPI, in a venv under the
work folder) are installed when missing. Exit status 1 if a command failed.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # the generator beside this file
import hugo_site  # the Hugo site it writes

SEED = 2017
NOW = "2026-01-01T00:00:00+08:00"
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
TIMEOUT = 3600
# jiading does not store a whole-site answer while an input changed less than two seconds before (a file
# rewritten within one tick of the file system's clock keeps its mtime); a round starts once the corpus is
# that old, so "warm" always means a run over a settled site.
SETTLE_S = 2.1


@dataclass
class Sample:
    wall: float
    peak: int  # bytes
    code: int


@dataclass
class Case:
    label: str
    samples: list[Sample] = field(default_factory=list)
    skipped: str = ""

    @property
    def ok(self) -> bool:
        return all(s.code == 0 for s in self.samples)

    def wall(self) -> float | None:
        return statistics.median(s.wall for s in self.samples) if self.samples else None

    def peak(self) -> int | None:
        return max(s.peak for s in self.samples) if self.samples else None


class TreeSampler(threading.Thread):
    """Sums the resident memory of a process and its descendants every few milliseconds."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.done = threading.Event()

    def _tree(self, pid: int) -> list[int]:
        found = [pid]
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    for child in handle.read().split():
                        found.extend(self._tree(int(child)))
        except OSError:
            pass
        return found

    def run(self) -> None:
        while not self.done.is_set():
            total = 0
            for pid in self._tree(self.pid):
                try:
                    with open(f"/proc/{pid}/statm") as handle:
                        total += int(handle.read().split()[1]) * PAGE
                except (OSError, IndexError, ValueError):
                    pass
            self.peak = max(self.peak, total)
            self.done.wait(0.005)


def measure(command: list[str], cwd: Path, log: Path) -> Sample:
    env = {**os.environ, "JIADING_NOW": NOW}
    with open(log, "ab") as out:
        out.write(f"\n$ cd {cwd} && {' '.join(command)}\n".encode())
        out.flush()
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=out)
        sampler = TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    return Sample(wall, max(usage.ru_maxrss * 1024, sampler.peak), process.returncode)


def compile_jiading(jiading: list[str]) -> str:
    """Write jiading's bytecode, as installing a package does, so that no run includes compiling it.

    Python writes bytecode on first import, except where ``PYTHONDONTWRITEBYTECODE`` is set: there
    every module changed since its bytecode was written would be compiled again in every run.
    """
    python = Path(jiading[0]).parent / "python" if len(jiading) == 1 else Path(jiading[0])
    code = (
        "import compileall, pathlib, jiading_cli as j; compileall.compile_dir(pathlib.Path(j.__file__).parent, quiet=1)"
    )
    result = subprocess.run(
        [str(python if python.exists() else sys.executable), "-c", code], capture_output=True, check=False
    )
    return "bytecode compiled" if result.returncode == 0 else "bytecode not compiled"


def jiading_command() -> list[str]:
    beside = Path(sys.executable).parent / "jiading"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("jiading")
    return [found] if found else [sys.executable, "-m", "jiading_cli"]


def has_feed_build(jiading: list[str], log: Path) -> bool:
    return has_command(jiading, ["feed", "build"], log)


def has_command(jiading: list[str], words: list[str], log: Path) -> bool:
    result = subprocess.run([*jiading, *words, "--help"], capture_output=True, check=False)
    with open(log, "ab") as out:
        out.write(f"\n$ jiading {' '.join(words)} --help\n".encode() + result.stdout + result.stderr)
    return result.returncode == 0


def ensure_hugo(log: Path) -> str | None:
    if shutil.which("hugo") is None and shutil.which("apt-get") and os.geteuid() == 0:
        print("installing hugo (apt-get install -y hugo)...", flush=True)
        with open(log, "ab") as out:
            subprocess.run(["apt-get", "install", "-y", "hugo"], stdout=out, stderr=out, check=False)
    return shutil.which("hugo")


def ensure_pelican(work: Path, log: Path) -> Path | None:
    venv = work / "pelican-venv"
    binary = venv / "bin" / "pelican"
    if not binary.exists():
        print(f"installing pelican into {venv}...", flush=True)
        with open(log, "ab") as out:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], stdout=out, stderr=out, check=False)
            subprocess.run(
                [str(venv / "bin" / "pip"), "install", "-q", "pelican", "markdown"], stdout=out, stderr=out, check=False
            )
    return binary if binary.exists() else None


def version(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    except OSError:
        return "?"
    return (result.stdout or result.stderr).strip().splitlines()[0] if (result.stdout or result.stderr) else "?"


def make_corpus(work: Path, size: int, kinds: tuple[str, ...], shape: str = "mixed", hugo_theme: str = "same") -> Path:
    """The corpus of ``size`` articles for each kind (Hugo's with the layouts of ``hugo_theme``), generated once
    and reused while corpus.py and hugo_site.py are unchanged."""
    root = work / (f"corpus-{size}" if shape == "mixed" else f"corpus-{shape}-{size}")
    stamp = root / ".stamp"
    sources = b"".join(Path(module.__file__ or "").read_bytes() for module in (corpus, hugo_site))
    wanted = f"{SEED} {hash_text(sources)}"
    lines = stamp.read_text().splitlines() if stamp.exists() else []
    have = set(lines[1].split()) if len(lines) > 1 and lines[0] == wanted else set()
    if not have and root.exists():
        shutil.rmtree(root)
    made = {kind: f"hugo:{hugo_theme}" if kind == "hugo" else kind for kind in kinds}  # as the stamp names them
    missing = tuple(kind for kind in kinds if made[kind] not in have)
    if missing:
        print(f"generating {size} articles for {', '.join(made[k] for k in missing)} under {root}...", flush=True)
        if "hugo" in missing:  # another theme's site: its files would stay beside the new ones
            clear(root / "hugo")
            have = {kind for kind in have if not kind.startswith("hugo")}
        # In a child process: this one stays small, so the processes it forks start small too
        # (a forked child's peak memory counts the pages it shared with its parent before exec).
        command = [sys.executable, corpus.__file__, "--count", str(size), "--out", str(root), "--seed", str(SEED)]
        command += ["--shape", shape, "--hugo-theme", hugo_theme]
        subprocess.run([*command, *(f"--only={kind}" for kind in missing)], check=True, stdout=subprocess.DEVNULL)
        stamp.write_text(wanted + "\n" + " ".join(sorted(have | {made[k] for k in missing})) + "\n")
    return root


def hash_text(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()[:16]


def clear(*paths: Path) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)


READ_ALL = (
    "import os,sys\n"
    "for d,_,fs in os.walk(sys.argv[1]):\n"
    "    for f in fs:\n"
    "        if f.endswith('.md'):\n"
    "            open(os.path.join(d,f),'rb').read()\n"
)


def run_size(
    size: int,
    runs: int,
    work: Path,
    peers: set[str],
    log: Path,
    jiading: list[str],
    shape: str = "mixed",
    site_only: bool = False,
    hugo_theme: str = "same",
) -> dict[str, Case]:
    kinds = ("jiading", *sorted(peers))
    root = make_corpus(work, size, kinds, shape, hugo_theme)
    site = root / "jiading"
    feeds = has_feed_build(jiading, log) and not site_only
    hugo = ensure_hugo(log) if "hugo" in peers else None
    pelican = ensure_pelican(work, log) if "pelican" in peers else None
    names = ["read", "validate cold", "validate warm"]
    names += ["feed cold", "feed warm", "feed incremental"]
    names += ["site cold", "site warm", "site incremental"]  # `jiading build`: pages, feeds and assets
    names += ["hugo", "pelican"]
    cases = {name: Case(name) for name in names}
    cases["hugo"].label = hugo_label(hugo_theme)
    if not feeds:
        for name in ("feed cold", "feed warm", "feed incremental"):
            cases[name].skipped = "not run" if site_only else "`jiading feed build` not available"
    if site_only:
        for name in ("read", "validate cold", "validate warm"):
            cases[name].skipped = "not run"
    pages = has_command(jiading, ["build"], log)
    if not pages:
        for name in ("site cold", "site warm", "site incremental"):
            cases[name].skipped = "`jiading build` not available"
    for peer, found in (("hugo", hugo), ("pelican", pelican)):
        if peer not in peers:
            cases[peer].skipped = "not run"
        elif found is None:
            cases[peer].skipped = f"{peer} not installed"
    cache = site / ".jiading-cache"
    edited = corpus.item(SEED, size // 2, size, shape)
    added = corpus.item(SEED, size, size + 1, shape)
    edited_path = site / "articles" / edited.folder / f"{edited.slug}.md"
    added_path = site / "articles" / added.folder / f"{added.slug}.md"
    original = edited_path.read_bytes()
    changed = time.time()  # the corpus may have just been written
    for round_ in range(runs):
        time.sleep(max(0.0, changed + SETTLE_S - time.time()))
        print(f"  N={size} round {round_ + 1}/{runs}", flush=True)
        if not site_only:
            cases["read"].samples.append(measure([sys.executable, "-c", READ_ALL, "articles"], site, log))
            clear(cache)
            cases["validate cold"].samples.append(measure([*jiading, "validate"], site, log))
            cases["validate warm"].samples.append(measure([*jiading, "validate"], site, log))
        if feeds:
            clear(cache, site / "public")
            cases["feed cold"].samples.append(measure([*jiading, "feed", "build"], site, log))
            cases["feed warm"].samples.append(measure([*jiading, "feed", "build"], site, log))
            edited_path.write_bytes(original + b"\nOne more paragraph, edited for the benchmark.\n")
            corpus.write_article(site, "jiading", added)
            try:
                cases["feed incremental"].samples.append(measure([*jiading, "feed", "build"], site, log))
            finally:
                edited_path.write_bytes(original)
                added_path.unlink(missing_ok=True)
                changed = time.time()
        if pages:
            time.sleep(max(0.0, changed + SETTLE_S - time.time()))
            clear(cache, site / "public")
            cases["site cold"].samples.append(measure([*jiading, "build"], site, log))
            cases["site warm"].samples.append(measure([*jiading, "build"], site, log))
            edited_path.write_bytes(original + b"\nOne more paragraph, edited for the benchmark.\n")
            corpus.write_article(site, "jiading", added)
            try:
                cases["site incremental"].samples.append(measure([*jiading, "build"], site, log))
            finally:
                edited_path.write_bytes(original)
                added_path.unlink(missing_ok=True)
                changed = time.time()
        if hugo:
            clear(root / "hugo" / "public", root / "hugo" / "resources")
            cases["hugo"].samples.append(measure([hugo, "--quiet", "--destination", "public"], root / "hugo", log))
        if pelican:
            clear(root / "pelican" / "output")
            command = [str(pelican), "content", "-s", "pelicanconf.py", "-o", "output", "-q"]
            cases["pelican"].samples.append(measure(command, root / "pelican", log))
    return cases


def hugo_label(theme: str) -> str:
    """The Hugo case's name in the tables: which of its themes ran."""
    return f"Hugo ({hugo_site.NAMES[theme]})"


def run_startup(runs: int, log: Path, jiading: list[str]) -> dict[str, Case]:
    cases = {name: Case(name) for name in ("import typer, rich", "jiading --version", "jiading --help")}
    here = Path.cwd()
    for _ in range(runs):
        cases["import typer, rich"].samples.append(measure([sys.executable, "-c", "import typer, rich"], here, log))
        cases["jiading --version"].samples.append(measure([*jiading, "--version"], here, log))
        cases["jiading --help"].samples.append(measure([*jiading, "--help"], here, log))
    return cases


def fmt_s(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def fmt_mib(value: int | None) -> str:
    return "—" if value is None else f"{value / 2**20:.0f}"


def table(title: str, cases: dict[str, Case]) -> list[str]:
    lines = [
        f"### {title}",
        "",
        "| case | median wall (s) | peak memory (MiB) | runs | status |",
        "|---|--:|--:|--:|---|",
    ]
    for case in cases.values():
        status = case.skipped or ("ok" if case.ok else "FAILED (see log)")
        lines.append(
            f"| {case.label} | {fmt_s(case.wall())} | {fmt_mib(case.peak())} | {len(case.samples)} | {status} |"
        )
    return [*lines, ""]


@dataclass
class Check:
    target: str
    value: float | None
    limit: float | None
    unit: str = "x"

    def line(self) -> str:
        if self.value is None or self.limit is None:
            return f"| {self.target} | — | — | not measured |"
        verdict = "met" if self.value <= self.limit else "MISSED"
        return f"| {self.target} | {self.value:.2f}{self.unit} | {self.limit:g}{self.unit} | {verdict} |"


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def checks(results: dict[int, dict[str, Case]], startup: dict[str, Case], hugo_theme: str = "same") -> list[Check]:
    found: list[Check] = []
    typer_rich = startup["import typer, rich"].wall() if startup else None
    if startup:
        for name in ("jiading --version", "jiading --help"):
            found.append(Check(f"`{name}` / `import typer, rich`", ratio(startup[name].wall(), typer_rich), 1.5))
    for size, cases in sorted(results.items()):
        w = {name: case.wall() for name, case in cases.items()}
        hugo, pelican = w["hugo"], w["pelican"]
        peer = hugo_label(hugo_theme)
        found.append(Check(f"N={size}: feed build cold / {peer}", ratio(w["feed cold"], hugo), 0.25))
        found.append(Check(f"N={size}: feed build cold / Pelican", ratio(w["feed cold"], pelican), 1.0))
        found.append(Check(f"N={size}: validate cold / {peer}", ratio(w["validate cold"], hugo), 0.5))
        found.append(Check(f"N={size}: build (pages) cold / {peer}", ratio(w["site cold"], hugo), 0.5))
        if size == 10000:
            found.append(Check(f"N={size}: feed build warm", w["feed warm"], 0.4, " s"))
            found.append(Check(f"N={size}: feed build warm / read every file", ratio(w["feed warm"], w["read"]), 3))
            incremental = (
                None
                if w["feed incremental"] is None or w["feed warm"] is None
                else (w["feed incremental"] - w["feed warm"])
            )
            rounds = [
                after.wall - before.wall
                for before, after in zip(cases["feed warm"].samples, cases["feed incremental"].samples, strict=False)
            ]
            paired = statistics.median(rounds) if rounds else None
            found.append(Check(f"N={size}: feed build incremental − warm, each round's", paired, 0.1, " s"))
            found.append(Check(f"N={size}: feed build incremental − warm, of the medians", incremental, 0.1, " s"))
            found.append(Check(f"N={size}: build (pages) warm", w["site warm"], 0.4, " s"))
            site_rounds = [
                after.wall - before.wall
                for before, after in zip(cases["site warm"].samples, cases["site incremental"].samples, strict=False)
            ]
            found.append(
                Check(
                    f"N={size}: build (pages) incremental − warm, each round's",
                    statistics.median(site_rounds) if site_rounds else None,
                    0.2,
                    " s",
                )
            )
            site_peak = cases["site cold"].peak()
            site_mib = None if site_peak is None else site_peak / 2**20
            found.append(Check(f"N={size}: build (pages) peak memory", site_mib, 250, " MiB"))
            found.append(Check(f"N={size}: validate warm", w["validate warm"], 0.4, " s"))
            found.append(Check(f"N={size}: validate warm / read every file", ratio(w["validate warm"], w["read"]), 3))
            peak = cases["feed cold"].peak()
            found.append(
                Check(f"N={size}: feed build peak memory", None if peak is None else peak / 2**20, 200, " MiB")
            )
        if size == 100000:
            peak = cases["feed cold"].peak()
            found.append(
                Check(f"N={size}: feed build peak memory", None if peak is None else peak / 2**20, 1024, " MiB")
            )
            if 10000 in results:
                found.append(
                    Check(
                        "feed build cold: N=100000 / N=10000",
                        ratio(w["feed cold"], results[10000]["feed cold"].wall()),
                        12,
                    )
                )
    return found


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(
            line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
        )
        memory = f"{int(memory) / 2**20:.1f} GiB RAM"
    except (OSError, StopIteration):
        memory = "? RAM"
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"{platform.system()} {platform.release()}, {cpus} CPUs ({cpu}), {memory}, Python {platform.python_version()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark jiading against Hugo and Pelican.")
    parser.add_argument("--sizes", default="1000,10000,100000", help="corpus sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs of each case per size (median is reported)")
    parser.add_argument("--work", type=Path, help="folder for corpora, venvs and the log (default: benchmarks/.work)")
    parser.add_argument("--no-peers", action="store_true", help="run jiading only")
    parser.add_argument("--peers", default="hugo,pelican", help="which peers to run, comma-separated")
    parser.add_argument("--peers-max", type=int, default=10**9, help="run peers only for sizes up to this")
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up cases")
    parser.add_argument(
        "--shapes", default="mixed", help=f"corpus shapes, comma-separated, or 'all' ({', '.join(corpus.SHAPES)})"
    )
    parser.add_argument("--site-only", action="store_true", help="only `jiading build` (and the peers)")
    parser.add_argument(
        "--hugo-theme",
        choices=hugo_site.THEMES,
        default="same",
        help="Hugo's layouts: the same pages as jiading's default theme, or the bare ones first compared with",
    )
    parser.add_argument("--smoke", action="store_true", help="N=50, one run, jiading only: checks the benchmark works")
    args = parser.parse_args()
    if args.smoke:
        args.sizes, args.runs, args.no_peers = "50", 1, True
    chosen = set() if args.no_peers else {p.strip() for p in args.peers.split(",") if p.strip()}
    if chosen - {"hugo", "pelican"}:
        parser.error(f"--peers: expected hugo and/or pelican, got {args.peers!r}")
    work = args.work or (
        Path(tempfile.mkdtemp(prefix="jiading-bench-")) if args.smoke else Path(__file__).resolve().parent / ".work"
    )
    work.mkdir(parents=True, exist_ok=True)
    log = work / "benchmark.log"
    jiading = jiading_command()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    print(f"# jiading benchmark\n\nMachine: {machine()}\n")
    compiled = compile_jiading(jiading)
    print(f"jiading: {version([*jiading, '--version'])} ({compiled}); work folder: {work}; log: {log}\n", flush=True)
    startup = {} if args.no_startup else run_startup(max(args.runs, 10 if not args.smoke else 1), log, jiading)
    shapes = list(corpus.SHAPES) if args.shapes == "all" else [s.strip() for s in args.shapes.split(",") if s.strip()]
    if set(shapes) - set(corpus.SHAPES):
        parser.error(f"--shapes: expected some of {', '.join(corpus.SHAPES)}, got {args.shapes!r}")
    results: dict[int, dict[str, Case]] = {}
    by_shape: dict[tuple[str, int], dict[str, Case]] = {}
    for shape in shapes:
        for size in sizes:
            run = chosen if size <= args.peers_max else set()
            print(f"shape {shape}, N={size}", flush=True)
            found = run_size(size, args.runs, work, run, log, jiading, shape, args.site_only, args.hugo_theme)
            by_shape[shape, size] = found
            if shape == shapes[0]:
                results[size] = found
    if "hugo" in chosen and shutil.which("hugo"):
        print(f"\nHugo: {version(['hugo', 'version'])}; theme: {args.hugo_theme} ({hugo_site.NAMES[args.hugo_theme]})")
    pelican = work / "pelican-venv" / "bin" / "pelican"
    if "pelican" in chosen and pelican.exists():
        print(f"Pelican: {version([str(pelican), '--version'])}")
    print()
    if startup:
        print("\n".join(table("Start-up", startup)))
    for (shape, size), cases in by_shape.items():
        print("\n".join(table(f"N = {size:,} articles, shape {shape}", cases)))
    if not args.smoke:
        for shape in shapes:
            found = {size: cases for (name, size), cases in by_shape.items() if name == shape}
            print(f"### Targets, shape {shape}\n\n| target | measured | limit | verdict |\n|---|--:|--:|---|")
            found_checks = checks(found, startup if shape == shapes[0] else {}, args.hugo_theme)
            print("\n".join(check.line() for check in found_checks) + "\n")
    failed = [c.label for cases in [startup, *by_shape.values()] for c in cases.values() if not c.ok]
    if failed:
        print(f"\nFAILED: {', '.join(failed)} (see {log})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
