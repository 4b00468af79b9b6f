// The sync benchmark; see README ("Benchmarks").
print("dudao-bench: not yet written")
