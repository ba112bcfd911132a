"""Reading: text in, typed models out.

Each module turns one kind of text into NamedTuples the rules read: `source` reads a file
once (size cap, no FIFO, UTF-8, BOM, line endings), `markdown` finds block structure,
`frontmatter` reads a YAML header, `table` holds the syntax of a Markdown table,
`registry` reads the index tables, `proposal` a document, `title` a commit message or PR
title, `suppression` inline ignore comments.
"""
