"""Options shared by the ``geo`` subcommands, defined once."""

from __future__ import annotations

import click


def output_option(f):
    return click.option(
        "-o", "--output", default="-", show_default=True, metavar="FILE",
        help="Where to write; '-' is standard output. Files are written atomically.",
    )(f)


def format_option(*choices: str, default: str = "text"):
    def deco(f):
        return click.option(
            "-f", "--format", "fmt", type=click.Choice(choices), default=default,
            show_default=True,
            help="Output format: text for people, the others for programs and GIS.",
        )(f)

    return deco


def gazetteer_extra_option(f):
    return click.option(
        "--gazetteer-extra", "gazetteer_extra", multiple=True, metavar="CSV",
        type=click.Path(dir_okay=False),
        help="Extra gazetteer entries (CSV: name_ar, name_en, lat, lon, kind, admin1, source); "
        "they win over bundled entries of the same name. Repeatable.",
    )(f)


def load_gazetteer(extra: tuple[str, ...] | list[str] = ()):
    """The process-wide gazetteer, with the user's extra CSV files merged in."""
    from gazetteer import Gazetteer

    return Gazetteer.default() if not extra else Gazetteer(extra=list(extra))


def jobs_option(f):
    return click.option(
        "-j", "--jobs", type=click.IntRange(0), default=1, show_default=True, metavar="N",
        help="Geoparse the reports on N processes (0: one per core); the output is the same, "
        "in the same order.",
    )(f)
