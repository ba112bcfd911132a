"""bep-hooks: pre-commit hooks that keep an enhancement-proposal repository honest.

The folder is `hooks/`; it installs as the package `bep_hooks`. The way through the code
is always the same:

    cli.open_project()          find the root (repository.find_root) and read the
                                configuration (config.load_config) into a Project
    repository.Project          parse each file once, lazily: Project.registry
                                (parse.registry.parse_registry), Project.proposal
                                (parse.proposal.parse_proposal), Project.template
    rules.catalogue.all_rules() every rule: a function from rules.base.Context to
                                findings.Problem objects, declared with rules.base.rule
    engine.check()              run the rules that are on, grade their problems, keep
                                those of the files (or the change) asked about
    report.render()             print findings: text, json, github
    engine.fix()                run the fix of each rule that is on, render the table
                                (registry_format.formatted_text), write it
                                (write.replace_file)
"""

__version__ = "0.1.0"
