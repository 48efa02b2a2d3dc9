#!/usr/bin/env python3
"""dbdump — prints every row of a sweep database's points table in point order (for equality
checks in the sweep tests), or with --meta KEY one meta value (empty when absent or locked)."""
import sqlite3
import sys

if len(sys.argv) == 4 and sys.argv[2] == "--meta":
    try:
        con = sqlite3.connect(sys.argv[1], timeout=5)
        row = con.execute("SELECT value FROM meta WHERE key = ?", (sys.argv[3],)).fetchone()
        print(row[0] if row else "")
    except sqlite3.Error:
        print("")
    sys.exit(0)
con = sqlite3.connect(sys.argv[1])
for row in con.execute("SELECT * FROM points ORDER BY point, workload"):
    print("|".join("NULL" if v is None else repr(v) for v in row))
