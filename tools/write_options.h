// Options every writing command shares, and how their outcome is printed.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "nodesconf/edit_session.h"

namespace nodesconf::cli {

// What a bare `--backup` or `--wait` becomes before parsing (an optional value attaches only
// with '=', as in git, so `--backup nodes.conf` keeps nodes.conf as a file name).
inline constexpr std::string_view kNoValue = "\x01";
void normalize_optional_values(std::vector<std::string>& args);

struct WriteCliOptions {
    std::string target = "auto";
    bool dry_run = false;
    bool replace = false;
    std::string backup;  // "" = none; kNoValue = FILE.bak
    std::string wait;    // "" = no wait; kNoValue = 60 s
    bool force = false;
};

void add_write_options(CLI::App& cmd, WriteCliOptions& options);
// nullopt after reporting a bad --wait value.
std::optional<WriteOptions> to_write_options(const WriteCliOptions& options);

// Prints what happened (messages and data on stdout, status and errors on stderr) and returns the
// exit code: 0 done, 1 refused or busy, 2 failed.
int print_edit_report(const EditReport& report, bool dry_run, bool replace);

}  // namespace nodesconf::cli
