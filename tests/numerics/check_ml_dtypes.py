#!/usr/bin/env python3
"""Cross-check of the ops/ element codecs against ml_dtypes (an independent implementation).

usage: check_ml_dtypes.py PATH/TO/numerics_codec [--n N]

For every format pair below, >= 2^20 fp32 inputs (random bit patterns with NaN/Inf/subnormals,
values spread over the format's range, every exact tie between adjacent values and its fp32
neighbours, the overflow ties, specials) are encoded by our codec (through numerics_codec, i.e.
ops_fmt_encode_array with its RNE fast path) and by ml_dtypes' astype under RNE, non-saturating
and saturating, and every code of the format is decoded by both. Exits 0 when every result
agrees up to the documented intentional differences, 1 otherwise, 77 (skip) when numpy or
ml_dtypes cannot be imported.

Intentional differences (docs/numerics.md):
  * NaN into a format without NaN (fp6/fp4): we give +0, ml_dtypes gives a zero whose sign is
    the opposite of the NaN's sign bit. The expected code is replaced by 0 for those inputs.
  * NaN payloads: we always produce the canonical quiet NaN of the input's sign; NaN results
    are compared as (is-NaN, sign), not bit for bit.
  * E8M0, fp32 subnormal inputs in (2^-127, 1.5 * 2^-127): we round to the nearest value 2^-127
    (code 0x00); ml_dtypes 0.6 returns 2^-126 (0x01). The expected code is replaced by 0x00.
  * Saturating mode: ml_dtypes has no saturating cast; the reference result is
    ml_dtypes(clip(x, -max, max)), i.e. +-Inf saturate to +-max like CUDA's cvt.satfinite
    (ml_dtypes' own cast keeps Inf -> Inf / NaN). NaN stays NaN.
"""
import subprocess
import sys
import time

try:
    import numpy as np
    import ml_dtypes
except ImportError as exc:  # pragma: no cover - the skip path
    print(f"skipped: {exc}")
    sys.exit(77)

# (our name, ml_dtypes/numpy dtype, code width in bits, has NaN)
FORMATS = [
    ("fp8_e4m3", ml_dtypes.float8_e4m3fn, 8, True),
    ("fp8_e5m2", ml_dtypes.float8_e5m2, 8, True),
    ("fp6_e2m3", ml_dtypes.float6_e2m3fn, 6, False),
    ("fp6_e3m2", ml_dtypes.float6_e3m2fn, 6, False),
    ("fp4_e2m1", ml_dtypes.float4_e2m1fn, 4, False),
    ("e8m0", ml_dtypes.float8_e8m0fnu, 8, True),
    ("e4m3", ml_dtypes.float8_e4m3, 8, True),
    ("e3m4", ml_dtypes.float8_e3m4, 8, True),
    ("fp16", np.float16, 16, True),
    ("bf16", ml_dtypes.bfloat16, 16, True),
]


def run_codec(codec, args, payload, out_dtype):
    res = subprocess.run([codec] + args, input=payload.tobytes(), capture_output=True, check=False)
    if res.returncode != 0:
        sys.exit(f"numerics_codec {' '.join(args)} failed: {res.stderr.decode()}")
    return np.frombuffer(res.stdout, dtype=out_dtype)


def code_view(values, dtype, bits):
    """The codes of an ml_dtypes array (sub-byte formats are stored one per byte)."""
    raw = np.asarray(values, dtype=dtype).view(np.uint8 if bits <= 8 else np.uint16)
    return raw.astype(np.uint32) & np.uint32((1 << bits) - 1)


