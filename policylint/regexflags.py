"""The `regex` module's flags, as plain ints, for the modules that compile patterns with it.

A run whose patterns are all in the cache never imports `regex` itself, only its engine
(see compilecache.regex_engine), so the flags are named here. They are the values `regex`
has had since its first versions; tests/test_regex_engine.py compares them with the
installed module's. I, M, S and X have the same values in `re`.
"""

I = IGNORECASE = 0x2
M = MULTILINE = 0x8
S = DOTALL = 0x10
X = VERBOSE = 0x40
V1 = VERSION1 = 0x100
B = BESTMATCH = 0x1000
V0 = VERSION0 = 0x2000
E = ENHANCEMATCH = 0x8000
