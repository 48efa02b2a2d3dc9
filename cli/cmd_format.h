/*
 * cmd_format — `accel-sim format`: the number-format codecs of ops/ on the command line.
 *   accel-sim format quantize --format NAME [--rounding rne|rtz|away|stochastic|up|down]
 *       [--seed N] [--saturate|--no-saturate] [--scale-method floor|ceil|even|rceil]
 *       [--tensor-scale X] [--scale S] [--zero-point Z]
 *     reads one decimal or hex-float value per line on stdin (nan, inf, -inf allowed) and
 *     writes CODE_HEX<TAB>DECODED per line (%.9g, nan, inf, -inf); for block formats one block
 *     per line (space-separated values) and writes SCALE_HEX E0_HEX ...<TAB>D0 D1 ...
 *   accel-sim format table NAME     every code and its value (formats of <= 8 bits)
 * Exit status 0 ok, 1 failure, 2 usage or input error (`<stdin>:LINE: error: ...`).
 */
#ifndef CLI_CMD_FORMAT_H
#define CLI_CMD_FORMAT_H

/* Runs `accel-sim format ...` with argv[0] == "format"; returns the exit status. */
int cli_cmd_format(int argc, char **argv);

#endif
