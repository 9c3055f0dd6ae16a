"""The `geo` command group and the conventions every subcommand shares."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

import geo
from geo.cli import COMMANDS, main


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_version_and_help():
    r = run("--version")
    assert r.exit_code == 0 and geo.__version__ in r.output
    r = run("--help")
    assert r.exit_code == 0
    for name in COMMANDS:
        assert name in r.output, f"{name} missing from `geo --help`"


def test_unknown_command_is_a_usage_error():
    r = CliRunner().invoke(main, ["nosuch"])
    assert r.exit_code == 2
    assert "No such command" in r.output


def test_every_command_has_help():
    for name in COMMANDS:
        r = run(name, "--help")
        assert r.exit_code == 0, (name, r.output)
        assert "Usage:" in r.output


def test_help_does_not_import_heavy_libraries():
    code = (
        "import sys; from geo.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('geopandas', 'folium', 'pyproj', 'shapely', 'pandas')\n"
        "         if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY=", out.stdout


def test_library_warnings_are_one_line(monkeypatch):
    # folium/pyogrio UserWarnings printed "path/to/lib.py:130: UserWarning: …" and the source
    import warnings

    monkeypatch.setattr(warnings, "formatwarning", warnings.formatwarning)
    run("--version")  # the group does not run its body for --version
    run("corridor", "-f", "text")
    text = warnings.formatwarning("CartoDB tiles now\nrequire a key", UserWarning,
                                  "/x/folium/raster_layers.py", 130, "tiles = …")
    assert text == "Warning: CartoDB tiles now require a key\n"


def test_usage_errors_are_one_line():
    for args in (["corridor", "--cap", "bogus"], ["resolve", "--near", "north", "x"],
                 ["nosuch"], ["check", "--width-km", "wide", "--lat", "35", "--lon", "36"]):
        r = CliRunner().invoke(main, args)
        assert r.exit_code == 2, (args, r.output)
        lines = r.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), (args, r.output)
        assert "--help" in lines[0]
