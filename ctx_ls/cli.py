"""The command line: check | rules | explain | version."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Sequence

from ctx_ls import __version__
from ctx_ls.analysis.engine import SelectionError, select_rules
from ctx_ls.project import Analyzer, Outcome, Settings, go_files
from ctx_ls.report import FileResult
from ctx_ls.rules import ALL_RULES, lookup

FORMATS = ("text", "json", "sarif", "github")
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _split(values: Iterable[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or ():
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return tuple(out)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ctx-ls", description="Go context hygiene: language server and checker.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    c = sub.add_parser("check", help="check Go files and print findings")
    c.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    c.add_argument("--format", choices=FORMATS, default="text")
    c.add_argument("--select", action="append", metavar="RULES", help="only these rules (ids, codes, code prefixes)")
    c.add_argument("--ignore", action="append", metavar="RULES", help="not these rules")
    c.add_argument("--jobs", "-j", type=int, default=0, metavar="N", help="parallel processes (default: CPU count)")
    c.add_argument("--config", metavar="FILE", help="use this config file instead of discovering .ctx-ls.toml")
    c.add_argument("--stdin-filename", metavar="NAME", help="read the source from stdin, report it as NAME")
    c.add_argument("--no-progress", action="store_true", help="no progress line on stderr")
    c.add_argument("--fix", action="store_true", help="apply safe fixes to the files (stdin: print the result)")
    c.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; change nothing")
    c.add_argument("--unsafe-fixes", action="store_true", help="with --fix/--diff: apply unsafe fixes too")
    r = sub.add_parser("rules", help="list the rules")
    r.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                   help="markdown: the full documentation of every rule (docs/rules.md)")
    e = sub.add_parser("explain", help="print a rule's documentation")
    e.add_argument("rule", metavar="RULE", help="rule id or code")
    sub.add_parser("version", help="print the version")
    sv = sub.add_parser("serve", help="run the language server (stdio)", add_help=False)
    sv.add_argument("serve_args", nargs=argparse.REMAINDER)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args)
    if args.command == "rules":
        return _rules(args.format)
    if args.command == "explain":
        rule = lookup(args.rule)
        if rule is None:
            print(f"ctx-ls: unknown rule {args.rule!r} (see 'ctx-ls rules')", file=sys.stderr)
            return EXIT_ERROR
        print(f"{rule.code} {rule.id} ({rule.severity.value}, since {rule.since})\n")
        print(rule.doc.strip())
        return EXIT_CLEAN
    if args.command == "serve":
        from ctx_ls.lsp.server import main as serve

        return serve(args.serve_args)
    if args.command == "version":
        print(f"ctx-ls {__version__}")
        return EXIT_CLEAN
    parser.print_help()
    return EXIT_ERROR


def _rules(fmt: str) -> int:
    if fmt == "markdown":
        from ctx_ls.report.markdown import rules_markdown

        sys.stdout.write(rules_markdown(ALL_RULES))
        return EXIT_CLEAN
    if fmt == "json":
        items = [
            {"code": r.code, "id": r.id, "severity": r.severity.value, "title": r.title, "fix": r.has_fix, "since": r.since}
            for r in ALL_RULES
        ]
        print(json.dumps(items, indent=2))
        return EXIT_CLEAN
    for r in ALL_RULES:
        fix = "fix" if r.has_fix else "   "
        print(f"{r.code}  {r.id:<22} {r.severity.value:<8} {fix}  {r.title}")
    return EXIT_CLEAN


# ----- check
_worker: Analyzer | None = None


def _init_worker(settings: Settings) -> None:
    global _worker
    _worker = Analyzer(settings)
    if settings.files_unchanged:
        from ctx_ls.analysis import package

        package.assume_files_unchanged()


def _analyse_group(paths: list[str]) -> list[Outcome]:
    return [_analyse_one(p) for p in paths]


def _analyse_one(path: str) -> Outcome:
    assert _worker is not None
    try:
        return _worker.analyse(path)
    except Exception as e:  # a bug in a rule must not end the scan
        return Outcome(path, error=f"internal error: {type(e).__name__}: {e}")


def _display_path(path: str) -> str:
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        return path if rel.startswith("..") else rel
    return os.path.normpath(path)


def _check(args: argparse.Namespace) -> int:
    settings = Settings(_split(args.select), _split(args.ignore), args.config,
                        files_unchanged=not (args.fix or args.diff))
    try:
        select_rules(ALL_RULES, settings.select, settings.ignore)
    except SelectionError as e:
        print(f"ctx-ls: {e}", file=sys.stderr)
        return EXIT_ERROR
    if args.config and not os.path.isfile(args.config):
        print(f"ctx-ls: {args.config}: no such config file", file=sys.stderr)
        return EXIT_ERROR
    errors: list[str] = []
    outcomes: list[Outcome] = []
    if args.stdin_filename:
        _init_worker(settings)
        assert _worker is not None
        outcomes.append(_worker.analyse(args.stdin_filename, sys.stdin.buffer.read()))
    else:
        files: list[str] = []
        for path, err in go_files(args.paths or ["."]):
            if err:
                errors.append(f"{path}: {err}")
            else:
                files.append(path)
        outcomes = list(_run(files, settings, args.jobs, progress=not args.no_progress and sys.stderr.isatty()))
    if args.fix or args.diff:
        outcomes, fixed_count = _apply_fixes(outcomes, settings, args)
    seen_config_errors: set[str] = set()
    results: list[FileResult] = []
    for o in outcomes:
        if o.config_error and o.config_error not in seen_config_errors:
            seen_config_errors.add(o.config_error)
            errors.append(o.config_error + " (using defaults)")
        if o.error:
            errors.append(f"{o.path}: {o.error}")
        elif o.diagnostics:
            results.append(FileResult(_display_path(o.path), o.text, o.diagnostics))
    if args.fix and args.stdin_filename:
        sys.stdout.buffer.write(outcomes[0].text)
    elif not args.diff:
        _write(args.format, results)
    for e in errors:
        print(f"ctx-ls: {e}", file=sys.stderr)
    count = sum(len(r.diagnostics) for r in results)
    if args.format == "text":
        fixable = sum(1 for r in results for d in r.diagnostics if any(f.is_safe for f in d.fixes))
        checked = sum(1 for o in outcomes if not o.error and not o.excluded)
        summary = f"{count} finding{'s' * (count != 1)} in {checked} file{'s' * (checked != 1)}"
        if args.fix or args.diff:
            summary = f"{'fixed' if args.fix else 'would fix'} {fixed_count}; {count} remaining in {checked} file{'s' * (checked != 1)}"
        elif fixable:
            summary += f" ({fixable} with a safe fix, marked [fix]: ctx-ls check --fix)"
        print(summary, file=sys.stderr)
    if args.diff:
        return EXIT_ERROR if errors else (EXIT_FINDINGS if fixed_count else EXIT_CLEAN)
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if count else EXIT_CLEAN


def _apply_fixes(outcomes: list[Outcome], settings: Settings, args: argparse.Namespace):
    """--fix writes the fixed files; --diff prints a unified diff. Returns the outcomes of
    the fixed texts and how many fixes were applied."""
    import difflib

    analyzer = Analyzer(settings)
    out: list[Outcome] = []
    total = 0
    for o in outcomes:
        if o.error or not any(d.fixes for d in o.diagnostics):
            out.append(o)
            continue
        result = analyzer.fix(o.path, o.text, unsafe=args.unsafe_fixes)
        total += result.applied
        if result.text != o.text:
            if args.diff:
                name = _display_path(o.path)
                diff = difflib.unified_diff(
                    o.text.decode("utf-8").splitlines(keepends=True),
                    result.text.decode("utf-8").splitlines(keepends=True),
                    fromfile=f"a/{name}", tofile=f"b/{name}",
                )
                sys.stdout.writelines(diff)
                out.append(o)
                continue
            if not args.stdin_filename:
                _write_atomically(o.path, result.text)
        out.append(result.outcome)
    return out, total


def _write_atomically(path: str, data: bytes) -> None:
    tmp = f"{path}.ctx-ls-tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    try:
        os.chmod(tmp, os.stat(path).st_mode & 0o7777)
    except OSError:
        pass
    os.replace(tmp, path)


def _run(files: list[str], settings: Settings, jobs: int, progress: bool):
    jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
    jobs = min(jobs, max(1, len(files) // 16))
    total = len(files)

    def tick(i: int) -> None:
        if progress and (i % 50 == 0 or i == total):
            sys.stderr.write(f"\rctx-ls: {i}/{total} files")
            if i == total:
                sys.stderr.write("\r\033[K")
            sys.stderr.flush()

    if jobs <= 1:
        _init_worker(settings)
        for i, path in enumerate(files, 1):
            yield _analyse_one(path)
            tick(i)
        return
    import multiprocessing

    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    # One task per directory (split when large): a package's files are analysed in one
    # process, so its package index is built once, not once per worker.
    groups: list[list[str]] = []
    for path in files:
        if groups and os.path.dirname(groups[-1][0]) == os.path.dirname(path) and len(groups[-1]) < 48:
            groups[-1].append(path)
        else:
            groups.append([path])
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(settings,)) as pool:
        i = 0
        for outcomes in pool.imap(_analyse_group, groups):
            for outcome in outcomes:
                i += 1
                yield outcome
                tick(i)


def _write(fmt: str, results: list[FileResult]) -> None:
    out = sys.stdout
    if fmt == "json":
        from ctx_ls.report import json as report
        report.write(results, out)
    elif fmt == "sarif":
        from ctx_ls.report import sarif
        sarif.write(results, out, ALL_RULES)
    elif fmt == "github":
        from ctx_ls.report import github
        github.write(results, out)
    else:
        from ctx_ls.report import text
        text.write(results, out)
