"""bep-hooks: pre-commit hooks that keep an enhancement-proposal repository honest.

The way through the code is always the same:

    repository.discover()  ->  find the root, the registry README, the proposals folder
    Project                ->  parse each file once, lazily (registry.py, proposal.py)
    rules/                 ->  pure functions from the model to Finding objects
    engine.run_check()     ->  select rules, keep findings for the files asked about
    report / fix           ->  print findings, or render and write the fixed registry
"""

__version__ = "0.1.0"
