// nodesconf: argument wiring only; every subcommand lives in its own cmd_*.cpp.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "commands.h"
#include "common.h"
#include "write_options.h"

#include <algorithm>
#include <string>
#include <vector>
#include "version.h"

int main(int argc, char** argv) {
    using namespace nodesconf::cli;
    CLI::App app{"nodesconf: read, check and safely edit Redis Cluster nodes.conf files"};
    app.name("nodesconf");
    app.set_version_flag("--version", fmt::format("nodesconf {} (git {})", NODESCONF_VERSION,
                                                  NODESCONF_GIT_REVISION));
    app.require_subcommand(1);
    app.fallthrough();
    app.add_option("--color", globals().color,
                   "Colour diagnostics: auto (a terminal without "
                   "NO_COLOR), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->default_val("auto");
    app.add_flag("--quiet,-q", globals().quiet, "Print only diagnostics and requested data");

    int exit_code = kOk;
    setup_validate(app, exit_code);
    setup_dump(app, exit_code);
    setup_diff(app, exit_code);
    setup_check(app, exit_code);
    setup_bump_epoch(app, exit_code);
    setup_edit_slots(app, exit_code);
    setup_remap(app, exit_code);
    setup_forget(app, exit_code);
    setup_fix_shard_ids(app, exit_code);
    setup_completion(app, exit_code);

    std::vector<std::string> args(argv + 1, argv + argc);
    normalize_optional_values(args);
    std::reverse(args.begin(), args.end());  // CLI11 takes the arguments in reverse order

    try {
        app.parse(args);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kTrouble;
    }
    return exit_code;
}
