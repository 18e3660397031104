// What every subcommand shares: reading inputs, the --target option, colour, and the one place
// where findings are rendered (compiler-style text with caret, or JSON).
#pragma once

#include <cstdio>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "json_writer.h"
#include "nodesconf/analyze.h"
#include "nodesconf/dialect.h"
#include "nodesconf/file_io.h"
#include "nodesconf/finding.h"
#include "nodesconf/parse.h"

namespace nodesconf::cli {

enum ExitCode : int { kOk = 0, kNo = 1, kTrouble = 2 };

struct GlobalOptions {
    std::string color = "auto";
    bool quiet = false;
};
GlobalOptions& globals();

struct Input {
    std::string name;  // as given; "<stdin>" for "-"
    std::string bytes;
    std::string error;  // "cannot open: No such file or directory"; empty when read
    std::vector<Finding> file_findings;  // the file's state on disk: in use, repaired, ...
};
Input read_input(const std::string& path);

// "name: message" on stderr (a file that could not be read, a refused target, ...).
void report_trouble(std::string_view name, std::string_view message);

bool color_enabled(std::FILE* stream);

// --target with its help text; value "auto" by default.
CLI::Option* add_target_option(CLI::App& app, std::string& target);
// "unknown target 'x' (expected auto, or a family ...)".
std::string unknown_target(std::string_view target);
// analyze() under `target`, or nullopt after reporting an unknown target name.
std::optional<Analysis> analyze_or_report(std::string_view bytes, std::string_view target,
                                          std::string_view file);
// "redis-7.0.15" or "redis-7.0.15 (auto)".
std::string target_label(const Dialect& dialect, std::string_view requested);

// "1 node", "6 nodes": every count the tools print goes through here, so that a one-node file
// does not read "1 nodes". `noun` is a singular whose plural takes an 's'.
std::string counted(std::size_t count, std::string_view noun);

// A file loaded into a model for commands that compare models (diff, check). nullopt after
// reporting why not: unreadable, unknown target, or a file the target would refuse.
struct LoadedFile {
    Input input;
    Dialect dialect;
    ParseResult result;
    bool live = false;  // no vars line: a CLUSTER NODES reply
};
std::optional<LoadedFile> load_file(const std::string& path, std::string_view target);

// task(0) ... task(count - 1) on `jobs` threads (0: every core), each index once.
void for_each_index(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& task);

// load_file in two steps, so that files can be read and parsed on several threads and their
// troubles still reported in file order: try_load prints nothing; report_load prints why an
// attempt failed (as load_file does) and passes a success through.
struct LoadAttempt {
    LoadedFile file;
    std::string trouble;   // why the file cannot be used; empty when it can
    bool refused = false;  // the target refuses it: its findings go with the trouble
};
LoadAttempt try_load(const std::string& path, std::string_view target);
std::optional<LoadedFile> report_load(LoadAttempt attempt);

// file:line:col: severity: message [code], plus the line and a caret when `color` (a terminal).
// The same as text, for output that is assembled before it is printed (validate -j).
std::string format_findings(const Input& input, std::span<const Finding> findings, bool color,
                            Severity at_least = Severity::note);
void print_findings(std::FILE* stream, const Input& input, std::span<const Finding> findings,
                    Severity at_least = Severity::note);
void write_findings_json(JsonWriter& json, std::span<const Finding> findings);

}  // namespace nodesconf::cli
