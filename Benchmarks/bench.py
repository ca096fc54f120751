#!/usr/bin/env python3
"""link-check's benchmark harness: times commands interleaved (A B A B ...), reports medians, min-max, ratios
against each peer and peak RSS, and optionally writes Benchmarks/RESULTS.md. Run through Benchmarks/run."""
import argparse, os, platform, resource, statistics, subprocess, sys, time, datetime


def run_once(argv):
    """Runs argv with stdout/stderr to /dev/null; returns (seconds, CPU seconds (user + system, all threads, and the
    programs it ran and waited for), peak RSS in KiB, exit status)."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        process = subprocess.Popen(argv, stdout=null, stderr=null)
        _, status, usage = os.wait4(process.pid, 0)
    cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - start, cpu, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def measure(group, runs, warmup):
    """group: list of (label, argv). Interleaves the commands run by run; returns label -> samples."""
    for _ in range(warmup):
        for _, argv in group:
            run_once(argv)
    samples = {label: [] for label, _ in group}
    cpu = {label: [] for label, _ in group}
    rss = {label: 0 for label, _ in group}
    status = {}
    for _ in range(runs):
        for label, argv in group:
            seconds, cpu_seconds, peak, code = run_once(argv)
            samples[label].append(seconds)
            cpu[label].append(cpu_seconds)
            rss[label] = max(rss[label], peak)
            status[label] = code
    return samples, cpu, rss, status


def fmt_ms(seconds):
    return f"{seconds * 1000:.1f}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--plan", required=True, help="file of benchmark groups (see Benchmarks/run)")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--results", help="write a Markdown report here")
    args = parser.parse_args()

    groups = []  # (title, input size, [(label, argv)])
    with open(args.plan) as plan:
        for line in plan:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if line.startswith("group\t"):
                _, title, size = line.split("\t")
                groups.append((title, int(size), []))
            else:
                label, *argv = line.split("\t")
                groups[-1][2].append((label, argv))

    rows = []
    for title, size, commands in groups:
        samples, cpu, rss, status = measure(commands, args.runs, args.warmup)
        ours = commands[0][0]
        ours_median = statistics.median(samples[ours])
        ours_cpu = statistics.median(cpu[ours])
        for label, _ in commands:
            median = statistics.median(samples[label])
            cpu_median = statistics.median(cpu[label])
            ratio = "" if label == ours else f"{ours_median / median:.2f}x"
            cpu_ratio = "" if label == ours or cpu_median == 0 else f"{ours_cpu / cpu_median:.2f}x"
            rows.append((title, label, median, min(samples[label]), max(samples[label]), ratio, rss[label], size, status[label],
                         cpu_median, cpu_ratio))
            print(f"{title:38} {label:34} median {fmt_ms(median):>8} ms  [{fmt_ms(min(samples[label]))}-{fmt_ms(max(samples[label]))}]"
                  f"  CPU {fmt_ms(cpu_median):>8} ms"
                  f"  {('link-check/' + label + ' = ' + ratio + ' (CPU ' + cpu_ratio + ')') if ratio else '':44} peak RSS {rss[label] // 1024} MiB  exit {status[label]}",
                  flush=True)

    if args.results:
        with open(args.results, "w") as out:
            out.write("# link-check benchmarks\n\n")
            out.write(f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.node()} "
                      f"({os.cpu_count()} cores, {platform.machine()}, Linux {platform.release()}); "
                      f"{args.runs} interleaved runs after {args.warmup} warm-up, medians. Tools: "
                      + ", ".join(tool_versions()) + ".\n\n")
            out.write("The ratio is link-check's median over the peer's (below 1: link-check is faster). "
                      "CPU ms is the median user + system time of the process and all its threads (ld.lld uses several), "
                      "and of the programs it runs and waits for (`wait4` counts them: the `ld --verbose` and "
                      "`ocamlfind printconf` a check may run), with its ratio beside it. Peak RSS is the largest `ru_maxrss` over the runs.\n\n")
            out.write("| input | command | median ms | min–max ms | ratio | peak RSS MiB | input MiB | CPU ms | CPU ratio |\n"
                      "|---|---|---|---|---|---|---|---|---|\n")
            for title, label, median, low, high, ratio, peak, size, _, cpu_median, cpu_ratio in rows:
                out.write(f"| {title} | {label} | {fmt_ms(median)} | {fmt_ms(low)}–{fmt_ms(high)} | {ratio} | {peak // 1024} | "
                          f"{size / 2**20:.1f} | {fmt_ms(cpu_median)} | {cpu_ratio} |\n")


def tool_versions():
    def first_line(argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True).stdout.splitlines()[0]
        except Exception:
            return "?"
    return [first_line(["nm", "--version"]), first_line(["llvm-nm", "--version"]) + " (llvm-nm)",
            first_line(["eu-nm", "--version"]), first_line(["ld", "--version"])]


if __name__ == "__main__":
    main()
