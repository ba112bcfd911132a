"""The `bep` subcommands beyond check and fix: `new`/`next` (reserve), `init` (adopt),
`list` (overview), `baseline`, `rules`/`rule` (explain), and `--against` (against)."""