def inputs(dtype, bits, n, rng):
    """fp32 test inputs for one format (see the module docstring)."""
    codes = np.arange(1 << bits, dtype=np.uint32)
    vals = code_view_to_values(codes, dtype, bits)
    finite = np.unique(np.abs(vals[np.isfinite(vals)]))
    top = finite[-1]
    ulp_top = top - finite[-2]
    grid = np.append(finite, top + ulp_top)  # the virtual next value: its tie is the overflow tie
    ties = ((grid[:-1] + grid[1:]) / 2).astype(np.float32)
    ties32 = ties.astype(np.float32)
    near = np.concatenate([ties32, np.nextafter(ties32, np.float32(np.inf)),
                           np.nextafter(ties32, np.float32(0)), finite.astype(np.float32)])
    q = n // 4
    parts = [rng.integers(0, 1 << 32, size=q, dtype=np.uint64).astype(np.uint32).view(np.float32)]
    lo = np.log2(finite[1]) - 4
    hi = np.log2(top) + 3
    mags = np.minimum(np.exp2(rng.uniform(lo, hi, size=q)), 3.4e38).astype(np.float32)
    parts.append(mags * rng.choice(np.array([-1, 1], dtype=np.float32), size=q))
    pick = rng.choice(near, size=q)
    parts.append(pick * rng.choice(np.array([-1, 1], dtype=np.float32), size=q))
    specials = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, -np.nan, top, -top, finite[1],
                         np.float32(3.4028235e38), np.float32(1e-45), np.float32(-1e-45),
                         np.float32(1.17549435e-38)], dtype=np.float32)
    payload_nans = (np.uint32(0x7F800001) + rng.integers(0, 1 << 22, size=64).astype(np.uint32))
    sub32 = rng.integers(1, 1 << 23, size=q // 2, dtype=np.uint64).astype(np.uint32).view(np.float32)
    fill = n - 3 * q - sub32.size
    extra = np.resize(np.concatenate([specials, payload_nans.view(np.float32),
                                      -payload_nans.view(np.float32)]), fill)
    parts += [sub32, extra]
    return np.concatenate(parts).astype(np.float32), top


def code_view_to_values(codes, dtype, bits):
    store = np.uint8 if bits <= 8 else np.uint16
    with np.errstate(invalid="ignore"):
        return codes.astype(store).view(dtype).astype(np.float64)


def same_codes(ours, ref, bits, nan_of):
    """Elementwise agreement: equal codes, or both NaN codes of the same sign."""
    eq = ours == ref
    sign = np.uint32(1 << (bits - 1))
    both_nan = nan_of(ours) & nan_of(ref) & ((ours & sign) == (ref & sign))
    return eq | both_nan


def check_format(codec, name, dtype, bits, has_nan, n, rng):
    t0 = time.time()
    x, top = inputs(dtype, bits, n, rng)
    all_codes = np.arange(1 << bits, dtype=np.uint32)
    table = code_view_to_values(all_codes, dtype, bits)
    nan_codes = np.isnan(table)

    def nan_of(c):
        return nan_codes[c]

    report = []
    failures = 0
    # decode: every code
    ours_dec = run_codec(codec, ["decode", name], all_codes, np.float64)
    dec_ok = (ours_dec == table) | (np.isnan(ours_dec) & np.isnan(table))
    dec_ok &= (np.signbit(ours_dec) == np.signbit(table)) | np.isnan(table)
    failures += int((~dec_ok).sum())
    report.append(f"decode {1 << bits} codes: {int((~dec_ok).sum())} mismatches")
    for saturate in (False, True):
        args = ["encode", name] + (["--saturate"] if saturate else [])
        ours = run_codec(codec, args, x, np.uint32)
        xin = x
        if saturate:
            xin = np.where(np.isnan(x), x, np.clip(x, -top, top)).astype(np.float32)
        with np.errstate(all="ignore"):
            ref = code_view(xin.astype(dtype), dtype, bits)
        documented = 0
        if not has_nan:  # NaN -> +0 here, ml_dtypes: zero of the opposite sign
            nan_in = np.isnan(x)
            documented = int((nan_in & (ref != 0)).sum())
            ref = np.where(nan_in, np.uint32(0), ref)
        if name == "e8m0":  # ml_dtypes rounds fp32 subnormals in (2^-127, 1.5*2^-127) up
            quirk = (xin > np.float32(2.0**-127)) & (xin < np.float32(1.5 * 2.0**-127))
            documented += int((quirk & (ref == 1)).sum())
            ref = np.where(quirk, np.uint32(0), ref)
        ok = same_codes(ours, ref, bits, nan_of)
        bad = int((~ok).sum())
        failures += bad
        mode = "saturating" if saturate else "non-saturating"
        report.append(f"{mode}: {x.size} inputs, {bad} mismatches, {documented} documented "
                      f"differences")
        if bad:
            idx = np.flatnonzero(~ok)[:8]
            for i in idx:
                report.append(f"    x={x[i]!r} ({x[i:i+1].view(np.uint32)[0]:#010x}) ours={ours[i]:#x} "
                              f"ml_dtypes={ref[i]:#x}")
    print(f"{name:9s} vs {np.dtype(dtype).name:15s} ({time.time() - t0:.1f} s): " + "; ".join(report[:3]))
    for line in report[3:]:
        print(line)
    return failures


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    codec = sys.argv[1]
    n = 1 << 20
    if "--n" in sys.argv:
        n = int(sys.argv[sys.argv.index("--n") + 1])
    rng = np.random.default_rng(20240611)
    print(f"ml_dtypes {ml_dtypes.__version__}, numpy {np.__version__}, {n} inputs per format and mode")
    failures = sum(check_format(codec, *fmt, n, rng) for fmt in FORMATS)
    print("OK: no mismatches" if failures == 0 else f"FAILED: {failures} mismatches")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
