"""bep-hooks: pre-commit hooks that keep an enhancement-proposal repository honest.

The folder is `hooks/`; it installs as the package `bep_hooks`. The way through the code
is always the same:

    cli.open_project()                find the root (repository.find_root) and read the
                                      configuration (config.load_config) into a Project
    repository.Project                read each file once (parse.source.read_source) and
                                      turn it into a typed model lazily, with parse/:
      repository.Project.registry       the table (parse.registry.parse_registry)
      repository.Project.proposal()     a document (parse.proposal.parse_proposal): front
                                        matter (parse.frontmatter.parse_front_matter),
                                        title and sections (parse.markdown.outline)
      repository.Project.template       the template's schema.Schema
                                        (schema.template_schema)
      repository.Project.suppressions() parse.suppression.find_suppressions
    rules.catalogue.all_rules()       every rule: a function from rules.base.Context to
                                      findings.Problem objects, declared with rules.base.rule
    engine.check()                    run the rules that are on, grade their problems, keep
                                      those of the files (or the change) asked about
    report.render()                   print findings: text, json, github
    engine.fix()                      run the fix of each rule that is on, render the table
                                      (registry_format.formatted_text), write it
                                      (write.replace_file)

`bep title` reads a commit message or PR title with parse.title.read_message; the title
rules (rules.title.title_format) word what parse.title.check_title finds. The other
subcommands are in commands/: commands.reserve.next_number and
commands.reserve.new_proposal (`bep next`, `bep new`), commands.adopt.plan (`bep init`),
commands.overview.collect (`bep list`), commands.baseline.dump (`bep baseline`),
commands.explain.explain (`bep rule`), commands.against.load_base (`--against REF`).
"""

__version__ = "0.1.0"
