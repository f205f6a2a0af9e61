"""The benchmark suite of vogent_async: ``make bench`` runs it, ``make test`` smoke-tests it.

Every benchmark times the package and a baseline in the same run, against a
server in another process on 127.0.0.1, and reports the ratio; see
``benchmarks/RESULTS.md`` for the latest numbers and ``benchmarks/config.py``
for the sizes.
"""
