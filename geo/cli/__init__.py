"""The ``geo`` command: a thin click layer over the ``gazetteer`` and ``geo`` libraries.

Subcommands live in their own modules and are imported only when run, so ``geo --help``
starts in a fraction of a second. Every command shares the conventions in :mod:`geo.io`
and :mod:`geo.cli.options`.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import warnings

import click

from gazetteer.errors import GazetteerError
from geo import __version__

# command name -> (module, one-line help shown by `geo --help` without importing the module)
COMMANDS: dict[str, tuple[str, str]] = {
    "resolve": ("geo.cli.resolve", "Resolve place names (Arabic or Latin) to coordinates."),
    "extract": ("geo.cli.extract", "Find and resolve every place named in Arabic reports."),
    "corridor": ("geo.cli.corridor", "Write the M4 security corridor as GeoJSON, GeoPackage, KML."),
    "check": ("geo.cli.check", "Tell whether places or points lie in the M4 corridor."),
    "map": ("geo.cli.map", "Render reports and the corridor as an interactive HTML map."),
    "events": ("geo.cli.events", "Reports in, an ACLED-style events table out (CSV, GPKG …)."),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use, and whose user errors exit 2."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name, (module, _) in COMMANDS.items() if _available(module)]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS or not _available(COMMANDS[name][0]):
            return None
        return importlib.import_module(COMMANDS[name][0]).command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(n, COMMANDS[n][1]) for n in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        """Like click's, but a usage error is one line: ``Error: … (see 'geo CMD --help')``."""
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            rv = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as err:
            where = err.ctx.command_path if err.ctx else "geo"
            click.echo(f"Error: {err.format_message()} (see '{where} --help')", err=True)
            sys.exit(err.exit_code)
        except click.ClickException as err:
            err.show()
            sys.exit(err.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except GazetteerError as err:  # includes geo.io.InputError
            raise UserError(str(err)) from None
        except BrokenPipeError:  # `geo … | head`
            sys.stderr.close()
            ctx.exit(0)


class UserError(click.ClickException):
    """Printed as ``Error: …`` on one line, exit status 2."""

    exit_code = 2


def _available(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="geo")
def main() -> None:
    """Map the war in north-west Syria from Arabic reports, offline.

    Resolve Arabic and Latin place names with a bundled gazetteer, find every place in a
    report, and check locations against the M4 security corridor of the Turkish–Russian
    protocol of 5 March 2020 (6 km north and 6 km south of the M4, Trumba to Ain al-Havr).

    Every command reads `-` as standard input, writes UTF-8, and writes files atomically.
    """
    warnings.formatwarning = _one_line_warning


def _one_line_warning(message, category, filename, lineno, line=None) -> str:
    """Library warnings (folium, pyogrio, GDAL) as ``Warning: …`` without their source line."""
    return f"Warning: {' '.join(str(message).split())}\n"
