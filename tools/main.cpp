// nodesconf: argument wiring only; every subcommand lives in its own cmd_*.cpp.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "allocator.h"
#include "commands.h"
#include "common.h"
#include "write_options.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>
#include "version.h"

namespace {

using namespace nodesconf::cli;

struct Subcommand {
    std::string_view name;
    void (*setup)(CLI::App&, int&);
};
// `completion` describes every other subcommand, so it is never set up alone.
constexpr std::array<Subcommand, 10> kSubcommands = {{{"validate", setup_validate},
                                                      {"dump", setup_dump},
                                                      {"diff", setup_diff},
                                                      {"check", setup_check},
                                                      {"bump-epoch", setup_bump_epoch},
                                                      {"edit-slots", setup_edit_slots},
                                                      {"remap", setup_remap},
                                                      {"forget", setup_forget},
                                                      {"fix-shard-ids", setup_fix_shard_ids},
                                                      {"completion", setup_completion}}};

// The subcommand the arguments name, when only global options come before it; empty otherwise
// (top-level help, a misplaced option), and then every subcommand is set up so that CLI11 lists
// them or says what is wrong. Building all ten definitions costs more than
// validating a 1000-node file, and a pre-start hook pays it on every node start (issue #7).
std::string_view named_subcommand(const std::vector<std::string>& args) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--color") {
            ++i;
        } else if (arg == "-q" || arg == "--quiet" || arg.starts_with("--color=")) {
        } else if (arg.starts_with("-")) {
            return {};
        } else {
            return arg;
        }
    }
    return {};
}

// Levenshtein distance, for suggesting the subcommand a typo meant.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

int main(int argc, char** argv) {
    keep_freed_memory();
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

    std::vector<std::string> args(argv + 1, argv + argc);
    normalize_optional_values(args);

    int exit_code = kOk;
    const std::string_view named = named_subcommand(args);
    const auto chosen = std::find_if(kSubcommands.begin(), kSubcommands.end(),
                                     [&](const Subcommand& sub) { return sub.name == named; });
    if (!named.empty() && chosen == kSubcommands.end()) {
        std::string hint;
        for (const Subcommand& sub : kSubcommands)
            if (sub.name != "completion" && edit_distance(sub.name, named) <= 2)
                hint = fmt::format(" (did you mean '{}'?)", sub.name);
        fmt::print(stderr, "nodesconf: unknown subcommand '{}'{}\nRun with --help for the list.\n",
                   named, hint);
        return kTrouble;
    }
    if (chosen != kSubcommands.end() && chosen->name != "completion")
        chosen->setup(app, exit_code);
    else
        for (const Subcommand& sub : kSubcommands) sub.setup(app, exit_code);
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
