"""The floor for start-up: the smallest typer app with one command (compared with `kzpolicy-gen --help`)."""

import typer

app = typer.Typer(add_completion=False)


@app.command()
def build(profile: str) -> None:
    """Build one profile."""
    typer.echo(profile)


if __name__ == "__main__":
    app()
