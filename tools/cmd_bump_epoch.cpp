// nodesconf bump-epoch: CLUSTER BUMPEPOCH offline, and the other epoch repairs.
#include <memory>
#include <string>

#include <fmt/format.h>

#include "commands.h"
#include "common.h"
#include "nodesconf/edit_epochs.h"
#include "nodesconf/select.h"
#include "write_options.h"

namespace nodesconf::cli {

namespace {

struct BumpOptions {
    std::string file;
    std::string node = "myself";
    bool repair = false;
    bool resolve_collisions = false;
    std::optional<std::uint64_t> set_current;
    WriteCliOptions write;
};

EditOutcome apply(const BumpOptions& options, Config& config) {
    EditOutcome outcome;
    const std::uint64_t current_before = config.vars.current_epoch;
    if (options.repair) {
        // The loader already raised it; this writes the repair down.
        outcome.messages.push_back(fmt::format("currentEpoch {}", config.vars.current_epoch));
        return outcome;
    }
    if (options.resolve_collisions) {
        std::vector<std::string> changes;
        if (auto error = resolve_epoch_collisions(config, changes)) outcome.refusal = *error;
        if (changes.empty())
            changes.push_back("no masters share a configEpoch");
        else
            changes.push_back(
                fmt::format("currentEpoch {} -> {}", current_before, config.vars.current_epoch));
        outcome.messages = std::move(changes);
        return outcome;
    }
    if (options.set_current) {
        if (auto error = set_current_epoch(config, *options.set_current))
            outcome.refusal = *error;
        else
            outcome.messages.push_back(
                fmt::format("currentEpoch {} -> {}", current_before, config.vars.current_epoch));
        return outcome;
    }
    std::string error;
    const std::int32_t node = select_node(config, options.node, error);
    if (node == kNoNode) {
        outcome.refusal = error;
        return outcome;
    }
    BumpResult result;
    if (auto refusal = bump_epoch(config, node, result)) {
        outcome.refusal = *refusal;
        return outcome;
    }
    outcome.messages.push_back(
        fmt::format("{} {}", result.bumped ? "BUMPED" : "STILL", result.epoch));
    return outcome;
}

int run_bump(const BumpOptions& options) {
    if (int(options.repair) + int(options.resolve_collisions) +
            int(options.set_current.has_value()) >
        1) {
        report_trouble("nodesconf bump-epoch",
                       "--repair, --resolve-collisions and --set-current exclude each other");
        return kTrouble;
    }
    const auto write = to_write_options(options.write);
    if (!write) return kTrouble;
    const EditReport report = edit_files(
        {options.file}, *write,
        [&](Config& config, const Dialect&, std::size_t) { return apply(options, config); });
    return print_edit_report(report, write->dry_run, write->replace);
}

}  // namespace

void setup_bump_epoch(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<BumpOptions>();
    CLI::App* cmd = app.add_subcommand(
        "bump-epoch",
        "CLUSTER BUMPEPOCH offline: give the node a configEpoch above every other (prints "
        "BUMPED <n> or STILL <n>); or repair currentEpoch, resolve epoch collisions, set "
        "currentEpoch");
    cmd->add_option("file", options->file, "nodes.conf to edit")->required();
    cmd->add_option("--node", options->node,
                    "The node: full id, unique id prefix, ip:port, hostname, or myself")
        ->default_val("myself");
    cmd->add_flag(
        "--repair", options->repair,
        "Only raise currentEpoch to the highest configEpoch (what the server does at load)");
    cmd->add_flag(
        "--resolve-collisions", options->resolve_collisions,
        "Give masters that share a configEpoch distinct ones; the greatest id keeps its own");
    cmd->add_option("--set-current", options->set_current,
                    "Set currentEpoch (never lower, never below the highest configEpoch)");
    add_write_options(*cmd, options->write);
    cmd->callback([options, &exit_code] { exit_code = run_bump(*options); });
}

}  // namespace nodesconf::cli
