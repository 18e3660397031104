// One setup function per subcommand: it declares the options and sets the callback that runs it.
#pragma once

#include <CLI/CLI.hpp>

namespace nodesconf::cli {

// Each returns through `exit_code` once the subcommand ran.
void setup_validate(CLI::App& app, int& exit_code);
void setup_dump(CLI::App& app, int& exit_code);
void setup_bump_epoch(CLI::App& app, int& exit_code);
void setup_edit_slots(CLI::App& app, int& exit_code);
void setup_remap(CLI::App& app, int& exit_code);
void setup_forget(CLI::App& app, int& exit_code);
void setup_fix_shard_ids(CLI::App& app, int& exit_code);
void setup_completion(CLI::App& app, int& exit_code);
void setup_diff(CLI::App& app, int& exit_code);
void setup_check(CLI::App& app, int& exit_code);

}  // namespace nodesconf::cli
